"""How an area is doing (include/yjpi/assess.h): change on the previous
period and a year earlier with significance, benchmarks, targets, trend and
RAG; and the members of a reoffending cohort (include/yjpi/cohort.h).

Everything is copied out of the library at once: the dataclasses here are
independent of the dataset they were computed from."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import math
from typing import Any, Dict, List, Optional

from . import _lib, _names
from ._lib import (AssessmentPtr, BenchmarkResultStruct, ChangeStruct,
                   CohortMemberStruct, RagResultStruct, TargetResultStruct,
                   TrendAssessmentStruct, ValueStruct)
from .period import Period, date_from_c
from .results import Value

NAN = math.nan

#: yjpi_assess_status (0 = OK, name None).
ASSESS_STATUSES: Dict[int, str] = {
    1: "value_not_computable", 2: "base_not_computable", 3: "base_zero",
    4: "period_not_shiftable", 5: "no_test", 6: "test_failed",
    7: "benchmark_missing", 8: "no_target", 9: "change_not_available",
    10: "too_few_points", 11: "not_consecutive", 12: "point_not_computable",
    13: "trend_failed", 14: "no_polarity", 15: "no_rag_basis",
    16: "not_in_results", 17: "no_interval", 18: "provisional_point",
    19: "partial_period",
}


def _status(n: int) -> Optional[str]:
    return None if n == 0 else ASSESS_STATUSES.get(n, "status_%d" % n)


def _name(fn_name: str, n: int) -> Optional[str]:
    """A verdict name from the library ("improved", "similar", "met", ...);
    None for 0 (not assessed / none)."""
    if n == 0:
        return None
    return _lib.text(getattr(_lib.get(), fn_name)(n)) or str(n)


def _period_text(p: Any) -> Optional[str]:
    if p.kind == 0:
        return None
    try:
        return str(Period._from_struct(p))
    except Exception:  # noqa: BLE001 - an unformable period reads as None
        return None


@dataclasses.dataclass(frozen=True)
class Change:
    """A change from an earlier value (yjpi_change).  ``direction`` with the
    indicator's polarity ('improved', 'worsened', 'unchanged', or 'higher'
    / 'lower' without polarity); ``significant`` from ``test``."""
    from_period: Optional[str]
    to_period: Optional[str]
    from_value: float
    to_value: float
    absolute: float
    points: bool
    percent: float
    direction: Optional[str]
    significant: bool
    test: Optional[str]
    exact: bool
    statistic: float
    p_value: float
    level: float
    ratio: float
    status: Optional[str]
    percent_status: Optional[str]
    test_status: Optional[str]

    @classmethod
    def _from_struct(cls, s: ChangeStruct) -> "Change":
        status = _status(s.status)
        pstatus = _status(s.percent_status)
        tstatus = _status(s.test_status)
        frm = NAN if status in ("base_not_computable",
                                "period_not_shiftable") else s.from_
        to = NAN if status == "value_not_computable" else s.to
        absolute = NAN if status else s.absolute
        percent = NAN if status or pstatus else s.percent
        bad_test = bool(status or tstatus)
        return cls(_period_text(s.from_period), _period_text(s.to_period),
                   frm, to, absolute, bool(s.points), percent,
                   _name("yjpi_direction_name", s.direction),
                   bool(s.significant), _name("yjpi_change_test_name", s.test),
                   bool(s.exact), NAN if bad_test else s.statistic,
                   NAN if bad_test else s.p_value, s.level,
                   NAN if bad_test else s.ratio, status, pstatus, tstatus)


@dataclasses.dataclass(frozen=True)
class BenchmarkResult:
    """A value against one benchmark (Fingertips convention)."""
    name: Optional[str]
    verdict: Optional[str]
    benchmark: float
    value: float
    lower: float
    upper: float
    status: Optional[str]

    @classmethod
    def _from_struct(cls, s: BenchmarkResultStruct) -> "BenchmarkResult":
        status = _status(s.status)
        nan_value = status == "value_not_computable"
        nan_ci = nan_value or status == "no_interval"
        return cls(_lib.text(s.name),
                   _name("yjpi_benchmark_verdict_name", s.verdict),
                   NAN if status == "benchmark_missing" else s.benchmark,
                   NAN if nan_value else s.value,
                   NAN if nan_ci else s.lower, NAN if nan_ci else s.upper,
                   status)


@dataclasses.dataclass(frozen=True)
class TargetResult:
    """A value against one target."""
    kind: str
    bound: float
    actual: float
    verdict: Optional[str]
    area: Optional[str]
    status: Optional[str]

    @classmethod
    def _from_struct(cls, s: TargetResultStruct) -> "TargetResult":
        status = _status(s.status)
        return cls(_names.target_kind_name(s.kind), s.bound,
                   NAN if status else s.actual,
                   _name("yjpi_target_verdict_name", s.verdict),
                   _lib.text(s.area), status)


@dataclasses.dataclass(frozen=True)
class TrendAssessment:
    """Recent trend (OHID method); verdict None when not assessed (then
    ``status`` says why)."""
    verdict: Optional[str]
    direction: Optional[str]
    method: Optional[str]
    chi2: float
    slope: float
    p_value: float
    level: float
    points: int
    first: Optional[str]
    last: Optional[str]
    status: Optional[str]

    @classmethod
    def _from_struct(cls, s: TrendAssessmentStruct) -> "TrendAssessment":
        method = {1: "proportions", 2: "values"}.get(s.method)
        bad = s.status != 0
        return cls(_name("yjpi_trend_verdict_name", s.verdict),
                   _name("yjpi_direction_name", s.direction), method,
                   NAN if bad else s.chi2, NAN if bad else s.slope,
                   NAN if bad else s.p_value, s.level, int(s.points),
                   _period_text(s.first), _period_text(s.last),
                   _status(s.status))


@dataclasses.dataclass(frozen=True)
class Rag:
    """Red / amber / green rating and what it rests on."""
    rag: Optional[str]
    basis: Optional[str]
    target_verdict: Optional[str]
    benchmark_verdict: Optional[str]
    benchmark: Optional[str]
    status: Optional[str]

    @classmethod
    def _from_struct(cls, s: RagResultStruct) -> "Rag":
        return cls(_name("yjpi_rag_name", s.rag),
                   _name("yjpi_rag_basis_name", s.basis),
                   _name("yjpi_target_verdict_name", s.target_verdict),
                   _name("yjpi_benchmark_verdict_name", s.benchmark_verdict),
                   _lib.text(s.benchmark), _status(s.status))


@dataclasses.dataclass(frozen=True)
class Assessment:
    """One indicator for one area in one period, assessed (yjpi_assess)."""
    indicator: str
    area: str
    period: str
    value: Optional[Value]
    previous: Optional[Value]
    year_earlier: Optional[Value]
    change_previous: Change
    change_year_earlier: Change
    benchmarks: List[BenchmarkResult]
    targets: List[TargetResult]
    target_verdict: Optional[str]
    trend: TrendAssessment
    trend_points: List[Value]
    rag: Rag

    def to_record(self) -> Dict[str, Any]:
        """A flat row: the value with its interval and status, the previous
        and year-earlier values, both changes with their percent, test,
        p-value and direction, each benchmark (``benchmark:NAME`` and
        ``benchmark:NAME:verdict``), the target verdict, the trend and the
        RAG rating.  Numbers that cannot be computed are NaN."""
        def num(v: Optional[Value], field: str) -> float:
            return float(getattr(v, field)) if v is not None else NAN

        v = self.value
        rec: Dict[str, Any] = {
            "indicator": self.indicator, "area": self.area,
            "period": self.period,
            "value": num(v, "value"), "lower": num(v, "lower"),
            "upper": num(v, "upper"),
            "status": v.status if v else "value_not_computable",
            "unit": _names.UNITS.get(self.indicator, ""),
            "provisional": v.provisional if v else False,
            "previous_period": self.change_previous.from_period,
            "previous": num(self.previous, "value"),
            "year_earlier_period": self.change_year_earlier.from_period,
            "year_earlier": num(self.year_earlier, "value"),
        }
        for key, c in (("change_previous", self.change_previous),
                       ("change_year_earlier", self.change_year_earlier)):
            rec[key] = c.absolute
            rec[key + "_percent"] = c.percent
            rec[key + "_direction"] = c.direction
            rec[key + "_significant"] = c.significant
            rec[key + "_test"] = c.test
            rec[key + "_p_value"] = c.p_value
        for bm in self.benchmarks:
            name = bm.name or "benchmark"
            rec["benchmark:" + name] = bm.benchmark
            rec["benchmark:" + name + ":verdict"] = bm.verdict
        rec.update({
            "target": self.target_verdict, "trend": self.trend.verdict,
            "trend_direction": self.trend.direction,
            "trend_p_value": self.trend.p_value,
            "rag": self.rag.rag, "rag_basis": self.rag.basis,
        })
        return rec

    def to_records(self) -> List[Dict[str, Any]]:
        """[to_record()]"""
        return [self.to_record()]

    def to_pandas(self) -> Any:
        """A one-row pandas.DataFrame of to_record() (needs pandas)."""
        from .results import _to_pandas
        return _to_pandas(self.to_records())

    def _short(self) -> str:
        v = self.value
        val = ("%.6g" % v.value) if v is not None and v.status is None \
            else "NaN"
        return "%s %s %s = %s, RAG %s" % (self.indicator, self.area,
                                          self.period, val,
                                          self.rag.rag or "none")

    def __repr__(self) -> str:
        return "<yjpi.Assessment %s>" % self._short()

    def plot(self, ax: Any = None) -> Any:
        """The trend points and value with their intervals, benchmarks and
        target (needs matplotlib); returns the Axes."""
        from . import plot
        return plot.plot_assessment(self, ax=ax)

    def _repr_html_(self) -> str:
        """A compact table: value, earlier values, changes, benchmarks,
        target, trend and the RAG rating coloured."""
        from . import _html
        v = self.value
        C = _html.cell
        N = _html.num
        R = _html.raw
        rows = [
            [C("value"), C(R(N(v.value) if v else "NaN")),
             C(_html.interval(v.lower, v.upper) if v else "")],
            [C("previous (%s)" % (self.change_previous.from_period or "")),
             C(R(N(self.previous.value) if self.previous else "")),
             C("change %s%s" % (N(self.change_previous.absolute),
                                ", " + self.change_previous.direction
                                if self.change_previous.direction else ""))],
            [C("year earlier (%s)"
               % (self.change_year_earlier.from_period or "")),
             C(R(N(self.year_earlier.value) if self.year_earlier else "")),
             C("change %s%s" % (N(self.change_year_earlier.absolute),
                                ", " + self.change_year_earlier.direction
                                if self.change_year_earlier.direction
                                else ""))],
        ]
        for bm in self.benchmarks:
            rows.append([C("benchmark %s" % (bm.name or "")),
                         C(R(N(bm.benchmark))), C(bm.verdict or bm.status)])
        rows.append([C("target"), C(""), C(self.target_verdict or "none")])
        rows.append([C("trend"), C(""), C(self.trend.verdict or
                                          self.trend.status or "")])
        rows.append([C("RAG"), _html.rag_cell(self.rag.rag),
                     C(self.rag.basis or self.rag.status or "")])
        return _html.table(["", "", ""], rows, len(rows),
                           caption="%s, %s, %s (%s)" % (
                               self.indicator, self.area, self.period,
                               _names.UNITS.get(self.indicator, "")))

    @classmethod
    def _read(cls, lib: _lib.Library, a: AssessmentPtr) -> "Assessment":
        ind = _names.indicator_name(lib.yjpi_assessment_indicator(a))
        area = _lib.text(lib.yjpi_assessment_area(a)) or "*"
        period = _period_text(lib.yjpi_assessment_period(a)) or ""

        def value(which: int) -> Optional[Value]:
            s = ValueStruct()
            rc = lib.yjpi_assessment_value(a, which, ctypes.byref(s))
            if rc == 6:
                return None
            _lib.raise_for(rc)
            return Value._from_struct(s, area=area)

        def change(which: int) -> Change:
            s = ChangeStruct()
            _lib.call(lib.yjpi_assessment_change, a, which, ctypes.byref(s))
            return Change._from_struct(s)

        benches = []
        for i in range(lib.yjpi_assessment_benchmark_count(a)):
            s = BenchmarkResultStruct()
            _lib.call(lib.yjpi_assessment_benchmark, a, i, ctypes.byref(s))
            benches.append(BenchmarkResult._from_struct(s))
        targets = []
        for i in range(lib.yjpi_assessment_target_count(a)):
            ts = TargetResultStruct()
            _lib.call(lib.yjpi_assessment_target, a, i, ctypes.byref(ts))
            targets.append(TargetResult._from_struct(ts))
        tr = TrendAssessmentStruct()
        _lib.call(lib.yjpi_assessment_trend, a, ctypes.byref(tr))
        points = []
        for i in range(lib.yjpi_assessment_trend_point_count(a)):
            vs = ValueStruct()
            _lib.call(lib.yjpi_assessment_trend_point, a, i, ctypes.byref(vs))
            points.append(Value._from_struct(vs, area=area))
        rag = RagResultStruct()
        _lib.call(lib.yjpi_assessment_rag, a, ctypes.byref(rag))
        return cls(ind, area, period, value(0), value(1), value(2),
                   change(1), change(2), benches, targets,
                   _name("yjpi_target_verdict_name",
                         lib.yjpi_assessment_target_verdict(a)),
                   TrendAssessment._from_struct(tr), points,
                   Rag._from_struct(rag))


# ---- cohort.h ------------------------------------------------------------------

@dataclasses.dataclass(frozen=True)
class CohortMember:
    """One membership of a reoffending cohort (yjpi_cohort_member)."""
    person_id: str
    area: str
    cohort: str
    index_date: Optional[datetime.date]
    index_outcome: Optional[str]
    index_custodial: bool
    followup_end: Optional[datetime.date]
    waiting_end: Optional[datetime.date]
    reoffences: int
    first_reoffence: Optional[datetime.date]
    followup_days_left: int
    days_to_final: int
    provisional: bool

    def to_record(self) -> Dict[str, Any]:
        return dataclasses.asdict(self)

    @classmethod
    def _from_struct(cls, s: CohortMemberStruct) -> "CohortMember":
        return cls(_lib.text(s.person_id) or "", _lib.text(s.area) or "",
                   _period_text(s.cohort) or "", date_from_c(s.index_date),
                   _lib.text(_lib.get().yjpi_outcome_name(s.index_outcome)),
                   bool(s.index_custodial), date_from_c(s.followup_end),
                   date_from_c(s.waiting_end), int(s.reoffences),
                   date_from_c(s.first_reoffence), int(s.followup_days_left),
                   int(s.days_to_final), bool(s.provisional))


@dataclasses.dataclass(frozen=True)
class Cohort:
    """The members of a reoffending cohort (the "live tracker"): they add
    up to compute()'s cohort_size, reoffenders and reoffences for the same
    area and period."""
    area: str
    period: str
    as_of: Optional[datetime.date]
    provisional: bool
    size: int
    reoffenders: int
    reoffences: int
    provisional_members: int
    custody_no_release: int
    subcohorts: int
    members: List[CohortMember]

    def to_records(self) -> List[Dict[str, Any]]:
        """One dict per membership."""
        return [m.to_record() for m in self.members]

    def to_pandas(self) -> Any:
        """A pandas.DataFrame, one row per membership (dates as datetime64;
        needs pandas)."""
        from .results import _pandas
        pandas = _pandas()
        fields = [f.name for f in dataclasses.fields(CohortMember)]
        df = pandas.DataFrame.from_records(self.to_records(), columns=fields)
        for f in ("index_date", "followup_end", "waiting_end",
                  "first_reoffence"):
            df[f] = pandas.to_datetime(df[f])
        return df

    def _repr_html_(self) -> str:
        """The totals, then the first members."""
        from . import _html
        rows = ([_html.cell(m.person_id), _html.cell(m.area),
                 _html.cell(m.index_date), _html.cell(m.index_outcome),
                 _html.cell(m.followup_end), _html.cell(m.reoffences),
                 _html.cell("yes" if m.provisional else "")]
                for m in self.members)
        return _html.table(
            ["person", "area", "index date", "index outcome",
             "follow-up end", "re-offences", "provisional"], rows,
            len(self.members),
            caption="cohort %s, %s: %d members, %d re-offenders, %d "
            "re-offences%s" % (self.area, self.period, self.size,
                               self.reoffenders, self.reoffences,
                               " (provisional)" if self.provisional else ""))

    def __repr__(self) -> str:
        return ("<yjpi.Cohort %s %s: %d members, %d re-offenders, %d "
                "re-offences%s>" % (self.area, self.period, self.size,
                                    self.reoffenders, self.reoffences,
                                    ", provisional" if self.provisional
                                    else ""))


__all__ = ["Assessment", "Change", "BenchmarkResult", "TargetResult",
           "TrendAssessment", "Rag", "Cohort", "CohortMember"]
