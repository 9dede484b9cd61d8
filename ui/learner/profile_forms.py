"""The forms of the profiles page: sign in, choose a secret, new profile. Layer: ui (main thread).

The forms only collect what the learner types and show what they are told; they call
no service. :class:`ui.learner.profiles_page.ProfilesPage` runs the service calls and
turns error codes into messages. Messages are given as functions returning the text,
so a change of language re-renders them. Errors appear under their field as text (and
in the field's accessible description), never as colour alone, never in dialogs.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QRegularExpression, Qt, Signal
from PySide6.QtGui import QFont, QKeySequence, QRegularExpressionValidator, QShortcut
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.passwords import PIN_MAX_LENGTH

__all__ = ["ChooseSecretForm", "NewProfileForm", "SecretFields", "SignInForm", "heading_label", "plain"]

Render = Callable[[], str]
_PIN_HINTS = (
    Qt.InputMethodHint.ImhDigitsOnly
    | Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhHiddenText
)
_PASSWORD_HINTS = (
    Qt.InputMethodHint.ImhSensitiveData
    | Qt.InputMethodHint.ImhNoPredictiveText
    | Qt.InputMethodHint.ImhHiddenText
    | Qt.InputMethodHint.ImhNoAutoUppercase
)


def plain(text: str) -> str:
    """A label's text without its mnemonic ampersand, for accessible names."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&")


def heading_label(scale: float = 1.4) -> QLabel:
    """A word-wrapped bold label, ``scale`` times the widget font (no fixed size)."""
    label = QLabel()
    label.setWordWrap(True)
    label.setProperty("pixdesk_heading_scale", scale)
    scale_heading(label)
    return label


def scale_heading(label: QLabel) -> None:
    parent = label.parentWidget()
    base = QFont(parent.font() if parent is not None else label.font())
    size = base.pointSizeF()
    if size > 0:
        base.setPointSizeF(size * float(label.property("pixdesk_heading_scale") or 1.4))
    base.setBold(True)
    label.setFont(base)


def message_label(bold: bool = True) -> QLabel:
    """A word-wrapped label for errors and notices, hidden while empty (bold: not colour alone)."""
    label = QLabel()
    label.setWordWrap(True)
    if bold:
        font = QFont()
        font.setBold(True)
        label.setFont(font)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setVisible(False)
    return label


def secret_line_edit() -> QLineEdit:
    field = QLineEdit()
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


def set_pin_mode(field: QLineEdit, pin: bool) -> None:
    """Digits only, at most 6, for a PIN; free text for a password."""
    if pin:
        field.setValidator(
            QRegularExpressionValidator(QRegularExpression(f"[0-9]{{0,{PIN_MAX_LENGTH}}}"), field)
        )
        field.setMaxLength(PIN_MAX_LENGTH)
        field.setInputMethodHints(_PIN_HINTS)
    else:
        field.setValidator(None)  # type: ignore[arg-type]  # None removes it (stubs say QValidator)
        field.setMaxLength(256)
        field.setInputMethodHints(_PASSWORD_HINTS)


class _Messages:
    """Error and status labels whose texts are re-rendered on a change of language."""

    def __init__(self) -> None:
        self._renders: dict[QLabel, tuple[Render, QWidget | None]] = {}

    def show(self, label: QLabel, render: Render | None, field: QWidget | None = None) -> None:
        if render is None:
            self._renders.pop(label, None)
            label.clear()
            label.setVisible(False)
            if field is not None:
                field.setAccessibleDescription("")
            return
        self._renders[label] = (render, field)
        self._render(label, render, field)

    @staticmethod
    def _render(label: QLabel, render: Render, field: QWidget | None) -> None:
        text = render()
        label.setText(text)
        label.setAccessibleName(text)
        label.setVisible(True)
        if field is not None:
            field.setAccessibleDescription(text)

    def rerender(self) -> None:
        for label, (render, field) in self._renders.items():
            self._render(label, render, field)

    def clear(self) -> None:
        for label, (_render, field) in list(self._renders.items()):
            self.show(label, None, field)


class _Form(QWidget):
    """Shared by the forms: Esc goes back, retranslation on LanguageChange."""

    back_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.messages = _Messages()
        self.heading = heading_label()
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.back_requested)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.back_requested)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("&Back"))
        self.back_button.setAccessibleName(plain(self.back_button.text()))
        self.messages.rerender()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            scale_heading(self.heading)
        super().changeEvent(event)


