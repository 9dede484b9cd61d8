"""Sync rounds in the desktop app: every few minutes and on demand. Layer: ui.

:func:`run_round` is the work: a plain function (no Qt) that runs one round of the sync
client when the machine is enrolled, and returns its summary (None when not enrolled).
:class:`SyncController` only schedules it: a ``QTimer`` on the main thread starts a
round on its own network runner — one background thread, not the UI thread and not the
serial database runner the screens use, so a slow or absent network never delays an
answer — and reports through signals on the main thread. A round that is running is
never started twice; what a round did is in the database, so the status bar reads it
back from there.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, QTimer, Signal

from pixdesk.config import Settings
from sync.backoff import Backoff
from ui.ops import OpRunner, SyncOpRunner

if TYPE_CHECKING:
    import httpx

    from sync.client import SyncSummary

__all__ = ["FIRST_ROUND_DELAY_MS", "SyncCancelled", "SyncController", "run_round"]

log = logging.getLogger(__name__)

FIRST_ROUND_DELAY_MS = 5_000  # after start-up, once the first screen is drawn
APP_BACKOFF = Backoff(base=1.0, cap=15.0, tries=3, max_wait=60.0)  # the next round comes anyway
NETWORK_TIMEOUT = 15.0  # seconds per request


class SyncCancelled(Exception):
    """The app is closing: the round stops at its next wait (what it did stays done)."""


def run_round(
    settings: Settings, cancelled: threading.Event, transport: httpx.BaseTransport | None = None
) -> SyncSummary | None:
    """One sync round for this machine; None when it is not enrolled (network thread).

    Waits between retries are cut short when ``cancelled`` is set, so closing the app
    never waits for a backoff. ``transport``: tests put a fake server there.
    """
    from sync.client import SyncClient  # httpx and the client load on the worker, not at start-up

    def sleep(seconds: float) -> None:
        if cancelled.wait(seconds):
            raise SyncCancelled

    client = SyncClient(
        settings, transport=transport, sleep=sleep, backoff=APP_BACKOFF, timeout=NETWORK_TIMEOUT
    )
    try:
        if client.state.state() is None:
            return None
        return client.sync()
    finally:
        client.close()


class SyncController(QObject):
    """Schedules sync rounds (main thread); each round runs on ``runner``'s worker thread.

    ``round_fn`` is called with the controller's ``cancelled`` event (set by :meth:`stop`).

    Signals:
        sync_started: A round began.
        sync_finished: A round ended with its summary (None: the machine is not enrolled).
        sync_failed: A round stopped with this exception (network gone, server refused…).
    """

    sync_started = Signal()
    sync_finished = Signal(object)
    sync_failed = Signal(object)

    def __init__(
        self,
        round_fn: Callable[[threading.Event], Any],
        runner: OpRunner | SyncOpRunner,
        interval_seconds: int,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self._round = round_fn
        self._runner = runner
        self.cancelled = threading.Event()
        self.running = False
        self.interval_seconds = interval_seconds
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.sync_now)

    def start(self, first_delay_ms: int = FIRST_ROUND_DELAY_MS) -> None:
        """Begin the automatic rounds (none when the interval is 0: only "Sync now")."""
        if self.interval_seconds > 0:
            self.timer.start(self.interval_seconds * 1000)
            QTimer.singleShot(first_delay_ms, self.sync_now)

    def stop(self, msecs: int = 5_000) -> bool:
        """No more rounds; cut the running one short and wait for it (at most ``msecs``)."""
        self.timer.stop()
        self.cancelled.set()
        return self._runner.wait(msecs)

    def sync_now(self) -> bool:
        """Start a round unless one is running or the app is closing; says whether it started."""
        if self.running or self.cancelled.is_set():
            return False
        self.running = True
        self.sync_started.emit()
        self._runner.run(lambda: self._round(self.cancelled), self._on_done, self._on_error)
        return True

    def _on_done(self, summary: Any) -> None:
        self.running = False
        self.sync_finished.emit(summary)

    def _on_error(self, exc: BaseException) -> None:
        self.running = False
        log.info("sync round stopped: %s", exc)
        self.sync_failed.emit(exc)
