"""The answer controls of one question, by format. Layer: ui (main thread).

Owns the widgets a learner answers with and the plain :data:`Response` value they make:
QCU radio buttons, QCM check boxes (both in a per-attempt shuffled order, mapped back
to the ORIGINAL 1-based proposal numbers), and for QROC / QROCM one labelled field per
:class:`InputSpec` (text → line edit, number → line edit with a validator, select →
drop-down whose first choice is "none yet"). No matching, no scoring: that is the
service's job.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Sequence

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QMouseEvent, QPalette, QRegularExpressionValidator, QTextDocument
from PySide6.QtWidgets import (
    QAbstractButton,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, InputSpec, Response

__all__ = ["AnswerInputs", "FieldInputs", "ProposalInputs", "make_inputs", "plain_text", "shown_order"]

# A number as French or English speakers type it (checked for real by the service).
_NUMBER = QRegularExpression(r"^[+-]?[0-9\s\x{00a0}\x{202f}]*([.,][0-9]*)?$")


# the check mark grows with the text (zoomed fonts); the style still draws it in its palette
_INDICATOR = "QCheckBox::indicator, QRadioButton::indicator { width: 1em; height: 1em; }"


def plain_text(markdown: str) -> str:
    """What a screen reader should say for a Markdown snippet."""
    document = QTextDocument()
    document.setMarkdown(markdown)
    return " ".join(document.toPlainText().split())


def shown_order(attempt_id: str, challenge_id: str, count: int, shuffle: bool = True) -> list[int]:
    """The original 1-based proposal numbers in the order they are shown.

    The same attempt always sees the same order for a challenge (after a restart too);
    another attempt sees another one.
    """
    numbers = list(range(1, count + 1))
    if shuffle:
        seed = hashlib.sha256(f"{attempt_id}\x1f{challenge_id}".encode()).digest()
        random.Random(int.from_bytes(seed[:8], "big")).shuffle(numbers)
    return numbers


class AnswerInputs(QWidget):
    """What every answer widget offers. Main thread."""

    changed = Signal()

    def response(self) -> Response:
        """The complete response (None while :meth:`is_complete` is false)."""
        raise NotImplementedError

    def partial_response(self) -> Response:
        """What is entered so far, in a shape the service accepts (None: nothing usable)."""
        return self.response()

    def is_complete(self) -> bool:
        raise NotImplementedError

    def pick(self, shown: int) -> bool:
        """Choose (QCM: toggle) the ``shown``-th proposal on screen; False if none."""
        return False

    def first_control(self) -> QWidget | None:
        raise NotImplementedError


class _ProposalRow(QFrame):
    """A check box or radio button with its wrapping text; the text is clickable too."""

    def __init__(self, button: QAbstractButton, markdown: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.button = button
        self.label = QLabel(markdown)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.MarkdownText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        # a frame drawn in the palette's highlight colour shows keyboard focus on the whole row
        self.setFrameShape(QFrame.Shape.Box)
        self.setFrameShadow(QFrame.Shadow.Plain)
        self.setLineWidth(2)
        self.setForegroundRole(QPalette.ColorRole.Window)
        layout = QHBoxLayout(self)
        margin = self.fontMetrics().height() // 4
        layout.setContentsMargins(margin, margin, margin, margin)
        layout.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addWidget(self.label, 1)
        button.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.button and event.type() in (QEvent.Type.FocusIn, QEvent.Type.FocusOut):
            focused = event.type() == QEvent.Type.FocusIn
            self.setForegroundRole(QPalette.ColorRole.Highlight if focused else QPalette.ColorRole.Window)
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton and self.button.isEnabled():
            self.button.click()
            self.button.setFocus(Qt.FocusReason.MouseFocusReason)
        super().mousePressEvent(event)


class ProposalInputs(AnswerInputs):
    """QCU (one radio button) or QCM (check boxes). Main thread."""

    def __init__(self, body: ChallengeBody, order: Sequence[int], multiple: bool) -> None:
        super().__init__()
        self.multiple = multiple
        self.order = list(order)
        self.group = QButtonGroup(self)
        self.group.setExclusive(not multiple)
        self.buttons: list[QAbstractButton] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        for shown, number in enumerate(self.order, start=1):
            button: QAbstractButton = QCheckBox(f"{shown}.") if multiple else QRadioButton(f"{shown}.")
            markdown = body.proposals[number - 1]
            self.group.addButton(button, number)
            self.buttons.append(button)
            row = _ProposalRow(button, markdown)
            button.setAccessibleName(plain_text(markdown))
            button.setStyleSheet(_INDICATOR)
            button.setProperty("shown", shown)
            layout.addWidget(row)
        self.group.buttonToggled.connect(lambda _button, _checked: self.changed.emit())
        self.retranslate()

    def retranslate(self) -> None:
        count = len(self.buttons)
        for button in self.buttons:
            shown = int(button.property("shown"))
            button.setAccessibleDescription(
                self.tr("Proposal {shown} of {count}: press {shown} to choose it").format(
                    shown=shown, count=count
                )
            )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def chosen(self) -> list[int]:
        return sorted(self.group.id(b) for b in self.buttons if b.isChecked())

    def response(self) -> Response:
        chosen = self.chosen()
        if not chosen:
            return None
        return frozenset(chosen) if self.multiple else chosen[0]

    def is_complete(self) -> bool:
        return bool(self.chosen())

    def pick(self, shown: int) -> bool:
        if not 1 <= shown <= len(self.buttons):
            return False
        button = self.buttons[shown - 1]
        button.setChecked(not button.isChecked() if self.multiple else True)
        button.setFocus(Qt.FocusReason.ShortcutFocusReason)
        return True

    def first_control(self) -> QWidget | None:
        checked = [b for b in self.buttons if b.isChecked()]
        candidates = checked or self.buttons
        return candidates[0] if candidates else None


class FieldInputs(AnswerInputs):
    """QROC (one field) or QROCM (one labelled field per input). Main thread."""

    def __init__(self, inputs: Sequence[InputSpec], single: bool) -> None:
        super().__init__()
        self.single = single
        self.specs = list(inputs)
        self.labels: list[QLabel] = []
        self.fields: list[QLineEdit | QComboBox] = []
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for spec in self.specs:
            label = QLabel()
            label.setWordWrap(True)
            label.setTextFormat(Qt.TextFormat.PlainText)
            field = self._field(spec)
            if isinstance(field, QLineEdit):  # long enough, not a whole screen wide
                width = 60 if spec.input == "text" else 30
                field.setMaximumWidth(field.fontMetrics().averageCharWidth() * width)
            label.setBuddy(field)
            self.labels.append(label)
            self.fields.append(field)
            layout.addWidget(label)
            layout.addWidget(
                field, 0, Qt.AlignmentFlag.AlignLeft if isinstance(field, QComboBox) else Qt.AlignmentFlag(0)
            )
            layout.addSpacing(label.fontMetrics().height() // 2)
        self.retranslate()

    def _field(self, spec: InputSpec) -> QLineEdit | QComboBox:
        if spec.input == "select":
            combo = QComboBox()
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # no option cut off
            combo.addItem("", None)
            for option in spec.options:
                combo.addItem(option, option)
            combo.currentIndexChanged.connect(lambda _i: self.changed.emit())
            return combo
        edit = QLineEdit()
        edit.setMaxLength(500)
        if spec.input == "number":
            edit.setValidator(QRegularExpressionValidator(_NUMBER, edit))
            edit.setInputMethodHints(Qt.InputMethodHint.ImhFormattedNumbersOnly)
        edit.textChanged.connect(lambda _t: self.changed.emit())
        return edit

    def retranslate(self) -> None:
        for spec, label, field in zip(self.specs, self.labels, self.fields, strict=True):
            text = spec.label or self.tr("Your answer")
            label.setText(text)
            field.setAccessibleName(text)
            if isinstance(field, QComboBox):
                field.setItemText(0, self.tr("(choose)"))
                field.setAccessibleDescription(self.tr("Choose one of the options in the list"))
            elif spec.input == "number":
                field.setAccessibleDescription(self.tr("Type a number"))
            else:
                field.setAccessibleDescription(self.tr("Type your answer"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _value(field: QLineEdit | QComboBox) -> str | None:
        if isinstance(field, QComboBox):
            data = field.currentData()
            return None if data is None else str(data)
        return field.text().strip() or None

    def values(self) -> dict[str, str | None]:
        return {spec.name: self._value(field) for spec, field in zip(self.specs, self.fields, strict=True)}

    def is_complete(self) -> bool:
        return all(value is not None for value in self.values().values())

    def response(self) -> Response:
        values = self.values()
        if not all(value is not None for value in values.values()):
            return None
        if self.single:
            return str(next(iter(values.values())))
        return {name: str(value) for name, value in values.items()}

    def partial_response(self) -> Response:
        """Texts as typed (empty allowed); None when nothing is entered or a list has no choice."""
        values = self.values()
        if all(value is None for value in values.values()):
            return None
        for spec, value in zip(self.specs, values.values(), strict=True):
            if spec.input == "select" and value is None:
                return None
        if self.single:
            return next(iter(values.values())) or ""
        return {name: value or "" for name, value in values.items()}

    def first_control(self) -> QWidget | None:
        return self.fields[0] if self.fields else None


def make_inputs(
    challenge: Challenge, body: ChallengeBody, attempt_id: str, shuffle: bool = True
) -> AnswerInputs:
    """The answer widget for ``challenge``'s format."""
    if challenge.format in (Format.QCU, Format.QCM):
        order = shown_order(attempt_id, challenge.id, len(body.proposals), shuffle)
        return ProposalInputs(body, order, multiple=challenge.format is Format.QCM)
    if challenge.format is Format.QROC:
        inputs = body.inputs[:1] or (InputSpec("answer", "", "text"),)
        return FieldInputs(inputs, single=True)
    return FieldInputs(body.inputs, single=False)