class SecretFields(QWidget):
    """PIN or password, typed twice (main thread)."""

    def __init__(self) -> None:
        super().__init__()
        self.messages = _Messages()
        self.kind_box = QGroupBox()
        self.pin_radio = QRadioButton()
        self.password_radio = QRadioButton()
        self.kinds = QButtonGroup(self)
        self.kinds.addButton(self.pin_radio)
        self.kinds.addButton(self.password_radio)
        self.pin_radio.setChecked(True)
        self.kind_help = QLabel()
        self.kind_help.setWordWrap(True)
        kinds = QVBoxLayout(self.kind_box)
        kinds.addWidget(self.pin_radio)
        kinds.addWidget(self.password_radio)
        kinds.addWidget(self.kind_help)
        self.secret_label = QLabel()
        self.secret_label.setWordWrap(True)
        self.secret = secret_line_edit()
        self.secret_label.setBuddy(self.secret)
        self.secret_error = message_label()
        self.confirm_label = QLabel()
        self.confirm_label.setWordWrap(True)
        self.confirm = secret_line_edit()
        self.confirm_label.setBuddy(self.confirm)
        self.confirm_error = message_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in (
            self.kind_box,
            self.secret_label,
            self.secret,
            self.secret_error,
            self.confirm_label,
            self.confirm,
            self.confirm_error,
        ):
            layout.addWidget(widget)
        self.pin_radio.toggled.connect(self._on_pin_radio_toggled)
        self._on_pin_radio_toggled(True)
        self.retranslate()

    def kind(self) -> str:
        return "pin" if self.pin_radio.isChecked() else "password"

    def clear(self) -> None:
        self.secret.clear()
        self.confirm.clear()
        self.messages.clear()

    def check_confirmation(self) -> bool:
        """True if both entries agree; otherwise say so under the confirmation."""
        same = self.secret.text() == self.confirm.text()
        self.messages.show(self.confirm_error, None if same else self._mismatch, self.confirm)
        if not same:
            self.confirm.setFocus()
        return same

    def _mismatch(self) -> str:
        if self.kind() == "pin":
            return self.tr("The two PINs are different. Type the same PIN twice.")
        return self.tr("The two passwords are different. Type the same password twice.")

    def show_secret_error(self, render: Render | None) -> None:
        self.messages.show(self.secret_error, render, self.secret)

    def _on_pin_radio_toggled(self, _checked: bool) -> None:
        pin = self.pin_radio.isChecked()
        for field in (self.secret, self.confirm):
            field.clear()
            set_pin_mode(field, pin)
        self.messages.clear()
        self.retranslate()

    def retranslate(self) -> None:
        self.kind_box.setTitle(self.tr("Protect your profile with"))
        self.pin_radio.setText(self.tr("a &PIN"))
        self.password_radio.setText(self.tr("a pass&word"))
        self.kind_help.setText(self.tr("A PIN has 4 to 6 digits. A password has at least 8 characters."))
        self.pin_radio.setAccessibleDescription(self.tr("4 to 6 digits"))
        self.password_radio.setAccessibleDescription(self.tr("at least 8 characters"))
        pin = self.pin_radio.isChecked()
        self.secret_label.setText(self.tr("C&hoose a PIN") if pin else self.tr("C&hoose a password"))
        self.confirm_label.setText(
            self.tr("&Type the PIN again") if pin else self.tr("&Type the password again")
        )
        for widget, label in (
            (self.pin_radio, self.pin_radio.text()),
            (self.password_radio, self.password_radio.text()),
            (self.secret, self.secret_label.text()),
            (self.confirm, self.confirm_label.text()),
        ):
            widget.setAccessibleName(plain(label))
        self.messages.rerender()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class SignInForm(_Form):
    """One learner types their PIN or password (main thread)."""

    submitted = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.kind = "pin"
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.secret_label = QLabel()
        self.secret_label.setWordWrap(True)
        self.secret = secret_line_edit()
        self.secret_label.setBuddy(self.secret)
        self.message = message_label()
        self.sign_in_button = QPushButton()
        self.secret.textChanged.connect(self._update_button)
        self.secret.returnPressed.connect(self._on_sign_in_button_clicked)
        self.sign_in_button.clicked.connect(self._on_sign_in_button_clicked)
        self._locked = False
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.sign_in_button)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.prompt, self.secret_label, self.secret, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.setTabOrder(self.secret, self.back_button)
        self.setTabOrder(self.back_button, self.sign_in_button)
        self.retranslate()

    def open(self, name: str, kind: str) -> None:
        """Show the form for the learner called ``name`` whose secret is a ``kind``."""
        self.kind = kind
        self.heading.setText(name)
        self.secret.clear()
        set_pin_mode(self.secret, kind == "pin")
        self.messages.clear()
        self.set_locked(False)
        self.retranslate()

    def show_message(self, render: Render | None) -> None:
        self.messages.show(self.message, render, self.secret)

    def set_locked(self, locked: bool) -> None:
        self._locked = locked
        self.secret.setEnabled(not locked)
        if locked:
            self.secret.clear()
        self._update_button()

    def set_busy(self, busy: bool) -> None:
        self.secret.setEnabled(not busy and not self._locked)
        self.sign_in_button.setEnabled(not busy and self._ready())

    def _ready(self) -> bool:
        text = self.secret.text()
        return not self._locked and (len(text) >= 4 if self.kind == "pin" else bool(text))

    def _update_button(self) -> None:
        self.sign_in_button.setEnabled(self._ready())

    def _on_sign_in_button_clicked(self) -> None:
        if self._ready():
            self.submitted.emit(self.secret.text())

    def retranslate(self) -> None:
        pin = self.kind == "pin"
        self.prompt.setText(
            self.tr("Type your PIN to open your profile.")
            if pin
            else self.tr("Type your password to open your profile.")
        )
        self.secret_label.setText(self.tr("Your &PIN") if pin else self.tr("Your &password"))
        self.secret.setAccessibleName(plain(self.secret_label.text()))
        self.sign_in_button.setText(self.tr("&Sign in"))
        self.sign_in_button.setAccessibleName(plain(self.sign_in_button.text()))
        super().retranslate()


