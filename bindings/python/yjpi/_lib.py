"""Low-level ctypes layer: locating libyjpi, struct mirrors, typed handles
and the prototype of every C function.

Nothing here is public API; the classes in the other modules wrap it.  The
layouts below mirror include/yjpi/*.h exactly (tests/test_layout.py checks
them against a C compiler when one is available).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import glob
import os
import re
import threading
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char, c_char_p, c_double,
                    c_int, c_int32, c_int64, c_size_t, c_uint, c_uint32, c_uint64,
                    c_void_p)
from typing import Any, Callable, List, Optional, Sequence, Tuple, Union

from ._version import __version__
from .errors import (ArgumentError, Error, LibraryNotFoundError,
                     NotAvailableError, VersionMismatchError, error_class)

ENV_VAR = "YJPI_LIBRARY"
SOVERSION = "0"

# --------------------------------------------------------------------------
# Struct mirrors (include/yjpi/*.h)
# --------------------------------------------------------------------------

ERROR_SOURCE_SIZE = 256
ERROR_MESSAGE_SIZE = 768
GROUP_NAME_SIZE = 64
PERIOD_TEXT_SIZE = 32
NO_DATE = -(2 ** 31)


class ErrorStruct(Structure):
    """yjpi_error (layout frozen)."""
    _fields_ = [
        ("code", c_int),
        ("line", c_uint64),
        ("column", c_uint64),
        ("source", c_char * ERROR_SOURCE_SIZE),
        ("message", c_char * ERROR_MESSAGE_SIZE),
    ]


class PeriodStruct(Structure):
    """yjpi_period (layout frozen)."""
    _fields_ = [
        ("kind", c_int32),
        ("start", c_int32),
        ("end", c_int32),
    ]


class Growable(Structure):
    """Base of the structs that start with a ``size`` member: instances are
    created with ``size`` set to ``ctypes.sizeof`` of the struct (what
    YJPI_INIT does in C)."""

    def __init__(self, *args: Any, **kw: Any) -> None:
        super().__init__(*args, **kw)
        self.size = ctypes.sizeof(self)


class OptionsStruct(Growable):
    """yjpi_options."""
    _fields_ = [
        ("size", c_size_t),
        ("age_basis", c_int32),
        ("cohort_months", c_int32),
        ("followup_months", c_int32),
        ("waiting_months", c_int32),
        ("confidence", c_double),
        ("significance", c_double),
        ("trend_min_points", c_int32),
        ("trend_significance", c_double),
        ("fte_lookback_years", c_int32),
        ("suppress_below", c_int64),
        ("round_to", c_int64),
        ("reference_ethnicity", c_char * GROUP_NAME_SIZE),
    ]


class TargetStruct(Growable):
    """yjpi_target."""
    _fields_ = [
        ("size", c_size_t),
        ("indicator", c_int32),
        ("kind", c_int32),
        ("period", PeriodStruct),
        ("bound", c_double),
        ("area", c_char_p),
    ]


class RecordStruct(Growable):
    """yjpi_record."""
    _fields_ = [
        ("size", c_size_t),
        ("person_id", c_char_p),
        ("birth_date", c_char_p),
        ("area", c_char_p),
        ("offence_date", c_char_p),
        ("outcome_date", c_char_p),
        ("outcome", c_char_p),
        ("release_date", c_char_p),
        ("sex", c_char_p),
        ("ethnicity", c_char_p),
        ("offence_type", c_char_p),
        ("breach", c_char_p),
    ]


PROGRESS_FN = CFUNCTYPE(None, c_uint64, c_uint64, c_uint64, c_void_p)
MALLOC_FN = CFUNCTYPE(c_void_p, c_size_t, c_void_p)
REALLOC_FN = CFUNCTYPE(c_void_p, c_void_p, c_size_t, c_void_p)
FREE_FN = CFUNCTYPE(None, c_void_p, c_void_p)


class ReadOptionsStruct(Growable):
    """yjpi_read_options."""
    _fields_ = [
        ("size", c_size_t),
        ("lenient", c_int),
        ("max_messages", c_size_t),
        ("progress", PROGRESS_FN),
        ("progress_user", c_void_p),
        ("threads", c_int32),
    ]


class RequestStruct(Growable):
    """yjpi_request."""
    _fields_ = [
        ("size", c_size_t),
        ("indicators", POINTER(c_int)),
        ("n_indicators", c_size_t),
        ("areas", POINTER(c_char_p)),
        ("n_areas", c_size_t),
        ("periods", POINTER(PeriodStruct)),
        ("n_periods", c_size_t),
        ("breakdown", c_int32),
        ("confidence", c_double),
        ("threads", c_int32),
    ]


class ValueStruct(Growable):
    """yjpi_value."""
    _fields_ = [
        ("size", c_size_t),
        ("indicator", c_int32),
        ("status", c_int32),
        ("area", c_char_p),
        ("period", PeriodStruct),
        ("breakdown", c_int32),
        ("group", c_char_p),
        ("value", c_double),
        ("lower", c_double),
        ("upper", c_double),
        ("confidence", c_double),
        ("numerator", c_uint64),
        ("denominator", c_double),
        ("cohort_size", c_uint64),
        ("reoffenders", c_uint64),
        ("reoffences", c_uint64),
        ("custody_no_release", c_uint64),
        ("provisional", c_int32),
        ("history_short", c_int32),
        ("court_occasions", c_uint64),
        ("population", c_double),
        ("interval_status", c_int32),
        ("interval_truncated", c_int32),
        ("partial", c_int32),
        ("covered_to", c_int32),
        ("before_data", c_int32),
        # all areas together
        ("areas_without_population", c_uint32),
    ]


class DisparityStruct(Growable):
    """yjpi_disparity."""
    _fields_ = [
        ("size", c_size_t),
        ("group", c_char_p),
        ("status", c_int32),
        ("count", c_uint64),
        ("population", c_double),
        ("share", c_double),
        ("population_share", c_double),
        ("difference", c_double),
        ("rri", c_double),
        ("rri_lower", c_double),
        ("rri_upper", c_double),
        ("share_status", c_int32),
        ("population_status", c_int32),
    ]


class TestResultStruct(Growable):
    """yjpi_test_result."""
    _fields_ = [
        ("size", c_size_t),
        ("statistic", c_double),
        ("p_value", c_double),
        ("exact", c_int32),
        ("ratio", c_double),
        ("lower", c_double),
        ("upper", c_double),
    ]


class TrendResultStruct(Growable):
    """yjpi_trend_result."""
    _fields_ = [
        ("size", c_size_t),
        ("verdict", c_int32),
        ("direction", c_int32),
        ("chi2", c_double),
        ("slope", c_double),
        ("p_value", c_double),
        ("points", c_size_t),
        ("slope_kind", c_int32),
    ]


# ---- assess.h ---------------------------------------------------------------

class ChangeStruct(Growable):
    """yjpi_change."""
    _fields_ = [
        ("size", c_size_t),
        ("status", c_int32),
        ("percent_status", c_int32),
        ("test_status", c_int32),
        ("direction", c_int32),
        ("points", c_int32),
        ("test", c_int32),
        ("significant", c_int32),
        ("exact", c_int32),
        ("from_period", PeriodStruct),
        ("to_period", PeriodStruct),
        ("from_", c_double),
        ("to", c_double),
        ("absolute", c_double),
        ("percent", c_double),
        ("statistic", c_double),
        ("p_value", c_double),
        ("level", c_double),
        ("ratio", c_double),
    ]


class BenchmarkResultStruct(Growable):
    """yjpi_benchmark_result."""
    _fields_ = [
        ("size", c_size_t),
        ("name", c_char_p),
        ("status", c_int32),
        ("verdict", c_int32),
        ("benchmark", c_double),
        ("value", c_double),
        ("lower", c_double),
        ("upper", c_double),
    ]


class TargetResultStruct(Growable):
    """yjpi_target_result."""
    _fields_ = [
        ("size", c_size_t),
        ("status", c_int32),
        ("verdict", c_int32),
        ("kind", c_int32),
        ("bound", c_double),
        ("actual", c_double),
        ("area", c_char_p),
    ]


class TrendAssessmentStruct(Growable):
    """yjpi_trend_assessment."""
    _fields_ = [
        ("size", c_size_t),
        ("status", c_int32),
        ("verdict", c_int32),
        ("direction", c_int32),
        ("method", c_int32),
        ("chi2", c_double),
        ("slope", c_double),
        ("p_value", c_double),
        ("level", c_double),
        ("points", c_size_t),
        ("first", PeriodStruct),
        ("last", PeriodStruct),
        ("slope_kind", c_int32),
    ]


class RagResultStruct(Growable):
    """yjpi_rag_result."""
    _fields_ = [
        ("size", c_size_t),
        ("rag", c_int32),
        ("status", c_int32),
        ("basis", c_int32),
        ("target_verdict", c_int32),
        ("benchmark_verdict", c_int32),
        ("benchmark", c_char_p),
    ]


class AssessOptionsStruct(Growable):
    """yjpi_assess_options."""
    _fields_ = [
        ("size", c_size_t),
        ("rag_benchmark", c_char_p),
        ("confidence", c_double),
        ("significance", c_double),
        ("trend_significance", c_double),
        ("trend_points", c_int32),
    ]


# ---- cohort.h ---------------------------------------------------------------

class CohortMemberStruct(Growable):
    """yjpi_cohort_member."""
    _fields_ = [
        ("size", c_size_t),
        ("person_id", c_char_p),
        ("area", c_char_p),
        ("cohort", PeriodStruct),
        ("index_date", c_int32),
        ("index_outcome", c_int32),
        ("index_custodial", c_int32),
        ("followup_end", c_int32),
        ("waiting_end", c_int32),
        ("reoffences", c_uint64),
        ("first_reoffence", c_int32),
        ("followup_days_left", c_int64),
        ("days_to_final", c_int64),
        ("provisional", c_int32),
    ]


class ColumnTextStruct(Structure):
    """yjpi_column_text (columns.h)."""
    _fields_ = [
        ("data", c_char_p),
        ("length", c_size_t),
    ]


# --------------------------------------------------------------------------
# Typed handles
# --------------------------------------------------------------------------

class _Handle(c_void_p):
    """An opaque C handle.  Each handle type is its own c_void_p subclass
    and, as an argument type, accepts only its own instances (or None for
    NULL): passing a reference where a dataset is expected, or a bare
    integer, raises ctypes.ArgumentError before C is reached."""

    @classmethod
    def from_param(cls, obj: Any) -> Any:
        if obj is None or isinstance(obj, cls):
            return obj
        raise TypeError("expected %s, got %s"
                        % (cls.__name__, type(obj).__name__))

    def __repr__(self) -> str:
        return "<%s %s>" % (type(self).__name__,
                            hex(self.value) if self.value else "NULL")


class ReferencePtr(_Handle):
    """yjpi_reference *"""


class DatasetPtr(_Handle):
    """yjpi_dataset *"""


class ResultsPtr(_Handle):
    """yjpi_results *"""


class DisparitiesPtr(_Handle):
    """yjpi_disparities *"""


class AssessmentPtr(_Handle):
    """yjpi_assessment *"""


class AssessmentsPtr(_Handle):
    """yjpi_assessments *"""


class CohortPtr(_Handle):
    """yjpi_cohort *"""


# --------------------------------------------------------------------------
# Prototypes: (name, restype, argtypes).  restype None = void.
# --------------------------------------------------------------------------

_E = POINTER(ErrorStruct)
_P = POINTER(PeriodStruct)
_D = c_double
_PD = POINTER(c_double)
_S = c_char_p
_Z = c_size_t
_I = c_int

PROTOTYPES: List[Tuple[str, Any, List[Any]]] = [
    # common.h
    ("yjpi_version_number", c_uint, []),
    ("yjpi_version", _S, []),
    ("yjpi_strerror", _S, [_I]),
    ("yjpi_free", None, [c_void_p]),
    # Declared for completeness; the bindings never replace the allocator
    # (process-wide, and Python callbacks could not be made safe).
    ("yjpi_set_allocator", _I, [MALLOC_FN, REALLOC_FN, FREE_FN, c_void_p]),
    # date.h
    ("yjpi_date_from_ymd", _I, [_I, _I, _I, POINTER(c_int32)]),
    ("yjpi_date_to_ymd", None, [c_int32, POINTER(_I), POINTER(_I), POINTER(_I)]),
    ("yjpi_date_parse", _I, [_S, _Z, POINTER(c_int32)]),
    ("yjpi_date_format", _I, [c_int32, POINTER(c_char), _Z]),
    ("yjpi_date_add_months", c_int32, [c_int32, _I]),
    ("yjpi_age", _I, [c_int32, c_int32]),
    ("yjpi_period_parse", _I, [_S, _P, _E]),
    ("yjpi_period_format", _I, [_P, POINTER(c_char), _Z]),
    ("yjpi_period_shift", _I, [_P, _I, _I, _P]),
    ("yjpi_period_months", _I, [_P]),
    ("yjpi_period_population_year", _I, [_P]),
    ("yjpi_period_contains", _I, [_P, c_int32]),
    # reference.h
    ("yjpi_options_default", _I, [POINTER(OptionsStruct)]),
    ("yjpi_reference_new", ReferencePtr, []),
    ("yjpi_reference_load", _I, [_S, POINTER(ReferencePtr), _E]),
    ("yjpi_reference_parse", _I, [_S, _Z, _S, POINTER(ReferencePtr), _E]),
    ("yjpi_reference_free", None, [ReferencePtr]),
    ("yjpi_reference_get_options", _I, [ReferencePtr, POINTER(OptionsStruct)]),
    ("yjpi_reference_set_options", _I, [ReferencePtr, POINTER(OptionsStruct)]),
    ("yjpi_reference_as_of", c_int32, [ReferencePtr]),
    ("yjpi_reference_set_as_of", _I, [ReferencePtr, c_int32]),
    ("yjpi_reference_history_start", c_int32, [ReferencePtr]),
    ("yjpi_reference_set_history_start", _I, [ReferencePtr, c_int32]),
    ("yjpi_reference_population", _I, [ReferencePtr, _S, _S, _I, _PD]),
    ("yjpi_reference_set_population", _I, [ReferencePtr, _S, _S, _I, _D]),
    ("yjpi_reference_population_group_count", _Z, [ReferencePtr, _S, _I]),
    ("yjpi_reference_population_group", _S, [ReferencePtr, _S, _I, _Z]),
    ("yjpi_reference_area_name", _S, [ReferencePtr, _S]),
    ("yjpi_reference_area_family", _S, [ReferencePtr, _S]),
    ("yjpi_reference_area_region", _S, [ReferencePtr, _S]),
    ("yjpi_reference_area_count", _Z, [ReferencePtr]),
    ("yjpi_reference_area_code", _S, [ReferencePtr, _Z]),
    ("yjpi_reference_set_area", _I, [ReferencePtr, _S, _S, _S, _S]),
    ("yjpi_reference_map_outcome", _S, [ReferencePtr, _S, _Z]),
    ("yjpi_reference_add_outcome_map", _I, [ReferencePtr, _S, _S]),
    ("yjpi_reference_benchmark_count", _Z, [ReferencePtr]),
    ("yjpi_reference_benchmark_name", _S, [ReferencePtr, _Z]),
    ("yjpi_reference_benchmark_indicator", _I, [ReferencePtr, _Z]),
    ("yjpi_reference_benchmark_value", _I, [ReferencePtr, _Z, _P, _PD]),
    ("yjpi_reference_add_benchmark", _I, [ReferencePtr, _S, _I, _P, _D]),
    ("yjpi_reference_target_count", _Z, [ReferencePtr]),
    ("yjpi_reference_target", _I, [ReferencePtr, _Z, POINTER(TargetStruct)]),
    ("yjpi_reference_add_target", _I, [ReferencePtr, _I, _I, _P, _D, _S]),
    # dataset.h
    ("yjpi_outcome_name", _S, [_I]),
    ("yjpi_outcome_from_name", _I, [_S, _Z]),
    ("yjpi_outcome_tier", _I, [_I]),
    ("yjpi_tier_name", _S, [_I]),
    ("yjpi_dataset_new", _I, [ReferencePtr, POINTER(DatasetPtr)]),
    ("yjpi_dataset_free", None, [DatasetPtr]),
    ("yjpi_dataset_read_csv", _I,
     [DatasetPtr, _S, POINTER(ReadOptionsStruct), _E]),
    ("yjpi_dataset_read_csv_buffer", _I,
     [DatasetPtr, _S, _Z, _S, POINTER(ReadOptionsStruct), _E]),
    ("yjpi_dataset_add_record", _I, [DatasetPtr, POINTER(RecordStruct), _E]),
    ("yjpi_dataset_finish", _I, [DatasetPtr]),
    ("yjpi_dataset_load_csv", _I,
     [_S, ReferencePtr, POINTER(ReadOptionsStruct), POINTER(DatasetPtr), _E]),
    ("yjpi_dataset_count", c_uint64, [DatasetPtr, _I]),
    ("yjpi_dataset_rejected", c_uint64, [DatasetPtr, _I]),
    ("yjpi_dataset_message_count", _Z, [DatasetPtr]),
    ("yjpi_dataset_message", _S, [DatasetPtr, _Z]),
    ("yjpi_dataset_note_count", _Z, [DatasetPtr]),
    ("yjpi_dataset_note", _S, [DatasetPtr, _Z]),
    ("yjpi_dataset_missing_column", _S, [DatasetPtr, c_char_p]),
    ("yjpi_dataset_area", _S, [DatasetPtr, _Z]),
    ("yjpi_dataset_first_outcome", c_int32, [DatasetPtr]),
    ("yjpi_dataset_last_outcome", c_int32, [DatasetPtr]),
    # indicators.h
    ("yjpi_indicator_name", _S, [_I]),
    ("yjpi_indicator_from_name", _I, [_S]),
    ("yjpi_indicator_measure", _I, [_I]),
    ("yjpi_indicator_polarity", _I, [_I]),
    ("yjpi_value_status_text", _S, [_I]),
    ("yjpi_compute", _I, [DatasetPtr, ReferencePtr, POINTER(RequestStruct),
                          POINTER(ResultsPtr), _E]),
    ("yjpi_results_free", None, [ResultsPtr]),
    ("yjpi_results_count", _Z, [ResultsPtr]),
    ("yjpi_results_get", _I, [ResultsPtr, _Z, POINTER(ValueStruct)]),
    ("yjpi_results_find", _I, [ResultsPtr, _I, _S, _P, _S,
                               POINTER(ValueStruct)]),
    ("yjpi_compute_one", _I, [DatasetPtr, ReferencePtr, _I, _S, _P,
                              POINTER(ValueStruct), _E]),
    ("yjpi_disproportionality", _I, [DatasetPtr, ReferencePtr, _I, _S, _P,
                                     POINTER(DisparitiesPtr), _E]),
    ("yjpi_disparities_free", None, [DisparitiesPtr]),
    ("yjpi_disparities_count", _Z, [DisparitiesPtr]),
    ("yjpi_disparities_get", _I, [DisparitiesPtr, _Z, POINTER(DisparityStruct)]),
    ("yjpi_ci_wilson", _I, [c_uint64, c_uint64, _D, _PD, _PD]),
    ("yjpi_ci_poisson", _I, [c_uint64, _D, _PD, _PD]),
    ("yjpi_ci_mean", _I, [_PD, _Z, _D, _PD, _PD, _PD]),
    ("yjpi_ci_mean_stats", _I, [_D, _D, _D, _D, _PD, _PD, _PD]),
    ("yjpi_ci_mean_dev", _I, [_D, _D, _D, _D, _PD, _PD]),
    # compare.h
    ("yjpi_test_proportions", _I, [c_uint64, c_uint64, c_uint64, c_uint64,
                                   POINTER(TestResultStruct)]),
    ("yjpi_test_rates", _I, [c_uint64, _D, c_uint64, _D, _D,
                             POINTER(TestResultStruct)]),
    ("yjpi_trend_proportions", _I, [_PD, _PD, _Z, _D,
                                    POINTER(TrendResultStruct)]),
    ("yjpi_trend_values", _I, [_PD, _PD, _PD, _Z, _D, _D,
                               POINTER(TrendResultStruct)]),
    # assess.h
    ("yjpi_series_periods", _I, [_P, _Z, _I, _P]),
    ("yjpi_compute_series", _I, [DatasetPtr, ReferencePtr,
                                 POINTER(RequestStruct), _P, _Z, _I,
                                 POINTER(ResultsPtr), _E]),
    ("yjpi_direction_name", _S, [_I]),
    ("yjpi_benchmark_verdict_name", _S, [_I]),
    ("yjpi_target_verdict_name", _S, [_I]),
    ("yjpi_rag_name", _S, [_I]),
    ("yjpi_rag_basis_name", _S, [_I]),
    ("yjpi_trend_verdict_name", _S, [_I]),
    ("yjpi_change_test_name", _S, [_I]),
    ("yjpi_assess_status_text", _S, [_I]),
    ("yjpi_judge_change", _I, [_D, _D, _I]),
    ("yjpi_judge_benchmark", _I, [_D, _D, _D, _I]),
    ("yjpi_judge_trend", _I, [_I, _I]),
    ("yjpi_change_between", _I, [POINTER(ValueStruct), POINTER(ValueStruct),
                                 _D, POINTER(ChangeStruct)]),
    ("yjpi_benchmark_compare", _I, [POINTER(ValueStruct), _D,
                                    POINTER(BenchmarkResultStruct)]),
    ("yjpi_target_check", _I, [POINTER(TargetStruct), POINTER(ValueStruct),
                               POINTER(ChangeStruct),
                               POINTER(TargetResultStruct)]),
    ("yjpi_trend_assess", _I, [POINTER(ValueStruct), _Z, _Z, _D,
                               POINTER(TrendAssessmentStruct)]),
    ("yjpi_rag_rule", _I, [_I, _I, _I, _I, POINTER(RagResultStruct)]),
    ("yjpi_assess", _I, [DatasetPtr, ReferencePtr, _I, _S, _P,
                         POINTER(AssessOptionsStruct),
                         POINTER(AssessmentPtr), _E]),
    ("yjpi_assessment_free", None, [AssessmentPtr]),
    ("yjpi_assess_areas", _I, [DatasetPtr, ReferencePtr, _I, POINTER(_S), _Z,
                               _P, POINTER(AssessOptionsStruct),
                               POINTER(AssessmentsPtr), _E]),
    ("yjpi_assessments_free", None, [AssessmentsPtr]),
    ("yjpi_assessments_count", _Z, [AssessmentsPtr]),
    ("yjpi_assessments_get", AssessmentPtr, [AssessmentsPtr, _Z]),
    ("yjpi_assessment_indicator", _I, [AssessmentPtr]),
    ("yjpi_assessment_area", _S, [AssessmentPtr]),
    ("yjpi_assessment_period", PeriodStruct, [AssessmentPtr]),
    ("yjpi_assessment_value", _I, [AssessmentPtr, _I, POINTER(ValueStruct)]),
    ("yjpi_assessment_change", _I, [AssessmentPtr, _I, POINTER(ChangeStruct)]),
    ("yjpi_assessment_benchmark_count", _Z, [AssessmentPtr]),
    ("yjpi_assessment_benchmark", _I, [AssessmentPtr, _Z,
                                       POINTER(BenchmarkResultStruct)]),
    ("yjpi_assessment_target_count", _Z, [AssessmentPtr]),
    ("yjpi_assessment_target", _I, [AssessmentPtr, _Z,
                                    POINTER(TargetResultStruct)]),
    ("yjpi_assessment_target_verdict", _I, [AssessmentPtr]),
    ("yjpi_assessment_trend", _I, [AssessmentPtr,
                                   POINTER(TrendAssessmentStruct)]),
    ("yjpi_assessment_trend_point_count", _Z, [AssessmentPtr]),
    ("yjpi_assessment_trend_point", _I, [AssessmentPtr, _Z,
                                         POINTER(ValueStruct)]),
    ("yjpi_assessment_rag", _I, [AssessmentPtr, POINTER(RagResultStruct)]),
    # columns.h
    ("yjpi_dataset_add_columns", _I, [DatasetPtr, _Z, POINTER(ColumnTextStruct),
                                      _Z, c_uint64, _S,
                                      POINTER(ReadOptionsStruct), _E]),
    ("yjpi_results_copy", _I, [ResultsPtr, _Z, _Z, c_void_p, _Z]),
    # cohort.h
    ("yjpi_cohort_build", _I, [DatasetPtr, ReferencePtr, _S, _P,
                               POINTER(CohortPtr), _E]),
    ("yjpi_cohort_free", None, [CohortPtr]),
    ("yjpi_cohort_member_count", _Z, [CohortPtr]),
    ("yjpi_cohort_get", _I, [CohortPtr, _Z, POINTER(CohortMemberStruct)]),
    ("yjpi_cohort_count", c_uint64, [CohortPtr, _I]),
    ("yjpi_cohort_provisional", _I, [CohortPtr]),
    ("yjpi_cohort_as_of", c_int32, [CohortPtr]),
    ("yjpi_cohort_period", PeriodStruct, [CohortPtr]),
    ("yjpi_cohort_area", _S, [CohortPtr]),
]


# --------------------------------------------------------------------------
# The loaded library
# --------------------------------------------------------------------------

class _Missing:
    """Stands in for a function the loaded library does not export."""

    def __init__(self, name: str, path: str) -> None:
        self.name = name
        self.path = path

    def __call__(self, *args: Any) -> Any:
        raise NotAvailableError("%s is not exported by %s (an older or "
                                "partial libyjpi build)" % (self.name, self.path))


class Library:
    """A loaded libyjpi with every prototype declared.

    Attributes are the C functions (``lib.yjpi_version()``); a function the
    library does not export is a stand-in that raises NotAvailableError when
    called.
    """

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        self.missing: List[str] = []
        for name, restype, argtypes in PROTOTYPES:
            try:
                fn = getattr(cdll, name)
            except AttributeError:
                self.missing.append(name)
                setattr(self, name, _Missing(name, path))
                continue
            fn.restype = restype
            fn.argtypes = argtypes
            setattr(self, name, fn)

    def __getattr__(self, name: str) -> Any:
        # Only reached for names not declared in PROTOTYPES (the C
        # functions are set as attributes by __init__); typed Any so that
        # calls through a Library type-check.
        raise AttributeError("%s is not a declared libyjpi function" % name)

    def has(self, name: str) -> bool:
        """True when the library exports `name`."""
        return name not in self.missing

    def __repr__(self) -> str:
        return "<yjpi.Library %s>" % self.path


def _package_dir() -> str:
    return os.path.dirname(os.path.abspath(__file__))


def _is_repo_root(d: str) -> bool:
    try:
        with open(os.path.join(d, "meson.build"), encoding="utf-8") as f:
            head = f.read(4096)
    except OSError:
        return False
    return re.search(r"project\(\s*'yjpi'", head) is not None


def _pick_so(libdir: str) -> Optional[str]:
    """The preferred shared object in a build's lib/ directory."""
    for name in ("libyjpi.so." + SOVERSION, "libyjpi.so"):
        p = os.path.join(libdir, name)
        if os.path.isfile(p):
            return p
    found = sorted(glob.glob(os.path.join(libdir, "libyjpi.so*")))
    found = [p for p in found if os.path.isfile(p) and not p.endswith(".p")]
    return found[0] if found else None


