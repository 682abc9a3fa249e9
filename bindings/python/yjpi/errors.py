"""Exceptions raised by the yjpi bindings.

Every failure reported by the C library (a non-zero ``yjpi_code``) becomes an
instance of a subclass of :class:`Error`, carrying the details of the C
``yjpi_error`` struct: ``code``, ``message`` (the complete GNU-style text,
``FILE:LINE:COLUMN: what is wrong``), ``file``, ``line`` and ``column``.
"""

from __future__ import annotations

from typing import Dict, Optional, Type

# Status codes of include/yjpi/common.h (numbered, never renumbered) and the
# lower-case names the bindings use for them (e.g. in
# Counts.rejected_by_kind).
CODE_NAMES: Dict[int, str] = {
    0: "ok",
    1: "nomem",
    2: "argument",
    3: "io",
    4: "state",
    5: "numeric",
    6: "not_found",
    7: "limit",
    8: "version",
    10: "empty_file",
    11: "missing_column",
    12: "duplicate_column",
    13: "ragged_row",
    14: "quote",
    15: "encoding",
    16: "nul_byte",
    17: "too_long",
    20: "empty_field",
    21: "bad_date",
    22: "unknown_outcome",
    23: "outcome_before_offence",
    24: "release_before_outcome",
    25: "birth_after_offence",
    26: "bad_value",
    30: "yaml",
    31: "unknown_key",
    32: "duplicate_key",
    33: "alias",
    34: "tag",
    35: "type",
    36: "nesting",
    37: "missing_key",
    40: "period",
    41: "range",
}

#: Codes by which rejected cohort rows are counted (yjpi_dataset_rejected).
ROW_ERROR_CODES = tuple(c for c in CODE_NAMES if 10 <= c <= 29)


class Error(Exception):
    """Base class of every yjpi error.

    Attributes:
        code: the C status code (``yjpi_code``), 0 for errors raised by the
            bindings themselves.
        code_name: lower-case name of the code (``"bad_date"``).
        message: the complete message (for file errors
            ``FILE:LINE:COLUMN: what is wrong``).
        file: the file or source name the error is about, or None.
        line: 1-based physical line, or None when not applicable.
        column: 1-based column, or None when not applicable.
    """

    def __init__(self, message: str, code: int = 0, file: Optional[str] = None,
                 line: Optional[int] = None, column: Optional[int] = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.code_name = CODE_NAMES.get(code, "unknown")
        self.file = file
        self.line = line
        self.column = column

    def __str__(self) -> str:
        return self.message


class LibraryNotFoundError(Error, ImportError):
    """libyjpi could not be found or loaded."""


class VersionMismatchError(Error, ImportError):
    """The loaded libyjpi has another major.minor version than the package,
    or a struct size does not match (``YJPI_E_VERSION``)."""


class InputError(Error, ValueError):
    """Invalid content of an input: a cohort CSV file, a record added from
    code (codes 10-29), or a period text.  ``file``, ``line`` and ``column``
    locate it."""


class ReferenceFileError(InputError):
    """Invalid reference file (YAML) content: codes 30-37, and a bad date,
    period or outcome code, or an empty file, inside a reference file."""


class PeriodError(InputError):
    """Malformed period text (``yjpi_period_parse``)."""


class ArgumentError(Error, ValueError):
    """An invalid argument (``YJPI_E_ARGUMENT``), also raised by the bindings
    for NULL-ish arguments (None, empty) before reaching C."""


class StateError(Error):
    """A handle in the wrong state: closed, or a dataset not finished
    (``YJPI_E_STATE``)."""


class OutOfMemoryError(Error, MemoryError):
    """An allocation failed inside libyjpi (``YJPI_E_NOMEM``)."""


class FileAccessError(Error, OSError):
    """A file could not be opened or read (``YJPI_E_IO``)."""


class MissingFileError(FileAccessError, FileNotFoundError):
    """A file that does not exist: a FileAccessError that is also a
    FileNotFoundError, with ``errno`` (ENOENT) and ``filename`` set."""


class NotFoundError(Error, LookupError):
    """The looked-up item does not exist (``YJPI_E_NOT_FOUND``)."""


class UnknownAreaError(NotFoundError, KeyError):
    """An area code that is neither in the dataset nor in the reference
    (most likely a typing mistake); also a KeyError."""

    def __str__(self) -> str:
        return self.message


class NumericError(Error, ArithmeticError):
    """A numerical routine failed (``YJPI_E_NUMERIC``)."""


class LimitError(Error):
    """An internal limit was exceeded (``YJPI_E_LIMIT``)."""


class NotAvailableError(Error, NotImplementedError):
    """The loaded libyjpi does not export the function (an older or partial
    build)."""


class ReaderNote(UserWarning):
    """A note of the cohort reader that is not an error (e.g. an unknown
    column ignored), issued with ``warnings.warn`` when a dataset is read;
    the notes are also kept in ``Dataset.notes``.  Silence them with
    ``warnings.simplefilter("ignore", yjpi.ReaderNote)``."""


_BY_CODE: Dict[int, Type[Error]] = {
    1: OutOfMemoryError,
    2: ArgumentError,
    3: FileAccessError,
    4: StateError,
    5: NumericError,
    6: NotFoundError,
    7: LimitError,
    8: VersionMismatchError,
    40: PeriodError,
}


def error_class(code: int) -> Type[Error]:
    """The exception class for a C status code."""
    cls = _BY_CODE.get(code)
    if cls is not None:
        return cls
    if 10 <= code <= 29:
        return InputError
    if 30 <= code <= 39:
        return ReferenceFileError
    return Error


__all__ = [
    "Error", "LibraryNotFoundError", "VersionMismatchError", "InputError",
    "ReferenceFileError", "PeriodError", "ArgumentError", "StateError",
    "OutOfMemoryError", "FileAccessError", "NotFoundError", "NumericError",
    "LimitError", "NotAvailableError", "ReaderNote", "UnknownAreaError",
    "MissingFileError", "CODE_NAMES", "error_class",
]
