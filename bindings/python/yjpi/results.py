"""Result types: computed values, disproportionality rows, and the list and
dict containers that convert them to records or pandas."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
from typing import Any, Dict, Iterable, List, Optional, Tuple

from . import _lib, _names
from ._lib import DisparityStruct, ValueStruct
from .period import Period, date_from_c


def _records(items: Iterable[Any]) -> List[Dict[str, Any]]:
    out = []
    for it in items:
        if hasattr(it, "to_record"):
            out.append(it.to_record())
        else:
            out.append(dataclasses.asdict(it))
    return out


def _to_pandas(records: List[Dict[str, Any]]) -> Any:
    try:
        import pandas  # type: ignore[import-not-found]
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas, which is not installed; "
                          "use to_records() instead") from e
    return pandas.DataFrame.from_records(records)


class ResultList(list):
    """A list of result dataclasses that keeps the objects they were computed
    from alive (``.sources``) and converts to records or a DataFrame."""

    def __init__(self, items: Iterable[Any] = (), sources: Tuple[Any, ...] = ()
                 ) -> None:
        super().__init__(items)
        self.sources = sources

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per item (field name -> value; periods as text)."""
        return _records(self)

    def to_pandas(self) -> Any:
        """A pandas.DataFrame of to_records() (needs pandas)."""
        return _to_pandas(self.to_records())


class Breakdown(dict):
    """Group label -> Value for one indicator, area and period; ``total`` is
    the all-groups Value (groups add up to it)."""

    def __init__(self, items: Dict[Optional[str], "Value"], total: Optional["Value"],
                 sources: Tuple[Any, ...] = ()) -> None:
        super().__init__(items)
        self.total = total
        self.sources = sources

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per group."""
        return _records(self.values())

    def to_pandas(self) -> Any:
        """A pandas.DataFrame of to_records() (needs pandas)."""
        return _to_pandas(self.to_records())


_VALUE_PTR_FIELDS = ("area", "group")


@dataclasses.dataclass(frozen=True)
class Value:
    """One computed indicator value (yjpi_value), copied out of the library.

    ``status`` is None when the value is computed, otherwise the reason it is
    not computable ('no_population', 'empty_cohort', 'zero_denominator',
    ...; then value, lower and upper are 0).  ``interval_status`` likewise
    for the interval alone (then lower = upper = value).  Values are never
    rounded.  ``interval_truncated`` is True when a mean's lower limit was
    cut at the least value the measure can take.  ``partial`` is True when the period ends after the data's
    as_of date: the value covers only the period's start to ``covered_to``
    (a date, None when not partial).  ``before_data`` is True when the
    period starts before the data do: a count of 0 is no evidence of none.
    """
    indicator: str
    area: str
    period: str
    group: Optional[str]
    value: float
    lower: float
    upper: float
    confidence: float
    status: Optional[str]
    numerator: int
    denominator: float
    cohort_size: int
    reoffenders: int
    reoffences: int
    custody_no_release: int
    provisional: bool
    history_short: bool
    court_occasions: int
    population: float
    interval_status: Optional[str]
    breakdown: Optional[str] = None
    interval_truncated: bool = False
    partial: bool = False
    covered_to: Optional[datetime.date] = None
    before_data: bool = False
    #: for "*" with status 'population_incomplete': the areas counting
    #: someone that have no population for the year
    areas_without_population: int = 0
    _raw: bytes = dataclasses.field(default=b"", repr=False, compare=False)

    @property
    def computable(self) -> bool:
        """True when the value was computed (status is None)."""
        return self.status is None

    @property
    def status_text(self) -> Optional[str]:
        """English reason for a status ("population missing"), or None."""
        if self.status is None:
            return None
        code = {v: k for k, v in _names.VALUE_STATUSES.items()}.get(self.status)
        return _lib.text(_lib.get().yjpi_value_status_text(code or 0))

    @property
    def period_obj(self) -> Period:
        """The period as a Period."""
        return Period.parse(self.period)

    def to_record(self) -> Dict[str, Any]:
        """The public fields as a dict."""
        d = {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
             if not f.name.startswith("_")}
        return d

    def _struct(self) -> ValueStruct:
        """A yjpi_value for passing back to C (area and group NULL unless
        restored by the caller)."""
        s = ValueStruct.from_buffer_copy(self._raw)
        s.area = None
        s.group = None
        s.size = ctypes.sizeof(ValueStruct)
        return s

    @classmethod
    def _from_struct(cls, s: ValueStruct, area: Optional[str] = None,
                     period_text: Optional[Dict[Tuple[int, int, int], str]] = None
                     ) -> "Value":
        key = (s.period.kind, s.period.start, s.period.end)
        ptext = period_text.get(key) if period_text else None
        if ptext is None:
            ptext = str(Period(*key))
            if period_text is not None:
                period_text[key] = ptext
        raw = ValueStruct.from_buffer_copy(s)
        raw.area = None
        raw.group = None
        return cls(
            indicator=_names.indicator_name(s.indicator),
            area=_lib.text(s.area) if s.area is not None else (area or "*"),
            period=ptext,
            group=_lib.text(s.group),
            value=s.value,
            lower=s.lower,
            upper=s.upper,
            confidence=s.confidence,
            status=_names.value_status_name(s.status),
            numerator=int(s.numerator),
            denominator=s.denominator,
            cohort_size=int(s.cohort_size),
            reoffenders=int(s.reoffenders),
            reoffences=int(s.reoffences),
            custody_no_release=int(s.custody_no_release),
            provisional=bool(s.provisional),
            history_short=bool(s.history_short),
            court_occasions=int(s.court_occasions),
            population=s.population,
            interval_status=_names.value_status_name(s.interval_status),
            breakdown=_names.breakdown_name(s.breakdown),
            interval_truncated=bool(s.interval_truncated),
            partial=bool(s.partial),
            covered_to=date_from_c(s.covered_to) if s.partial else None,
            before_data=bool(s.before_data),
            areas_without_population=int(s.areas_without_population),
            _raw=bytes(raw),
        )


@dataclasses.dataclass(frozen=True)
class Disparity:
    """Disproportionality of one ethnic group (yjpi_disparity).

    ``share`` and ``population_share`` are percentages; ``difference`` is
    their difference in percentage points; ``rri`` the relative rate index
    against the reference group with its 95% interval.  The statuses are None
    when computed, else a reason name as for Value.status.
    """
    indicator: str
    area: str
    period: str
    group: str
    count: int
    population: float
    share: float
    population_share: float
    difference: float
    rri: float
    rri_lower: float
    rri_upper: float
    status: Optional[str]
    share_status: Optional[str]
    population_status: Optional[str]

    def to_record(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def _from_struct(cls, s: DisparityStruct, indicator: str, area: str,
                     period: str) -> "Disparity":
        return cls(
            indicator=indicator, area=area, period=period,
            group=_lib.text(s.group) or "",
            count=int(s.count), population=s.population, share=s.share,
            population_share=s.population_share, difference=s.difference,
            rri=s.rri, rri_lower=s.rri_lower, rri_upper=s.rri_upper,
            status=_names.value_status_name(s.status),
            share_status=_names.value_status_name(s.share_status),
            population_status=_names.value_status_name(s.population_status))


__all__ = ["Value", "Disparity", "ResultList", "Breakdown"]
