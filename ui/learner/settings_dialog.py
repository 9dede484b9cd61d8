"""The learner's own settings: language, text size, high contrast, extra time. Layer: ui (main thread).

Extra time is a right some learners have (a teacher or the learner sets it): it
lengthens every timer of the tests they start from now on. The dialog only collects
the choices; the main window saves them through the profile service.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from pixdesk.services.profiles import Profile
from ui.theme import ZOOM_STEPS

__all__ = ["EXTRA_TIME_STEPS", "SettingsDialog"]

EXTRA_TIME_STEPS = (0, 25, 33, 50, 100)


class SettingsDialog(QDialog):
    """Edits one profile's preferences (main thread)."""

    def __init__(self, profile: Profile, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.profile = profile
        self.language = QComboBox()
        self.language.addItem("Français", "fr")
        self.language.addItem("English", "en")
        self.language.setCurrentIndex(max(0, self.language.findData(profile.language)))
        self.zoom = QComboBox()
        for step in ZOOM_STEPS:
            self.zoom.addItem(f"{step} %", step)
        self.zoom.setCurrentIndex(max(0, self.zoom.findData(profile.zoom)))
        self.contrast = QCheckBox()
        self.contrast.setChecked(profile.high_contrast)
        self.extra_time = QComboBox()
        for step in EXTRA_TIME_STEPS:
            self.extra_time.addItem("", step)
        self.extra_time.setCurrentIndex(max(0, self.extra_time.findData(profile.extra_time_pct)))
        self.extra_help = QLabel()
        self.extra_help.setWordWrap(True)
        form = QFormLayout()
        self.labels = [QLabel() for _ in range(4)]
        for label, field in zip(
            self.labels, (self.language, self.zoom, self.contrast, self.extra_time), strict=True
        ):
            label.setBuddy(field)
            form.addRow(label, field)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.extra_help)
        layout.addWidget(self.buttons)
        self.retranslate()

    def changes(self) -> dict[str, Any]:
        """The preferences that differ from the profile's."""
        chosen = {
            "language": self.language.currentData(),
            "zoom": self.zoom.currentData(),
            "high_contrast": self.contrast.isChecked(),
            "extra_time_pct": self.extra_time.currentData(),
        }
        return {key: value for key, value in chosen.items() if getattr(self.profile, key) != value}

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("My settings"))
        texts = (
            self.tr("&Language"),
            self.tr("Text &size"),
            self.tr("High &contrast"),
            self.tr("&Extra time"),
        )
        for label, text in zip(self.labels, texts, strict=True):
            label.setText(text)
        self.language.setAccessibleName(self.tr("Language of the interface and of new tests"))
        self.zoom.setAccessibleName(self.tr("Text size"))
        self.contrast.setText(self.tr("White text on black, thick outlines"))
        self.contrast.setAccessibleName(self.tr("High contrast"))
        for index, step in enumerate(EXTRA_TIME_STEPS):
            self.extra_time.setItemText(
                index, self.tr("None") if step == 0 else self.tr("+%1 %").replace("%1", str(step))
            )
        self.extra_time.setAccessibleName(self.tr("Extra time on timed questions"))
        self.extra_help.setText(
            self.tr("Extra time lengthens every timed question of the tests you start from now on.")
        )

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
