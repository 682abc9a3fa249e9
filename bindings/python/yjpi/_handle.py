"""Base class of the Python objects that own a C handle."""

from __future__ import annotations

import threading
from typing import Any, Optional

from . import _lib
from .errors import StateError


class OwnedHandle:
    """Owns one C handle, released by close(), by leaving a ``with`` block,
    or when garbage collected.  Any use after close() raises StateError
    (never a crash); close() may be called any number of times."""

    _free_name = ""          # C function releasing the handle
    _kind = "handle"         # name in messages

    def __init__(self, ptr: Any, lib: Optional[_lib.Library] = None) -> None:
        self._lib = lib or _lib.get()
        self._ptr = ptr
        self._close_lock = threading.Lock()

    @property
    def closed(self) -> bool:
        """True after close()."""
        return self._ptr is None

    def _handle(self) -> Any:
        ptr = self._ptr
        if ptr is None:
            raise StateError("%s is closed" % self._kind, code=4)
        return ptr

    def close(self) -> None:
        """Releases the C handle; later use raises StateError."""
        lock = getattr(self, "_close_lock", None)
        if lock is None:         # __init__ did not run to completion
            return
        with lock:
            ptr, self._ptr = self._ptr, None
        if ptr is not None:
            getattr(self._lib, self._free_name)(ptr)

    def __enter__(self) -> Any:
        self._handle()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def __del__(self) -> None:
        try:
            self.close()
        except Exception:  # noqa: BLE001 - never raise from a finalizer
            pass
