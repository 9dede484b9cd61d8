"""Parts of the results screen: the lists of skills and the recommended tutorials.

Layer: ui (main thread). A skill is named in words by its tube's title and its level
("✓ Validated: Search engines, level 2"), never by its code or a colour. A tutorial
shows its title, duration, kind and source (the pack), and its Markdown body rendered
offline: links stay plain text and nothing is fetched, since the machine may have no
network and a learner should not leave the app for an unknown page.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import QApplication, QFrame, QLabel, QVBoxLayout, QWidget

from pixdesk.packs.content import Tutorial
from pixdesk.services.attempt_summary import SkillOutcome
from ui.learner.progress_texts import pick

__all__ = ["SkillList", "TutorialList", "heading", "outline"]

_READ_ONLY = Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard


def heading(label: QLabel, scale: float = 1.0) -> QLabel:
    """Make a label a bold (optionally larger) word-wrapped heading."""
    font = label.font()
    font.setBold(True)
    if scale != 1.0:
        font.setPointSizeF(font.pointSizeF() * scale)
    label.setFont(font)
    label.setWordWrap(True)
    return label


def outline(frame: QFrame) -> QFrame:
    """A visible frame: the style's panel, or a plain line in the text colour in high contrast
    (where the style's shades of grey vanish)."""
    app = QApplication.instance()
    if app is not None and app.property("pixdesk_high_contrast"):
        frame.setFrameShape(QFrame.Shape.Box)
        frame.setFrameShadow(QFrame.Shadow.Plain)
    else:
        frame.setFrameShape(QFrame.Shape.StyledPanel)
    return frame


def _clear(layout: QVBoxLayout, keep: int) -> None:
    while layout.count() > keep:
        item = layout.takeAt(keep)
        widget = item.widget() if item is not None else None
        if widget is not None:
            widget.deleteLater()


class SkillList(QWidget):
    """The skills validated (✓) or to work on (✗) in one attempt. Main thread."""

    def __init__(self, validated: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.validated = validated
        self.skills: list[SkillOutcome] = []
        self.language = "en"
        self.title = heading(QLabel())
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addWidget(self.title)
        self.retranslate()

    def set_skills(self, skills: Sequence[SkillOutcome], language: str) -> None:
        self.skills, self.language = list(skills), language
        _clear(self.rows, 1)
        for _skill in self.skills:
            label = QLabel()
            label.setWordWrap(True)
            self.rows.addWidget(label)
        self.retranslate()

    def texts(self) -> list[str]:
        """The rows as shown."""
        out = []
        for skill in self.skills:
            name = pick(skill.tube_title, self.language) or skill.tube_id
            what = self.tr("{tube}, level {level}").format(tube=name, level=skill.level)
            if self.validated:
                out.append(self.tr("✓ Validated: {what}").format(what=what))
            else:
                out.append(self.tr("✗ Not yet: {what}").format(what=what))
        return out

    def retranslate(self) -> None:
        n = len(self.skills)
        if self.validated:
            self.title.setText(self.tr("Skills validated (%n)", "", n))
        else:
            self.title.setText(self.tr("Skills to work on (%n)", "", n))
        for index, text in enumerate(self.texts(), start=1):
            item = self.rows.itemAt(index)
            label = item.widget() if item is not None else None
            if isinstance(label, QLabel):
                label.setText(text)
        self.setVisible(bool(self.skills))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


class TutorialList(QWidget):
    """Tutorials recommended for the skills failed directly, read offline. Main thread."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tutorials: list[Tutorial] = []
        self.source, self.language, self.failed = "", "en", False
        self.title = heading(QLabel())
        self.empty = QLabel()
        self.empty.setWordWrap(True)
        self.rows = QVBoxLayout(self)
        self.rows.setContentsMargins(0, 0, 0, 0)
        self.rows.addWidget(self.title)
        self.rows.addWidget(self.empty)
        self.frames: list[tuple[QLabel, QLabel, QLabel]] = []
        self.retranslate()

    def set_tutorials(self, tutorials: Sequence[Tutorial], source: str, language: str, failed: bool) -> None:
        """Show ``tutorials`` from the pack named ``source``; ``failed``: some skill was failed."""
        self.tutorials, self.source, self.language, self.failed = list(tutorials), source, language, failed
        _clear(self.rows, 2)
        self.frames = []
        for tutorial in self.tutorials:
            frame = outline(QFrame())
            box = QVBoxLayout(frame)
            title, meta, body = heading(QLabel()), QLabel(), QLabel()
            meta.setWordWrap(True)
            body.setWordWrap(True)
            body.setTextFormat(Qt.TextFormat.MarkdownText)
            body.setOpenExternalLinks(False)
            body.setTextInteractionFlags(_READ_ONLY)
            body.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable with Tab, readable by a screen reader
            body.setText(pick(tutorial.body, language))
            body.setAccessibleDescription(pick(tutorial.body, language))
            for widget in (title, meta, body):
                box.addWidget(widget)
            self.rows.addWidget(frame)
            self.frames.append((title, meta, body))
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(self.tr("Recommended tutorials (%n)", "", len(self.tutorials)))
        if self.tutorials:
            self.empty.setText("")
        elif self.failed:
            self.empty.setText(self.tr("The content pack has no tutorial for these skills yet."))
        else:
            self.empty.setText(self.tr("No tutorial needed this time: everything you answered was right!"))
        self.empty.setVisible(not self.tutorials)
        kinds = {"howto": self.tr("How-to"), "text": self.tr("Article")}
        for (title, meta, body), tutorial in zip(self.frames, self.tutorials, strict=True):
            name = pick(tutorial.title, self.language)
            title.setText(name)
            minutes = self.tr("%n min", "", tutorial.duration_minutes)
            kind = kinds.get(tutorial.kind, tutorial.kind)
            meta.setText(
                self.tr("{minutes} · {kind} · From: {source}").format(
                    minutes=minutes, kind=kind, source=self.source
                )
            )
            body.setAccessibleName(self.tr("Tutorial: {name}").format(name=name))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
