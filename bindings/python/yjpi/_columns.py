"""Cohort rows given column by column (DataFrames, lists of dicts) sent to
the library in one call: each column becomes one buffer of NUL-terminated
UTF-8 texts (yjpi_dataset_add_columns), so the cost per row is a few joins
in C, not one ctypes call per record."""

from __future__ import annotations

import datetime
import math
from typing import Any, Dict, Iterable, List, Mapping, Optional, Sequence

from .errors import InputError

#: Cohort columns in the library's order (yjpi_column).
COLUMNS = ("person_id", "birth_date", "area", "offence_date", "outcome_date",
           "outcome", "release_date", "sex", "ethnicity", "offence_type",
           "breach")
REQUIRED = COLUMNS[:6]
_DATES = frozenset(("birth_date", "offence_date", "outcome_date",
                    "release_date"))


def normalise(name: Any) -> str:
    """A column name as the CSV reader matches header names."""
    return str(name).strip(" \t").lower()


def match_columns(names: Sequence[Any], source: str
                  ) -> "tuple[Dict[str, Any], List[str]]":
    """Maps cohort column -> the caller's name; also the unknown names.
    Raises InputError for a duplicate or a missing required column."""
    found: Dict[str, Any] = {}
    unknown: List[str] = []
    for i, name in enumerate(names):
        key = normalise(name)
        if key in found:
            raise InputError("%s:1:%d: duplicate column (column %s)"
                             % (source, i + 1, key), code=12, file=source,
                             line=1, column=i + 1)
        if key in COLUMNS:
            found[key] = name
        else:
            unknown.append(str(name))
    for key in REQUIRED:
        if key not in found:
            raise InputError("%s:1:1: missing required column (column %s)"
                             % (source, key), code=11, file=source, line=1,
                             column=1)
    return found, unknown


def _is_missing(v: Any) -> bool:
    if v is None:
        return True
    if isinstance(v, float):
        return math.isnan(v)
    try:                          # pandas.NA, NaT, numpy.nan
        return bool(v != v) or type(v).__name__ in ("NAType", "NaTType")
    except (TypeError, ValueError):
        return False


def cell(v: Any, key: str) -> str:
    """One value as the cohort file's text."""
    if isinstance(v, str):
        return v
    if _is_missing(v):
        return ""
    if hasattr(v, "item") and not isinstance(v, (datetime.date,)):
        try:
            v = v.item()          # numpy scalars
        except (TypeError, ValueError):
            pass
    if isinstance(v, datetime.datetime):
        return v.date().isoformat()
    if isinstance(v, datetime.date):
        return v.isoformat()
    if isinstance(v, bool):
        return "1" if v else "0"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    if isinstance(v, bytes):
        return v.decode("utf-8", "surrogateescape")
    if key in _DATES and hasattr(v, "isoformat"):
        return str(v.isoformat())[:10]
    return str(v)


def _pandas_texts(series: Any, key: str) -> Optional[List[str]]:
    """Fast conversions of a pandas Series (None: no fast path)."""
    kind = getattr(getattr(series, "dtype", None), "kind", "")
    if kind == "M":               # datetime64 (naive)
        arr = series.to_numpy(dtype="datetime64[D]").astype(str).tolist()
        if series.isna().any():
            arr = ["" if x == "NaT" else x for x in arr]
        return arr                # type: ignore[no-any-return]
    if kind == "b":
        return ["1" if x else "0" for x in series.tolist()]
    if kind in "iu":
        return [str(x) for x in series.tolist()]
    return None


def texts(values: Any, key: str) -> List[str]:
    """The column's values as texts."""
    fast = _pandas_texts(values, key) if hasattr(values, "dtype") else None
    if fast is not None:
        return fast
    lst = values.tolist() if hasattr(values, "tolist") else list(values)
    return [cell(v, key) for v in lst]


def as_list(values: Any, key: str) -> List[Any]:
    """The column's values as a list (texts when a fast conversion
    applies, else as given)."""
    fast = _pandas_texts(values, key) if hasattr(values, "dtype") else None
    if fast is not None:
        return fast
    if hasattr(values, "tolist"):
        return values.tolist()  # type: ignore[no-any-return]
    return list(values)


def joined(lst: List[Any], key: str) -> bytes:
    """The values joined by NUL bytes, UTF-8.  The terminator of the last
    value is the NUL byte every bytes object carries after its end (the
    length given to the library counts it)."""
    try:                          # all str: one join in C
        text = "\0".join(lst)
    except TypeError:
        text = "\0".join([cell(v, key) for v in lst])
    return text.encode("utf-8", "surrogateescape")


def locate_nul(lst: List[Any], key: str, offset: int = 0) -> InputError:
    """The error for a value holding a NUL byte (the library refused the
    column for holding more values than rows)."""
    col = COLUMNS.index(key) + 1
    for i, v in enumerate(lst[offset:], offset):
        if "\0" in cell(v, key):
            return InputError("<columns>:%d:%d: NUL byte in a field (column "
                              "%s)" % (i + 1, col, key), code=16,
                              line=i + 1, column=col)
    return InputError("column %s: values do not match the rows" % key,
                      code=2)


def from_records(records: Iterable[Mapping[str, Any]]
                 ) -> "tuple[Dict[str, List[Any]], int]":
    """Columns of an iterable of dicts (keys matched as header names; a key
    missing from a dict is an empty field)."""
    recs = records if isinstance(records, list) else list(records)
    names: Dict[Any, None] = {}
    first_keys = None
    for rec in recs:
        keys = rec.keys()
        if keys != first_keys:           # usually the same keys each time
            names.update(dict.fromkeys(keys))
            first_keys = keys
    cols: Dict[str, List[Any]] = {}
    for name in names:
        try:
            cols[name] = [rec[name] for rec in recs]
        except KeyError:
            cols[name] = [rec.get(name) for rec in recs]
    return cols, len(recs)
