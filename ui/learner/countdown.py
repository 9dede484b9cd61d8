"""The visible, accessible countdown of a timed question. Layer: ui (main thread).

Owns the time display (m:ss and a bar), what screen readers are told about it (its
accessible description, refreshed every 10 seconds and every second of the last 10, and
spoken announcements at one minute, ten seconds and "time is up"), and the moment of
expiry. Time is measured against a monotonic clock (:class:`QElapsedTimer`), so late
ticks never make the display wrong. The learner's extra time is already in the seconds
the service gives (``Step.timer_seconds``). Also :func:`announce`, shared by the test
screens, to make a screen reader speak a short message.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QElapsedTimer, QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

__all__ = ["Countdown", "announce"]

TICK_MS = 200


def announce(widget: QWidget, text: str) -> None:
    """Have a screen reader speak ``text`` (no effect without one)."""
    if text and QAccessible.isActive():
        QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, text))


class Countdown(QWidget):
    """Remaining time of the current question. Main thread.

    Signals:
        expired(): the time is up (emitted once per :meth:`start`).
    """

    expired = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.total = 0.0
        self.spent = 0.0  # already used before this start (the question was on screen before a restart)
        self._clock = QElapsedTimer()
        self._timer = QTimer(self)
        self._timer.setInterval(TICK_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self._shown_seconds = -1
        self._said: set[int] = set()
        self._running = False
        self._expired = False
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.bar = QProgressBar()
        self.bar.setTextVisible(False)
        self.bar.setFocusPolicy(Qt.FocusPolicy.TabFocus)  # so screen-reader users can reach it
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.label)
        layout.addWidget(self.bar, 1)
        self.retranslate()

    # -- control -------------------------------------------------------------------------------
    def start(self, seconds: float, spent: float = 0.0) -> None:
        """Count down what is left of ``seconds`` once ``spent`` of them are used, from now."""
        self.total = max(0.0, float(seconds))
        self.spent = min(self.total, max(0.0, float(spent)))
        self._clock.start()
        self._shown_seconds = -1
        self._said.clear()
        self._running, self._expired = True, False
        self.bar.setRange(0, max(1, math.ceil(self.total)))
        self._timer.start()
        self._refresh(force=True)

    def stop(self) -> None:
        """Freeze the display (the answer is being recorded or the learner left)."""
        self._timer.stop()
        self._running = False

    def remaining(self) -> float:
        if not self._clock.isValid():
            return self.total - self.spent
        return max(0.0, self.total - self.spent - self._clock.elapsed() / 1000)

    @property
    def is_expired(self) -> bool:
        return self._expired

    # -- ticking -------------------------------------------------------------------------------
    def _on_timer_timeout(self) -> None:
        self._refresh()
        if self._running and self.remaining() <= 0:
            self._expire()

    def _expire(self) -> None:
        self.stop()
        self._expired = True
        self._refresh(force=True)
        announce(self, self.tr("Time is up."))
        self.expired.emit()

    def _refresh(self, force: bool = False) -> None:
        seconds = math.ceil(self.remaining())
        if seconds == self._shown_seconds and not force:
            return
        self._shown_seconds = seconds
        self.bar.setValue(seconds)
        if self._expired:
            self.label.setText(self.tr("Time is up"))
        else:
            self.label.setText(self.tr("Time left: {time}").format(time=self._clock_text(seconds)))
        bold = self.label.font()
        bold.setBold(self._expired or seconds <= 10)  # urgency in the text weight, not only colour
        self.label.setFont(bold)
        if force or seconds % 10 == 0 or seconds <= 10:
            self._describe(seconds)
        if self._running and seconds in (60, 10) and seconds not in self._said and seconds < self.total:
            self._said.add(seconds)
            announce(self, self._spoken(seconds))

    def _describe(self, seconds: int) -> None:
        text = self.tr("Time is up") if self._expired else self._spoken(seconds)
        self.bar.setAccessibleDescription(text)
        self.setAccessibleDescription(text)

    def _spoken(self, seconds: int) -> str:
        minutes, rest = divmod(seconds, 60)
        if minutes and rest:
            return self.tr("{minutes} min {seconds} s left").format(minutes=minutes, seconds=rest)
        if minutes:
            return self.tr("{minutes} min left").format(minutes=minutes)
        return self.tr("{seconds} s left").format(seconds=rest)

    @staticmethod
    def _clock_text(seconds: int) -> str:
        return f"{seconds // 60}:{seconds % 60:02d}"

    # -- texts ---------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.setAccessibleName(self.tr("Time left"))
        self.bar.setAccessibleName(self.tr("Time left"))
        self._refresh(force=True)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
