"""Names of the C enums used by the Python API (strings instead of numbers)."""

from __future__ import annotations

from typing import Dict, Optional, Union

from . import _lib
from .errors import ArgumentError

#: yjpi_indicator, in ascending order.
INDICATORS: Dict[str, int] = {
    "fte_count": 1,
    "fte_rate": 2,
    "binary_rate": 3,
    "frequency_rate": 4,
    "reoffences_per_reoffender": 5,
    "custody_count": 6,
    "custody_rate": 7,
    "custody_share": 8,
}
_INDICATOR_NAMES = {v: k for k, v in INDICATORS.items()}

#: Unit of each indicator's value (as in yjpi-report's tables).
UNITS: Dict[str, str] = {
    "fte_count": "count",
    "fte_rate": "per 100,000 aged 10-17",
    "binary_rate": "% of cohort",
    "frequency_rate": "re-offences per cohort member",
    "reoffences_per_reoffender": "re-offences per re-offender",
    "custody_count": "count",
    "custody_rate": "per 1,000 aged 10-17",
    "custody_share": "% of court occasions",
}

#: yjpi_breakdown.
BREAKDOWNS: Dict[str, int] = {
    "sex": 1,
    "age": 2,
    "age_band": 3,
    "ethnicity": 4,
    "offence_type": 5,
    "area": 6,
}
_BREAKDOWN_NAMES = {v: k for k, v in BREAKDOWNS.items()}

#: yjpi_value_status (0 = computed, name None).
VALUE_STATUSES: Dict[int, str] = {
    1: "no_population",
    2: "empty_cohort",
    3: "zero_denominator",
    4: "numeric",
    5: "zero_population",
    6: "too_few",
    7: "zero_count",
    8: "population_incomplete",
    9: "not_finite",
}

#: yjpi_measure.
MEASURES: Dict[int, str] = {1: "count", 2: "rate", 3: "proportion", 4: "mean"}
#: yjpi_polarity.
POLARITIES: Dict[int, Optional[str]] = {
    0: None, 1: "lower_is_better", 2: "higher_is_better"}

#: yjpi_target_kind.
TARGET_KINDS: Dict[str, int] = {
    "max": 1, "min": 2, "change_max": 3, "change_min": 4}
_TARGET_KIND_NAMES = {v: k for k, v in TARGET_KINDS.items()}

#: yjpi_age_basis.
AGE_BASES: Dict[str, int] = {"offence_date": 0, "outcome_date": 1}
_AGE_BASIS_NAMES = {v: k for k, v in AGE_BASES.items()}


def indicator_id(indicator: Union[str, int]) -> int:
    """The yjpi_indicator number of a name ("fte_rate") or number."""
    if isinstance(indicator, bool):
        raise TypeError("indicator must be a name or number")
    if isinstance(indicator, int):
        if indicator not in _INDICATOR_NAMES:
            raise ArgumentError("unknown indicator %d" % indicator, code=2)
        return indicator
    if not isinstance(indicator, str):
        raise TypeError("indicator must be a name or number, not %s"
                        % type(indicator).__name__)
    n = INDICATORS.get(indicator)
    if n is None:
        lib = _lib.get()
        n = int(lib.yjpi_indicator_from_name(_lib.enc(indicator)))
        if n == 0:
            raise ArgumentError("unknown indicator %r (known: %s)"
                                % (indicator, ", ".join(INDICATORS)), code=2)
    return n


def indicator_name(n: int) -> str:
    """The spec name of an indicator number."""
    name = _INDICATOR_NAMES.get(n)
    if name is None:
        got = _lib.text(_lib.get().yjpi_indicator_name(n))
        return got if got is not None else str(n)
    return name


def breakdown_id(by: Optional[Union[str, int]]) -> int:
    """The yjpi_breakdown number of a name ('sex', 'age_band', ...)."""
    if by is None or by == "none" or by == 0:
        return 0
    if isinstance(by, int) and not isinstance(by, bool):
        if by not in _BREAKDOWN_NAMES:
            raise ArgumentError("unknown breakdown %d" % by, code=2)
        return by
    if isinstance(by, str) and by in BREAKDOWNS:
        return BREAKDOWNS[by]
    raise ArgumentError("unknown breakdown %r (known: %s)"
                        % (by, ", ".join(BREAKDOWNS)), code=2)


def breakdown_name(n: int) -> Optional[str]:
    """Name of a yjpi_breakdown; None for 0 (totals)."""
    return _BREAKDOWN_NAMES.get(n, str(n) if n else None)


def value_status_name(n: int) -> Optional[str]:
    """Name of a yjpi_value_status; None for 0 (computed)."""
    if n == 0:
        return None
    return VALUE_STATUSES.get(n, "status_%d" % n)


def target_kind_id(kind: Union[str, int]) -> int:
    if isinstance(kind, str):
        if kind not in TARGET_KINDS:
            raise ArgumentError("unknown target kind %r (known: %s)"
                                % (kind, ", ".join(TARGET_KINDS)), code=2)
        return TARGET_KINDS[kind]
    return int(kind)


def target_kind_name(n: int) -> str:
    return _TARGET_KIND_NAMES.get(n, str(n))


def age_basis_id(basis: Union[str, int]) -> int:
    if isinstance(basis, str):
        if basis not in AGE_BASES:
            raise ArgumentError("unknown age basis %r (known: %s)"
                                % (basis, ", ".join(AGE_BASES)), code=2)
        return AGE_BASES[basis]
    return int(basis)


def age_basis_name(n: int) -> str:
    return _AGE_BASIS_NAMES.get(n, str(n))