def build_tree_candidates(start: Optional[str] = None) -> List[str]:
    """Shared objects in the build trees of the source checkout the package
    lives in: walks up from the package directory to the repository root (the
    directory whose meson.build declares project 'yjpi') and lists
    ``build*/lib/libyjpi.so*`` of each directory on the way, ``build`` first,
    then the other build directories, most recently built first.  Empty when
    the package is not inside a checkout (e.g. installed)."""
    d = os.path.abspath(start or _package_dir())
    chain = []
    while True:
        chain.append(d)
        if _is_repo_root(d):
            break
        parent = os.path.dirname(d)
        if parent == d:
            return []          # not inside a checkout
        d = parent
    out: List[str] = []
    for d in chain:
        builds = [b for b in glob.glob(os.path.join(d, "build*"))
                  if os.path.isdir(os.path.join(b, "lib"))]
        preferred = os.path.join(d, "build")

        def key(b: str) -> Tuple[int, float]:
            so = _pick_so(os.path.join(b, "lib"))
            mtime = os.path.getmtime(so) if so else 0.0
            return (0 if b == preferred else 1, -mtime)

        for b in sorted(builds, key=key):
            so = _pick_so(os.path.join(b, "lib"))
            if so:
                out.append(so)
    return out


def _check_version(lib: Library, expected: str) -> None:
    if not lib.has("yjpi_version"):
        raise LibraryNotFoundError("%s does not export yjpi_version(): not a "
                                   "libyjpi" % lib.path)
    raw = lib.yjpi_version()
    runtime = raw.decode("ascii", "replace") if raw else ""
    want = expected.split(".")[:2]
    have = runtime.split(".")[:2]
    if want != have:
        raise VersionMismatchError(
            "libyjpi at %s is version %s, but the yjpi Python package %s needs "
            "%s.x (major.minor must match); set %s to a matching library"
            % (lib.path, runtime or "<unknown>", expected, ".".join(want),
               ENV_VAR), code=8)


