"""The first-run language choice and the searchable list of profiles. Layer: ui (main thread).

Parts of :class:`ui.learner.profiles_page.ProfilesPage`, which runs the service calls:
these widgets only show what they are given and say what the learner did.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from pixdesk.services.profiles import ProfileSummary
from ui.learner.profile_forms import Render, heading_label, message_label, plain, scale_heading

__all__ = ["LanguageChooser", "ProfileListView"]


class LanguageChooser(QWidget):
    """First run: two big buttons, "Français" and "English" (main thread)."""

    language_chosen = Signal(str)  # "fr" | "en"

    def __init__(self) -> None:
        super().__init__()
        self.welcome = heading_label(1.6)
        self.prompt = QLabel()
        self.prompt.setWordWrap(True)
        self.french_button = QPushButton()
        self.english_button = QPushButton()
        buttons = QHBoxLayout()
        for button, language in ((self.french_button, "fr"), (self.english_button, "en")):
            button.clicked.connect(lambda _checked=False, lang=language: self.language_chosen.emit(lang))
            buttons.addWidget(button, 1)
        self._scale_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.welcome)
        layout.addWidget(self.prompt)
        layout.addLayout(buttons)
        layout.addStretch(1)
        self.retranslate()

    def _scale_buttons(self) -> None:
        """Big buttons: 1.5 times the text size, three lines high (both follow the app font)."""
        for button in (self.french_button, self.english_button):
            font = QFont(self.font())
            font.setPointSizeF(font.pointSizeF() * 1.5)
            button.setFont(font)
            button.setMinimumHeight(button.fontMetrics().height() * 3)

    def retranslate(self) -> None:
        self.welcome.setText(self.tr("Welcome to PixDesk"))
        # Both languages at once: the learner has not chosen yet.
        self.prompt.setText(self.tr("Choose your language. / Choisissez votre langue."))
        for button, name, description in (
            (
                self.french_button,
                self.tr("Français", "language name, in French"),
                self.tr("Use PixDesk in French"),
            ),
            (
                self.english_button,
                self.tr("English", "language name, in English"),
                self.tr("Use PixDesk in English"),
            ),
        ):
            button.setText(name)
            button.setAccessibleName(name)
            button.setAccessibleDescription(description)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            scale_heading(self.welcome)
            self._scale_buttons()
        super().changeEvent(event)


class ProfileListView(QWidget):
    """ "Who are you?": a search field over the list of profiles (main thread).

    Keyboard: type in the search field, Down moves to the list, Enter opens the
    selected profile (from the field or the list), Tab reaches the buttons.
    """

    search_changed = Signal(str)
    profile_chosen = Signal(object)  # ProfileSummary
    new_requested = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._notice: Render | None = None
        self._search_shown = ""
        self.heading = heading_label()
        self.notice = message_label()
        self.search_label = QLabel()
        self.search_label.setWordWrap(True)
        self.search = QLineEdit()
        self.search.setClearButtonEnabled(True)
        self.search_label.setBuddy(self.search)
        self.search.textChanged.connect(self._on_search_text_changed)
        self.search.returnPressed.connect(self._on_open_button_clicked)
        self.search.installEventFilter(self)
        self.profile_list = QListWidget()
        self.profile_list.setWordWrap(True)
        self.profile_list.itemActivated.connect(self._on_profile_list_item_activated)
        self.profile_list.currentItemChanged.connect(self._on_profile_list_current_item_changed)
        self.empty_label = message_label(bold=False)
        self.new_button = QPushButton()
        self.new_button.clicked.connect(self.new_requested)
        self.open_button = QPushButton()
        self.open_button.clicked.connect(self._on_open_button_clicked)
        self.open_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addStretch(1)
        buttons.addWidget(self.open_button)
        layout = QVBoxLayout(self)
        for widget in (
            self.heading,
            self.notice,
            self.search_label,
            self.search,
            self.profile_list,
            self.empty_label,
        ):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        self.retranslate()

    def show_profiles(self, search: str, found: list[ProfileSummary]) -> None:
        """Fill the list with the profiles found for ``search``; the first one is selected."""
        self._search_shown = search
        self.profile_list.clear()
        for summary in found:
            item = QListWidgetItem(summary.display_name)
            item.setData(Qt.ItemDataRole.UserRole, summary)
            self.profile_list.addItem(item)
        if found:
            self.profile_list.setCurrentRow(0)
        self.empty_label.setVisible(not found)
        self._render_empty()
        self.open_button.setEnabled(bool(found))

    def show_notice(self, render: Render | None) -> None:
        """A message above the list (a profile that vanished, a failure), until the next action."""
        self._notice = render
        text = "" if render is None else render()
        self.notice.setText(text)
        self.notice.setAccessibleName(text)
        self.notice.setVisible(render is not None)

    def _render_empty(self) -> None:
        search = self._search_shown.strip()
        if search:
            text = self.tr("No profile matches “%1”. Check the spelling, or create a new profile.")
            self.empty_label.setText(text.replace("%1", search))
        else:
            self.empty_label.setText(self.tr("No profile on this computer yet."))
        self.empty_label.setAccessibleName(self.empty_label.text())

    def _on_search_text_changed(self, text: str) -> None:
        self.show_notice(None)
        self.search_changed.emit(text)

    def _on_profile_list_current_item_changed(
        self, current: QListWidgetItem | None, _previous: object
    ) -> None:
        self.open_button.setEnabled(current is not None)

    def _on_profile_list_item_activated(self, item: QListWidgetItem) -> None:
        self.profile_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def _on_open_button_clicked(self) -> None:
        item = self.profile_list.currentItem()
        if item is not None:
            self.profile_chosen.emit(item.data(Qt.ItemDataRole.UserRole))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Down (or Page Down) in the search field moves to the list."""
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.profile_list.count():
                self.profile_list.setFocus()
                return True
        return super().eventFilter(watched, event)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Who are you?"))
        self.search_label.setText(self.tr("&Search for your name"))
        self.search.setAccessibleName(plain(self.search_label.text()))
        self.search.setPlaceholderText(self.tr("A few letters of your name"))
        self.profile_list.setAccessibleName(self.tr("Profiles on this computer"))
        self.profile_list.setAccessibleDescription(self.tr("Choose your name, then press Enter"))
        self.open_button.setText(self.tr("&Open"))
        self.open_button.setAccessibleName(plain(self.open_button.text()))
        self.open_button.setAccessibleDescription(self.tr("Open the profile chosen in the list"))
        self.new_button.setText(self.tr("&New profile"))
        self.new_button.setAccessibleName(plain(self.new_button.text()))
        self.new_button.setAccessibleDescription(self.tr("Create a profile for someone not in the list"))
        self.show_notice(self._notice)
        self._render_empty()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            scale_heading(self.heading)
        super().changeEvent(event)
