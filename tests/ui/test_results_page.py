"""The results screen: gains, level-up, skills in words, offline tutorials, the chart."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from answering import right_answer
from PySide6.QtCore import Qt

from pixdesk.domain.pix_history import PixPoint, PointKind
from pixdesk.services.attempts import Step
from ui.learner.context import LearnerServices
from ui.learner.pix_chart import PixChart
from ui.learner.results_page import ResultsPage


def play(services: LearnerServices, competence: str, right: int) -> Step:
    step = services.attempts.start_competence("ada", "demo", competence, "en")
    n = 0
    while step.challenge is not None:
        if n < right:
            step = services.attempts.answer(step.attempt_id, step.challenge.id, right_answer(step))
        else:
            step = services.attempts.skip(step.attempt_id, step.challenge.id)
        n += 1
    return step


@pytest.fixture
def page(qtbot, learner_services: LearnerServices) -> ResultsPage:
    results = ResultsPage(learner_services)
    qtbot.addWidget(results)
    results.resize(1280, 800)
    results.show()
    return results


def test_gains_level_up_skills_tutorials_and_chart(page: ResultsPage, learner_services) -> None:
    before = learner_services.progress.scorecard("ada", "demo")
    step = play(learner_services, "1.1", right=2)
    pix, level = step.result["competences"]["1.1"]["pix"], step.result["competences"]["1.1"]["level"]
    assert level >= 1, "two right answers on 1.1 reach a level"
    page.show_attempt("ada", step.attempt_id, before, "en")

    assert page.title.text() == "Your results: 1.1 Searching and monitoring information"
    assert page.gains.text() == f"+{pix} pix · Level 0 → {level}"
    assert page.banner.isVisible()
    assert (
        page.banner.text()
        == f"★ Level up! You reached level {level} in Searching and monitoring information."
    )
    assert (
        page.answers.text()
        == f"You answered {step.answered} question{'s' if step.answered > 1 else ''} · 2 right"
    )

    validated = page.validated.texts()
    assert len(validated) == len(step.result["validated_skills"])
    assert all(t.startswith("✓ Validated: ") for t in validated)
    assert "✓ Validated: Search engines, level 1" in validated
    failed = page.failed.texts()
    assert failed and all(t.startswith("✗ Not yet: ") for t in failed)
    assert page.failed.title.text() == f"Skills to work on ({len(failed)})"

    tutorials = page.tutorials
    assert (
        tutorials.tutorials
        and tutorials.title.text() == f"Recommended tutorials ({len(tutorials.tutorials)})"
    )
    title, meta, body = tutorials.frames[0]
    assert title.text() and body.text()
    assert meta.text().endswith("· From: PixDesk demo pack") and " min · " in meta.text()
    assert body.textFormat() == Qt.TextFormat.MarkdownText
    assert not body.openExternalLinks()
    assert not body.textInteractionFlags() & Qt.TextInteractionFlag.LinksAccessibleByMouse, (
        "offline: no links"
    )

    assert page.chart.isVisible()
    assert page.chart.accessibleDescription() == f"1.1: 0 → {pix} pix"
    assert page.chart.grab().width() > 0  # painting raises nothing


def test_no_level_up_no_banner_and_an_encouraging_word(page: ResultsPage, learner_services) -> None:
    step = play(learner_services, "4.1", right=0)
    page.show_attempt("ada", step.attempt_id, None, "en")
    assert page.gains.text() == "+0 pix · Level 0"
    assert page.banner.isHidden()
    assert page.cheer.text().startswith("Every try teaches something")
    assert page.validated.isHidden() and page.failed.isVisible()


def test_names_in_the_learner_language(page: ResultsPage, learner_services) -> None:
    step = play(learner_services, "1.1", right=1)
    page.show_attempt("ada", step.attempt_id, None, "fr")
    assert page.title.text() == "Your results: 1.1 Mener une recherche et une veille d'information"
    assert page.tutorials.frames[0][0].text() == page.tutorials.tutorials[0].title["fr"]


def test_another_learners_attempt_is_not_shown(page: ResultsPage, learner_services) -> None:
    step = play(learner_services, "1.1", right=99)
    learner_services.attempts.ensure_learner("bob", "Bob")
    page.show_attempt("bob", step.attempt_id, None, "en")
    assert page.title.text() == "This result cannot be found."
    assert page.gains.isHidden() and page.chart.isHidden() and page.banner.isHidden()


def test_back_to_home(qtbot, page: ResultsPage, learner_services) -> None:
    step = play(learner_services, "1.1", right=1)
    page.show_attempt("ada", step.attempt_id)
    with qtbot.waitSignal(page.home_requested, timeout=1000):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)


def test_the_chart_says_in_words_what_it_draws(qtbot) -> None:
    chart = PixChart()
    qtbot.addWidget(chart)
    assert chart.accessibleDescription().startswith("No results yet")
    assert chart.grab().width() > 0
    t0 = datetime(2026, 1, 5, 9, tzinfo=UTC)
    points = [
        PixPoint("3.1", t0.replace(day=6), 8, 1, PointKind.EVALUATION, "b"),
        PixPoint("1.1", t0, 12, 1, PointKind.EVALUATION, "a"),
        PixPoint("1.1", t0.replace(day=20), 0, 0, PointKind.RESET, None),
    ]
    chart.set_history(points, {"1.1": "Searching", "3.1": "Text documents"})  # type: ignore[arg-type]
    assert chart.accessibleDescription() == "1.1: 0 → 12 → 0 pix; 3.1: 0 → 8 pix"
    assert list(chart.series()) == ["1.1", "3.1"]
    assert chart.minimumSizeHint().height() > chart.fontMetrics().height() * 10
    assert chart.grab().width() > 0
