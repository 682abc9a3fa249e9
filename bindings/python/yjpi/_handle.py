"""Base class of the Python objects that own a C handle, and the call scopes
that keep handles alive while C uses them.

Every public method and property of a handle-owning class runs inside a
*call scope* (applied automatically to subclasses by ``__init_subclass__``).
Inside a scope, ``obj._handle()`` leases the handle: it counts one more call
in flight on ``obj`` until the outermost scope of the thread ends.  close()
(or the finalizer) marks the object closed at once, so new calls raise
StateError, but the C object is freed only when the last call in flight has
returned: closing a dataset while other threads compute on it (or on a
reference another call is using) is never a use-after-free, and close()
never blocks.  A handle can be leased only inside a scope, so a code path
that forgot one fails loudly in the tests instead of racing silently.
"""

from __future__ import annotations

import functools
import threading
from typing import Any, Callable, List, Optional, TypeVar

from . import _lib
from .errors import StateError

F = TypeVar("F", bound=Callable[..., Any])

_tls = threading.local()


class _Scope:
    """The leases taken by one thread's outermost call."""
    __slots__ = ("depth", "held")

    def __init__(self) -> None:
        self.depth = 0
        self.held: List["OwnedHandle"] = []


def _scope() -> _Scope:
    s: Optional[_Scope] = getattr(_tls, "scope", None)
    if s is None:
        s = _Scope()
        _tls.scope = s
    return s


class call_scope:
    """Context manager: handles leased inside stay alive until it exits
    (the outermost one of the thread releases them)."""

    __slots__ = ("_s",)

    def __enter__(self) -> None:
        s = _scope()
        s.depth += 1
        self._s = s

    def __exit__(self, *exc: Any) -> None:
        s = self._s
        s.depth -= 1
        if s.depth == 0 and s.held:
            held, s.held = s.held, []
            for obj in held:
                obj._release()


def scoped(fn: F) -> F:
    """Runs `fn` inside a call scope."""
    @functools.wraps(fn)
    def wrapper(*args: Any, **kw: Any) -> Any:
        with call_scope():
            return fn(*args, **kw)
    wrapper.__yjpi_scoped__ = True  # type: ignore[attr-defined]
    return wrapper  # type: ignore[return-value]


# Methods of OwnedHandle itself that must not be wrapped (they manage the
# handle's life) and names a subclass must leave alone.
_UNSCOPED = frozenset({"close", "closed", "__del__", "__init_subclass__",
                       "__new__", "__getattribute__", "__setattr__",
                       "__getattr__", "__reduce__", "__reduce_ex__",
                       "_release"})


def _wrap_attr(value: Any) -> Any:
    if isinstance(value, property):
        return property(
            scoped(value.fget) if value.fget else None,
            scoped(value.fset) if value.fset else None,
            scoped(value.fdel) if value.fdel else None,
            value.__doc__)
    if isinstance(value, classmethod):
        return classmethod(scoped(value.__func__))
    if isinstance(value, staticmethod):
        return staticmethod(scoped(value.__func__))
    if callable(value) and not isinstance(value, type) \
            and not getattr(value, "__yjpi_scoped__", False):
        return scoped(value)
    return value


class OwnedHandle:
    """Owns one C handle, released by close(), by leaving a ``with`` block,
    or when garbage collected.  Any use after close() raises StateError
    (never a crash); close() may be called any number of times, from any
    thread, also while other threads are using the object: the C object is
    then freed when their calls return."""

    _free_name = ""          # C function releasing the handle
    _kind = "handle"         # name in messages

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        for name, value in list(vars(cls).items()):
            if name in _UNSCOPED or name.startswith("__") and name not in (
                    "__init__", "__enter__", "__exit__", "__repr__",
                    "__len__", "__iter__", "__getitem__", "__contains__",
                    "__getstate__", "__setstate__", "_repr_html_"):
                continue
            setattr(cls, name, _wrap_attr(value))

    def __init__(self, ptr: Any, lib: Optional[_lib.Library] = None) -> None:
        self._lib = lib or _lib.get()
        self._close_lock = threading.Lock()
        self._busy = 0                       # calls in flight
        self._pending: Any = None            # closed while busy: free later
        self._ptr = ptr

    @property
    def closed(self) -> bool:
        """True after close()."""
        return getattr(self, "_ptr", None) is None

    def _handle(self) -> Any:
        """The C handle, leased until the current call scope ends.

        Raises:
            StateError: the object is closed.
        """
        s: Optional[_Scope] = getattr(_tls, "scope", None)
        if s is None or s.depth == 0:
            raise RuntimeError("yjpi internal error: %s handle used outside "
                               "a call scope" % self._kind)
        lock = getattr(self, "_close_lock", None)
        if lock is None:
            raise StateError("%s is closed" % self._kind, code=4)
        with lock:
            ptr = self._ptr
            if ptr is None:
                raise StateError("%s is closed" % self._kind, code=4)
            if not any(h is self for h in s.held):
                self._busy += 1
                s.held.append(self)
        return ptr

    def _release(self) -> None:
        with self._close_lock:
            self._busy -= 1
            ptr = None
            if self._busy == 0 and self._pending is not None:
                ptr, self._pending = self._pending, None
        if ptr is not None:
            getattr(self._lib, self._free_name)(ptr)

    def close(self) -> None:
        """Releases the C handle; later use raises StateError.  Calls still
        running on other threads finish first: the C object is freed when the
        last of them returns."""
        lock = getattr(self, "_close_lock", None)
        if lock is None:         # __init__ did not run to completion
            return
        with lock:
            ptr, self._ptr = self._ptr, None
            if ptr is not None and self._busy > 0:
                self._pending, ptr = ptr, None
        if ptr is not None:
            getattr(self._lib, self._free_name)(ptr)

    def __enter__(self) -> Any:
        with call_scope():
            self._handle()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass
