"""One question on screen and the learner's response to it. Layer: ui (main thread).

Owns the rendering of a :class:`Challenge` with its :class:`ChallengeBody` (instruction in
Markdown, pictures and attachments, the answer controls of its format) and the keyboard
of a question: 1–9 pick the n-th proposal shown (QCM: toggle), Enter validates, the
"I don't know" button has a mnemonic. It emits the plain response value; recording it
is the test page's business (through the service, on the runner).

``python -m ui.learner.question_view`` shows the first question of a demo evaluation.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Qt, QUrl, Signal
from PySide6.QtGui import QDesktopServices, QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, Response
from ui.learner.answer_inputs import AnswerInputs, make_inputs, plain_text
from ui.learner.context import LearnerServices
from ui.learner.countdown import announce
from ui.learner.media_view import MediaView
from ui.learner.scrolling import scroll_area_for

__all__ = ["QuestionView"]

_DIGITS = {getattr(Qt.Key, f"Key_{n}"): n for n in range(1, 10)}


class QuestionView(QWidget):
    """A question with its answer controls, "Validate" and "I don't know". Main thread.

    Signals:
        response_submitted(object): the learner validated; the :data:`Response` value.
        skipped(): the learner chose "I don't know".
    """

    response_submitted = Signal(object)
    skipped = Signal()

    def __init__(
        self,
        services: LearnerServices,
        challenge: Challenge,
        body: ChallengeBody,
        attempt_id: str,
        language: str = "en",
        pack_id: str | None = None,
        shuffle: bool = True,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.challenge, self.body = challenge, body
        self.instruction = QLabel()
        self.instruction.setTextFormat(Qt.TextFormat.MarkdownText)
        self.instruction.setText(body.instruction)
        self.instruction.setWordWrap(True)
        self.instruction.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
            | Qt.TextInteractionFlag.LinksAccessibleByMouse
            | Qt.TextInteractionFlag.LinksAccessibleByKeyboard
        )
        self.instruction.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.instruction.setAccessibleName(plain_text(body.instruction))  # a screen reader says the text
        self.instruction.linkActivated.connect(self.follow_link)
        self.link_note = QLabel()  # what became of a link the learner followed
        self.link_note.setWordWrap(True)
        self.link_note.setTextFormat(Qt.TextFormat.PlainText)
        self.link_note.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.link_note.hide()
        self._link_text: Callable[[], str] | None = None
        self.media: MediaView | None = None
        if body.media:
            content = services.attempts.content
            pack = pack_id or services.pack_id
            self.media = MediaView(body.media, lambda m: content(pack).media(m), services.runner, language)
        self.format_hint = QLabel()
        self.format_hint.setWordWrap(True)
        self.inputs: AnswerInputs = make_inputs(challenge, body, attempt_id, shuffle and body.shuffled)
        self.inputs.changed.connect(self._on_inputs_changed)
        self.incomplete_hint = QLabel()
        self.incomplete_hint.setWordWrap(True)
        self.incomplete_hint.hide()
        self.skip_button = QPushButton()
        self.skip_button.setAutoDefault(True)  # Enter on a focused button presses it
        self.skip_button.clicked.connect(self.skip)
        self.validate_button = QPushButton()
        self.validate_button.setAutoDefault(True)
        self.validate_button.clicked.connect(self.submit)

        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.instruction)
        column.addWidget(self.link_note)
        if self.media is not None:
            column.addWidget(self.media)
        rule = QFrame()
        rule.setFrameShape(QFrame.Shape.HLine)
        column.addWidget(rule)
        column.addWidget(self.format_hint)
        column.addWidget(self.inputs)
        column.addWidget(self.incomplete_hint)
        column.addStretch(1)
        self.scroll_area = scroll_area_for(page)
        buttons = QHBoxLayout()
        buttons.addWidget(self.skip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.validate_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area, 1)
        layout.addLayout(buttons)

        first = self.inputs.first_control()
        QWidget.setTabOrder(self.instruction, first or self.skip_button)
        self.retranslate()
        self._on_inputs_changed()

    # -- the response --------------------------------------------------------------------------
    def response(self) -> Response:
        """The response as entered (None while incomplete)."""
        return self.inputs.response()

    def partial_response(self) -> Response:
        """Whatever usable is entered, for an answer the timer cuts short."""
        return self.inputs.partial_response()

    def is_complete(self) -> bool:
        return self.inputs.is_complete()

    def submit(self) -> None:
        """Validate: emit the response if complete, else say what is missing."""
        if not self.isEnabled():
            return
        if not self.is_complete():
            self.incomplete_hint.show()
            announce(self, self.incomplete_hint.text())
            return
        self.response_submitted.emit(self.response())

    def skip(self) -> None:
        if self.isEnabled():
            self.skipped.emit()

    def focus_first(self) -> None:
        """Put the keyboard on the instruction (read first by screen readers)."""
        self.instruction.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_inputs_changed(self) -> None:
        complete = self.is_complete()
        self.validate_button.setEnabled(complete)
        if complete:
            self.incomplete_hint.hide()

    # -- keyboard ------------------------------------------------------------------------------
    def keyPressEvent(self, event: QKeyEvent) -> None:
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        plain = modifiers == Qt.KeyboardModifier.NoModifier
        key = event.key()
        if plain and key in _DIGITS and self.isEnabled() and self.inputs.pick(_DIGITS[key]):
            event.accept()
        elif plain and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submit()
        else:
            super().keyPressEvent(event)

    # -- texts ---------------------------------------------------------------------------------
    # -- links -----------------------------------------------------------------------------------
    def follow_link(self, url: str) -> None:
        """A link of the instruction: opened with the system's browser, except in a focused
        question (leaving PixDesk would end its focus); its address is shown either way, so
        it can be typed on another device when this machine is offline."""
        if self.challenge.focused:
            self._link_text = lambda: self.tr(
                "This question is answered without leaving PixDesk: the link is not opened. Address: {url}"
            ).format(url=url)
        elif QDesktopServices.openUrl(QUrl(url)):
            self._link_text = lambda: self.tr("Opened in your browser: {url}").format(url=url)
        else:
            self._link_text = lambda: self.tr("No application could open the link. Address: {url}").format(
                url=url
            )
        self.link_note.show()
        self.retranslate()
        announce(self, self.link_note.text())

    def retranslate(self) -> None:
        if self._link_text is not None:
            self.link_note.setText(self._link_text())
        hints = {
            Format.QCU: self.tr("Choose one answer (keys 1 to {n})."),
            Format.QCM: self.tr("Choose every right answer (keys 1 to {n})."),
            Format.QROC: self.tr("Type or choose your answer."),
            Format.QROCM_IND: self.tr("Answer every field."),
            Format.QROCM_DEP: self.tr("Answer every field."),
        }
        self.format_hint.setText(hints[self.challenge.format].format(n=min(9, len(self.body.proposals))))
        self.inputs.setAccessibleName(self.format_hint.text())
        self.incomplete_hint.setText(
            self.tr("Choose or type an answer before validating, or choose “I don't know”.")
        )
        self.skip_button.setText(self.tr("I &don't know"))
        self.validate_button.setText(self.tr("&Validate"))
        for button, description in (
            (self.skip_button, self.tr("Skip this question; it counts as not answered")),
            (self.validate_button, self.tr("Record your answer (Enter)")),
        ):
            button.setAccessibleName(button.text().replace("&", ""))
            shortcut = QKeySequence.mnemonic(button.text()).toString(QKeySequence.SequenceFormat.NativeText)
            button.setAccessibleDescription(f"{description} ({shortcut})" if shortcut else description)
            button.setToolTip(button.accessibleDescription())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _main() -> None:  # pragma: no cover - a look at the screen
    import sys

    from PySide6.QtWidgets import QApplication

    from pixdesk.services.attempts import Step
    from ui.preview import preview_services

    app = QApplication(sys.argv)
    services = preview_services()
    competence = sys.argv[1] if len(sys.argv) > 1 else "1.1"
    views: list[QuestionView] = []

    def show(step: Step) -> None:
        assert step.challenge is not None and step.body is not None
        view = QuestionView(services, step.challenge, step.body, step.attempt_id)
        view.response_submitted.connect(lambda r: print("response:", r))
        view.skipped.connect(lambda: print("skipped"))
        view.setWindowTitle(f"{step.challenge.id} ({step.challenge.format})")
        view.resize(760, 560)
        view.show()
        view.focus_first()
        views.append(view)

    def failed(exc: BaseException) -> None:
        print(f"error: {exc}", file=sys.stderr)
        app.quit()

    services.runner.run(
        lambda: services.attempts.start_competence("ada", services.pack_id, competence, "en"), show, failed
    )
    app.exec()
    services.close()


if __name__ == "__main__":
    _main()
