"""The test runner: whole evaluations by mouse and by keyboard, checkpoint, focus, timer, leave, resume."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from typing import Any

import pytest
from answering import right_response
from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QApplication, QComboBox, QMessageBox

from pixdesk.domain.challenge import Format
from pixdesk.services.attempts import Step
from ui.learner.answer_inputs import FieldInputs, ProposalInputs
from ui.learner.countdown import Countdown
from ui.learner.test_page import TestPage


class Spy:
    """Wraps a service method and remembers its calls."""

    def __init__(self, target: Callable[..., Any]) -> None:
        self.target, self.calls = target, []

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self.calls.append((args, kwargs))
        return self.target(*args, **kwargs)


class DeferredRunner:
    """Holds operations until the test runs them: the page is seen while the worker is busy."""

    def __init__(self) -> None:
        self.jobs: list[tuple[Callable[[], Any], Callable[[Any], None], Callable[[BaseException], None]]] = []

    def run(self, fn, on_done, on_error) -> None:
        self.jobs.append((fn, on_done, on_error))

    def run_next(self) -> None:
        fn, on_done, on_error = self.jobs.pop(0)
        try:
            value = fn()
        except BaseException as exc:
            on_error(exc)
        else:
            on_done(value)

    def wait(self, msecs: int = 30000) -> bool:
        return True


@pytest.fixture
def page(qtbot, learner_services) -> TestPage:
    page = TestPage(learner_services)
    qtbot.addWidget(page)
    page.resize(800, 600)
    page.show()
    return page


def start(page: TestPage, competence: str) -> Step:
    services = page.services
    page.open(lambda: services.attempts.start_competence("ada", "demo", competence, "en"))
    assert page.step is not None
    return page.step


def answer_with_mouse(qtbot, page: TestPage) -> None:
    """Answer the question on screen right, with clicks (typing in text fields)."""
    if page.stack.currentWidget() is page.checkpoint:
        qtbot.mouseClick(page.checkpoint.continue_button, Qt.MouseButton.LeftButton)
    if page.stack.currentWidget() is page.warning:
        qtbot.mouseClick(page.warning.button, Qt.MouseButton.LeftButton)
    view = page.question
    assert view is not None and page.stack.currentWidget() is view
    response = right_response(view.challenge, view.body)
    inputs = view.inputs
    if isinstance(inputs, ProposalInputs):
        wanted = {response} if isinstance(response, int) else set(response)
        for button, number in zip(inputs.buttons, inputs.order, strict=True):
            if number in wanted:
                qtbot.mouseClick(button.parentWidget().label, Qt.MouseButton.LeftButton)  # the text
    else:
        assert isinstance(inputs, FieldInputs)
        values = {inputs.specs[0].name: response} if isinstance(response, str) else response
        for spec, field in zip(inputs.specs, inputs.fields, strict=True):
            if isinstance(field, QComboBox):
                field.setCurrentIndex(field.findData(values[spec.name]))
            else:
                qtbot.keyClicks(field, values[spec.name])
    qtbot.mouseClick(view.validate_button, Qt.MouseButton.LeftButton)


def press(qtbot, key: Qt.Key, text: str | None = None) -> None:
    """A key (or some typing) where the keyboard focus is, as a learner without a mouse does."""
    focused = QApplication.focusWidget()
    assert focused is not None, "something must have the keyboard focus"
    if text is not None:
        qtbot.keyClicks(focused, text)
    else:
        qtbot.keyClick(focused, key)


def answer_with_keyboard(qtbot, page: TestPage) -> None:
    if page.stack.currentWidget() in (page.checkpoint, page.warning):
        press(qtbot, Qt.Key.Key_Return)
    view = page.question
    assert view is not None and page.stack.currentWidget() is view
    assert QApplication.focusWidget() is view.instruction, "a new question starts on its instruction"
    response = right_response(view.challenge, view.body)
    inputs = view.inputs
    if isinstance(inputs, ProposalInputs):
        wanted = {response} if isinstance(response, int) else set(response)
        for shown, number in enumerate(inputs.order, start=1):
            if number in wanted:
                press(qtbot, getattr(Qt.Key, f"Key_{shown}"))
    else:
        values = {inputs.specs[0].name: response} if isinstance(response, str) else response
        for spec in inputs.specs:
            press(qtbot, Qt.Key.Key_Tab)
            press(qtbot, Qt.Key.Key_unknown, values[spec.name])
    press(qtbot, Qt.Key.Key_Return)


def activate(qtbot, page: TestPage) -> None:
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)


def test_a_whole_evaluation_with_the_mouse(qtbot, page, learner_services) -> None:
    step = start(page, "1.1")
    assert page.progress_label.text() == "Question 1" and page.progress_bar.value() == 1
    count = 0
    while not page.step.finished:
        answer_with_mouse(qtbot, page)
        count += 1
        if not page.step.finished:
            assert page.status.text() == "Your answer has been recorded."
            assert page.progress_label.text() == f"Question {count + 1}"
    assert page.stack.currentWidget() is page.end
    assert page.step.result["answers"] == count == page.step.result["correct"]
    assert f"Questions answered: {count}" in page.end.text.text()
    assert page.progress_label.text() == "" and page.end.heading.text() == "Test finished"
    assert learner_services.attempts.verify(step.attempt_id).ok
    with qtbot.waitSignal(page.finished) as finished:
        qtbot.mouseClick(page.end.button, Qt.MouseButton.LeftButton)
    assert finished.args == [step.attempt_id]


def test_a_whole_evaluation_with_the_keyboard_only(qtbot, page, learner_services, monkeypatch) -> None:
    answer = Spy(learner_services.attempts.answer)
    monkeypatch.setattr(learner_services.attempts, "answer", answer)
    activate(qtbot, page)
    step = start(page, "4.1")  # qrocm-dep, a timed number qroc, then a focused qcm
    formats, count = [], 0
    while not page.step.finished:
        assert page.step.challenge is not None
        formats.append(page.step.challenge.format)
        answer_with_keyboard(qtbot, page)
        count += 1
    assert Format.QROCM_DEP in formats and Format.QCM in formats
    assert page.step.result["answers"] == count == page.step.result["correct"]
    report = learner_services.attempts.verify(step.attempt_id)
    assert report.ok and report.answers == count
    assert [kwargs for _args, kwargs in answer.calls] == [{"timed_out": False, "focused_out": False}] * count
    with qtbot.waitSignal(page.finished):
        press(qtbot, Qt.Key.Key_Return)


def test_i_dont_know_is_recorded_as_a_skip(qtbot, page, learner_services, monkeypatch) -> None:
    skip = Spy(learner_services.attempts.skip)
    monkeypatch.setattr(learner_services.attempts, "skip", skip)
    step = start(page, "1.3")
    first = step.challenge.id
    qtbot.mouseClick(page.question.skip_button, Qt.MouseButton.LeftButton)
    assert skip.calls == [((step.attempt_id, first), {})]
    assert page.step.answered == 1


def test_a_checkpoint_comes_after_five_answers(qtbot, page, learner_services) -> None:
    content = learner_services.attempts.content("demo")
    target = {tube.id: 6 for tube in content.framework.tubes}
    page.open(lambda: learner_services.attempts.start_campaign("ada", "demo", "DEMOCA123", target, "en"))
    for _ in range(5):
        assert page.checkpoint is None or page.stack.currentWidget() is not page.checkpoint
        answer_with_mouse(qtbot, page)
    assert page.stack.currentWidget() is page.checkpoint
    assert page.progress_label.text() == "Correction"
    view = page.checkpoint
    assert len(view.items) == 5 and view.summary.text() == "5 right out of 5."
    for _feedback, labels in view.items:
        assert labels[2].text() == "Right ✓" and labels[1].text().startswith("Your answer:")
        assert labels[3].isHidden(), "no expected answer shown for a right one"
    activate(qtbot, page)
    view.focus_first()
    press(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() in (page.question, page.warning)
    assert page.progress_label.text() == "Question 6"


def test_escape_asks_before_leaving_and_the_test_resumes_at_the_same_question(
    qtbot, page, learner_services
) -> None:
    step = start(page, "1.1")
    answer_with_mouse(qtbot, page)
    current = page.step.challenge.id

    def click(label: str) -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        assert "Your answers are saved; you can continue later." in box.text()
        next(b for b in box.buttons() if b.text().replace("&", "") == label).click()

    QTimer.singleShot(0, lambda: click("Continue the test"))
    with qtbot.assertNotEmitted(page.left):
        qtbot.keyClick(page.question.instruction, Qt.Key.Key_Escape)
    QTimer.singleShot(0, lambda: click("Leave the test"))
    with qtbot.waitSignal(page.left) as left:
        qtbot.keyClick(page.question.instruction, Qt.Key.Key_Escape)
    assert left.args == [step.attempt_id]
    page.close()
    page.deleteLater()

    again = TestPage(learner_services)
    qtbot.addWidget(again)
    again.show()
    again.resume(step.attempt_id)
    assert again.question is not None and again.question.challenge.id == current
    assert again.progress_label.text() == "Question 2"


def test_leaving_a_focused_question_is_noticed_and_sent_with_the_answer(
    qtbot, page, learner_services, monkeypatch
) -> None:
    answer = Spy(learner_services.attempts.answer)
    monkeypatch.setattr(learner_services.attempts, "answer", answer)
    start(page, "3.1")  # a qcm, then a focused qrocm-ind
    answer_with_mouse(qtbot, page)
    assert page.stack.currentWidget() is page.warning
    assert "stay in this window" in page.warning.text.text()
    qtbot.mouseClick(page.warning.button, Qt.MouseButton.LeftButton)
    assert page.notice.isVisible() and not page.focused_out
    QApplication.sendEvent(page.window(), QEvent(QEvent.Type.WindowDeactivate))
    assert page.focused_out and "You left the window" in page.notice.text()
    answer_with_mouse(qtbot, page)
    assert answer.calls[-1][1] == {"timed_out": False, "focused_out": True}
    assert answer.calls[0][1]["focused_out"] is False, "only the focused question is concerned"
    events = learner_services.attempts.store.query(
        "SELECT body FROM events WHERE attempt_id = ? ORDER BY seq", (page.step.attempt_id,)
    )
    answered = [json.loads(bytes(e["body"]))["data"] for e in events[1:3]]
    assert [a["focused_out"] for a in answered] == [False, True], "the flag is in the signed record"


def test_the_countdown_expiry_submits_what_is_entered_as_timed_out(
    qtbot, page, learner_services, monkeypatch
) -> None:
    answer = Spy(learner_services.attempts.answer)
    monkeypatch.setattr(learner_services.attempts, "answer", answer)
    step = learner_services.attempts.start_competence("ada", "demo", "1.1", "en")
    page.start(dataclasses.replace(step, timer_seconds=0.3))
    assert page.countdown.isVisible()
    view = page.question
    view.inputs.pick(1)
    chosen = view.response()
    with qtbot.waitSignal(page.countdown.expired, timeout=5000):
        pass
    assert answer.calls == [
        ((step.attempt_id, step.challenge.id, chosen), {"timed_out": True, "focused_out": False})
    ]
    assert page.step.answered == 1 and page.countdown.isHidden()


def test_an_expired_question_with_nothing_entered_is_sent_empty(
    qtbot, page, learner_services, monkeypatch
) -> None:
    answer = Spy(learner_services.attempts.answer)
    monkeypatch.setattr(learner_services.attempts, "answer", answer)
    step = start(page, "1.3")
    page.countdown.expired.emit()
    assert answer.calls == [
        ((step.attempt_id, step.challenge.id, None), {"timed_out": True, "focused_out": False})
    ]


def test_the_countdown_shows_and_tells_the_time_left(qtbot) -> None:
    countdown = Countdown()
    qtbot.addWidget(countdown)
    countdown.start(95)
    assert countdown.label.text() == "Time left: 1:35"
    assert countdown.bar.maximum() == 95 and countdown.accessibleName() == "Time left"
    assert countdown.bar.accessibleDescription() == "1 min 35 s left"
    countdown.start(0.2)
    with qtbot.waitSignal(countdown.expired, timeout=5000):
        pass
    assert countdown.is_expired and countdown.label.text() == "Time is up"
    assert countdown.accessibleDescription() == "Time is up" and countdown.remaining() == 0


def test_a_question_shown_before_a_restart_counts_down_only_what_is_left(
    qtbot, page, learner_services
) -> None:
    step = learner_services.attempts.start_competence("ada", "demo", "1.1", "en")
    page.start(dataclasses.replace(step, timer_seconds=95, spent_seconds=30))
    assert page.countdown.isVisible() and page.countdown.label.text() == "Time left: 1:05"
    assert page.countdown.bar.maximum() == 95, "the bar still shows the whole time, partly used"
    page.start(dataclasses.replace(step, timer_seconds=10, spent_seconds=40))  # over while closed
    with qtbot.waitSignal(page.countdown.expired, timeout=5000):
        pass


def test_while_an_answer_is_recorded_the_page_is_busy_and_says_recorded_only_after(
    qtbot, learner_services
) -> None:
    runner = DeferredRunner()
    services = dataclasses.replace(learner_services, runner=runner)
    page = TestPage(services)
    qtbot.addWidget(page)
    page.show()
    step = learner_services.attempts.start_competence("ada", "demo", "1.3", "en")
    page.start(step)
    assert len(runner.jobs) == 1, "the page tells the service when the question is on screen"
    runner.run_next()
    page.question.inputs.pick(1)
    qtbot.mouseClick(page.question.validate_button, Qt.MouseButton.LeftButton)
    assert page.busy and page.busy_bar.isVisible() and not page.stack.isEnabled()
    assert page.status.text() == "Recording your answer…"
    page.question.submit()
    page.question.skip()
    page.countdown.expired.emit()
    assert len(runner.jobs) == 1, "no second submission while the first is recorded"
    runner.run_next()
    assert not page.busy and page.busy_bar.isHidden() and page.stack.isEnabled()
    assert page.status.text() == "Your answer has been recorded." and page.step.answered == 1


def test_errors_are_explained_and_the_page_catches_up_with_the_test(
    qtbot, page, learner_services, monkeypatch
) -> None:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text: shown.append(text))
    step = start(page, "1.1")
    behind = learner_services.attempts.skip(step.attempt_id, step.challenge.id)  # elsewhere, meanwhile
    answer_with_mouse(qtbot, page)
    assert len(shown) == 1 and "already answered" in shown[0]
    assert page.question.challenge.id == behind.challenge.id, "the page shows where the test stands"

    page.resume("no-such-attempt")
    assert shown[-1] == "This test cannot be found on this computer."

    def broken(*_args: Any, **_kwargs: Any) -> Step:
        raise OSError("disk I/O error")

    monkeypatch.setattr(learner_services.attempts, "answer", broken)
    answer_with_mouse(qtbot, page)
    assert "Your recorded answers are safe" in shown[-1] and "disk" not in shown[-1]
    assert page.status.text() == "Your answer was not recorded."
    assert page.question.isEnabled() and page.question.is_complete(), "the answer is still there to retry"


def test_every_screen_retranslates_on_a_language_change(qtbot, page, learner_services) -> None:
    content = learner_services.attempts.content("demo")
    target = {tube.id: 6 for tube in content.framework.tubes}
    page.open(lambda: learner_services.attempts.start_campaign("ada", "demo", "DEMOCA123", target, "en"))
    for _ in range(5):
        answer_with_mouse(qtbot, page)
    page.checkpoint.continued.emit()
    if page.stack.currentWidget() is page.warning:
        page.warning.started.emit()
    widgets = [
        page,
        page.checkpoint,
        page.warning,
        page.end,
        page.question,
        page.question.inputs,
        page.countdown,
    ]
    for widget in widgets:
        QApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    assert page.progress_label.text() == "Question 6"
    assert page.question.validate_button.text() == "&Validate"
    assert page.warning.button.text() == "&Start the question"
