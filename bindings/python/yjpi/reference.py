"""The reference file: populations, areas, benchmarks, targets, local
outcome labels and options (include/yjpi/reference.h)."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import os
from typing import Any, Dict, List, Optional, Union

from . import _lib, _names
from ._handle import OwnedHandle
from ._lib import OptionsStruct, ReferencePtr, TargetStruct
from .errors import ArgumentError, NotFoundError, ReferenceFileError
from .period import (DateLike, Period, PeriodLike, date_from_c, date_to_c,
                     parse_date)

PathLike = Union[str, "os.PathLike[str]"]


@dataclasses.dataclass(frozen=True)
class Options:
    """The reference file's ``options:`` block (yjpi_options).  Defaults are
    the spec's (``Options()`` equals the library's yjpi_options_default)."""
    age_basis: str = "offence_date"
    cohort_months: int = 3
    followup_months: int = 12
    waiting_months: int = 6
    confidence: float = 0.95
    significance: float = 0.05
    trend_min_points: int = 5
    trend_significance: float = 0.002
    fte_lookback_years: int = 8
    suppress_below: int = 0
    round_to: int = 1
    reference_ethnicity: str = "White"

    @classmethod
    def _from_struct(cls, s: OptionsStruct) -> "Options":
        return cls(
            age_basis=_names.age_basis_name(s.age_basis),
            cohort_months=s.cohort_months,
            followup_months=s.followup_months,
            waiting_months=s.waiting_months,
            confidence=s.confidence,
            significance=s.significance,
            trend_min_points=s.trend_min_points,
            trend_significance=s.trend_significance,
            fte_lookback_years=s.fte_lookback_years,
            suppress_below=s.suppress_below,
            round_to=s.round_to,
            reference_ethnicity=s.reference_ethnicity.decode("utf-8", "replace"),
        )

    def _struct(self) -> OptionsStruct:
        s = OptionsStruct()
        s.age_basis = _names.age_basis_id(self.age_basis)
        s.cohort_months = int(self.cohort_months)
        s.followup_months = int(self.followup_months)
        s.waiting_months = int(self.waiting_months)
        s.confidence = float(self.confidence)
        s.significance = float(self.significance)
        s.trend_min_points = int(self.trend_min_points)
        s.trend_significance = float(self.trend_significance)
        s.fte_lookback_years = int(self.fte_lookback_years)
        s.suppress_below = int(self.suppress_below)
        s.round_to = int(self.round_to)
        eth = self.reference_ethnicity.encode("utf-8")
        if len(eth) >= _lib.GROUP_NAME_SIZE or b"\0" in eth:
            raise ArgumentError("reference_ethnicity too long (max %d bytes)"
                                % (_lib.GROUP_NAME_SIZE - 1), code=2)
        s.reference_ethnicity = eth
        return s

    @classmethod
    def default(cls) -> "Options":
        """The library's defaults (yjpi_options_default)."""
        s = OptionsStruct()
        _lib.call(_lib.get().yjpi_options_default, ctypes.byref(s))
        return cls._from_struct(s)

    def replace(self, **changes: Any) -> "Options":
        """A copy with some fields changed."""
        return dataclasses.replace(self, **changes)


@dataclasses.dataclass(frozen=True)
class Area:
    """An area's display name, family and region (None when not given)."""
    code: str
    name: Optional[str]
    family: Optional[str]
    region: Optional[str]


@dataclasses.dataclass(frozen=True)
class Benchmark:
    """A benchmark series: a name, an indicator and values by period text."""
    name: str
    indicator: str
    values: Dict[str, float]


@dataclasses.dataclass(frozen=True)
class Target:
    """A target: a bound on an indicator's value (kind 'max'/'min') or on its
    percent change on the previous period ('change_max'/'change_min')."""
    indicator: str
    kind: str
    period: str
    bound: float
    area: str


