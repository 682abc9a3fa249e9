"""Cohort records and the indicators computed from them
(include/yjpi/dataset.h, include/yjpi/indicators.h)."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime
import os
import sys
import threading
import warnings
from typing import (TYPE_CHECKING, Any, Callable, Dict, List, Optional,
                    Sequence, Set, Tuple, Union)

from . import _lib, _names
from ._handle import OwnedHandle
from ._lib import (DatasetPtr, DisparitiesPtr, DisparityStruct,
                   ReadOptionsStruct, RecordStruct, RequestStruct, ResultsPtr,
                   ValueStruct)
from .errors import (ArgumentError, CODE_NAMES, InputError, NotFoundError,
                     ReaderNote, ROW_ERROR_CODES, UnknownAreaError)
from .period import Period, PeriodLike, date_from_c, is_date_range
from .reference import PathLike, Reference
from .results import Breakdown, Disparity, ResultList, Value, read_values

if TYPE_CHECKING:
    from .assess import Assessment, Cohort

ReferenceLike = Union[Reference, str, "os.PathLike[str]", None]
ProgressFn = Callable[[int, int, int], Any]
IndicatorLike = Union[str, int]

# yjpi_count
_COUNT_FIELDS = (
    ("rows_read", 0), ("kept", 1), ("rejected", 2), ("excluded", 3),
    ("excluded_informal", 4), ("excluded_under_10", 5), ("persons", 6),
    ("areas", 7), ("custody_no_release", 8), ("bytes_read", 9),
)


@dataclasses.dataclass(frozen=True)
class Counts:
    """What the dataset counts, so that nothing is lost silently:
    rows_read = kept + rejected + excluded.  ``rejected_by_kind`` maps error
    names ('bad_date', 'ragged_row', ...) to the number of rows rejected for
    that reason (only non-zero kinds)."""
    rows_read: int
    kept: int
    rejected: int
    excluded: int
    excluded_informal: int
    excluded_under_10: int
    persons: int
    areas: int
    custody_no_release: int
    bytes_read: int
    rejected_by_kind: Dict[str, int]


def _date_text(value: Any, what: str) -> Optional[bytes]:
    if value is None:
        return None
    if isinstance(value, datetime.datetime):
        value = value.date()
    if isinstance(value, datetime.date):
        return value.isoformat().encode("ascii")
    if isinstance(value, str):
        return _lib.enc(value, what)
    raise TypeError("%s must be a datetime.date or str, not %s"
                    % (what, type(value).__name__))


def _text_field(value: Any, what: str) -> Optional[bytes]:
    if value is None:
        return None
    if not isinstance(value, str):
        raise TypeError("%s must be str, not %s" % (what, type(value).__name__))
    return _lib.enc(value, what)


def _breach_text(value: Any) -> Optional[bytes]:
    if value is None:
        return None
    if isinstance(value, bool):
        return b"1" if value else b"0"
    if isinstance(value, int):
        return str(value).encode("ascii")
    if isinstance(value, str):
        return _lib.enc(value, "breach")
    raise TypeError("breach must be bool, int or str")


class _Progress:
    """Adapts a Python progress callable; keeps the C callback alive and
    re-raises its first exception after the read."""

    def __init__(self, fn: Optional[ProgressFn]) -> None:
        self.error: Optional[BaseException] = None
        self.fn = fn
        self.cfn: Any = (_lib.PROGRESS_FN(self._call) if fn
                         else _lib.PROGRESS_FN())  # type: ignore[call-overload]

    def _call(self, done: int, total: int, rows: int, _user: Any) -> None:
        if self.error is not None or self.fn is None:
            return
        try:
            self.fn(int(done), int(total), int(rows))
        except BaseException as e:  # noqa: BLE001 - cannot cross into C
            self.error = e

    def reraise(self) -> None:
        if self.error is not None:
            e, self.error = self.error, None
            raise e


def _threads(threads: int) -> int:
    if isinstance(threads, bool) or not isinstance(threads, int) \
            or not 0 <= threads <= 2**31 - 1:
        raise ArgumentError("threads must be an int >= 0 (0 = the library's "
                            "choice, 1 = the calling thread only)", code=2)
    return threads


def _read_options(lenient: bool, max_messages: int,
                  progress: _Progress, threads: int = 0) -> ReadOptionsStruct:
    if max_messages < 0:
        raise ArgumentError("max_messages must be >= 0", code=2)
    o = ReadOptionsStruct()
    o.threads = _threads(threads)
    o.lenient = 1 if lenient else 0
    o.max_messages = int(max_messages)
    o.progress = progress.cfn
    return o


_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _stacklevel() -> int:
    """warnings.warn stacklevel of the first frame outside the package."""
    f = sys._getframe(1)
    level = 1
    while f is not None and os.path.dirname(
            os.path.abspath(f.f_code.co_filename)) == _PACKAGE_DIR:
        f = f.f_back  # type: ignore[assignment]
        level += 1
    return level


def _as_reference(reference: Any) -> Optional[Reference]:
    """A Reference, None, or a reference file's path (str or os.PathLike:
    loaded with Reference.load)."""
    if reference is None or isinstance(reference, Reference):
        return reference
    if isinstance(reference, (str, os.PathLike)):
        return Reference.load(reference)
    raise TypeError("reference must be a yjpi.Reference or a path, not %s"
                    % type(reference).__name__)


def series_periods(last: PeriodLike, n: int,
                   step_months: int = 0) -> List[Period]:
    """The `n` periods of a series ending with `last`, oldest first
    (yjpi_series_periods)."""
    if isinstance(n, bool) or not isinstance(n, int) or n < 1:
        raise ArgumentError("n must be an int >= 1", code=2)
    if isinstance(step_months, bool) or not isinstance(step_months, int) \
            or step_months < 0:
        raise ArgumentError("step_months must be an int >= 0", code=2)
    ps = Period.of(last)._struct()
    out = (_lib.PeriodStruct * n)()
    _lib.call(_lib.get().yjpi_series_periods, ctypes.byref(ps), n,
              step_months, out, context="cannot make a series ending %s"
              % (last,))
    return [Period._from_struct(p) for p in out]


def _read_again(path: str, lenient: bool, max_messages: int,
                reference: Optional[Reference]) -> "Dataset":
    return Dataset.from_csv(path, reference=reference, lenient=lenient,
                            max_messages=max_messages)


#: Rows per library call when adding a large table column-wise.
_COLUMN_PART = 1 << 15


class _DefaultType:
    def __repr__(self) -> str:
        return "<the dataset's reference>"


#: Default of the `reference` parameters: the dataset's own reference.
_DEFAULT: Any = _DefaultType()


def _as_list(x: Any) -> List[Any]:
    if isinstance(x, (str, bytes, Period, int)) or is_date_range(x):
        return [x]
    return list(x)


class Dataset(OwnedHandle):
    """Cohort records (yjpi_dataset).

    Build it with Dataset.from_csv(), or Dataset(reference=...) then
    read_csv() / add_record() and finish(); query it when finished.  The
    reference given here supplies the outcome map and age basis as records
    are added and, by default, the populations, as_of and options of the
    indicator functions.
    """

    _free_name = "yjpi_dataset_free"
    _kind = "dataset"
    _source: Optional[Tuple[str, bool, int]] = None   # from_csv's file

    def __init__(self, reference: ReferenceLike = None) -> None:
        """An empty dataset to fill with read_csv() / add_record()."""
        lib = _lib.get()
        reference = _as_reference(reference)
        out = DatasetPtr()
        _lib.call(lib.yjpi_dataset_new,
                  reference._handle() if reference is not None else None,
                  ctypes.byref(out), context="yjpi_dataset_new")
        super().__init__(out, lib)
        self._reference = reference
        self._finished = False
        self._records_added = 0

    @classmethod
    def from_csv(cls, path: PathLike, reference: ReferenceLike = None,
                 lenient: bool = False, max_messages: int = 100,
                 progress: Optional[ProgressFn] = None,
                 threads: int = 0) -> "Dataset":
        """Reads a cohort CSV file into a new, finished dataset.

        Args:
            path: the file ("-" reads standard input).
            reference: outcome map, age basis, and the default reference of
                the indicator functions.
            lenient: skip bad rows (counted by kind; the first
                `max_messages` messages kept in .messages) instead of
                stopping at the first error.
            progress: called now and then with (bytes, total_bytes, rows).
            threads: threads the reader may use (0 = the library's choice,
                1 = the calling thread only); the result is the same.

        Raises:
            InputError: (strict mode) the first bad row, with file, line,
                column; in either mode a header problem.
            FileAccessError: the file cannot be read.
        """
        ds = cls(reference=reference)
        try:
            ds.read_csv(path, lenient=lenient, max_messages=max_messages,
                        progress=progress, threads=threads)
            ds.finish()
        except BaseException:
            ds.close()
            raise
        if path != "-":
            ds._source = (os.path.abspath(os.fsdecode(path)), lenient,
                          max_messages)
        return ds

    @classmethod
    def from_csv_text(cls, data: Union[str, bytes], source: str = "<csv>",
                      reference: ReferenceLike = None,
                      lenient: bool = False,
                      max_messages: int = 100) -> "Dataset":
        """As from_csv() from CSV text in memory; `source` names it in
        messages."""
        ds = cls(reference=reference)
        try:
            ds.read_csv_text(data, source=source, lenient=lenient,
                             max_messages=max_messages)
            ds.finish()
        except BaseException:
            ds.close()
            raise
        return ds

    @classmethod
    def from_pandas(cls, df: Any, reference: ReferenceLike = None,
                    lenient: bool = False, max_messages: int = 100,
                    source: str = "<DataFrame>") -> "Dataset":
        """A finished dataset from a pandas.DataFrame with the cohort file's
        columns (matched by name as the CSV header is: case and surrounding
        spaces ignored; unknown columns ignored with a ReaderNote).  Dates
        may be text "YYYY-MM-DD", datetime64 columns or datetime.date;
        missing values (None, NaN, NaT) are empty fields; breach may be
        bool or 0/1.  Every row is validated as a CSV row; errors read
        "SOURCE:ROW:COLUMN: ...", ROW the 1-based row position in the frame
        and COLUMN the column's position in the cohort file's order.  The
        rows go to the library column by column in one call.

        Large frames go to the library in parts of 32,768 rows, the next
        part prepared while the library validates the previous one.

        Raises:
            InputError: (strict mode) the first bad row; a missing required
                or duplicate column; in either mode a value holding a NUL
                character (code nul_byte).
        """
        cols = {name: df[name] for name in df.columns}
        return cls._from_columns(cols, len(df), reference, lenient,
                                 max_messages, source)

    @classmethod
    def from_records(cls, records: Any, reference: ReferenceLike = None,
                     lenient: bool = False, max_messages: int = 100,
                     source: str = "<records>") -> "Dataset":
        """As from_pandas() from an iterable of dicts (one per row; a key
        missing from a dict is an empty field)."""
        from ._columns import from_records
        cols, n = from_records(records)
        return cls._from_columns(cols, n, reference, lenient, max_messages,
                                 source)

    @classmethod
    def _from_columns(cls, cols: Dict[Any, Any], n: int,
                      reference: ReferenceLike, lenient: bool,
                      max_messages: int, source: str) -> "Dataset":
        ds = cls(reference=reference)
        try:
            ds.add_columns(cols, n, source=source, lenient=lenient,
                           max_messages=max_messages)
            ds.finish()
        except BaseException:
            ds.close()
            raise
        return ds

    def add_columns(self, columns: Dict[Any, Any], n_rows: Optional[int] = None,
                    source: str = "<columns>", lenient: bool = False,
                    max_messages: int = 100) -> None:
        """Adds rows given as columns (name -> sequence or Series of
        equal length) to this unfinished dataset, validated as CSV rows;
        see from_pandas()."""
        from . import _columns
        h = self._handle()
        if n_rows is None:
            lens = {len(v) for v in columns.values()}
            if len(lens) > 1:
                raise ArgumentError("columns of different lengths", code=2)
            n_rows = lens.pop() if lens else 0
        found, unknown = _columns.match_columns(list(columns), source)
        level = _stacklevel()
        for name in unknown:
            warnings.warn("%s: note: unknown column %r ignored"
                          % (source, name), ReaderNote, stacklevel=level)
        prog = _Progress(None)
        opts = _read_options(lenient, max_messages, prog)
        src = _lib.enc(source, "source")
        lists = {key: _columns.as_list(columns[found[key]], key)
                 for key in found}
        for key, lst in lists.items():
            if len(lst) != n_rows:
                raise ArgumentError("column %s has %d values, not %d"
                                    % (key, len(lst), n_rows), code=2)
        lib = self._lib
        ncol = len(_columns.COLUMNS)

        def part(start: int, end: int) -> Tuple[Any, List[bytes]]:
            arr = (_lib.ColumnTextStruct * ncol)()
            keep = []
            for i, key in enumerate(_columns.COLUMNS):
                if key in lists:
                    data = _columns.joined(lists[key][start:end], key)
                    keep.append(data)
                    arr[i].data = data
                    # + 1: the NUL after the end of every bytes object
                    arr[i].length = len(data) + 1 if end > start else 0
            return arr, keep

        def add(start: int, end: int, arr: Any, out: List[Any]) -> None:
            err = _lib.ErrorStruct()
            rc = lib.yjpi_dataset_add_columns(h, end - start, arr, ncol,
                                              start, src, ctypes.byref(opts),
                                              ctypes.byref(err))
            out.extend((rc, err, start))

        # Large tables go in parts: the next part's buffers are built here
        # while the library validates the previous part on a helper thread
        # (ctypes releases the GIL), one library call at a time.
        step = max(n_rows, 1) if n_rows <= _COLUMN_PART else _COLUMN_PART
        worker: Optional[threading.Thread] = None
        result: List[Any] = []
        try:
            for start in range(0, max(n_rows, 1), step):
                end = min(start + step, n_rows)
                arr, keep = part(start, end)
                if worker is not None:
                    worker.join()
                    worker = None
                    if result[0] != 0:
                        break
                result = []
                if end - start == n_rows:
                    add(start, end, arr, result)
                else:
                    worker = threading.Thread(target=add,
                                              args=(start, end, arr, result))
                    worker._yjpi_keep = keep  # type: ignore[attr-defined]
                    worker.start()
        finally:
            if worker is not None:
                worker.join()
        rc, err, start = result
        if rc == 2 and err.line == 0 and err.column:
            # a column with more values than rows: a NUL inside a value
            key = _columns.COLUMNS[err.column - 1]
            e = _columns.locate_nul(lists[key], key, start)
            raise InputError(e.message.replace("<columns>", source, 1),
                             code=e.code, file=source, line=e.line,
                             column=e.column)
        _lib.raise_for(rc, err)

    @property
    def reference(self) -> Optional[Reference]:
        """The reference given at creation (may have been closed since)."""
        return self._reference

    @property
    def finished(self) -> bool:
        """True after finish()."""
        self._handle()
        return self._finished

    # ---- building ------------------------------------------------------------
    def read_csv(self, path: PathLike, lenient: bool = False,
                 max_messages: int = 100,
                 progress: Optional[ProgressFn] = None,
                 threads: int = 0) -> None:
        """Reads a cohort CSV file into this (unfinished) dataset; raises as
        from_csv().  In strict mode the rows before the error stay in the
        dataset and are counted."""
        h = self._handle()
        prog = _Progress(progress)
        opts = _read_options(lenient, max_messages, prog, threads)
        err = _lib.ErrorStruct()
        before = self._lib.yjpi_dataset_note_count(h)
        rc = self._lib.yjpi_dataset_read_csv(h, _lib.enc(path, "path"),
                                             ctypes.byref(opts),
                                             ctypes.byref(err))
        self._warn_notes(h, before)
        prog.reraise()
        _lib.raise_for(rc, err, path=path)

    def read_csv_text(self, data: Union[str, bytes], source: str = "<csv>",
                      lenient: bool = False, max_messages: int = 100) -> None:
        """As read_csv() from CSV text in memory."""
        h = self._handle()
        if data is None:
            raise ArgumentError("CSV data must not be None", code=2)
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        prog = _Progress(None)
        opts = _read_options(lenient, max_messages, prog)
        err = _lib.ErrorStruct()
        before = self._lib.yjpi_dataset_note_count(h)
        rc = self._lib.yjpi_dataset_read_csv_buffer(
            h, raw, len(raw), _lib.enc(source, "source"), ctypes.byref(opts),
            ctypes.byref(err))
        self._warn_notes(h, before)
        _lib.raise_for(rc, err)

    def _warn_notes(self, h: Any, before: int) -> None:
        """Issues the notes added since there were `before` as ReaderNote
        warnings (a read that started afresh may have cleared older ones)."""
        n = self._lib.yjpi_dataset_note_count(h)
        if n < before:
            before = 0
        level = _stacklevel()
        for i in range(before, n):
            note = _lib.text(self._lib.yjpi_dataset_note(h, i)) or ""
            warnings.warn(note, ReaderNote, stacklevel=level)

    def add_record(self, person_id: str, birth_date: Union[str, datetime.date],
                   area: str, offence_date: Union[str, datetime.date],
                   outcome_date: Union[str, datetime.date], outcome: str,
                   release_date: Union[str, datetime.date, None] = None,
                   sex: Optional[str] = None, ethnicity: Optional[str] = None,
                   offence_type: Optional[str] = None,
                   breach: Union[bool, int, str, None] = None) -> None:
        """Adds one record with the CSV reader's validation.  Dates are
        datetime.date or "YYYY-MM-DD"; None means an empty field.

        Raises:
            InputError: an invalid field (the record is counted as rejected);
                its message reads "<record>:N:C: ...", N the number of this
                call and C the field number.
            StateError: the dataset is finished or closed.
        """
        h = self._handle()
        r = RecordStruct()
        r.person_id = _text_field(person_id, "person_id")
        r.birth_date = _date_text(birth_date, "birth_date")
        r.area = _text_field(area, "area")
        r.offence_date = _date_text(offence_date, "offence_date")
        r.outcome_date = _date_text(outcome_date, "outcome_date")
        r.outcome = _text_field(outcome, "outcome")
        r.release_date = _date_text(release_date, "release_date")
        r.sex = _text_field(sex, "sex")
        r.ethnicity = _text_field(ethnicity, "ethnicity")
        r.offence_type = _text_field(offence_type, "offence_type")
        r.breach = _breach_text(breach)
        err = _lib.ErrorStruct()
        rc = self._lib.yjpi_dataset_add_record(h, ctypes.byref(r),
                                               ctypes.byref(err))
        _lib.raise_for(rc, err)

    def finish(self) -> "Dataset":
        """Sorts and indexes the records; the dataset becomes read-only and
        can be queried.  Idempotent.  Returns self."""
        _lib.call(self._lib.yjpi_dataset_finish, self._handle(),
                  context="yjpi_dataset_finish")
        self._finished = True
        return self

    # ---- what was read -----------------------------------------------------------
    @property
    def counts(self) -> Counts:
        """Rows read, kept, rejected (by kind), excluded, persons, ..."""
        h = self._handle()
        c = self._lib.yjpi_dataset_count
        vals = {name: int(c(h, what)) for name, what in _COUNT_FIELDS}
        by_kind = {}
        for code in ROW_ERROR_CODES:
            n = int(self._lib.yjpi_dataset_rejected(h, code))
            if n:
                by_kind[CODE_NAMES[code]] = n
        return Counts(rejected_by_kind=by_kind, **vals)

    @property
    def messages(self) -> List[str]:
        """Messages kept in lenient mode ("FILE:LINE:COLUMN: ..."), in order."""
        h = self._handle()
        n = self._lib.yjpi_dataset_message_count(h)
        return [_lib.text(self._lib.yjpi_dataset_message(h, i)) or ""
                for i in range(n)]

    @property
    def notes(self) -> List[str]:
        """The reader's notes ("FILE:LINE:COLUMN: note: ..."), such as
        unknown columns ignored; each was also issued as a yjpi.ReaderNote
        warning when the dataset was read."""
        h = self._handle()
        n = self._lib.yjpi_dataset_note_count(h)
        return [_lib.text(self._lib.yjpi_dataset_note(h, i)) or ""
                for i in range(n)]

    @property
    def areas(self) -> List[str]:
        """Area codes present among kept rows, sorted by code."""
        h = self._handle()
        n = int(self._lib.yjpi_dataset_count(h, 7))
        out = []
        for i in range(n):
            a = _lib.text(self._lib.yjpi_dataset_area(h, i))
            if a is None:
                break
            out.append(a)
        return out

    @property
    def first_outcome(self) -> Optional[datetime.date]:
        """Earliest outcome_date among kept rows (None if none)."""
        return date_from_c(self._lib.yjpi_dataset_first_outcome(self._handle()))

    @property
    def last_outcome(self) -> Optional[datetime.date]:
        """Latest outcome_date among kept rows (None if none)."""
        return date_from_c(self._lib.yjpi_dataset_last_outcome(self._handle()))

    # ---- indicators ------------------------------------------------------------
    def _ref_handle(self, reference: Any) -> Tuple[Any, Optional[Reference]]:
        ref = (self._reference if reference is _DEFAULT
               else _as_reference(reference))
        if ref is None:
            return None, None
        if not isinstance(ref, Reference):
            raise TypeError("reference must be a yjpi.Reference, not %s"
                            % type(ref).__name__)
        return ref._handle(), ref

    def _known_areas(self) -> Set[str]:
        """Area codes of the kept rows (cached once finished)."""
        cached = getattr(self, "_area_cache", None)
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        areas = set(self.areas)
        if self._finished:
            self._area_cache = areas
        return areas

    def _check_areas(self, codes: Sequence[Any], ref: Optional[Reference]
                     ) -> None:
        """Raises UnknownAreaError for a code in neither the data nor the
        reference ("*" is every area)."""
        todo = [c for c in codes if c != "*" and c != b"*"]
        if not todo:
            return
        known = self._known_areas()
        ref_areas: Optional[Set[str]] = None
        for c in todo:
            code = c.decode("utf-8", "replace") if isinstance(c, bytes) else c
            if code in known:
                continue
            if ref_areas is None:
                ref_areas = set(ref.areas) if ref is not None else set()
            if code in ref_areas:
                continue
            import difflib
            close = difflib.get_close_matches(code, sorted(known | ref_areas),
                                              n=1, cutoff=0.5)
            raise UnknownAreaError(
                "unknown area %r: not in the dataset nor in the reference%s"
                % (code, " (did you mean %r?)" % close[0] if close else ""),
                code=6)

    def compute(self, periods: Union[PeriodLike, Sequence[PeriodLike]],
                indicators: Optional[Union[IndicatorLike,
                                           Sequence[IndicatorLike]]] = None,
                areas: Optional[Union[str, Sequence[str]]] = None,
                breakdown: Optional[str] = None,
                confidence: Optional[float] = None,
                reference: Any = _DEFAULT, threads: int = 0) -> "ResultList[Value]":
        """Computes indicators in one pass over the dataset.

        Args:
            periods: one period or a list (Period or text such as "2014/15").
            indicators: names ("fte_rate") or numbers; None = all.
            areas: area codes, "*" = all areas together; None = each area in
                the data, then "*".
            breakdown: None, 'sex', 'age', 'age_band', 'ethnicity',
                'offence_type' or 'area' (adds one Value per group after each
                total).
            confidence: interval level (None: the reference's, 0.95 by
                default).
            reference: populations, as_of and options; default the
                dataset's reference (pass None for none).
            threads: threads the computation may use (0 = the library's
                choice, 1 = the calling thread only); results are identical.

        Returns:
            a ResultList of Value, ordered by indicator, area, period, group.

        Raises:
            StateError: the dataset is not finished (or is closed).
            ArgumentError: bad arguments (e.g. no periods).
        """
        return self._compute(periods, indicators, areas, breakdown,
                             confidence, reference, threads)

    def _compute(self, periods: Any, indicators: Any, areas: Any,
                 breakdown: Any, confidence: Optional[float],
                 reference: Any, threads: int = 0) -> "ResultList[Value]":
        h = self._handle()
        ref_h, ref = self._ref_handle(reference)
        plist = [Period.of(p) for p in _as_list(periods)]
        if not plist:
            raise ArgumentError("compute() needs at least one period", code=2)
        req = RequestStruct()
        req.threads = _threads(threads)
        pers = (_lib.PeriodStruct * len(plist))(*[p._struct() for p in plist])
        req.periods = pers
        req.n_periods = len(plist)
        ind_arr = None
        if indicators is not None:
            ids = [_names.indicator_id(i) for i in _as_list(indicators)]
            if not ids:
                raise ArgumentError("indicators is empty (None = all)", code=2)
            ind_arr = (ctypes.c_int * len(ids))(*ids)
            req.indicators = ind_arr
            req.n_indicators = len(ids)
        area_arr = None
        if areas is not None:
            codes = [_lib.enc(a, "area") for a in _as_list(areas)]
            if not codes:
                raise ArgumentError("areas is empty (None = all)", code=2)
            self._check_areas(codes, ref)
            area_arr = (ctypes.c_char_p * len(codes))(*codes)
            req.areas = area_arr
            req.n_areas = len(codes)
        req.breakdown = _names.breakdown_id(breakdown)
        if confidence is not None:
            if not 0.0 < float(confidence) < 1.0:
                raise ArgumentError("confidence must be in (0, 1)", code=2)
            req.confidence = float(confidence)
        out = ResultsPtr()
        err = _lib.ErrorStruct()
        _lib.call(self._lib.yjpi_compute, h, ref_h, ctypes.byref(req),
                  ctypes.byref(out), ctypes.byref(err), err=err)
        texts = {p._key(): str(p) for p in plist}
        try:
            values, cols = read_values(self._lib, out, texts)
        finally:
            self._lib.yjpi_results_free(out)
        del ind_arr, area_arr, pers
        rs: ResultList[Value] = ResultList(values, sources=(self, ref),
                                           kind=Value)
        rs._columns = cols
        rs._column_items = tuple(values)
        return rs

    def compute_series(self, last: PeriodLike, n: int, step_months: int = 0,
                       indicators: Optional[Union[IndicatorLike,
                                                  Sequence[IndicatorLike]]] = None,
                       areas: Optional[Union[str, Sequence[str]]] = None,
                       breakdown: Optional[str] = None,
                       confidence: Optional[float] = None,
                       reference: Any = _DEFAULT,
                       threads: int = 0) -> "ResultList[Value]":
        """A series of `n` periods ending with `last`, in one computation
        (yjpi_compute_series): each period `step_months` earlier than the
        next (0 = the period's own length: consecutive periods; 3 or 1 with
        "12m to ..." gives rolling windows stepping by a quarter or a
        month).  Other arguments as compute().

        Raises:
            ArgumentError: n < 1, step_months < 0, or a period that cannot
                be shifted."""
        periods = series_periods(last, n, step_months)
        return self._compute(periods, indicators, areas, breakdown,
                             confidence, reference, threads)

    def plot(self, indicator: IndicatorLike, last: PeriodLike,
             area: str = "*", n: Optional[int] = None, ax: Any = None,
             reference: Any = None) -> Any:
        """The chart of ``yjpi-report --chart`` (plot.plot_chart): the last
        `n` periods ending with `last` with their intervals, benchmark
        series and target.  Needs matplotlib; returns the Axes."""
        from . import plot
        return plot.plot_chart(self, _names.indicator_name(
            _names.indicator_id(indicator)), last, area=area, n=n, ax=ax,
            reference=reference)

    def indicator(self, name: IndicatorLike, period: PeriodLike,
                  area: str = "*", confidence: Optional[float] = None,
                  reference: Any = _DEFAULT) -> Value:
        """One indicator for one area ("*" = all) and period (total row)."""
        rs = self._compute(period, [name], [area], None, confidence,
                           reference)
        for v in rs:
            if isinstance(v, Value) and v.group is None:
                return v
        raise NotFoundError("no value for %s %s %s" % (name, area, period),
                            code=6)

    def breakdown(self, name: IndicatorLike, period: PeriodLike,
                  area: str = "*", by: str = "sex",
                  confidence: Optional[float] = None,
                  reference: Any = _DEFAULT) -> Breakdown:
        """One indicator broken down by a dimension ('sex', 'age',
        'age_band', 'ethnicity', 'offence_type', 'area'): a dict group ->
        Value (groups with a non-zero base, in byte order of their labels)
        with the total in ``.total``."""
        if _names.breakdown_id(by) == 0:
            raise ArgumentError("breakdown needs a dimension", code=2)
        rs = self._compute(period, [name], [area], by, confidence,
                           reference)
        total = None
        groups: Dict[Optional[str], Value] = {}
        for v in rs:
            if v.group is None:
                total = v
            else:
                groups[v.group] = v
        return Breakdown(groups, total, sources=rs.sources)

    def disproportionality(self, name: IndicatorLike, period: PeriodLike,
                           area: str = "*",
                           reference: Any = _DEFAULT
                           ) -> "ResultList[Disparity]":
        """Disproportionality by ethnic group of a person-count indicator
        for an area and period: a ResultList of Disparity."""
        h = self._handle()
        ref_h, ref = self._ref_handle(reference)
        self._check_areas([area], ref)
        p = Period.of(period)
        ps = p._struct()
        ind = _names.indicator_id(name)
        out = DisparitiesPtr()
        err = _lib.ErrorStruct()
        _lib.call(self._lib.yjpi_disproportionality, h, ref_h, ind,
                  _lib.enc(area, "area"), ctypes.byref(ps), ctypes.byref(out),
                  ctypes.byref(err), err=err)
        items = []
        try:
            d = DisparityStruct()
            for i in range(self._lib.yjpi_disparities_count(out)):
                d.size = ctypes.sizeof(DisparityStruct)
                _lib.call(self._lib.yjpi_disparities_get, out, i,
                          ctypes.byref(d))
                items.append(Disparity._from_struct(
                    d, _names.indicator_name(ind), area, str(p)))
        finally:
            self._lib.yjpi_disparities_free(out)
        return ResultList(items, sources=(self, ref), kind=Disparity)

    # ---- assessment and cohorts ----------------------------------------------
    def _assess_options(self, rag_benchmark: Optional[str],
                        confidence: Optional[float],
                        significance: Optional[float],
                        trend_significance: Optional[float],
                        trend_points: Optional[int]) -> Any:
        o = _lib.AssessOptionsStruct()
        o.rag_benchmark = _lib.enc(rag_benchmark, "rag_benchmark",
                                   allow_none=True)
        o.confidence = float(confidence or 0)
        o.significance = float(significance or 0)
        o.trend_significance = float(trend_significance or 0)
        o.trend_points = int(trend_points or 0)
        return o

    def assess(self, name: IndicatorLike, period: PeriodLike,
               area: str = "*", rag_benchmark: Optional[str] = None,
               confidence: Optional[float] = None,
               significance: Optional[float] = None,
               trend_significance: Optional[float] = None,
               trend_points: Optional[int] = None,
               reference: Any = _DEFAULT) -> "Assessment":
        """Assesses one indicator for one area in one period: the value,
        changes on the previous period and a year earlier (with
        significance), benchmarks, targets, recent trend and RAG, from one
        computation.  None for an option means the reference's."""
        from .assess import Assessment
        h = self._handle()
        ref_h, ref = self._ref_handle(reference)
        self._check_areas([area], ref)
        ps = Period.of(period)._struct()
        opts = self._assess_options(rag_benchmark, confidence, significance,
                                    trend_significance, trend_points)
        out = _lib.AssessmentPtr()
        err = _lib.ErrorStruct()
        _lib.call(self._lib.yjpi_assess, h, ref_h, _names.indicator_id(name),
                  _lib.enc(area, "area"), ctypes.byref(ps),
                  ctypes.byref(opts), ctypes.byref(out), ctypes.byref(err),
                  err=err)
        try:
            return Assessment._read(self._lib, out)
        finally:
            self._lib.yjpi_assessment_free(out)

    def assess_areas(self, name: IndicatorLike, period: PeriodLike,
                     areas: Optional[Sequence[str]] = None,
                     reference: Any = _DEFAULT, **options: Any
                     ) -> "ResultList[Assessment]":
        """As assess() for many areas (None: every area, then "*") from one
        computation: a ResultList of Assessment."""
        from .assess import Assessment
        h = self._handle()
        ref_h, ref = self._ref_handle(reference)
        ps = Period.of(period)._struct()
        opts = self._assess_options(options.pop("rag_benchmark", None),
                                    options.pop("confidence", None),
                                    options.pop("significance", None),
                                    options.pop("trend_significance", None),
                                    options.pop("trend_points", None))
        if options:
            raise TypeError("unknown options: %s" % ", ".join(options))
        arr = None
        n = 0
        if areas is not None:
            codes = [_lib.enc(a, "area") for a in _as_list(areas)]
            self._check_areas(codes, ref)
            n = len(codes)
            arr = (ctypes.c_char_p * max(n, 1))(*codes)
        out = _lib.AssessmentsPtr()
        err = _lib.ErrorStruct()
        _lib.call(self._lib.yjpi_assess_areas, h, ref_h,
                  _names.indicator_id(name), arr, n, ctypes.byref(ps),
                  ctypes.byref(opts), ctypes.byref(out), ctypes.byref(err),
                  err=err)
        try:
            items = [Assessment._read(self._lib,
                                      self._lib.yjpi_assessments_get(out, i))
                     for i in range(self._lib.yjpi_assessments_count(out))]
        finally:
            self._lib.yjpi_assessments_free(out)
        return ResultList(items, sources=(self, ref), kind=Assessment)

    def cohort(self, period: PeriodLike, area: str = "*",
               reference: Any = _DEFAULT) -> "Cohort":
        """The members of the reoffending cohort for a period and area
        (the live tracker), with the totals they add up to."""
        from .assess import Cohort, CohortMember, _period_text
        h = self._handle()
        ref_h, ref = self._ref_handle(reference)
        self._check_areas([area], ref)
        ps = Period.of(period)._struct()
        out = _lib.CohortPtr()
        err = _lib.ErrorStruct()
        lib = self._lib
        _lib.call(lib.yjpi_cohort_build, h, ref_h, _lib.enc(area, "area"),
                  ctypes.byref(ps), ctypes.byref(out), ctypes.byref(err),
                  err=err)
        try:
            members = []
            m = _lib.CohortMemberStruct()
            for i in range(lib.yjpi_cohort_member_count(out)):
                m.size = ctypes.sizeof(m)
                _lib.call(lib.yjpi_cohort_get, out, i, ctypes.byref(m))
                members.append(CohortMember._from_struct(m))
            c = lib.yjpi_cohort_count
            return Cohort(
                area=_lib.text(lib.yjpi_cohort_area(out)) or area,
                period=_period_text(lib.yjpi_cohort_period(out)) or "",
                as_of=date_from_c(lib.yjpi_cohort_as_of(out)),
                provisional=bool(lib.yjpi_cohort_provisional(out)),
                size=int(c(out, 0)), reoffenders=int(c(out, 1)),
                reoffences=int(c(out, 2)), provisional_members=int(c(out, 3)),
                custody_no_release=int(c(out, 4)), subcohorts=int(c(out, 5)),
                members=members)
        finally:
            lib.yjpi_cohort_free(out)

    def __reduce__(self) -> Any:
        """A dataset read with Dataset.from_csv(path) pickles as the path,
        its reading options and its reference (the file is read again when
        unpickled, so it must still be there, unchanged); any other
        refuses with TypeError."""
        src = getattr(self, "_source", None)
        if self.closed or src is None:
            raise TypeError(
                "cannot pickle this yjpi.Dataset: only one read with "
                "Dataset.from_csv(path) can be pickled (it is read again "
                "from the file); pickle the path and reference instead")
        return (_read_again, src + (self._reference,))

    def _repr_html_(self) -> str:
        """What was read: rows read, kept, rejected (by kind), excluded,
        persons, areas."""
        from . import _html
        if self.closed:
            return "<p>yjpi.Dataset (closed)</p>"
        c = self.counts
        rows = [[_html.cell(k), _html.cell(getattr(c, k))] for k in (
            "rows_read", "kept", "rejected", "excluded", "persons", "areas",
            "custody_no_release")]
        for kind, n in sorted(c.rejected_by_kind.items()):
            rows.append([_html.cell("rejected: " + kind), _html.cell(n)])
        return _html.table(["", ""], rows, len(rows), caption="yjpi.Dataset"
                           + ("" if self._finished else " (not finished)"))

    def __repr__(self) -> str:
        if self.closed:
            return "<yjpi.Dataset closed>"
        c = self.counts
        return "<yjpi.Dataset %d rows kept, %d areas%s>" % (
            c.kept, c.areas, "" if self._finished else ", not finished")


__all__ = ["Dataset", "Counts", "series_periods"]
