"""Result types: computed values, disproportionality rows, and the list and
dict containers that convert them to records or pandas."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import math
import struct
from typing import (TYPE_CHECKING, Any, Dict, Iterable, List, Optional,
                    Sequence, Tuple, TypeVar, overload)

from . import _lib, _names
from ._lib import DisparityStruct, ValueStruct
from .period import Period, date_from_c

NAN = math.nan
#: Label of the total rows in the ``group`` column of to_pandas().
TOTAL_GROUP = "all"


def _records(items: Iterable[Any]) -> List[Dict[str, Any]]:
    out = []
    for it in items:
        if hasattr(it, "to_record"):
            out.append(it.to_record())
        else:
            out.append(dataclasses.asdict(it))
    return out


def _to_pandas(records: List[Dict[str, Any]]) -> Any:
    return _pandas().DataFrame.from_records(records)


#: Item type of a ResultList (Value, Disparity, Assessment, ...).
T = TypeVar("T")


class ResultList(List[T]):
    """A list of results of one kind (Value, Disparity, Assessment, ...)
    that keeps the objects they were computed from alive (``.sources``) and
    converts to records or a DataFrame.  Slicing gives a ResultList; adding
    an item of another kind raises TypeError."""

    def __init__(self, items: Iterable[Any] = (), sources: Tuple[Any, ...] = (),
                 kind: Optional[type] = None) -> None:
        items = list(items)
        self._kind = kind
        for it in items:
            self._check(it)
        super().__init__(items)
        self.sources = sources
        self._columns: Optional[Dict[str, List[Any]]] = None
        self._column_items: Tuple[Any, ...] = ()

    # ---- one kind of item --------------------------------------------------
    def _check(self, item: Any) -> None:
        kind = getattr(self, "_kind", None)
        if kind is None:
            if not dataclasses.is_dataclass(item) or isinstance(item, type):
                raise TypeError("a ResultList holds yjpi results, not %s"
                                % type(item).__name__)
            self._kind = type(item)
        elif not isinstance(item, kind):
            raise TypeError("this ResultList holds %s, not %s"
                            % (kind.__name__, type(item).__name__))

    def append(self, item: Any) -> None:
        self._check(item)
        super().append(item)

    def insert(self, index: Any, item: Any) -> None:
        self._check(item)
        super().insert(index, item)

    def extend(self, items: Iterable[Any]) -> None:
        items = list(items)
        for it in items:
            self._check(it)
        super().extend(items)

    def __iadd__(self, items: Iterable[Any]) -> "ResultList[T]":  # type: ignore[override,misc]
        self.extend(items)
        return self

    def __add__(self, items: Any) -> "ResultList[T]":  # type: ignore[override]
        out: ResultList[T] = ResultList(self, self.sources, self._kind)
        out.extend(items)
        return out

    @overload
    def __getitem__(self, i: "SupportsIndex") -> T: ...

    @overload
    def __getitem__(self, i: slice) -> "ResultList[T]": ...

    def __getitem__(self, i: Any) -> Any:
        if isinstance(i, slice):
            return ResultList(super().__getitem__(i), self.sources,
                              self._kind)
        return super().__getitem__(i)

    def __setitem__(self, i: Any, item: Any) -> None:
        if isinstance(i, slice):
            item = list(item)
            for it in item:
                self._check(it)
        else:
            self._check(item)
        super().__setitem__(i, item)

    def copy(self) -> "ResultList[T]":
        return ResultList(self, self.sources, self._kind)

    # ---- conversions ---------------------------------------------------------
    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per item (field name -> value; periods as text)."""
        return _records(self)

    def _fresh_columns(self) -> Optional[Dict[str, List[Any]]]:
        """The columns fetched with the values, while the list still holds
        exactly those values."""
        cols = self._columns
        items = self._column_items
        if cols is None or len(items) != len(self):
            return None
        for a, b in zip(items, self):
            if a is not b:
                return None
        return cols

    def to_pandas(self) -> Any:
        """A pandas.DataFrame, one row per item (needs pandas).

        For values: ``period`` is an ordered categorical (sorts by time),
        with ``period_start`` and ``period_end`` (first and last day) beside
        it; ``group`` is "all" on total rows; ``unit`` says what the value
        counts ("per 100,000 aged 10-17"); a value that cannot be computed
        is NaN with its reason in ``status``."""
        pandas = _pandas()
        if self._kind is Value or (self._kind is None and not self):
            cols = self._fresh_columns()
            if cols is None:
                cols = _columns_of_values(self)  # type: ignore[arg-type]
            return _values_frame(pandas, cols)
        return pandas.DataFrame.from_records(self.to_records())

    def plot(self, ax: Any = None, **kw: Any) -> Any:
        """Values: each (indicator, area, group) as a series over its
        periods with its interval band (plot.plot_values); Assessments: the
        first one (plot.plot_assessment).  Needs matplotlib; returns the
        Axes."""
        from . import plot
        if self._kind is not None and self._kind.__name__ == "Assessment":
            return plot.plot_assessment(self[0], ax=ax)
        return plot.plot_values(list(self), ax=ax, **kw)

    def funnel_plot(self, ax: Any = None, **kw: Any) -> Any:
        """A funnel plot of these values (plot.funnel_plot)."""
        from . import plot
        return plot.funnel_plot(list(self), ax=ax, **kw)

    def _repr_html_(self) -> str:
        """A compact table (notebooks)."""
        from . import _html
        if self._kind is Value:
            return _html.table(_html.VALUE_HEADER,
                               _html.value_rows(self), len(self))
        rows = []
        header: List[str] = []
        for it in list.__getitem__(self, slice(0, _html.MAX_ROWS)):
            rec = it.to_record() if hasattr(it, "to_record") else \
                dataclasses.asdict(it)
            if not header:
                header = [k for k in rec if ":" not in k][:10]
            row = []
            for k in header:
                if k == "rag":
                    row.append(_html.rag_cell(rec[k]))
                else:
                    row.append(_html.cell(_html.raw(_html.num(rec[k]))))
            rows.append(row)
        return _html.table(header, rows, len(self))

    def __repr__(self) -> str:
        kind = self._kind.__name__ if self._kind else "result"
        if len(self) <= 6:
            body = ", ".join(_short(v) for v in self)
        else:
            body = ", ".join(_short(v) for v in list.__getitem__(self, slice(0, 3)))
            body += ", ... %d more" % (len(self) - 3)
        return "<ResultList of %d %s: [%s]>" % (len(self), kind, body)


