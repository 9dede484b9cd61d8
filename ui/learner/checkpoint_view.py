"""The screens a test shows between questions. Layer: ui (main thread).

Owns the correction checkpoint shown every 5 answers (:class:`CheckpointView`: per answer
the question shortened, the learner's response in words, the outcome as a word with a
symbol — "Right ✓", "Wrong ✗", "Skipped" — never colour alone, the expected answer when
it was missed, the explanation in Markdown, then "Continue"), the warning before a
focused question (:class:`FocusedWarningView`) and the end screen (:class:`EndView`).
Enter presses each screen's one button.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import ChallengeBody, Format, Response
from pixdesk.services.attempts import Feedback
from ui.learner.answer_inputs import plain_text
from ui.learner.scrolling import scroll_area_for

__all__ = ["CheckpointView", "EndView", "FocusedWarningView", "expected_text", "response_text", "short_text"]


def short_text(markdown: str, limit: int = 160) -> str:
    """The Markdown as plain text on one line, cut at ``limit`` characters."""
    text = plain_text(markdown)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def response_text(body: ChallengeBody, response: Response) -> str | None:
    """The response in the learner's words (None: skipped)."""
    if response is None:
        return None
    if isinstance(response, int):
        return _proposal(body, response)
    if isinstance(response, str):
        return response
    if isinstance(response, Mapping):
        labels = {spec.name: spec.label for spec in body.inputs}
        return _lines(f"{labels.get(name) or name}: {value}" for name, value in response.items())
    return _lines(_proposal(body, n) for n in sorted(response))


def expected_text(format_: Format, body: ChallengeBody) -> str:
    """One right answer, as a learner would write it."""
    solutions: Any = body.solutions
    if format_ in (Format.QCU, Format.QCM):
        return _lines(_proposal(body, n) for n in solutions)
    if format_ is Format.QROCM_DEP:
        return _lines(group[0] for group in solutions if group)
    if format_ is Format.QROC:
        return next((values[0] for values in solutions.values() if values), "")
    labels = {spec.name: spec.label for spec in body.inputs}
    return _lines(f"{labels.get(name) or name}: {values[0]}" for name, values in solutions.items() if values)


def _lines(items: Iterable[str]) -> str:
    """One item as it is; several on bulleted lines of their own."""
    listed = list(items)
    return listed[0] if len(listed) == 1 else "".join(f"\n• {item}" for item in listed)


def _proposal(body: ChallengeBody, number: int) -> str:
    return plain_text(body.proposals[number - 1]) if 1 <= number <= len(body.proposals) else str(number)


