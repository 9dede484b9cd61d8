"""The status bar's sync corner: online or offline, last sync, the results waiting. Layer: ui (main thread).

The count comes from the outbox through a service call on the serial worker, refreshed
every 30 s and whenever a screen says results may have changed (:meth:`refresh`); the
sync controller says when a round runs (:meth:`set_syncing`). Every state is written
in words; nothing is told by colour alone.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import QDateTime, QEvent, QLocale, QTimer
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

from pixdesk.services.sync_status import SyncStatus
from ui.ops import OpRunner, SyncOpRunner

__all__ = ["SyncStatusView"]

log = logging.getLogger(__name__)

REFRESH_MS = 30_000


class SyncStatusView(QWidget):
    """Connection state and queued results, for the main window's status bar (main thread)."""

    def __init__(
        self, status: Callable[[], SyncStatus], runner: OpRunner | SyncOpRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._status_fn = status
        self._runner = runner
        self._status: SyncStatus | None = None
        self._failed = False
        self._syncing = False
        self.connection = QLabel()
        self.queue = QLabel()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.connection)
        separator = QFrame()
        separator.setFrameShape(QFrame.Shape.VLine)
        layout.addWidget(separator)
        layout.addWidget(self.queue)
        self.timer = QTimer(self)
        self.timer.setInterval(REFRESH_MS)
        self.timer.timeout.connect(self.refresh)
        self.timer.start()
        self.retranslate()

    def refresh(self) -> None:
        """Ask the outbox again (on the worker); the labels change when it answers."""
        self._runner.run(self._status_fn, self._on_status, self._on_error)

    def _on_status(self, status: SyncStatus) -> None:
        self._status, self._failed = status, False
        self.retranslate()

    def _on_error(self, exc: BaseException) -> None:
        log.warning("sync status unavailable: %s", exc)
        self._failed = True
        self.retranslate()

    @property
    def status(self) -> SyncStatus | None:
        return self._status

    def set_syncing(self, syncing: bool) -> None:
        """A sync round started (True) or ended (False: the status is read again)."""
        self._syncing = syncing
        self.retranslate()
        if not syncing:
            self.refresh()

    def retranslate(self) -> None:
        status = self._status
        if status is None or not status.configured:
            connection = self.tr("Offline · sync not configured")
        elif self._syncing:
            connection = self.tr("Synchronising…")
        elif status.online and status.last_sync is not None:
            moment = QDateTime.fromSecsSinceEpoch(int(status.last_sync.timestamp()))
            when = QLocale().toString(moment, QLocale.FormatType.ShortFormat)
            connection = self.tr("Online · last sync %1").replace("%1", when)
        elif status.online:
            connection = self.tr("Online")
        else:
            connection = self.tr("Offline · results are kept on this computer")
        if self._failed:
            queue = self.tr("Results waiting: unknown")
        elif status is None:
            queue = ""
        else:
            queue = self.tr("%n result(s) waiting to be sent", "", status.waiting)
            if status.rejected:
                queue += " · " + self.tr("%n refused by the server", "", status.rejected)
        self.connection.setText(connection)
        self.queue.setText(queue)
        self.setAccessibleName(self.tr("Synchronisation"))
        self.setAccessibleDescription(f"{connection}. {queue}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:  # the zoom: the status bar does not pass it on
            for label in (self.connection, self.queue):
                label.setFont(self.font())
        super().changeEvent(event)
