"""The learner's window end to end: sign in, evaluate, results, resume, isolation, language, zoom."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from answering import right_answer
from clipping import clipped_texts
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from ui.i18n import Translations
from ui.learner.context import LearnerServices
from ui.learner.main_window import LearnerWindow
from ui.theme import apply_theme


@pytest.fixture
def app_state() -> Iterator[Translations]:
    """The interface language and looks are app-wide: every test leaves them as it found them."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    translations = Translations(app)
    yield translations
    translations.set_language("en")
    apply_theme(app)


def make_window(qtbot, services: LearnerServices, translations: Translations) -> LearnerWindow:  # type: ignore[no-untyped-def]
    window = LearnerWindow(services, translations)
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is not None)  # the first page comes on the loop
    return window


def sign_in(qtbot, window: LearnerWindow, secret: str = "1234") -> None:  # type: ignore[no-untyped-def]
    page = window.profiles_page
    page.list_view.search.setFocus()
    qtbot.keyClick(page.list_view.search, Qt.Key.Key_Return)
    qtbot.keyClicks(page.sign_in_form.secret, secret)
    qtbot.keyClick(page.sign_in_form.secret, Qt.Key.Key_Return)


def answer_current(window: LearnerWindow, count: int | None = None) -> None:
    """Answer right through the question view's own signal, ``count`` times or to the end."""
    done = 0
    while window.test_page.step is not None and not window.test_page.step.finished:
        if count is not None and done == count:
            return
        page = window.test_page
        if page.checkpoint is not None and page.stack.currentWidget() is page.checkpoint:
            page.checkpoint.continued.emit()
        if page.step.challenge.focused and page.stack.currentWidget() is page.warning:
            page.warning.started.emit()
        page.question.response_submitted.emit(right_answer(page.step))
        done += 1


def test_sign_in_evaluate_see_results_and_come_home(qtbot, learner_services, app_state) -> None:
    window = make_window(qtbot, learner_services, app_state)
    assert window.stack.currentWidget() is window.profiles_page
    sign_in(qtbot, window)
    assert window.stack.currentWidget() is window.home_page
    assert window.profile is not None and window.profile.id == "ada"
    before = window.home_page.scorecard
    assert before is not None and before.total_pix == 0

    window.home_page.start_next_competence()
    assert window.stack.currentWidget() is window.test_page
    answer_current(window)
    assert window.test_page.step.finished
    window.test_page.end.results_requested.emit()

    assert window.stack.currentWidget() is window.results_page
    attempt = window.test_page.step.attempt_id
    assert learner_services.attempts.verify(attempt).ok
    assert window.sync_status.status is not None and window.sync_status.status.waiting == 1
    assert window.sync_status.queue.text() == "1 result waiting to be sent"
    window.results_page.home_requested.emit()
    assert window.stack.currentWidget() is window.home_page
    assert window.home_page.scorecard.total_pix > 0


def test_a_test_left_by_closing_the_window_resumes_at_the_same_question(
    qtbot, learner_services, app_state, monkeypatch
) -> None:
    window = make_window(qtbot, learner_services, app_state)
    sign_in(qtbot, window)
    window.home_page.start_next_competence()
    answer_current(window, count=2)
    shown = window.test_page.step.challenge.id
    window.close()

    asked: list[str] = []

    def yes(_parent, _title, text, *_args):  # type: ignore[no-untyped-def]
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", yes)
    again = make_window(qtbot, learner_services, app_state)
    sign_in(qtbot, again)
    assert asked and "test in progress" in asked[0]
    assert again.stack.currentWidget() is again.test_page
    assert again.test_page.step.challenge.id == shown and again.test_page.step.answered == 2


def test_a_learner_never_sees_another_learners_data(qtbot, learner_services, app_state, monkeypatch) -> None:
    monkeypatch.setattr(QMessageBox, "question", lambda *_a: QMessageBox.StandardButton.No)
    window = make_window(qtbot, learner_services, app_state)
    sign_in(qtbot, window)
    window.home_page.start_next_competence()
    answer_current(window)
    ada_attempt = window.test_page.step.attempt_id
    bob = learner_services.profiles.create("Bob", "5678", "pin", "en")
    window.sign_out()
    assert window.profile is None and window.home_page.scorecard is None
    assert window.stack.currentWidget() is window.profiles_page

    window.profiles_page.refresh()
    window.profiles_page.open_profile(
        next(p for p in learner_services.profiles.list_profiles() if p.id == bob.id)
    )
    qtbot.keyClicks(window.profiles_page.sign_in_form.secret, "5678")
    qtbot.keyClick(window.profiles_page.sign_in_form.secret, Qt.Key.Key_Return)
    assert window.profile is not None and window.profile.id == bob.id
    assert window.home_page.scorecard.total_pix == 0
    window.results_page.show_attempt(bob.id, ada_attempt)
    assert window.results_page.data is None and window.results_page.error


def test_the_interface_switches_to_french_at_once(qtbot, learner_services, app_state) -> None:
    window = make_window(qtbot, learner_services, app_state)
    assert window.windowTitle() == "PixDesk — digital skills"
    sign_in(qtbot, window)
    window._choose_language("fr")
    assert window.profile is not None and window.profile.language == "fr"
    assert learner_services.profiles.profile("ada").language == "fr"
    qtbot.waitUntil(lambda: window.windowTitle() == "PixDesk — compétences numériques")  # a posted event
    assert window.sync_status.connection.text() == "Hors ligne · synchronisation non configurée"
    assert window.home_page.isVisible() and window.profile_menu.title() == "&Profil"


@pytest.mark.parametrize("page_name", ["profiles", "home", "test", "results"])
def test_zoom_200_percent_clips_no_text(qtbot, learner_services, app_state, page_name: str) -> None:
    learner_services.profiles.update_preferences("ada", zoom=200)
    window = make_window(qtbot, learner_services, app_state)
    if page_name != "profiles":
        sign_in(qtbot, window)
        assert QApplication.font().pointSizeF() == pytest.approx(2 * window_base(window))
        for bar_text in (window.sync_status.queue, window.menuBar()):
            assert bar_text.font().pointSizeF() == pytest.approx(QApplication.font().pointSizeF())
    if page_name in ("test", "results"):
        window.home_page.start_next_competence()
    if page_name == "results":
        answer_current(window)
        window.test_page.end.results_requested.emit()
    qtbot.wait(50)
    assert clipped_texts(window) == []


def window_base(window: LearnerWindow) -> float:
    from ui.theme import base_point_size

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return base_point_size(app)


def test_english_counts_read_naturally(qtbot, learner_services, app_state) -> None:
    app_state.set_language("en")
    window = make_window(qtbot, learner_services, app_state)
    window.sync_status.refresh()
    assert window.sync_status.queue.text() == "0 results waiting to be sent"