class CheckpointView(QWidget):
    """The last answers corrected. Main thread.

    Signals:
        continued(): the learner goes on to the next question.
    """

    continued = Signal()

    def __init__(self, feedback: Sequence[Feedback], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.feedback = list(feedback)
        self.heading = _heading()
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.items: list[tuple[Feedback, list[QLabel]]] = []
        page = QWidget()
        column = QVBoxLayout(page)
        column.addWidget(self.heading)
        column.addWidget(self.summary)
        for item in self.feedback:
            frame = QFrame()
            frame.setFrameShape(QFrame.Shape.StyledPanel)
            box = QVBoxLayout(frame)
            labels = []
            for markdown in (False, False, False, False, True):
                label = QLabel()
                label.setWordWrap(True)
                label.setTextFormat(Qt.TextFormat.MarkdownText if markdown else Qt.TextFormat.PlainText)
                box.addWidget(label)
                labels.append(label)
            labels[0].setFocusPolicy(Qt.FocusPolicy.TabFocus)  # screen readers stop on each answer
            bold = labels[2].font()
            bold.setBold(True)
            labels[2].setFont(bold)
            self.items.append((item, labels))
            column.addWidget(frame)
        column.addStretch(1)
        scroll = scroll_area_for(page)
        self.continue_button = QPushButton()
        self.continue_button.setAutoDefault(True)
        self.continue_button.clicked.connect(self.continued)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.continue_button, 0, Qt.AlignmentFlag.AlignRight)
        self.retranslate()

    def right_count(self) -> int:
        return sum(1 for item in self.feedback if item.status.success)

    def status_text(self, status: AnswerStatus) -> str:
        return {
            AnswerStatus.OK: self.tr("Right ✓"),
            AnswerStatus.KO: self.tr("Wrong ✗"),
            AnswerStatus.ABAND: self.tr("Skipped –"),
            AnswerStatus.TIMEDOUT: self.tr("Too late ⏱ (right, but after the time)"),
            AnswerStatus.FOCUSEDOUT: self.tr("Right ✓, but you left the window during this question"),
        }[status]

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Correction of your last answers"))
        self.summary.setText(
            self.tr("{right} right out of {count}.").format(
                right=self.right_count(), count=len(self.feedback)
            )
        )
        for number, (item, labels) in enumerate(self.items, start=1):
            question, answer, status, expected, explanation = labels
            question.setText(
                self.tr("Question {number}: {text}").format(
                    number=number, text=short_text(item.body.instruction)
                )
            )
            given = response_text(item.body, item.response)
            answer.setText(
                self.tr("Your answer: {answer}").format(answer=given)
                if given
                else self.tr("You did not answer.")
            )
            status.setText(self.status_text(item.status))
            expected.setVisible(item.status in (AnswerStatus.KO, AnswerStatus.ABAND))
            expected.setText(
                self.tr("Expected answer: {answer}").format(
                    answer=expected_text(item.challenge.format, item.body)
                )
            )
            explanation.setText(item.body.explanation)
            explanation.setVisible(bool(item.body.explanation))
            question.setAccessibleName(f"{question.text()} — {status.text()}")
            question.setAccessibleDescription(f"{answer.text()} {explanation.text()}")
        self.continue_button.setText(self.tr("&Continue"))
        self.continue_button.setAccessibleName(self.tr("Continue"))
        self.continue_button.setAccessibleDescription(
            self.tr("Go on to the next question (Enter). {summary}").format(summary=self.summary.text())
        )

    def focus_first(self) -> None:
        self.continue_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.continued.emit()
        else:
            super().keyPressEvent(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _heading() -> QLabel:
    label = QLabel()
    font = label.font()
    font.setPointSizeF(font.pointSizeF() * 1.3)
    font.setBold(True)
    label.setFont(font)
    label.setWordWrap(True)
    return label


class _OneButtonView(QWidget):
    """A heading, a text and one button that Enter presses. Main thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = _heading()
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.button = QPushButton()
        self.button.setAutoDefault(True)
        column = QWidget()  # a readable measure, centred: not a line of text across the screen
        column.setMaximumWidth(self.fontMetrics().averageCharWidth() * 60)
        inner = QVBoxLayout(column)
        inner.addWidget(self.heading)
        inner.addWidget(self.text)
        inner.addWidget(self.button, 0, Qt.AlignmentFlag.AlignLeft)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column, 3)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)

    def focus_first(self) -> None:
        self.button.setFocus(Qt.FocusReason.OtherFocusReason)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.button.click()
        else:
            super().keyPressEvent(event)

    def retranslate(self) -> None:
        self.button.setAccessibleName(self.button.text().replace("&", ""))
        self.button.setAccessibleDescription(self.text.text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class FocusedWarningView(_OneButtonView):
    """Said before a focused question. Main thread.

    Signals:
        started(): the learner is ready; show the question.
    """

    started = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button.clicked.connect(self.started)
        self.retranslate()

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Focused question"))
        self.text.setText(
            self.tr(
                "This question is focused: stay in this window until you answer. "
                "Leaving it (another window, another application) will be recorded."
            )
        )
        self.button.setText(self.tr("&Start the question"))
        super().retranslate()


class EndView(_OneButtonView):
    """The end of a test: what was answered, then the results. Main thread.

    Signals:
        results_requested(): "See my results".
    """

    results_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.result: Mapping[str, Any] | None = None
        self.button.clicked.connect(self.results_requested)
        self.retranslate()

    def show_result(self, result: Mapping[str, Any] | None) -> None:
        self.result = result
        self.retranslate()

    def summary(self) -> str:
        result = self.result or {}
        if not result:
            return self.tr("Your answers are recorded.")
        lines = [
            self.tr("Questions answered: {count}").format(count=int(result.get("answers", 0))),
            self.tr("Right answers: {count}").format(count=int(result.get("correct", 0))),
        ]
        if result.get("aborted"):
            lines.append(self.tr("The test was stopped before the end."))
        for code, score in sorted((result.get("competences") or {}).items()):
            lines.append(
                self.tr("Competence {code}: level {level} ({pix} pix)").format(
                    code=code, level=score.get("level", 0), pix=score.get("pix", 0)
                )
            )
        return "\n".join(lines)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Test finished"))
        self.text.setText(self.summary())
        self.button.setText(self.tr("&See my results"))
        super().retranslate()