class ChooseSecretForm(_Form):
    """A learner created before profiles chooses a PIN or password (main thread)."""

    submitted = Signal(str, str)  # secret, kind

    def __init__(self) -> None:
        super().__init__()
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.fields = SecretFields()
        self.message = message_label()
        self.save_button = QPushButton()
        self.save_button.clicked.connect(self._on_save_button_clicked)
        for field in (self.fields.secret, self.fields.confirm):
            field.returnPressed.connect(self._on_save_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.prompt, self.fields, self.message):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def open(self, name: str) -> None:
        self.heading.setText(name)
        self.fields.clear()
        self.messages.clear()
        self.set_busy(False)

    def show_message(self, render: Render | None) -> None:
        self.messages.show(self.message, render)

    def set_busy(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy)

    def _on_save_button_clicked(self) -> None:
        self.fields.show_secret_error(None)
        if self.fields.check_confirmation():
            self.submitted.emit(self.fields.secret.text(), self.fields.kind())

    def retranslate(self) -> None:
        self.prompt.setText(
            self.tr(
                "This profile has no PIN or password yet. Choose one: you will need it to open your profile."
            )
        )
        self.save_button.setText(self.tr("&Save and sign in"))
        self.save_button.setAccessibleName(plain(self.save_button.text()))
        super().retranslate()


class NewProfileForm(_Form):
    """Name, PIN or password, language: a new profile (main thread)."""

    submitted = Signal(str, str, str, str)  # name, secret, kind, language

    def __init__(self, max_name_length: int) -> None:
        super().__init__()
        self.intro = QLabel()
        self.intro.setWordWrap(True)
        self.name_label = QLabel()
        self.name_label.setWordWrap(True)
        self.name = QLineEdit()
        self.name.setMaxLength(max_name_length)
        self.name_label.setBuddy(self.name)
        self.name_error = message_label()
        self.fields = SecretFields()
        self.language_label = QLabel()
        self.language_label.setWordWrap(True)
        self.language = QComboBox()
        self.language.addItem("", "fr")
        self.language.addItem("", "en")
        self.language_label.setBuddy(self.language)
        self.message = message_label()
        self.create_button = QPushButton()
        self.create_button.clicked.connect(self._on_create_button_clicked)
        for field in (self.name, self.fields.secret, self.fields.confirm):
            field.returnPressed.connect(self._on_create_button_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button)
        buttons.addStretch(1)
        buttons.addWidget(self.create_button)
        layout = QVBoxLayout(self)
        for widget in (
            self.heading,
            self.intro,
            self.name_label,
            self.name,
            self.name_error,
            self.fields,
            self.language_label,
            self.language,
            self.message,
        ):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def open(self, language: str) -> None:
        self.name.clear()
        self.fields.clear()
        self.messages.clear()
        self.set_language(language)
        self.set_busy(False)

    def set_language(self, language: str) -> None:
        self.language.setCurrentIndex(max(0, self.language.findData(language)))

    def show_name_error(self, render: Render | None) -> None:
        self.messages.show(self.name_error, render, self.name)

    def show_message(self, render: Render | None) -> None:
        self.messages.show(self.message, render)

    def set_busy(self, busy: bool) -> None:
        self.create_button.setEnabled(not busy)

    def _on_create_button_clicked(self) -> None:
        self.messages.clear()
        self.fields.show_secret_error(None)
        if self.fields.check_confirmation():
            self.submitted.emit(
                self.name.text(), self.fields.secret.text(), self.fields.kind(), self.language.currentData()
            )

    def retranslate(self) -> None:
        self.heading.setText(self.tr("New profile"))
        self.intro.setText(
            self.tr(
                "Your profile keeps your results on this computer."
                " Only you can open it, with your PIN or password."
            )
        )
        self.name_label.setText(self.tr("Your &name (as your teacher knows it)"))
        self.name.setAccessibleName(plain(self.name_label.text()))
        self.language_label.setText(self.tr("&Language of the tests"))
        self.language.setAccessibleName(plain(self.language_label.text()))
        self.language.setItemText(0, self.tr("Français", "language name, in French"))
        self.language.setItemText(1, self.tr("English", "language name, in English"))
        self.create_button.setText(self.tr("&Create my profile"))
        self.create_button.setAccessibleName(plain(self.create_button.text()))
        super().retranslate()
