"""Civil dates and named periods (include/yjpi/date.h)."""

from __future__ import annotations

import ctypes
import re
import datetime
import enum
from typing import Any, Optional, Tuple, Union

from . import _lib
from ._lib import PeriodStruct
from .errors import ArgumentError, InputError, PeriodError

_EPOCH_ORDINAL = datetime.date(1970, 1, 1).toordinal()

DateLike = Union[str, datetime.date]


def date_to_c(d: datetime.date) -> int:
    """A datetime.date as a yjpi_date (days since 1970-01-01)."""
    if isinstance(d, datetime.datetime):
        d = d.date()
    return d.toordinal() - _EPOCH_ORDINAL


def date_from_c(n: int) -> Optional[datetime.date]:
    """A yjpi_date as a datetime.date (None for YJPI_NO_DATE)."""
    if n == _lib.NO_DATE:
        return None
    return datetime.date.fromordinal(n + _EPOCH_ORDINAL)


def parse_date(value: DateLike, what: str = "date") -> datetime.date:
    """A datetime.date from a date or "YYYY-MM-DD" (the library's parser)."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    if not isinstance(value, str):
        raise TypeError("%s must be a datetime.date or str, not %s"
                        % (what, type(value).__name__))
    lib = _lib.get()
    raw = value.encode("utf-8")
    out = ctypes.c_int32()
    rc = lib.yjpi_date_parse(raw, len(raw), ctypes.byref(out))
    if rc != 0:
        raise InputError("%s: invalid date %r (expected YYYY-MM-DD, a "
                         "calendar date)" % (what, value), code=rc)
    d = date_from_c(out.value)
    assert d is not None
    return d


def age(birth: DateLike, on: DateLike) -> int:
    """Whole years completed on `on` by a person born on `birth` (a 29
    February birthday falls on 1 March in non-leap years); -1 when `on` is
    before the birth."""
    lib = _lib.get()
    return int(lib.yjpi_age(date_to_c(parse_date(birth, "birth")),
                            date_to_c(parse_date(on, "on"))))


def add_months(d: DateLike, n: int) -> datetime.date:
    """`d` plus `n` months, the day clamped to the target month's last day
    (2014-08-31 + 6 months = 2015-02-28)."""
    lib = _lib.get()
    r = date_from_c(lib.yjpi_date_add_months(date_to_c(parse_date(d)), int(n)))
    assert r is not None
    return r


class PeriodKind(enum.IntEnum):
    """yjpi_period_kind."""
    FINANCIAL_YEAR = 1
    FINANCIAL_QUARTER = 2
    YEAR = 3
    QUARTER = 4
    MONTH = 5
    ROLLING_12 = 6
    RANGE = 7


class Period:
    """A named period: a half-open date range [start, end) and the kind of
    name it has (financial year "2013/14", its quarter "2013/14 Q1", calendar
    year "2013", quarter "2013 Q1", month "2013-04", rolling "12m to 2014-03",
    explicit range "2013-04-01..2014-03-31").

    Immutable and hashable; ``str(p)`` gives the canonical text, and
    ``Period.parse(str(p)) == p``.
    """

    __slots__ = ("_kind", "_start", "_end")
    _kind: int
    _start: int
    _end: int

    def __init__(self, kind: int, start: int, end: int) -> None:
        """From raw C values (kind, start and end as day numbers); use
        Period.parse() or Period.between() instead."""
        object.__setattr__(self, "_kind", int(kind))
        object.__setattr__(self, "_start", int(start))
        object.__setattr__(self, "_end", int(end))

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError("Period is immutable")

    # ---- construction -------------------------------------------------
    @classmethod
    def parse(cls, text: str) -> "Period":
        """Parses any named period form (surrounding spaces ignored).

        Raises:
            PeriodError: malformed text, or an impossible date inside it.
            ArgumentError: text is None.
        """
        if text is None:
            raise ArgumentError("period text must not be None", code=2)
        if not isinstance(text, str):
            raise TypeError("period text must be str, not %s"
                            % type(text).__name__)
        lib = _lib.get()
        raw = _lib.enc(text, "period text")
        out = PeriodStruct()
        err = _lib.ErrorStruct()
        rc = lib.yjpi_period_parse(raw, ctypes.byref(out), ctypes.byref(err))
        if rc != 0:
            hint = _hint(text)
            if hint and rc != 2:
                err.message = (err.message.decode("utf-8", "replace")
                               + hint).encode("utf-8")[
                                   :_lib.ERROR_MESSAGE_SIZE - 1]
            _lib.raise_for(rc, err, cls=ArgumentError if rc == 2 else
                           PeriodError)
        return cls._from_struct(out)

    @classmethod
    def between(cls, first: DateLike, last: DateLike) -> "Period":
        """An explicit range from `first` to `last`, both inclusive."""
        a, b = parse_date(first, "first"), parse_date(last, "last")
        return cls.parse("%s..%s" % (a.isoformat(), b.isoformat()))

    @classmethod
    def of(cls, value: "PeriodLike") -> "Period":
        """`value` itself when a Period; a (first, last) pair of dates (both
        inclusive) as Period.between(first, last); else Period.parse(value)."""
        if isinstance(value, Period):
            return value
        if isinstance(value, tuple):
            if not is_date_range(value):
                raise TypeError("a period pair must be two datetime.date")
            return cls.between(value[0], value[1])
        return cls.parse(value)

    @classmethod
    def _from_struct(cls, s: PeriodStruct) -> "Period":
        return cls(s.kind, s.start, s.end)

    def _struct(self) -> PeriodStruct:
        return PeriodStruct(self._kind, self._start, self._end)

    # ---- properties ----------------------------------------------------
    @property
    def kind(self) -> PeriodKind:
        """The kind of name (PeriodKind)."""
        return PeriodKind(self._kind)

    @property
    def start(self) -> datetime.date:
        """First day."""
        d = date_from_c(self._start)
        assert d is not None
        return d

    @property
    def end(self) -> datetime.date:
        """The day after the last day (the range is half-open)."""
        d = date_from_c(self._end)
        assert d is not None
        return d

    @property
    def last_day(self) -> datetime.date:
        """Last day (inclusive)."""
        return self.end - datetime.timedelta(days=1)

    @property
    def months(self) -> int:
        """Length in whole months, 0 when it does not span whole months."""
        s = self._struct()
        return int(_lib.get().yjpi_period_months(ctypes.byref(s)))

    @property
    def population_year(self) -> int:
        """The mid-year population year the period uses (spec section 1)."""
        s = self._struct()
        return int(_lib.get().yjpi_period_population_year(ctypes.byref(s)))

    def contains(self, d: DateLike) -> bool:
        """True when `d` lies in [start, end)."""
        s = self._struct()
        return bool(_lib.get().yjpi_period_contains(
            ctypes.byref(s), date_to_c(parse_date(d))))

    def __contains__(self, d: DateLike) -> bool:
        return self.contains(d)

    # ---- arithmetic ----------------------------------------------------
    def shift(self, steps: int, step_months: int = 0) -> "Period":
        """The period `steps` steps away (negative = earlier), each step
        `step_months` months (0 = the period's own length).  Keeps the kind
        where the result has that form, else becomes a range.

        Raises:
            ArgumentError: the period cannot be shifted that way.
        """
        lib = _lib.get()
        s = self._struct()
        out = PeriodStruct()
        _lib.call(lib.yjpi_period_shift, ctypes.byref(s), int(steps),
                  int(step_months), ctypes.byref(out),
                  context="cannot shift %s by %d x %d months"
                  % (self, steps, step_months))
        return Period._from_struct(out)

    def previous(self) -> "Period":
        """The previous period of the same length (2014/15 -> 2013/14)."""
        return self.shift(-1)

    def next(self) -> "Period":
        """The next period of the same length."""
        return self.shift(1)

    def year_earlier(self) -> "Period":
        """The same period a year (12 months) earlier."""
        return self.shift(-1, 12)

    # ---- text and comparison --------------------------------------------
    def __str__(self) -> str:
        lib = _lib.get()
        s = self._struct()
        buf = ctypes.create_string_buffer(_lib.PERIOD_TEXT_SIZE)
        _lib.call(lib.yjpi_period_format, ctypes.byref(s), buf, len(buf),
                  context="cannot format period")
        return buf.value.decode("ascii")

    def __repr__(self) -> str:
        try:
            return "Period(%r)" % str(self)
        except Exception:  # noqa: BLE001 - repr must not fail
            return "Period(kind=%d, start=%d, end=%d)" % (
                self._kind, self._start, self._end)

    def _key(self) -> Tuple[int, int, int]:
        return (self._kind, self._start, self._end)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())

    def __lt__(self, other: "Period") -> bool:
        if not isinstance(other, Period):
            return NotImplemented
        return (self._start, self._end, self._kind) < (
            other._start, other._end, other._kind)

    def __reduce__(self) -> Tuple[Any, Tuple[int, int, int]]:
        return (Period, self._key())


PeriodLike = Union[Period, str, Tuple[datetime.date, datetime.date]]


def is_date_range(value: Any) -> bool:
    """True for a (first, last) pair of datetime.date."""
    return (isinstance(value, tuple) and len(value) == 2
            and all(isinstance(v, datetime.date) for v in value))


def _hint(text: str) -> str:
    """A suggestion for a common mistake in a period text."""
    m = re.fullmatch(r"\s*(\d{4})\s*[-_\\.]\s*(\d{2}|\d{4})\s*", text)
    if m:
        y, z = int(m.group(1)), int(m.group(2))
        if z % 100 == (y + 1) % 100 and (z < 100 or z == y + 1):
            return " (did you mean %d/%02d?)" % (y, (y + 1) % 100)
    return ""

__all__ = ["Period", "PeriodKind", "PeriodLike", "age", "add_months",
           "parse_date", "date_to_c", "date_from_c"]