class Reference(OwnedHandle):
    """A reference (yjpi_reference): read from a YAML file with
    Reference.load(), from text with Reference.parse(), or built in code
    from Reference() with the setters.  Close it (or use ``with``) to free it
    early; datasets and results do not depend on it after they are made."""

    _free_name = "yjpi_reference_free"
    _kind = "reference"
    _source: Optional[str] = None        # the file it was loaded from
    _changed = False                     # changed in code since

    def __init__(self) -> None:
        """An empty reference with the default options."""
        lib = _lib.get()
        ptr = lib.yjpi_reference_new()
        if not ptr:
            _lib.raise_for(1, context="yjpi_reference_new")
        super().__init__(ptr, lib)

    @classmethod
    def _adopt(cls, ptr: ReferencePtr, lib: _lib.Library) -> "Reference":
        self = cls.__new__(cls)
        OwnedHandle.__init__(self, ptr, lib)
        return self

    @classmethod
    def load(cls, path: PathLike) -> "Reference":
        """Reads a reference file (YAML).

        Raises:
            ReferenceFileError: invalid content, with file, line and column.
            FileAccessError: the file cannot be opened or read.
            PeriodError / InputError: a bad period or date inside the file.
        """
        lib = _lib.get()
        out = ReferencePtr()
        err = _lib.ErrorStruct()
        rc = lib.yjpi_reference_load(_lib.enc(path, "path"),
                                     ctypes.byref(out), ctypes.byref(err))
        _lib.raise_for(rc, err, content_cls=ReferenceFileError, path=path)
        ref = cls._adopt(out, lib)
        ref._source = os.path.abspath(os.fsdecode(path))
        return ref

    @classmethod
    def parse(cls, text: Union[str, bytes],
              source: Optional[str] = None) -> "Reference":
        """Reads a reference from YAML text; `source` names it in messages
        (default "<reference>").  Raises as load()."""
        lib = _lib.get()
        if text is None:
            raise ArgumentError("reference text must not be None", code=2)
        raw = text.encode("utf-8") if isinstance(text, str) else bytes(text)
        out = ReferencePtr()
        err = _lib.ErrorStruct()
        _lib.call(lib.yjpi_reference_parse, raw, len(raw),
                  _lib.enc(source, "source", allow_none=True),
                  ctypes.byref(out), ctypes.byref(err), err=err,
                  content_cls=ReferenceFileError)
        return cls._adopt(out, lib)

    # ---- options and dates ----------------------------------------------
    @property
    def options(self) -> Options:
        """The options (a frozen Options); assign an Options to change them."""
        s = OptionsStruct()
        _lib.call(self._lib.yjpi_reference_get_options, self._handle(),
                  ctypes.byref(s))
        return Options._from_struct(s)

    @options.setter
    def options(self, opts: Options) -> None:
        if not isinstance(opts, Options):
            raise TypeError("options must be yjpi.Options")
        s = opts._struct()
        _lib.call(self._lib.yjpi_reference_set_options, self._handle(),
                  ctypes.byref(s), context="invalid options %r" % (opts,))

    def set_options(self, **changes: Any) -> None:
        """Changes some options: ``ref.set_options(cohort_months=12)``.

        Raises:
            ArgumentError: a value out of range (options unchanged).
        """
        self.options = self.options.replace(**changes)

    @property
    def as_of(self) -> Optional[datetime.date]:
        """Data completeness date, or None."""
        return date_from_c(self._lib.yjpi_reference_as_of(self._handle()))

    @as_of.setter
    def as_of(self, d: Optional[DateLike]) -> None:
        n = _lib.NO_DATE if d is None else date_to_c(parse_date(d, "as_of"))
        _lib.call(self._lib.yjpi_reference_set_as_of, self._handle(), n,
                  context="as_of")

    @property
    def history_start(self) -> Optional[datetime.date]:
        """Earliest date the extract covers, or None."""
        return date_from_c(
            self._lib.yjpi_reference_history_start(self._handle()))

    @history_start.setter
    def history_start(self, d: Optional[DateLike]) -> None:
        n = (_lib.NO_DATE if d is None
             else date_to_c(parse_date(d, "history_start")))
        _lib.call(self._lib.yjpi_reference_set_history_start, self._handle(),
                  n, context="history_start")

    # ---- populations -----------------------------------------------------
    def population(self, area: str, year: int,
                   group: Optional[str] = None) -> float:
        """Population of 10-17 year olds of `area` ("*" = all areas) at
        mid-year `year`, or of one ethnic `group`.

        Raises:
            NotFoundError: no value.
        """
        out = ctypes.c_double()
        _lib.call(self._lib.yjpi_reference_population, self._handle(),
                  _lib.enc(area, "area"),
                  _lib.enc(group, "group", allow_none=True), int(year),
                  ctypes.byref(out),
                  context="population of %s%s in %s" % (
                      area, "/" + group if group else "", year))
        return out.value

    def set_population(self, area: str, year: int, value: float,
                       group: Optional[str] = None) -> None:
        """Sets (or replaces) a population; `group` for an ethnic group."""
        _lib.call(self._lib.yjpi_reference_set_population, self._handle(),
                  _lib.enc(area, "area"),
                  _lib.enc(group, "group", allow_none=True), int(year),
                  float(value), context="set_population(%r, %r, %r)"
                  % (area, year, value))

    def population_groups(self, area: str, year: int) -> List[str]:
        """Ethnic groups with a population for (area, year), in file order."""
        h = self._handle()
        a = _lib.enc(area, "area")
        n = self._lib.yjpi_reference_population_group_count(h, a, int(year))
        out = []
        for i in range(n):
            g = _lib.text(self._lib.yjpi_reference_population_group(
                h, a, int(year), i))
            if g is not None:
                out.append(g)
        return out

    # ---- areas -------------------------------------------------------------
    @property
    def areas(self) -> List[str]:
        """Codes of the areas named in ``areas:`` or ``populations:``."""
        h = self._handle()
        n = self._lib.yjpi_reference_area_count(h)
        out = []
        for i in range(n):
            c = _lib.text(self._lib.yjpi_reference_area_code(h, i))
            if c is not None:
                out.append(c)
        return out

    def area(self, code: str) -> Area:
        """Display name, family and region of an area."""
        h = self._handle()
        c = _lib.enc(code, "area")
        return Area(code,
                    _lib.text(self._lib.yjpi_reference_area_name(h, c)),
                    _lib.text(self._lib.yjpi_reference_area_family(h, c)),
                    _lib.text(self._lib.yjpi_reference_area_region(h, c)))

    def set_area(self, code: str, name: Optional[str] = None,
                 family: Optional[str] = None,
                 region: Optional[str] = None) -> None:
        """Adds an area and sets those of name, family, region given."""
        _lib.call(self._lib.yjpi_reference_set_area, self._handle(),
                  _lib.enc(code, "area"),
                  _lib.enc(name, "name", allow_none=True),
                  _lib.enc(family, "family", allow_none=True),
                  _lib.enc(region, "region", allow_none=True),
                  context="set_area(%r)" % (code,))

    # ---- outcome labels ------------------------------------------------------
    def map_outcome(self, label: str) -> Optional[str]:
        """The outcome code a local label maps to, or None."""
        raw = _lib.enc(label, "label") or b""
        return _lib.text(self._lib.yjpi_reference_map_outcome(
            self._handle(), raw, len(raw)))

    def add_outcome_map(self, label: str, code: str) -> None:
        """Maps a local label to an outcome code (or tier name).

        Raises:
            InputError: unknown outcome code (code name 'unknown_outcome').
        """
        _lib.call(self._lib.yjpi_reference_add_outcome_map, self._handle(),
                  _lib.enc(label, "label"), _lib.enc(code, "code"),
                  context="outcome map %r -> %r" % (label, code))

    # ---- benchmarks and targets ----------------------------------------------
    def add_benchmark(self, name: str, indicator: Union[str, int],
                      period: PeriodLike, value: float) -> None:
        """Adds (or replaces) one value of a benchmark series."""
        p = Period.of(period)
        s = p._struct()
        h = self._handle()
        _lib.call(self._lib.yjpi_reference_add_benchmark, h,
                  _lib.enc(name, "name"), _names.indicator_id(indicator),
                  ctypes.byref(s), float(value),
                  context="add_benchmark(%r)" % (name,))

    def benchmark_value(self, index: int, period: PeriodLike) -> float:
        """Value of benchmark series `index` for a period.

        Raises:
            NotFoundError: the series has no value for that period.
        """
        s = Period.of(period)._struct()
        out = ctypes.c_double()
        _lib.call(self._lib.yjpi_reference_benchmark_value, self._handle(),
                  int(index), ctypes.byref(s), ctypes.byref(out),
                  context="benchmark %d for %s" % (index, period))
        return out.value

    def benchmarks(self, periods: Optional[List[PeriodLike]] = None
                   ) -> List[Benchmark]:
        """Benchmark series, each with its values for `periods` (the C API
        looks values up by period; periods it has no value for are left
        out)."""
        h = self._handle()
        ps = [Period.of(p) for p in (periods or [])]
        out = []
        for i in range(self._lib.yjpi_reference_benchmark_count(h)):
            name = _lib.text(self._lib.yjpi_reference_benchmark_name(h, i))
            ind = self._lib.yjpi_reference_benchmark_indicator(h, i)
            values: Dict[str, float] = {}
            for p in ps:
                try:
                    values[str(p)] = self.benchmark_value(i, p)
                except NotFoundError:
                    pass
            out.append(Benchmark(name or "", _names.indicator_name(ind),
                                 values))
        return out

    @property
    def targets(self) -> List[Target]:
        """Targets, in file order."""
        h = self._handle()
        out = []
        for i in range(self._lib.yjpi_reference_target_count(h)):
            s = TargetStruct()
            _lib.call(self._lib.yjpi_reference_target, h, i, ctypes.byref(s))
            out.append(Target(
                indicator=_names.indicator_name(s.indicator),
                kind=_names.target_kind_name(s.kind),
                period=str(Period._from_struct(s.period)),
                bound=s.bound,
                area=_lib.text(s.area) or "*"))
        return out

    def add_target(self, indicator: Union[str, int], kind: str,
                   period: PeriodLike, bound: float,
                   area: Optional[str] = None) -> None:
        """Adds a target (kind 'max', 'min', 'change_max', 'change_min';
        area None = any)."""
        s = Period.of(period)._struct()
        _lib.call(self._lib.yjpi_reference_add_target, self._handle(),
                  _names.indicator_id(indicator),
                  _names.target_kind_id(kind), ctypes.byref(s), float(bound),
                  _lib.enc(area, "area", allow_none=True),
                  context="add_target")

    def __reduce__(self) -> Any:
        """A reference loaded from a file and not changed since pickles as
        its path (it is loaded again when unpickled); any other refuses."""
        path = getattr(self, "_source", None)
        if self.closed or path is None or getattr(self, "_changed", False):
            raise TypeError(
                "cannot pickle this yjpi.Reference: only one loaded with "
                "Reference.load(path) and not changed since can be pickled "
                "(it is loaded again from the file); pickle the path instead")
        return (_load_again, (path,))

    def __repr__(self) -> str:
        if self.closed:
            return "<yjpi.Reference closed>"
        return "<yjpi.Reference %d areas>" % len(self.areas)


def _marks_changed(fn: Any) -> Any:
    def changer(self: Reference, *args: Any, **kw: Any) -> Any:
        self._changed = True
        return fn(self, *args, **kw)
    changer.__name__ = fn.__name__
    changer.__doc__ = fn.__doc__
    return changer


# Changes made in code: a changed reference is not pickled from its file.
for _name in ("set_population", "set_area", "add_outcome_map",
              "add_benchmark", "add_target"):
    setattr(Reference, _name, _marks_changed(getattr(Reference, _name)))
for _name in ("options", "as_of", "history_start"):
    _prop = getattr(Reference, _name)
    setattr(Reference, _name, property(_prop.fget, _marks_changed(_prop.fset),
                                       None, _prop.__doc__))


def _load_again(path: str) -> Reference:
    return Reference.load(path)


__all__ = ["Reference", "Options", "Area", "Benchmark", "Target"]
