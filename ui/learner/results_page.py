"""The results of one test: pix and level gained, skills, tutorials, pix over time. Layer: ui (main thread).

Loads the attempt's summary and the learner's pix history on the runner, then shows the
competence, what was gained ("+6 pix · Level 1 → 2"), a level-up message when the level
rose (a calm banner, no animation), the skills validated and those to work on (✓ / ✗ and
words), the tutorials the pack recommends for the skills failed directly (rendered from
the pack's Markdown, offline: links are plain text, nothing is fetched), and the chart
of pix per competence. Only the learner's own attempts can be shown (the service checks).

``python -m ui.learner.results_page`` runs a quick evaluation of 1.1 and shows its results.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from pixdesk.domain.challenge import Format, Response
from pixdesk.domain.pix_history import PixPoint
from pixdesk.services.attempts import Step
from pixdesk.services.progress import AttemptSummary, Scorecard
from ui.learner.context import LearnerServices
from ui.learner.pix_chart import PixChart
from ui.learner.progress_texts import error_text, interface_language, pick
from ui.learner.results_parts import SkillList, TutorialList, heading
from ui.learner.scrolling import scroll_area_for

__all__ = ["ResultsData", "ResultsPage"]


@dataclass(frozen=True)
class ResultsData:
    summary: AttemptSummary
    history: list[PixPoint]
    titles: dict[str, dict[str, str]]  # competence → title per language


class ResultsPage(QWidget):
    """The results screen. Main thread.

    Signals:
        home_requested(): the learner chose "Back to home".
    """

    home_requested = Signal()

    def __init__(self, services: LearnerServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.language = "en"
        self.data: ResultsData | None = None
        self.error = ""
        self.title = heading(QLabel(), 1.5)
        self.back_button = QPushButton()
        self.back_button.clicked.connect(self.home_requested)
        top = QHBoxLayout()
        top.addWidget(self.title, 1)
        top.addWidget(self.back_button, 0, Qt.AlignmentFlag.AlignTop)
        self.banner = QLabel()
        self.banner.setWordWrap(True)
        self.banner.setFrameShape(QFrame.Shape.Box)
        self.banner.setAutoFillBackground(True)
        self.banner.setBackgroundRole(QPalette.ColorRole.Highlight)
        self.banner.setForegroundRole(QPalette.ColorRole.HighlightedText)
        self.banner.setMargin(self.banner.fontMetrics().height() // 2)
        heading(self.banner, 1.25)
        self.gains = heading(QLabel(), 1.25)
        self.answers = QLabel()
        self.answers.setWordWrap(True)
        self.cheer = QLabel()
        self.cheer.setWordWrap(True)
        self.validated = SkillList(validated=True)
        self.failed = SkillList(validated=False)
        self.tutorials = TutorialList()
        self.chart_heading = heading(QLabel())
        self.chart = PixChart()

        content = QWidget()
        column = QVBoxLayout(content)
        column.addLayout(top)
        for widget in (self.banner, self.gains, self.answers, self.cheer, self.validated, self.failed):
            column.addWidget(widget)
        column.addWidget(self.tutorials)
        column.addWidget(self.chart_heading)
        column.addWidget(self.chart)
        column.addStretch(1)
        self.scroll_area = scroll_area_for(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self.retranslate()

    def show_attempt(
        self, learner_id: str, attempt_id: str, before: Scorecard | None = None, language: str | None = None
    ) -> None:
        """Load and show the results of one of the learner's attempts.

        Args:
            learner_id: The signed-in learner (the service refuses another's attempt).
            attempt_id: A finished competence or campaign attempt.
            before: The scorecard taken before the attempt started, if the caller kept it.
            language: For the pack's texts; by default the interface's language.
        """
        self.language = language or interface_language()
        self.data, self.error = None, ""
        progress, pack = self.services.progress, self.services.pack_id

        def load() -> ResultsData:
            summary = progress.attempt_summary(learner_id, attempt_id, before)
            labels = progress.labels(pack)
            titles = {c.code: dict(c.title) for c in labels.competences}
            return ResultsData(summary, progress.history(learner_id, pack), titles)

        self.retranslate()
        self.services.runner.run(load, self._on_loaded, self._on_failed)

    def _on_loaded(self, data: ResultsData) -> None:
        self.data = data
        self.retranslate()
        self.scroll_area.verticalScrollBar().setValue(0)
        self.back_button.setFocus()

    def _on_failed(self, exc: BaseException) -> None:
        self.error = error_text(exc)
        self.retranslate()

    def _title(self, code: str) -> str:
        titles = self.data.titles.get(code, {}) if self.data else {}
        return pick(titles, self.language)

    def retranslate(self) -> None:
        self.back_button.setText(self.tr("&Back to home"))
        self.back_button.setAccessibleName(self.tr("Back to home"))
        self.chart_heading.setText(self.tr("Your pix over time"))
        data = self.data
        loaded = data is not None
        for widget in (self.gains, self.answers, self.cheer, self.validated, self.failed, self.tutorials):
            widget.setVisible(loaded)
        self.chart_heading.setVisible(loaded)
        self.chart.setVisible(loaded)
        if data is None:
            self.title.setText(self.error or self.tr("Loading your results…"))
            self.banner.setVisible(False)
            return
        summary = data.summary
        changes = summary.changes
        if summary.kind == "competence" and len(changes) == 1:
            name = f"{changes[0].competence} {self._title(changes[0].competence)}"
            self.title.setText(self.tr("Your results: {name}").format(name=name))
        else:
            self.title.setText(self.tr("Your campaign results"))
        gains, ups = [], []
        for change in changes:
            pix = self.tr("%n pix", "", change.pix_gained)
            pix = f"+{pix}" if change.pix_gained >= 0 else pix
            if change.level_up:
                level = self.tr("Level {before} → {after}").format(
                    before=change.level_before, after=change.level_after
                )
                ups.append(
                    self.tr("Level up! You reached level {level} in {name}.").format(
                        level=change.level_after, name=self._title(change.competence)
                    )
                )
            else:
                level = self.tr("Level %n", "", change.level_after)
            prefix = f"{change.competence}: " if len(changes) > 1 else ""
            gains.append(f"{prefix}{pix} · {level}")
        self.gains.setText("\n".join(gains))
        self.banner.setText("\n".join(f"★ {text}" for text in ups))
        self.banner.setVisible(bool(ups))
        self.banner.setAccessibleName(" ".join(ups))
        self.answers.setText(
            self.tr("You answered %n question(s)", "", summary.answers)
            + " · "
            + self.tr("%n right", "", summary.correct)
        )
        if summary.level_up:
            cheer = self.tr("Well done! Keep going: the next level is within reach.")
        elif any(c.pix_gained > 0 for c in changes):
            cheer = self.tr("Good work: every pix counts.")
        else:
            cheer = self.tr("Every try teaches something: the tutorials below can help you next time.")
        self.cheer.setText(cheer)
        self.validated.set_skills(summary.validated, self.language)
        self.failed.set_skills(summary.failed, self.language)
        self.tutorials.set_tutorials(
            summary.tutorials, pick(summary.pack_title, self.language), self.language, bool(summary.failed)
        )
        self.chart.set_history(data.history, {code: self._title(code) for code in data.titles})

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _right_answer(step: Step) -> Response:  # pragma: no cover - for the preview only
    challenge, body = step.challenge, step.body
    assert challenge is not None and body is not None
    if challenge.format is Format.QCU:
        return int(body.solutions[0])
    if challenge.format is Format.QCM:
        return frozenset(body.solutions)
    if challenge.format is Format.QROC:
        return str(next(iter(body.solutions.values()))[0])
    if challenge.format is Format.QROCM_IND:
        return {name: values[0] for name, values in body.solutions.items()}
    return {spec.name: group[0] for spec, group in zip(body.inputs, body.solutions, strict=False)}


def main() -> int:  # pragma: no cover - a look at the screen
    from PySide6.QtWidgets import QApplication

    from ui.preview import preview_services

    app = QApplication(sys.argv)
    services = preview_services()
    attempts = services.attempts
    before = services.progress.scorecard("ada", services.pack_id)
    step = attempts.start_competence("ada", services.pack_id, "1.1", "en")
    while step.challenge is not None:  # right twice, then "I don't know"
        challenge = step.challenge.id
        if step.answered < 2:
            step = attempts.answer(step.attempt_id, challenge, _right_answer(step))
        else:
            step = attempts.skip(step.attempt_id, challenge)
    page = ResultsPage(services)
    page.home_requested.connect(app.quit)
    page.show_attempt("ada", step.attempt_id, before, "en")
    page.resize(1280, 800)
    page.show()
    code = app.exec()
    services.close()
    return code


if __name__ == "__main__":
    sys.exit(main())
