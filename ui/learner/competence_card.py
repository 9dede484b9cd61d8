"""One competence on the home screen: level, pix, progress and what can be done. Layer: ui (main thread).

Shows the competence's code and name, its level and pix, a bar to the next level with the
same in words, its status in words, and its actions: Start (not started), Continue (an
evaluation in progress, or started without one), Improve and Reset for what has been
assessed. An action not allowed yet stays visible but disabled, with the reason as text
beside it and as tooltip. Nothing is said by colour alone. The card only emits what was
asked; the home page calls the services.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from pixdesk.domain.scorecard import Blocker, CompetenceStatus, ScorecardEntry
from pixdesk.domain.scoring import PIX_PER_LEVEL
from ui.learner.progress_texts import blocker_text, status_text
from ui.learner.results_parts import outline

__all__ = ["CompetenceCard"]


class CompetenceCard(QFrame):
    """A competence's card. Main thread.

    Signals:
        start_requested(str): Start, or Continue without an evaluation to resume (competence code).
        continue_requested(str): Continue the evaluation in progress (its attempt id).
        improve_requested(str): Improve (competence code).
        reset_requested(str): Reset (competence code); the home page asks for confirmation.
    """

    start_requested = Signal(str)
    continue_requested = Signal(str)
    improve_requested = Signal(str)
    reset_requested = Signal(str)

    def __init__(
        self, entry: ScorecardEntry, title: str, attempt_id: str | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.entry, self.title, self.attempt_id = entry, title, attempt_id
        outline(self)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        font = self.heading.font()
        font.setBold(True)
        self.heading.setFont(font)
        self.level = QLabel()
        self.level.setWordWrap(True)
        self.bar = QProgressBar()
        self.bar.setRange(0, PIX_PER_LEVEL)
        self.bar.setTextVisible(False)
        self.to_next = QLabel()
        self.to_next.setWordWrap(True)
        self.status = QLabel()
        self.status.setWordWrap(True)

        self.start_button = QPushButton()
        self.start_button.clicked.connect(self._on_start_button_clicked)
        self.improve_button = QPushButton()
        self.improve_button.clicked.connect(lambda: self.improve_requested.emit(self.entry.competence))
        self.reset_button = QPushButton()
        self.reset_button.clicked.connect(lambda: self.reset_requested.emit(self.entry.competence))
        self.improve_reason = QLabel()
        self.improve_reason.setWordWrap(True)
        self.reset_reason = QLabel()
        self.reset_reason.setWordWrap(True)

        buttons = QHBoxLayout()
        for button in (self.start_button, self.improve_button, self.reset_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        for widget in (self.heading, self.level, self.bar, self.to_next, self.status):
            layout.addWidget(widget)
        layout.addLayout(buttons)
        layout.addWidget(self.improve_reason)
        layout.addWidget(self.reset_reason)
        layout.addStretch(1)
        self.set_entry(entry, title, attempt_id)

    def set_entry(self, entry: ScorecardEntry, title: str, attempt_id: str | None = None) -> None:
        """Show a new state of the competence."""
        self.entry, self.title, self.attempt_id = entry, title, attempt_id
        status = entry.status
        self.start_button.setVisible(
            attempt_id is not None
            or (status is not CompetenceStatus.COMPLETED and entry.remaining_skills > 0)
        )
        self.improve_button.setVisible(status is CompetenceStatus.COMPLETED and attempt_id is None)
        self.improve_button.setEnabled(entry.can_improve)
        self.reset_button.setVisible(
            status is not CompetenceStatus.NOT_STARTED
            and entry.reset_blocked_by is not Blocker.NOTHING_TO_RESET
        )
        self.reset_button.setEnabled(entry.can_reset)
        self.retranslate()

    @property
    def _continues(self) -> bool:
        return self.attempt_id is not None or self.entry.status is CompetenceStatus.STARTED

    def _on_start_button_clicked(self) -> None:
        if self.attempt_id is not None:
            self.continue_requested.emit(self.attempt_id)
        else:
            self.start_requested.emit(self.entry.competence)

    def retranslate(self) -> None:
        entry, score = self.entry, self.entry.score
        name = f"{entry.competence} {self.title}"
        self.heading.setText(name)
        level = self.tr("Level %n", "", score.level)
        pix = self.tr("%n pix", "", score.pix)
        self.level.setText(f"{level} · {pix}")
        if score.pix_to_next_level is None:
            self.bar.setValue(PIX_PER_LEVEL)
            progress = self.tr("Highest level reached")
        else:
            done = PIX_PER_LEVEL - score.pix_to_next_level
            self.bar.setValue(done)
            progress = self.tr("{done} / {total} pix to level {level}").format(
                done=done, total=PIX_PER_LEVEL, level=score.level + 1
            )
        self.to_next.setText(progress)
        self.bar.setAccessibleName(self.tr("Progress to the next level"))
        self.bar.setAccessibleDescription(progress)
        status = status_text(entry.status)
        if entry.status is CompetenceStatus.NOT_STARTED and entry.remaining_skills == 0:
            status = self.tr("No questions for this competence in the installed content yet")
        if self.attempt_id is not None:
            status = self.tr("In progress: continue where you left off")
        self.status.setText(self.tr("Status: {status}").format(status=status))

        if self._continues:
            self.start_button.setText(self.tr("Continue"))
            self.start_button.setAccessibleName(self.tr("Continue competence {name}").format(name=name))
        else:
            self.start_button.setText(self.tr("Start"))
            self.start_button.setAccessibleName(self.tr("Start competence {name}").format(name=name))
        self.improve_button.setText(self.tr("Improve"))
        self.improve_button.setAccessibleName(self.tr("Improve competence {name}").format(name=name))
        self.reset_button.setText(self.tr("Reset"))
        self.reset_button.setAccessibleName(self.tr("Reset competence {name}").format(name=name))
        for button, reason_label, action in (
            (self.improve_button, self.improve_reason, "improve"),
            (self.reset_button, self.reset_reason, "reset"),
        ):
            reason = blocker_text(action, entry) if button.isVisibleTo(self) else ""
            reason_label.setText(reason)
            reason_label.setVisible(bool(reason))
            button.setToolTip(reason)
            button.setAccessibleDescription(reason)
        self.start_button.setToolTip("")
        self.setAccessibleName(name)
        self.setAccessibleDescription(f"{level}, {pix}. {progress}. {status}")

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
