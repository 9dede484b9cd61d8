"""The test runner: one attempt from its first question to its end screen. Layer: ui (main thread).

Owns the flow of a test on screen: the checkpoint every 5 answers, the warning before a
focused question and the detection of the learner leaving the window during it, the
countdown of timed questions, the progress indicator, the busy state while the service
records an answer (on the runner: the page only says "recorded" once the service has
committed it), learner-friendly error messages (details in the log), leaving with Esc,
and the end screen. Every answer is durable before the next question appears, so
closing the window at any moment loses at most the answer being typed; :meth:`resume`
continues at the same question.

``python -m ui.learner.test_page [competence]`` runs a demo evaluation on its own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.challenge import Response
from pixdesk.errors import PixdeskError
from pixdesk.services.attempts import Step
from ui.learner.checkpoint_view import CheckpointView, EndView, FocusedWarningView
from ui.learner.context import LearnerServices
from ui.learner.countdown import Countdown, announce
from ui.learner.question_view import QuestionView

__all__ = ["TestPage"]

log = logging.getLogger(__name__)

BLOCK = 5  # answers between two checkpoints
RESYNC = {"attempt.not_current", "attempt.finished"}  # the screen is behind: show where the test stands


class TestPage(QWidget):
    """Runs one attempt. Main thread.

    Signals:
        left(str): the learner left the test with Esc (the attempt id; it can be resumed).
        finished(str): the learner asked for their results after the end screen.
        step_shown(object): a new :class:`Step` is on screen.
    """

    __test__ = False  # not a pytest test class
    left = Signal(str)
    finished = Signal(str)
    step_shown = Signal(object)

    def __init__(
        self,
        services: LearnerServices,
        language: str = "en",
        pack_id: str | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.services, self.language, self.pack_id = services, language, pack_id
        self.step: Step | None = None
        self.busy = False
        self.focused_out = False
        self.question: QuestionView | None = None
        self.checkpoint: CheckpointView | None = None
        self._watched: QWidget | None = None
        self._in_dialog = 0
        self._status: Callable[[], str] | None = None
        self._loading_failed = False

        self.progress_label = QLabel()
        bold = self.progress_label.font()
        bold.setBold(True)
        self.progress_label.setFont(bold)
        self.progress_bar = QProgressBar()
        self.progress_bar.setTextVisible(False)
        self.countdown = Countdown()
        self.countdown.hide()
        self.countdown.expired.connect(self._on_countdown_expired)
        self.notice = QLabel()
        self.notice.setWordWrap(True)
        self.notice.setFrameShape(QFrame.Shape.StyledPanel)
        self.notice.setFont(bold)
        self.notice.setMargin(self.notice.fontMetrics().height() // 3)
        self.notice.hide()
        self.busy_bar = QProgressBar()
        self.busy_bar.setRange(0, 0)
        self.busy_bar.setTextVisible(False)
        self.busy_bar.hide()
        self.status = QLabel()
        self.status.setWordWrap(True)
        self.loading = QLabel()
        self.loading.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.warning = FocusedWarningView()
        self.warning.started.connect(self._show_question)
        self.end = EndView()
        self.end.results_requested.connect(self._on_end_results_requested)
        self.stack = QStackedWidget()
        for page in (self.loading, self.warning, self.end):
            self.stack.addWidget(page)

        header = QHBoxLayout()
        header.addWidget(self.progress_label)
        header.addWidget(self.progress_bar, 1)
        footer = QHBoxLayout()
        footer.addWidget(self.status, 1)
        footer.addWidget(self.busy_bar)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.countdown)
        layout.addWidget(self.notice)
        layout.addWidget(self.stack, 1)
        layout.addLayout(footer)
        self.retranslate()

    # -- showing a step ------------------------------------------------------------------------
    def start(self, step: Step) -> None:
        """Show ``step``: its checkpoint first if one is due, else its question or the end."""
        self._end_question()
        self.step, self.focused_out = step, False
        if step.finished:
            self.end.show_result(step.result)
            self.stack.setCurrentWidget(self.end)
            self.end.focus_first()
        elif step.checkpoint:
            self._replace("checkpoint", CheckpointView(step.checkpoint))
            assert self.checkpoint is not None
            self.checkpoint.continued.connect(self._show_challenge)
            self.checkpoint.focus_first()
        else:
            self._show_challenge()
        self.retranslate()
        self.step_shown.emit(step)

    def resume(self, attempt_id: str) -> None:
        """Continue an attempt where it stands (after the window was closed, or a crash)."""
        attempts = self.services.attempts
        self.open(lambda: attempts.current_step(attempt_id))

    def open(self, make_step: Callable[[], Step]) -> None:
        """Run ``make_step`` (a service call: start or resume a test) on the worker; show its step."""
        previous = self.stack.currentWidget()
        self._loading_failed = False
        self.retranslate()
        self.stack.setCurrentWidget(self.loading)

        def failed(exc: BaseException) -> None:
            if previous is not None and previous is not self.loading:
                self.stack.setCurrentWidget(previous)  # the question on screen is still right
            self._loading_failed = True
            self.retranslate()
            self._on_failed(exc)

        self._run(make_step, self.start, failed)

    def _replace(self, name: str, view: QWidget) -> None:
        old = getattr(self, name)
        if old is not None:
            self.stack.removeWidget(old)
            old.deleteLater()
        setattr(self, name, view)
        self.stack.addWidget(view)
        self.stack.setCurrentWidget(view)

    def _show_challenge(self) -> None:
        assert self.step is not None and self.step.challenge is not None
        self._set_status(None)
        if self.step.challenge.focused:
            self.stack.setCurrentWidget(self.warning)
            self.warning.focus_first()
        else:
            self._show_question()
        self.retranslate()

    def _show_question(self) -> None:
        step = self.step
        assert step is not None and step.challenge is not None and step.body is not None
        view = QuestionView(
            self.services, step.challenge, step.body, step.attempt_id, self.language, self.pack_id
        )
        view.response_submitted.connect(self._on_question_response_submitted)
        view.skipped.connect(self._on_question_skipped)
        self._replace("question", view)
        view.focus_first()
        attempts, attempt, challenge = self.services.attempts, step.attempt_id, step.challenge.id
        self.services.runner.run(lambda: attempts.mark_shown(attempt, challenge), _ignore, _log_failure)
        if step.timer_seconds:
            self.countdown.start(step.timer_seconds, step.spent_seconds)  # time goes on after a restart
            self.countdown.show()
        if step.challenge.focused:
            self._watch_focus(True)
        self.retranslate()

    def _end_question(self) -> None:
        self.countdown.stop()
        self.countdown.hide()
        self._watch_focus(False)

    # -- answering -----------------------------------------------------------------------------
    def _on_question_response_submitted(self, response: Response) -> None:
        self._send(response)

    def _on_question_skipped(self) -> None:
        self._send(None)

    def _on_countdown_expired(self) -> None:
        if self.question is not None and not self.busy:
            self._send(self.question.partial_response(), timed_out=True)

    def _send(self, response: Response, timed_out: bool = False) -> None:
        step = self.step
        if step is None or step.challenge is None or self.busy:
            return
        attempt, challenge, focused_out = step.attempt_id, step.challenge.id, self.focused_out
        attempts = self.services.attempts
        self.countdown.stop()

        def record() -> Step:
            if response is None and not timed_out and not focused_out:
                return attempts.skip(attempt, challenge)
            return attempts.answer(attempt, challenge, response, timed_out=timed_out, focused_out=focused_out)

        self._set_status(lambda: self.tr("Recording your answer…"))
        self._run(record, self._on_answered, self._on_answer_failed)

    def _on_answered(self, step: Any) -> None:
        self.start(step)
        self._set_status(lambda: self.tr("Your answer has been recorded."))
        announce(self, self.status.text())

    def _on_answer_failed(self, exc: BaseException) -> None:
        self._set_status(lambda: self.tr("Your answer was not recorded."))
        self._on_failed(exc)
        step = self.step
        if step is not None and isinstance(exc, PixdeskError) and exc.code in RESYNC:
            self.resume(step.attempt_id)
        elif self.step is not None and self.step.timer_seconds and self.countdown.is_expired:
            self._on_countdown_expired()  # the time is over: try to record it again

    # -- operations ----------------------------------------------------------------------------
    def _run(
        self, fn: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> None:
        """Run ``fn`` on the worker; inputs are disabled meanwhile (no double submission)."""
        self._set_busy(True)

        def done(value: Any) -> None:
            self._set_busy(False)
            on_done(value)

        def failed(exc: BaseException) -> None:
            self._set_busy(False)
            on_error(exc)

        self.services.runner.run(fn, done, failed)

    def _set_busy(self, busy: bool) -> None:
        self.busy = busy
        self.busy_bar.setVisible(busy)
        self.stack.setEnabled(not busy)
        if not busy and self.question is not None and self.stack.currentWidget() is self.question:
            self.question.focus_first()

    def _on_failed(self, exc: BaseException) -> None:
        log.error("test operation failed: %s", exc, exc_info=exc)
        self._dialog(lambda: QMessageBox.warning(self, self.tr("PixDesk"), self.error_text(exc)))

    def error_text(self, exc: BaseException) -> str:
        """What went wrong, in words a learner understands (the details go to the log)."""
        code = exc.code if isinstance(exc, PixdeskError) else ""
        known = {
            "attempt.not_current": self.tr(
                "This question was already answered, perhaps in another window. "
                "The test goes on at the right question."
            ),
            "attempt.finished": self.tr("This test is already finished."),
            "attempt.unknown": self.tr("This test cannot be found on this computer."),
            "attempt.no_pack": self.tr(
                "The questions of this test are no longer installed on this computer."
            ),
            "attempt.replay_mismatch": self.tr(
                "The record of this test is damaged, so it cannot go on. Please tell your teacher."
            ),
            "attempt.nothing_to_assess": self.tr(
                "You have already been assessed on everything this test can ask. "
                "Choose “Improve” or another competence."
            ),
            "pack.locked": self.tr("The questions of this test are locked. Ask the proctor to unlock them."),
        }
        if code in known:
            return known[code]
        if code.startswith("response."):
            return self.tr("Your answer could not be read. Please check it and validate again.")
        if code.startswith("pack."):
            return self.tr("The questions of this test cannot be read. Please tell your teacher.")
        return self.tr(
            "Something went wrong and the last action was not done. Your recorded answers are safe. "
            "Try again; if it keeps failing, tell your teacher (the details are in the log)."
        )

    def _dialog(self, show: Callable[[], Any]) -> Any:
        self._in_dialog += 1  # our own dialogs are not "leaving the window"
        try:
            return show()
        finally:
            self._in_dialog -= 1

    # -- focused questions ---------------------------------------------------------------------
    def _watch_focus(self, on: bool) -> None:
        app = QApplication.instance()
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
            if isinstance(app, QApplication):
                app.applicationStateChanged.disconnect(self._on_application_state_changed)
        if on:
            self._watched = self.window()
            self._watched.installEventFilter(self)
            if isinstance(app, QApplication):
                app.applicationStateChanged.connect(self._on_application_state_changed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._watched and event.type() == QEvent.Type.WindowDeactivate:
            self._on_focus_lost()
        return False

    def _on_application_state_changed(self, state: Qt.ApplicationState) -> None:
        if state != Qt.ApplicationState.ApplicationActive:
            self._on_focus_lost()

    def _on_focus_lost(self) -> None:
        if self._in_dialog or self.busy or self.focused_out or self.question is None:
            return
        self.focused_out = True
        log.info("learner left the window during focused question %s", self.question.challenge.id)
        self.retranslate()
        announce(self, self.notice.text())

    # -- leaving and ending --------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            event.accept()
            self.ask_leave()
        else:
            super().keyPressEvent(event)

    def ask_leave(self) -> None:
        """Esc: confirm, then emit :attr:`left` (every recorded answer stays; the test can resume)."""
        if self.step is None or self.step.finished or self.busy:
            return
        box = QMessageBox(QMessageBox.Icon.Question, self.tr("Leave the test?"), "", parent=self)
        box.setText(self.tr("Leave the test? Your answers are saved; you can continue later."))
        leave = box.addButton(self.tr("&Leave the test"), QMessageBox.ButtonRole.AcceptRole)
        stay = box.addButton(self.tr("&Continue the test"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(stay)
        box.setEscapeButton(stay)
        self._dialog(box.exec)
        if box.clickedButton() is leave:
            self._end_question()
            self.left.emit(self.step.attempt_id)

    def _on_end_results_requested(self) -> None:
        if self.step is not None:
            self.finished.emit(self.step.attempt_id)

    # -- texts ---------------------------------------------------------------------------------
    def _set_status(self, text: Callable[[], str] | None) -> None:
        self._status = text
        self.status.setText(text() if text is not None else "")

    def retranslate(self) -> None:
        self.loading.setText(
            self.tr("The test could not be opened.") if self._loading_failed else self.tr("Loading the test…")
        )
        self.busy_bar.setAccessibleName(self.tr("Working"))
        self.progress_bar.setAccessibleName(self.tr("Progress"))
        self.status.setText(self._status() if self._status is not None else "")
        step = self.step
        in_question = (
            step is not None and not step.finished and self.stack.currentWidget() is not self.checkpoint
        )
        self.progress_bar.setVisible(step is not None and not step.finished)
        if step is None:
            self.progress_label.setText("")
        elif step.finished:
            self.progress_label.setText("")  # the end screen says it
        elif not in_question:
            self.progress_label.setText(self.tr("Correction"))
            self.progress_bar.setRange(0, BLOCK)
            self.progress_bar.setValue(BLOCK)
            self.progress_bar.setTextVisible(False)
        else:
            number = step.answered + 1
            if step.total:
                text = self.tr("Question {number} of {total}").format(number=number, total=step.total)
                self.progress_bar.setRange(0, step.total)
                self.progress_bar.setValue(step.answered)
                self.progress_bar.setTextVisible(False)
                self.progress_bar.setAccessibleDescription(text)
            else:
                text = self.tr("Question {number}").format(number=number)
                position = step.answered % BLOCK + 1
                self.progress_bar.setRange(0, BLOCK)
                self.progress_bar.setValue(position)
                self.progress_bar.setFormat(f"{position} / {BLOCK}")
                self.progress_bar.setTextVisible(True)
                self.progress_bar.setAccessibleDescription(
                    self.tr("Question {position} of {block} before the next correction").format(
                        position=position, block=BLOCK
                    )
                )
            self.progress_label.setText(text)
        focused = in_question and step is not None and step.challenge is not None and step.challenge.focused
        self.notice.setVisible(focused and self.stack.currentWidget() is self.question)
        self.notice.setText(
            self.tr("⚠ You left the window during this focused question. This is recorded with your answer.")
            if self.focused_out
            else self.tr("Focused question: stay in this window until you answer.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _ignore(_value: Any) -> None:
    pass


def _log_failure(exc: BaseException) -> None:
    log.warning("could not note when the question was shown: %s", exc)


def _main() -> None:  # pragma: no cover - a look at the screen
    import sys

    from ui.preview import preview_services

    app = QApplication(sys.argv)
    services = preview_services()
    competence = sys.argv[1] if len(sys.argv) > 1 else "1.1"
    page = TestPage(services)
    page.setWindowTitle("PixDesk — test")
    page.resize(820, 620)
    page.left.connect(lambda attempt: (print("left", attempt), app.quit()))
    page.finished.connect(lambda attempt: (print("finished", attempt), app.quit()))
    page.show()
    page.open(lambda: services.attempts.start_competence("ada", services.pack_id, competence, "en"))
    app.exec()
    services.close()


if __name__ == "__main__":
    _main()
