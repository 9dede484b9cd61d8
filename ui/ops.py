"""Operations: service calls run on one serial worker, results back on the main thread.

Layer: ui. The idea of Anki's CollectionOp: a screen never calls a service on the GUI
thread; it hands a plain function to :class:`OpRunner`, which runs it on a single
background thread (so database work is serialised) and delivers the result or the
exception to callbacks on the main thread. Tests use :class:`SyncOpRunner`, which runs
the function at once on the calling thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from pixdesk.errors import PixdeskError

__all__ = ["OpRunner", "SyncOpRunner"]

log = logging.getLogger(__name__)

Done = Callable[[Any], None]
Failed = Callable[[BaseException], None]


class _Relay(QObject):
    """Lives on the main thread; its signals carry results across threads."""

    finished = Signal(object, object)  # (callback, value)


class _Job(QRunnable):
    def __init__(self, fn: Callable[[], Any], relay: _Relay, on_done: Done, on_error: Failed) -> None:
        super().__init__()
        self.fn, self.relay, self.on_done, self.on_error = fn, relay, on_done, on_error

    def run(self) -> None:  # worker thread
        try:
            value = self.fn()
        except PixdeskError as exc:  # an expected refusal (wrong PIN, too early…): the screen explains it
            log.info("operation refused: %s", exc)
            self.relay.finished.emit(self.on_error, exc)
        except BaseException as exc:  # reported to the screen, never lost
            log.exception("operation failed")
            self.relay.finished.emit(self.on_error, exc)
        else:
            self.relay.finished.emit(self.on_done, value)


class OpRunner:
    """Runs operations one at a time on a background thread. Create on the main thread."""

    def __init__(self) -> None:
        self.pool = QThreadPool()
        self.pool.setMaxThreadCount(1)
        self.relay = _Relay()
        self.relay.finished.connect(lambda callback, value: callback(value))

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        self.pool.start(_Job(fn, self.relay, on_done, on_error))

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)


class SyncOpRunner:
    """The same interface, synchronous: for tests and for ``python -m ui.<screen>`` looks."""

    def run(self, fn: Callable[[], Any], on_done: Done, on_error: Failed) -> None:
        try:
            value = fn()
        except BaseException as exc:
            on_error(exc)
        else:
            on_done(value)

    def wait(self, msecs: int = 30000) -> bool:
        return True