def _open(path: str, expected: str) -> Library:
    try:
        cdll = ctypes.CDLL(path)
    except OSError as e:
        raise LibraryNotFoundError("cannot load libyjpi from %s: %s"
                                   % (path, e)) from e
    lib = Library(cdll, path)
    _check_version(lib, expected)
    return lib


def shipped_candidates() -> List[str]:
    """A library shipped inside the package (yjpi/_libs/libyjpi.so*)."""
    so = _pick_so(os.path.join(_package_dir(), "_libs"))
    return [so] if so else []


def recorded_libdir() -> Optional[str]:
    """The directory of the installed libyjpi recorded when the package was
    built as a wheel (pkg-config then), or None."""
    import importlib
    try:
        _paths = importlib.import_module(".._paths", __name__)
    except ImportError:
        return None
    d = getattr(_paths, "LIBDIR", None)
    return d if isinstance(d, str) and d else None


def pkg_config_libdir() -> Optional[str]:
    """`pkg-config --variable=libdir yjpi`, or None (no pkg-config, or no
    yjpi.pc on its path)."""
    import subprocess
    try:
        p = subprocess.run(["pkg-config", "--variable=libdir", "yjpi"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                           timeout=20, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    d = p.stdout.decode("utf-8", "replace").strip()
    return d if p.returncode == 0 and d else None


def load_library(path: Optional[str] = None,
                 expected_version: Optional[str] = None) -> Library:
    """Locates, loads and version-checks libyjpi (not cached; see get()).

    Order: `path` if given; else the environment variable YJPI_LIBRARY (no
    fallback when it is set: a wrong value is an error); else a library
    shipped inside the package (yjpi/_libs/); else the build trees of the
    source checkout the package sits in (build_tree_candidates()); else the
    libdir recorded when the wheel was built (from pkg-config then); else
    `pkg-config --variable=libdir yjpi` now; else the system
    (ctypes.util.find_library('yjpi'), then the soname libyjpi.so.0).

    Raises:
        LibraryNotFoundError: nothing could be loaded (the message lists what
            was tried and how to fix it).
        VersionMismatchError: the library's major.minor differs from
            `expected_version` (default: the package's __version__).
    """
    expected = expected_version or __version__
    if path is None:
        path = os.environ.get(ENV_VAR) or None
    if path is not None:
        if os.sep in path and not os.path.exists(path):
            raise LibraryNotFoundError(
                "%s: no such file (libyjpi%s)"
                % (path, "; from " + ENV_VAR
                   if os.environ.get(ENV_VAR) == path else ""))
        return _open(path, expected)
    tried: List[str] = []
    mismatch: Optional[VersionMismatchError] = None

    def attempt(cands: List[str], where: str) -> Optional[Library]:
        nonlocal mismatch
        for cand in cands:
            try:
                return _open(cand, expected)
            except VersionMismatchError as e:
                mismatch = mismatch or e
                tried.append("%s: %s (%s)" % (where, cand, e))
            except LibraryNotFoundError as e:
                tried.append("%s: %s (%s)" % (where, cand, e.__cause__ or e))
        return None

    def in_dir(d: Optional[str], where: str) -> List[str]:
        if not d or not os.path.isdir(d):
            tried.append("%s: none" % where)
            return []
        so = _pick_so(d)
        if so is None:
            tried.append("%s: no libyjpi.so* in %s" % (where, d))
            return []
        return [so]

    steps: List[Tuple[str, Callable[[], List[str]]]] = [
        ("shipped in the package", lambda: in_dir(
            os.path.join(_package_dir(), "_libs"), "shipped in the package")),
        ("source checkout build", lambda: build_tree_candidates()),
        ("libdir recorded at install",
         lambda: in_dir(recorded_libdir(), "libdir recorded at install")),
        ("pkg-config", lambda: in_dir(pkg_config_libdir(),
                                      "pkg-config --variable=libdir yjpi")),
        ("system", lambda: [n for n in (ctypes.util.find_library("yjpi"),
                                        "libyjpi.so." + SOVERSION) if n]),
    ]
    for where, fn in steps:
        lib = attempt(fn(), where)
        if lib is not None:
            return lib
    if mismatch is not None:
        raise mismatch
    raise LibraryNotFoundError(
        "libyjpi not found. Tried: %s. To fix: install libyjpi (meson setup "
        "build && meson install -C build), then make it findable: for a "
        "prefix pkg-config does not search, set PKG_CONFIG_PATH to "
        "PREFIX/lib/<arch>/pkgconfig (at pip install time or at run time), "
        "or set %s to the library file (e.g. build/lib/libyjpi.so)"
        % ("; ".join(tried) or "nothing", ENV_VAR))


_lock = threading.Lock()
_lib: Optional[Library] = None


def get() -> Library:
    """The process-wide library, loaded on first use."""
    global _lib
    lib = _lib
    if lib is None:
        with _lock:
            if _lib is None:
                _lib = load_library()
            lib = _lib
    return lib


def set_library(lib: Optional[Library]) -> None:
    """Replaces the process-wide library (None: load again on next use)."""
    global _lib
    with _lock:
        _lib = lib


# --------------------------------------------------------------------------
# Helpers used by the wrappers
# --------------------------------------------------------------------------

def text(b: Optional[bytes]) -> Optional[str]:
    """Decodes a string the library returned (already copied by ctypes)."""
    if b is None:
        return None
    return b.decode("utf-8", "replace")


def enc(s: Union[str, bytes, "os.PathLike[str]", None],
        what: str = "argument",
        allow_none: bool = False) -> Optional[bytes]:
    """Encodes a str argument as UTF-8 (bytes pass through)."""
    if s is None:
        if allow_none:
            return None
        raise ArgumentError("%s must not be None" % what, code=2)
    if isinstance(s, bytes):
        b = s
    elif isinstance(s, str):
        b = s.encode("utf-8")
    elif isinstance(s, os.PathLike):
        p = os.fspath(s)
        b = p if isinstance(p, bytes) else p.encode("utf-8")
    else:
        raise TypeError("%s must be str, not %s" % (what, type(s).__name__))
    if b"\0" in b:
        raise ArgumentError("%s contains a NUL character" % what, code=2)
    return b


def raise_for(code: int, err: Optional[ErrorStruct] = None,
              cls: Optional[type] = None, context: str = "",
              content_cls: Optional[type] = None, path: Any = None) -> None:
    """Raises the exception for a non-zero status (no-op for 0).  `cls`
    forces the class; `content_cls` is used for input-content codes (10 and
    up) so that, e.g., a bad date inside a reference file is a
    ReferenceFileError."""
    if code == 0:
        return
    message = ""
    file = None
    line = column = None
    if err is not None and err.code != 0:
        message = err.message.decode("utf-8", "replace")
        file = err.source.decode("utf-8", "replace") or None
        line = int(err.line) or None
        column = int(err.column) or None
    if not message:
        lib = _lib
        desc = None
        if lib is not None and lib.has("yjpi_strerror"):
            desc = text(lib.yjpi_strerror(code))
        message = desc or "error %d" % code
        if context:
            message = "%s: %s" % (context, message)
    if cls is None and content_cls is not None and code >= 10:
        cls = content_cls
    if code == 3 and cls is None and path is not None:
        fname = os.fsdecode(path) if isinstance(path, (str, bytes,
                                                       os.PathLike)) else None
        if fname is not None and fname != "-" and not os.path.exists(fname):
            import errno
            from .errors import MissingFileError
            e = MissingFileError(message, code=code, file=file or fname,
                                 line=line, column=column)
            e.errno = errno.ENOENT
            e.filename = fname
            e.strerror = os.strerror(errno.ENOENT)
            raise e
    raise (cls or error_class(code))(message, code=code, file=file, line=line,
                                     column=column)


def call(fn: Callable[..., int], *args: Any, err: Optional[ErrorStruct] = None,
         cls: Optional[type] = None, context: str = "",
         content_cls: Optional[type] = None) -> None:
    """Calls a status-returning C function and raises on failure."""
    rc = fn(*args)
    if rc != 0:
        raise_for(rc, err, cls, context, content_cls)


def doubles(values: Sequence[float]) -> Any:
    """A C array of doubles from a sequence."""
    arr = (c_double * len(values))()
    for i, v in enumerate(values):
        arr[i] = float(v)
    return arr
