"""yjpi: youth justice performance indicators (ctypes bindings to libyjpi).

First time entrants, proven reoffending and custody indicators with their
confidence intervals, breakdowns and disproportionality, computed by the C
library libyjpi from a cohort CSV file and a YAML reference file::

    import yjpi
    with yjpi.Reference.load("reference.yaml") as ref, \\
         yjpi.Dataset.from_csv("cohort.csv", reference=ref) as ds:
        for v in ds.compute(periods=["2014/15"], indicators=["fte_rate"]):
            print(v.area, v.period, v.value, v.lower, v.upper)

The shared library is found through the environment variable YJPI_LIBRARY,
then the build trees of the source checkout the package lives in, then the
system (ctypes.util.find_library); its major.minor version must match the
package's (``yjpi.LibraryNotFoundError`` / ``yjpi.VersionMismatchError``).
"""

from __future__ import annotations

from typing import Any, Dict

from ._version import __version__
from .errors import (ArgumentError, Error, FileAccessError, InputError,
                     LibraryNotFoundError, LimitError, MissingFileError, NotAvailableError,
                     NotFoundError, NumericError, OutOfMemoryError,
                     PeriodError, ReaderNote, ReferenceFileError,
                     StateError, UnknownAreaError,
                     VersionMismatchError)
from ._names import BREAKDOWNS, INDICATORS
from .period import Period, PeriodKind, add_months, age
from .reference import Area, Benchmark, Options, Reference, Target
from .dataset import Counts, Dataset, series_periods
from .results import Breakdown, Disparity, ResultList, Value
from .assess import (Assessment, BenchmarkResult, Change, Cohort,
                     CohortMember, Rag, TargetResult, TrendAssessment)
from .stats import (Interval, MeanInterval, TestResult, TrendResult, mean,
                    mean_from_stats, poisson, test_proportions, test_rates,
                    trend_proportions, trend_values, wilson)


def version() -> str:
    """Runtime version of the loaded libyjpi, e.g. "0.1.0" (loads it)."""
    from . import _lib
    raw = _lib.get().yjpi_version()
    return str(raw.decode("ascii")) if raw else ""


def version_number() -> int:
    """Runtime version of the loaded libyjpi as 0xMMmmpp."""
    from . import _lib
    return int(_lib.get().yjpi_version_number())


def library_path() -> str:
    """Path (or name) of the loaded libyjpi (loads it)."""
    from . import _lib
    return _lib.get().path


def load_library(path: str | None = None) -> str:
    """Loads libyjpi from `path` (or by the usual search) and makes it the
    one every yjpi object uses from now on; returns its path.  Objects made
    with the previous library keep using it."""
    from . import _lib
    lib = _lib.load_library(path)
    _lib.set_library(lib)
    return lib.path


def indicator_info(name: str) -> Dict[str, Any]:
    """Measure ('count', 'rate', 'proportion', 'mean') and polarity
    ('lower_is_better', ...) of an indicator."""
    from . import _lib, _names
    lib = _lib.get()
    n = _names.indicator_id(name)
    return {"name": _names.indicator_name(n),
            "measure": _names.MEASURES.get(lib.yjpi_indicator_measure(n)),
            "polarity": _names.POLARITIES.get(lib.yjpi_indicator_polarity(n))}


def strerror(code: int) -> str:
    """Short English description of a yjpi status code."""
    from . import _lib
    return _lib.text(_lib.get().yjpi_strerror(int(code))) or ""


__all__ = [
    "__version__", "version", "version_number", "library_path",
    "load_library", "indicator_info", "strerror", "INDICATORS", "BREAKDOWNS",
    # errors
    "Error", "LibraryNotFoundError", "VersionMismatchError", "InputError",
    "ReferenceFileError", "PeriodError", "ArgumentError", "StateError",
    "OutOfMemoryError", "FileAccessError", "NotFoundError", "NumericError",
    "LimitError", "NotAvailableError", "ReaderNote", "UnknownAreaError",
    "MissingFileError",
    # objects
    "Period", "PeriodKind", "age", "add_months",
    "Reference", "Options", "Area", "Benchmark", "Target",
    "Dataset", "Counts", "series_periods", "Value", "Disparity", "ResultList", "Breakdown",
    "Assessment", "Change", "BenchmarkResult", "TargetResult",
    "TrendAssessment", "Rag", "Cohort", "CohortMember",
    # statistics
    "Interval", "MeanInterval", "TestResult", "TrendResult", "wilson",
    "poisson", "mean", "mean_from_stats", "test_proportions", "test_rates",
    "trend_proportions", "trend_values",
]
