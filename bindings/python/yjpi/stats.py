"""Statistics usable on their own: confidence intervals (indicators.h) and
significance and trend tests (compare.h)."""

from __future__ import annotations

import ctypes
import dataclasses
from typing import NamedTuple, Optional, Sequence

from . import _lib
from ._lib import TestResultStruct, TrendResultStruct
from .errors import ArgumentError


class Interval(NamedTuple):
    """A confidence interval."""
    lower: float
    upper: float


class MeanInterval(NamedTuple):
    """A mean with its confidence interval."""
    mean: float
    lower: float
    upper: float


def _count(x: int, what: str) -> int:
    if isinstance(x, bool) or not isinstance(x, int):
        raise TypeError("%s must be an int" % what)
    if x < 0:
        raise ArgumentError("%s must be >= 0" % what, code=2)
    return x


def wilson(x: int, n: int, confidence: float = 0.95) -> Interval:
    """Wilson score interval (no continuity correction) for x successes out
    of n, as proportions in [0, 1].

    Raises:
        ArgumentError: n == 0, x > n, confidence not in (0, 1).
    """
    lo, hi = ctypes.c_double(), ctypes.c_double()
    _lib.call(_lib.get().yjpi_ci_wilson, _count(x, "x"), _count(n, "n"),
              float(confidence), ctypes.byref(lo), ctypes.byref(hi),
              context="wilson(%r, %r, %r)" % (x, n, confidence))
    return Interval(lo.value, hi.value)


def poisson(count: int, confidence: float = 0.95) -> Interval:
    """Interval for a Poisson count: exact (chi-square) below 10, Byar's
    method from 10; count 0 gives lower 0."""
    lo, hi = ctypes.c_double(), ctypes.c_double()
    _lib.call(_lib.get().yjpi_ci_poisson, _count(count, "count"),
              float(confidence), ctypes.byref(lo), ctypes.byref(hi),
              context="poisson(%r, %r)" % (count, confidence))
    return Interval(lo.value, hi.value)


def mean(values: Sequence[float], confidence: float = 0.95) -> MeanInterval:
    """Mean of `values` (at least 2) with the t interval
    mean +- t(1-a/2, n-1) s / sqrt(n)."""
    arr = _lib.doubles(list(values))
    m, lo, hi = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    _lib.call(_lib.get().yjpi_ci_mean, arr, len(arr), float(confidence),
              ctypes.byref(m), ctypes.byref(lo), ctypes.byref(hi),
              context="mean of %d values" % len(arr))
    return MeanInterval(m.value, lo.value, hi.value)


def mean_from_stats(n: float, total: float, total_sq: float,
                    confidence: float = 0.95) -> MeanInterval:
    """As mean() from sufficient statistics: n, sum and sum of squares."""
    m, lo, hi = ctypes.c_double(), ctypes.c_double(), ctypes.c_double()
    _lib.call(_lib.get().yjpi_ci_mean_stats, float(n), float(total),
              float(total_sq), float(confidence), ctypes.byref(m),
              ctypes.byref(lo), ctypes.byref(hi), context="mean_from_stats")
    return MeanInterval(m.value, lo.value, hi.value)


@dataclasses.dataclass(frozen=True)
class TestResult:
    """Result of a two-sample test (yjpi_test_result).  ``ratio`` is the
    rate ratio (rates) or p1 - p2 (proportions); lower/upper its interval
    (rates)."""
    __test__ = False          # not a unittest/pytest test class
    statistic: float
    p_value: float
    exact: bool
    ratio: float
    lower: float
    upper: float

    @classmethod
    def _from_struct(cls, s: TestResultStruct) -> "TestResult":
        return cls(s.statistic, s.p_value, bool(s.exact), s.ratio, s.lower,
                   s.upper)


def test_proportions(x1: int, n1: int, x2: int, n2: int) -> TestResult:
    """Two-proportion test of x1/n1 against x2/n2: score (chi-square) test,
    or Fisher's exact test when an expected cell is below 5."""
    out = TestResultStruct()
    _lib.call(_lib.get().yjpi_test_proportions, _count(x1, "x1"),
              _count(n1, "n1"), _count(x2, "x2"), _count(n2, "n2"),
              ctypes.byref(out), context="test_proportions")
    return TestResult._from_struct(out)


test_proportions.__test__ = False  # type: ignore[attr-defined]


def test_rates(x1: int, t1: float, x2: int, t2: float,
               confidence: float = 0.95) -> TestResult:
    """Conditional exact test of two Poisson counts over exposures (as R's
    poisson.test), with the rate ratio and its exact interval."""
    out = TestResultStruct()
    _lib.call(_lib.get().yjpi_test_rates, _count(x1, "x1"), float(t1),
              _count(x2, "x2"), float(t2), float(confidence),
              ctypes.byref(out), context="test_rates")
    return TestResult._from_struct(out)


test_rates.__test__ = False  # type: ignore[attr-defined]

_TREND_VERDICTS = {0: None, 1: "increasing", 2: "decreasing",
                   3: "no significant change",
                   4: "no significant change (outlier)"}
_DIRECTIONS = {0: None, 1: "improved", 2: "worsened", 3: "unchanged",
               4: "higher", 5: "lower", 6: "improving", 7: "worsening"}


@dataclasses.dataclass(frozen=True)
class TrendResult:
    """A trend (yjpi_trend_result); verdict None when not assessed."""
    verdict: Optional[str]
    direction: Optional[str]
    chi2: float
    slope: float
    p_value: float
    points: int

    @classmethod
    def _from_struct(cls, s: TrendResultStruct) -> "TrendResult":
        return cls(_TREND_VERDICTS.get(s.verdict, str(s.verdict)),
                   _DIRECTIONS.get(s.direction, str(s.direction)),
                   s.chi2, s.slope, s.p_value, int(s.points))


def trend_proportions(x: Sequence[float], n: Sequence[float],
                      significance: float = 0.002) -> TrendResult:
    """Cochran-Armitage test for trend of counts x[i] out of n[i] (equally
    spaced periods, oldest first)."""
    if len(x) != len(n):
        raise ArgumentError("x and n differ in length", code=2)
    out = TrendResultStruct()
    _lib.call(_lib.get().yjpi_trend_proportions, _lib.doubles(x),
              _lib.doubles(n), len(x), float(significance), ctypes.byref(out),
              context="trend_proportions")
    return TrendResult._from_struct(out)


def trend_values(values: Sequence[float], lower: Sequence[float],
                 upper: Sequence[float], confidence: float = 0.95,
                 significance: float = 0.002) -> TrendResult:
    """Inverse-variance weighted regression of values on period index, with
    sigma from each point's interval (OHID recent trend)."""
    k = len(values)
    if len(lower) != k or len(upper) != k:
        raise ArgumentError("values, lower and upper differ in length", code=2)
    out = TrendResultStruct()
    _lib.call(_lib.get().yjpi_trend_values, _lib.doubles(values),
              _lib.doubles(lower), _lib.doubles(upper), k, float(confidence),
              float(significance), ctypes.byref(out), context="trend_values")
    return TrendResult._from_struct(out)


__all__ = ["Interval", "MeanInterval", "TestResult", "TrendResult", "wilson",
           "poisson", "mean", "mean_from_stats", "test_proportions",
           "test_rates", "trend_proportions", "trend_values"]