def _short(v: Any) -> str:
    f = getattr(v, "_short", None)
    return str(f()) if f else repr(v)


if TYPE_CHECKING:
    from typing import SupportsIndex


def _pandas() -> Any:
    try:
        import importlib
        pandas = importlib.import_module("pandas")
    except ImportError as e:
        raise ImportError("to_pandas() needs pandas, which is not installed; "
                          "use to_records() instead") from e
    return pandas


class Breakdown(Dict[Optional[str], "Value"]):
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
        """A pandas.DataFrame, one row per group then the total (group
        "all"), columns as ResultList.to_pandas() (needs pandas)."""
        items = list(self.values())
        if self.total is not None:
            items.append(self.total)
        return _values_frame(_pandas(), _columns_of_values(items))


_VALUE_PTR_FIELDS = ("area", "group")


@dataclasses.dataclass(frozen=True)
class Value:
    """One computed indicator value (yjpi_value), copied out of the library.

    ``status`` is None when the value is computed, otherwise the reason it is
    not computable ('no_population', 'empty_cohort', 'zero_denominator',
    ...; then value, lower and upper are NaN).  ``interval_status`` likewise
    for the interval alone (then lower and upper are NaN).  Values are never
    rounded.  ``interval_truncated`` is True when a mean's lower limit was
    cut at the least value the measure can take.  ``partial`` is True when
    the period ends after the data's as_of date: the value covers only the
    period's start to ``covered_to`` (a date, None when not partial).
    ``before_data`` is True when the period starts before the data do: a
    count of 0 is no evidence of none.  ``areas_without_population``: for
    "*" with status 'population_incomplete', the areas counting someone
    that have no population for the year.
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

    @property
    def unit(self) -> str:
        """What the value counts: "count", "per 100,000 aged 10-17", ..."""
        return _names.UNITS.get(self.indicator, "")

    def _short(self) -> str:
        g = "" if self.group is None else " %s" % self.group
        v = ("%.6g [%.6g, %.6g]" % (self.value, self.lower, self.upper)
             if self.status is None else "NaN (%s)" % self.status)
        return "%s %s %s%s = %s" % (self.indicator, self.area, self.period,
                                    g, v)

    def __repr__(self) -> str:
        return "<yjpi.Value %s>" % self._short()

    def _repr_html_(self) -> str:
        from . import _html
        return _html.table(_html.VALUE_HEADER, _html.value_rows([self]), 1)

    def plot(self, ax: Any = None, **kw: Any) -> Any:
        """The value with its interval (needs matplotlib); returns the
        Axes."""
        from . import plot
        return plot.plot_series([self], ax=ax, **kw)

    @classmethod
    def _from_struct(cls, s: ValueStruct, area: Optional[str] = None,
                     period_text: Optional[Dict[Tuple[int, int, int], str]] = None
                     ) -> "Value":
        raw = ValueStruct.from_buffer_copy(s)
        raw.area = None
        raw.group = None
        status = _names.value_status_name(s.status)
        istatus = _names.value_status_name(s.interval_status)
        value, lower, upper = s.value, s.lower, s.upper
        if status is not None:
            value = lower = upper = NAN
        elif istatus is not None:
            lower = upper = NAN
        return cls(
            indicator=_names.indicator_name(s.indicator),
            area=(_lib.text(s.area) or "*") if s.area is not None
            else (area or "*"),
            period=_period_label(Period._from_struct(s.period), period_text),
            group=_lib.text(s.group),
            value=value,
            lower=lower,
            upper=upper,
            confidence=s.confidence,
            status=status,
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
            interval_status=istatus,
            breakdown=_names.breakdown_name(s.breakdown),
            interval_truncated=bool(s.interval_truncated),
            partial=bool(s.partial),
            covered_to=date_from_c(s.covered_to) if s.partial else None,
            before_data=bool(s.before_data),
            areas_without_population=int(s.areas_without_population),
            _raw=bytes(raw),
        )


def _period_label(p: Period,
                  cache: Optional[Dict[Tuple[int, int, int], str]]) -> str:
    key = p._key()
    text = cache.get(key) if cache is not None else None
    if text is None:
        text = str(p)
        if cache is not None:
            cache[key] = text
    return text


# ---- results copied column-wise out of the library --------------------------

_CODES = {ctypes.c_int32: "i", ctypes.c_uint64: "Q", ctypes.c_int64: "q",
          ctypes.c_double: "d", ctypes.c_size_t: "N", ctypes.c_char_p: "P",
          ctypes.c_void_p: "P", ctypes.c_int: "i", ctypes.c_uint: "I"}


def _flat_format(cls: Any, base: int = 0, prefix: str = ""
                 ) -> Tuple[List[Tuple[int, str, str]], int]:
    """(offset, struct code, name) of every scalar of a ctypes Structure,
    nested structures flattened as "outer.inner"."""
    out: List[Tuple[int, str, str]] = []
    for f in cls._fields_:
        name, ctype = f[0], f[1]
        off = base + getattr(cls, name).offset
        if isinstance(ctype, type) and issubclass(ctype, ctypes.Structure):
            out.extend(_flat_format(ctype, off, prefix + name + ".")[0])
        else:
            out.append((off, _CODES[ctype], prefix + name))
    return out, ctypes.sizeof(cls)


def _struct_of(cls: Any) -> Tuple[struct.Struct, List[str]]:
    fields, size = _flat_format(cls)
    fmt = "@"
    pos = 0
    names = []
    for off, code, name in sorted(fields):
        if off > pos:
            fmt += "%dx" % (off - pos)
        fmt += code
        pos = off + struct.calcsize("@" + code)
        names.append(name)
    if size > pos:
        fmt += "%dx" % (size - pos)
    st = struct.Struct(fmt)
    assert st.size == size, (st.size, size)
    return st, names


_VALUE_STRUCT: Optional[Tuple[struct.Struct, List[str]]] = None


def _value_struct() -> Tuple[struct.Struct, List[str]]:
    global _VALUE_STRUCT
    if _VALUE_STRUCT is None:
        _VALUE_STRUCT = _struct_of(ValueStruct)
    return _VALUE_STRUCT


# Columns of a values DataFrame, in order (fields added to yjpi_value later
# follow them under their C names).
_LEAD = ("indicator", "area", "period", "period_start", "period_end",
         "group", "breakdown", "value", "lower", "upper", "unit",
         "confidence", "status", "interval_status")


def read_values(lib: Any, res: Any,
                period_text: Optional[Dict[Tuple[int, int, int], str]] = None
                ) -> Tuple[List["Value"], Dict[str, List[Any]]]:
    """Every value of a yjpi_results, copied in one call
    (yjpi_results_copy), as Value objects and as columns."""
    n = int(lib.yjpi_results_count(res))
    st, names = _value_struct()
    size = st.size
    buf = ctypes.create_string_buffer(max(n, 1) * size)
    if n:
        _lib.call(lib.yjpi_results_copy, res, 0, n, buf, size)
    raw = buf.raw
    rows = list(st.iter_unpack(raw[:n * size])) if n else []
    cols: Dict[str, Any] = dict(zip(names, zip(*rows))) if rows else {
        k: () for k in names}
    strings: Dict[int, Optional[str]] = {0: None}

    def text_of(addr: Optional[int]) -> Optional[str]:
        if not addr:
            return None
        t = strings.get(addr)
        if t is None:
            t = ctypes.string_at(addr).decode("utf-8", "replace")
            strings[addr] = t
        return t

    ind_names = {k: _names.indicator_name(k) for k in set(cols["indicator"])}
    status_names = {k: _names.value_status_name(k)
                    for k in set(cols["status"]) | set(cols["interval_status"])}
    bd_names = {k: _names.breakdown_name(k) for k in set(cols["breakdown"])}
    cache = period_text if period_text is not None else {}
    pkeys: List[Tuple[int, int, int]] = list(zip(
        cols["period.kind"], cols["period.start"], cols["period.end"]))
    plabels = {k: _period_label(Period(*k), cache) for k in set(pkeys)}

    status = [status_names[c] for c in cols["status"]]
    istatus = [status_names[c] for c in cols["interval_status"]]
    value = list(cols["value"])
    lower = list(cols["lower"])
    upper = list(cols["upper"])
    for i in range(n):
        if status[i] is not None:
            value[i] = lower[i] = upper[i] = NAN
        elif istatus[i] is not None:
            lower[i] = upper[i] = NAN
    out: Dict[str, List[Any]] = {
        "indicator": [ind_names[c] for c in cols["indicator"]],
        "area": [text_of(a) or "*" for a in cols["area"]],
        "period": [plabels[k] for k in pkeys],
        "_period_key": pkeys,
        "group": [text_of(a) for a in cols["group"]],
        "breakdown": [bd_names[c] for c in cols["breakdown"]],
        "value": value, "lower": lower, "upper": upper,
        "confidence": list(cols["confidence"]),
        "status": status, "interval_status": istatus,
    }
    for name in ("numerator", "cohort_size", "reoffenders", "reoffences",
                 "custody_no_release", "court_occasions"):
        out[name] = list(cols[name])
    for name in ("denominator", "population"):
        out[name] = list(cols[name])
    for name in ("provisional", "history_short", "interval_truncated",
                 "partial", "before_data"):
        out[name] = [bool(x) for x in cols[name]]
    out["covered_to"] = [date_from_c(d) if p else None
                         for d, p in zip(cols["covered_to"], cols["partial"])]
    out["_buffer"] = [raw[:n * size]]
    out["_strings"] = [strings]
    out["_period_labels"] = [plabels]
    known = set(out) | {"size", "period.kind", "period.start", "period.end"}
    for name in names:            # fields appended to yjpi_value later
        if name not in known and not name.startswith("_"):
            out[name] = list(cols[name])

    # Value objects, filled without the dataclass __init__ (fast); _raw
    # keeps the struct (labels cleared) for passing back to C.
    fields = [f.name for f in dataclasses.fields(Value)
              if f.name != "_raw"]
    per_field = [out[f] for f in fields]
    fields.append("_raw")
    values: List[Value] = []
    new = object.__new__
    append = values.append
    # _raw keeps each value's struct for passing back to C (its label
    # pointers, dangling once the results are freed, are cleared by
    # Value._struct()).
    raws = [raw[i:i + size] for i in range(0, n * size, size)]
    for row in zip(*per_field, raws):
        v = new(Value)
        v.__dict__.update(zip(fields, row))
        append(v)
    return values, out


def _columns_of_values(items: Sequence["Value"]) -> Dict[str, List[Any]]:
    """Columns of Value objects (when the fetched columns are not at hand)."""
    fields = [f.name for f in dataclasses.fields(Value)
              if not f.name.startswith("_")]
    cols: Dict[str, List[Any]] = {f: [getattr(v, f) for v in items]
                                  for f in fields}
    keys: Dict[str, Tuple[int, int, int]] = {}
    pk = []
    for p in cols["period"]:
        k = keys.get(p)
        if k is None:
            k = keys[p] = Period.parse(p)._key()
        pk.append(k)
    cols["_period_key"] = pk
    return cols


_NP_CODES = {"i": "<i4", "I": "<u4", "q": "<i8", "Q": "<u8", "d": "<f8",
             "N": "<u8", "P": "<u8"}


def _fast_frame(pandas: Any, cols: Dict[str, List[Any]]) -> Any:
    """The DataFrame straight from the copied yjpi_value array with numpy:
    no Python work per value."""
    import numpy as np  # pandas needs numpy
    fields, size = _flat_format(ValueStruct)
    dt = np.dtype({"names": [f[2] for f in fields],
                   "formats": [_NP_CODES[f[1]] for f in fields],
                   "offsets": [f[0] for f in fields], "itemsize": size})
    buf = cols["_buffer"][0]
    n = len(buf) // size
    a = np.frombuffer(buf, dtype=dt, count=n)
    strings = cols["_strings"][0]
    plabels = cols["_period_labels"][0]

    def mapped(codes: Any, fn: Any) -> Any:
        uniq, inv = np.unique(codes, return_inverse=True)
        table = np.empty(len(uniq), dtype=object)
        table[:] = [fn(int(u)) for u in uniq]
        return table[inv] if n else np.empty(0, dtype=object)

    status = a["status"]
    istatus = a["interval_status"]
    bad = status != 0
    badi = bad | (istatus != 0)
    kind = a["period.kind"].astype(np.int64)
    start = a["period.start"].astype(np.int64)
    end = a["period.end"].astype(np.int64)
    pkey = (start * 4000000 + (end - start)) * 16 + kind
    puniq, pinv = np.unique(pkey, return_inverse=True)
    ptriples = [(int(k % 16), int(k // 16 // 4000000),
                 int(k // 16 // 4000000 + k // 16 % 4000000)) for k in puniq]
    plabel = [plabels.get(t) or str(Period(*t)) for t in ptriples]
    cats: List[str] = []
    for lab in plabel:
        if lab not in cats:
            cats.append(lab)
    ptable = np.array(plabel, dtype=object)
    data: Dict[str, Any] = {
        "indicator": mapped(a["indicator"], _names.indicator_name),
        "area": mapped(a["area"], lambda p: strings.get(p) or "*"),
        "period": pandas.Categorical(ptable[pinv] if n else [],
                                     categories=cats, ordered=True),
        "period_start": start.astype("datetime64[D]").astype(
            "datetime64[ns]"),
        "period_end": (end - 1).astype("datetime64[D]").astype(
            "datetime64[ns]"),
        "group": mapped(a["group"], lambda p: strings.get(p) or TOTAL_GROUP
                        if p else TOTAL_GROUP),
        "breakdown": mapped(a["breakdown"], _names.breakdown_name),
        "value": np.where(bad, np.nan, a["value"]),
        "lower": np.where(badi, np.nan, a["lower"]),
        "upper": np.where(badi, np.nan, a["upper"]),
        "unit": mapped(a["indicator"],
                       lambda c: _names.UNITS.get(_names.indicator_name(c),
                                                  "")),
        "confidence": a["confidence"].copy(),
        "status": mapped(status, _names.value_status_name),
        "interval_status": mapped(istatus, _names.value_status_name),
    }
    for name in ("provisional", "history_short", "interval_truncated",
                 "partial", "before_data"):
        data[name] = a[name] != 0
    covered = a["covered_to"].astype("datetime64[D]").astype("datetime64[ns]")
    covered[a["partial"] == 0] = np.datetime64("NaT")
    data["covered_to"] = covered
    skip = {"size", "area", "group", "period.kind", "period.start",
            "period.end", "indicator", "breakdown", "status",
            "interval_status", "value", "lower", "upper", "confidence"}
    for f in fields:
        name = f[2]
        if name not in data and name not in skip:
            data[name] = a[name].copy()
    return pandas.DataFrame({k: data[k] for k in _frame_order(data)})


def _frame_order(data: Dict[str, Any]) -> List[str]:
    """Column order: _LEAD, the other Value fields, then fields appended to
    yjpi_value later."""
    order = list(_LEAD) + [f.name for f in dataclasses.fields(Value)
                           if f.name not in _LEAD
                           and not f.name.startswith("_")]
    order += [k for k in data if k not in order]
    return [k for k in order if k in data]


def _values_frame(pandas: Any, cols: Dict[str, List[Any]]) -> Any:
    """The DataFrame of value columns (see ResultList.to_pandas)."""
    if "_buffer" in cols:
        return _fast_frame(pandas, cols)
    data: Dict[str, Any] = {}
    keys = cols["_period_key"]
    order = sorted(set(zip(keys, cols["period"])))
    labels = []
    for _k, lab in order:
        if lab not in labels:
            labels.append(lab)
    spans = {}
    for k in set(keys):
        st = date_from_c(k[1])
        en = date_from_c(k[2])
        spans[k] = (st, en - datetime.timedelta(days=1) if en else None)
    for name in _LEAD:
        if name == "period":
            data[name] = pandas.Categorical(cols["period"], categories=labels,
                                            ordered=True)
        elif name == "period_start":
            data[name] = pandas.to_datetime([spans[k][0] for k in keys])
        elif name == "period_end":
            data[name] = pandas.to_datetime([spans[k][1] for k in keys])
        elif name == "group":
            data[name] = [TOTAL_GROUP if g is None else g
                          for g in cols["group"]]
        elif name == "unit":
            data[name] = [_names.UNITS.get(i, "") for i in cols["indicator"]]
        else:
            data[name] = cols[name]
    for name, col in cols.items():
        if name not in data and not name.startswith("_"):
            data[name] = col
    return pandas.DataFrame({k: data[k] for k in _frame_order(data)})


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

    def _short(self) -> str:
        return "%s %s rri=%.4g" % (self.period, self.group, self.rri)

    @classmethod
    def _from_struct(cls, s: DisparityStruct, indicator: str, area: str,
                     period: str) -> "Disparity":
        bad = s.status != 0
        share = NAN if s.share_status else s.share
        pshare = NAN if s.population_status else s.population_share
        return cls(
            indicator=indicator, area=area, period=period,
            group=_lib.text(s.group) or "",
            count=int(s.count), population=s.population, share=share,
            population_share=pshare,
            difference=NAN if math.isnan(share) or math.isnan(pshare)
            else s.difference,
            rri=NAN if bad else s.rri, rri_lower=NAN if bad else s.rri_lower,
            rri_upper=NAN if bad else s.rri_upper,
            status=_names.value_status_name(s.status),
            share_status=_names.value_status_name(s.share_status),
            population_status=_names.value_status_name(s.population_status))


__all__ = ["Value", "Disparity", "ResultList", "Breakdown"]
