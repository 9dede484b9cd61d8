"""The learner's home: competences by domain, total pix, badges, campaign code. Layer: ui (main thread).

Loads the scorecard, the evaluations in progress, the badges and the pack's names on the
runner, then shows a greeting with encouraging words, the total pix and whether the
profile is certifiable, the badges earned, a campaign-code field (campaigns come later:
a clear message until then) and one :class:`CompetenceCard` per competence under its
domain's title, in a grid of 1–4 columns that follows the width and the font size.
Start and Improve call the services and hand the first question's :class:`Step` on;
Continue hands on the attempt id; Reset asks for confirmation, resets and reloads.

``python -m ui.learner.home_page`` shows the home of a fresh learner on the demo pack.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QEvent, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QGridLayout, QLabel, QMessageBox, QVBoxLayout, QWidget

from pixdesk.domain.badges import Badge
from pixdesk.domain.scorecard import CompetenceStatus, ScorecardEntry
from pixdesk.packs.labels import FrameworkLabels
from pixdesk.services.attempts import AttemptError, Step
from pixdesk.services.progress import Scorecard
from ui.learner.competence_card import CompetenceCard
from ui.learner.context import LearnerServices
from ui.learner.home_header import HomeHeader
from ui.learner.progress_texts import error_text, pick
from ui.learner.results_parts import heading
from ui.learner.scrolling import scroll_area_for

__all__ = ["HomeData", "HomePage"]


@dataclass(frozen=True)
class HomeData:
    """Everything the home shows, read in one operation."""

    scorecard: Scorecard
    in_progress: dict[str, str]  # competence → id of its evaluation in progress
    badges: list[Badge]
    labels: FrameworkLabels


class HomePage(QWidget):
    """The home screen. Main thread.

    Signals:
        step_started(object): an evaluation or improvement started: its first :class:`Step`.
        resume_requested(str): Continue: the id of the evaluation to resume.
    """

    step_started = Signal(object)
    resume_requested = Signal(str)

    def __init__(self, services: LearnerServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.learner_id, self.display_name, self.language = "", "", "en"
        self.scorecard: Scorecard | None = None  # as last loaded (the main window keeps it as "before")
        self.data: HomeData | None = None
        self.cards: dict[str, CompetenceCard] = {}
        self.busy = False  # a service call is running
        self._sections: list[tuple[QLabel, QWidget, QGridLayout, list[CompetenceCard]]] = []
        self._columns = 0

        self.header = HomeHeader()
        self.competences_heading = heading(QLabel(), 1.25)
        self.sections = QVBoxLayout()
        content = QWidget()
        column = QVBoxLayout(content)
        column.addWidget(self.header)
        column.addWidget(self.competences_heading)
        column.addLayout(self.sections)
        column.addStretch(1)
        self.scroll_area = scroll_area_for(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.retranslate()

    # -- loading -----------------------------------------------------------------------------------
    def set_learner(self, learner_id: str, display_name: str, language: str) -> None:
        """Show the home of this learner (names from the pack in ``language``) and load it."""
        if learner_id != self.learner_id:  # never show one learner's cards to another
            self.data, self.scorecard = None, None
            self._show_sections(False)
        self.learner_id, self.display_name, self.language = learner_id, display_name, language
        self.header.set_learner(display_name)
        self.refresh()

    def refresh(self) -> None:
        """Reload the learner's progress (on the runner)."""
        learner, pack = self.learner_id, self.services.pack_id
        attempts, progress = self.services.attempts, self.services.progress

        def load() -> HomeData:
            running = {
                str(a["competence"]): str(a["id"])
                for a in reversed(attempts.in_progress(learner))  # newest last: it wins
                if a["kind"] == "competence" and a["pack_id"] == pack and a["competence"]
            }
            card, badges = progress.overview(learner, pack)
            return HomeData(card, running, badges, progress.labels(pack))

        self._run(load, self._on_loaded, action=False)

    def _run(self, fn: Callable[[], Any], on_done: Callable[[Any], None], action: bool = True) -> None:
        """Run a service call; a second action while one runs is ignored (no double start)."""
        if action and self.busy:
            return
        self.busy = self.busy or action
        self.header.set_message("")

        def done(value: Any) -> None:
            if action:
                self.busy = False
            on_done(value)

        def failed(exc: BaseException) -> None:
            if action:
                self.busy = False
            self._on_failed(exc)

        self.services.runner.run(fn, done, failed)

    def _on_loaded(self, data: HomeData) -> None:
        self.data, self.scorecard = data, data.scorecard
        self.header.set_progress(data.scorecard, data.badges)
        self._show_sections(True)
        if set(self.cards) != {e.competence for e in data.scorecard.entries}:
            self._build_sections(data)
        for entry in data.scorecard.entries:
            label = data.labels.competence(entry.competence)
            title = pick(label.title, self.language) if label else ""
            card = self.cards.get(entry.competence)
            if card is not None:
                card.set_entry(entry, title, data.in_progress.get(entry.competence))
        self._retitle_sections()

    def _on_failed(self, exc: BaseException) -> None:
        self.header.set_message(error_text(exc))

    # -- the grid ----------------------------------------------------------------------------------
    def _build_sections(self, data: HomeData) -> None:
        for title, box, _grid, _cards in self._sections:
            title.deleteLater()
            box.deleteLater()
        self._sections, self.cards, self._columns = [], {}, 0
        entries: dict[str, ScorecardEntry] = {str(e.competence): e for e in data.scorecard.entries}
        domains = [d.code for d in data.labels.domains]
        for domain in domains:
            codes = [c.code for c in data.labels.competences_of(domain) if c.code in entries]
            if not codes:
                continue
            title = heading(QLabel())
            box = QWidget()
            grid = QGridLayout(box)
            grid.setContentsMargins(0, 0, 0, 0)
            cards = []
            for code in codes:
                card = CompetenceCard(entries[code], "")
                card.start_requested.connect(self._on_card_start_requested)
                card.continue_requested.connect(self.resume_requested)
                card.improve_requested.connect(self._on_card_improve_requested)
                card.reset_requested.connect(self._on_card_reset_requested)
                self.cards[code] = card
                cards.append(card)
            title.setProperty("domain", domain)
            self.sections.addWidget(title)
            self.sections.addWidget(box)
            self._sections.append((title, box, grid, cards))
        self._reflow()

    def _show_sections(self, visible: bool) -> None:
        self.competences_heading.setVisible(visible)
        for title, box, _grid, _cards in self._sections:
            title.setVisible(visible)
            box.setVisible(visible)

    def _retitle_sections(self) -> None:
        if self.data is None:
            return
        for title, _box, _grid, _cards in self._sections:
            label = self.data.labels.domain(str(title.property("domain")))
            title.setText(f"{label.code} · {pick(label.title, self.language)}" if label else "")

    def columns_for(self, width: int) -> int:
        """Cards per row for a width: about 24 average characters per card, 1 to 4."""
        card = self.fontMetrics().averageCharWidth() * 24
        return max(1, min(4, width // max(1, card)))

    def _reflow(self) -> None:
        columns = self.columns_for(self.scroll_area.viewport().width())
        if columns == self._columns:
            return
        self._columns = columns
        for _heading, _box, grid, cards in self._sections:
            for card in cards:
                grid.removeWidget(card)
            for n, card in enumerate(cards):
                grid.addWidget(card, n // columns, n % columns)
            for c in range(4):
                grid.setColumnStretch(c, 1 if c < columns else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._reflow()

    # -- actions -----------------------------------------------------------------------------------
    def _on_card_start_requested(self, competence: str) -> None:
        learner, pack, language = self.learner_id, self.services.pack_id, self.language
        attempts = self.services.attempts
        self._run(
            lambda: attempts.start_competence(learner, pack, competence, language), self.step_started.emit
        )

    def _on_card_improve_requested(self, competence: str) -> None:
        learner, pack, language = self.learner_id, self.services.pack_id, self.language
        progress = self.services.progress
        self._run(lambda: progress.improve(learner, pack, competence, language), self.step_started.emit)

    def _on_card_reset_requested(self, competence: str) -> None:
        card = self.cards[competence]
        if not self.confirm_reset(f"{competence} {card.title}"):
            return
        learner, pack, progress = self.learner_id, self.services.pack_id, self.services.progress
        self._run(lambda: progress.reset(learner, pack, competence), lambda _card: self.refresh())

    def start_next_competence(self) -> None:
        """Start the first competence not completed that has questions left and nothing in
        progress (read afresh on the runner; the start-up bench drives the app with it)."""
        learner, pack, language = self.learner_id, self.services.pack_id, self.language
        attempts, progress = self.services.attempts, self.services.progress

        def start() -> Step:
            running = {a["competence"] for a in attempts.in_progress(learner)}
            for entry in progress.scorecard(learner, pack).entries:
                if (
                    entry.status is not CompetenceStatus.COMPLETED
                    and entry.remaining_skills > 0
                    and entry.competence not in running
                ):
                    return attempts.start_competence(learner, pack, entry.competence, language)
            raise AttemptError("attempt.nothing_to_assess", "no competence left to start", learner)

        self._run(start, self.step_started.emit)

    def confirm_reset(self, name: str) -> bool:
        """Ask before a reset (tests replace this method)."""
        answer = QMessageBox.question(
            self,
            self.tr("Reset a competence"),
            self.tr(
                "Reset {name}? Its pix and level go back to 0 and you can evaluate it again from the start."
            ).format(name=name),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        return answer == QMessageBox.StandardButton.Yes

    # -- texts -------------------------------------------------------------------------------------
    def retranslate(self) -> None:
        self.competences_heading.setText(self.tr("Your competences"))
        self.scroll_area.setAccessibleName(self.tr("Home"))
        self._retitle_sections()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def main() -> int:  # pragma: no cover - a look at the screen
    from PySide6.QtWidgets import QApplication

    from ui.preview import preview_services

    app = QApplication(sys.argv)
    services = preview_services()
    page = HomePage(services)
    page.step_started.connect(lambda step: print("step started:", step.attempt_id, step.challenge.id))
    page.resume_requested.connect(lambda attempt: print("resume:", attempt))
    page.set_learner("ada", "Ada", "en")
    page.resize(1280, 800)
    page.show()
    code = app.exec()
    services.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
