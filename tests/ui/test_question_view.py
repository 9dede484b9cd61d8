"""The question view: every format rendered, its response built right, keys, media, attachments."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
from answering import right_response
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QComboBox, QLineEdit

from pixdesk.domain.challenge import Format
from pixdesk.domain.matching import validate_response
from ui.learner.answer_inputs import FieldInputs, ProposalInputs, plain_text, shown_order
from ui.learner.media_view import MAX_WIDTH
from ui.learner.question_view import QuestionView
from ui.theme import apply_theme

ATTEMPT = "attempt-under-test"


def fill(qtbot, view: QuestionView, response: Any) -> None:
    """Enter ``response`` through the widgets, as a learner would (mouse and typing)."""
    inputs = view.inputs
    if isinstance(inputs, ProposalInputs):
        wanted = {response} if isinstance(response, int) else set(response)
        for button, number in zip(inputs.buttons, inputs.order, strict=True):
            if number in wanted:
                qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        return
    assert isinstance(inputs, FieldInputs)
    values = {inputs.specs[0].name: response} if isinstance(response, str) else response
    for spec, field in zip(inputs.specs, inputs.fields, strict=True):
        if isinstance(field, QComboBox):
            field.setCurrentIndex(field.findData(values[spec.name]))
        else:
            qtbot.keyClicks(field, values[spec.name])


@pytest.fixture
def content(learner_services):
    return learner_services.attempts.content("demo")


@pytest.fixture
def make_view(qtbot, learner_services, content):
    def make(challenge_id: str, attempt: str = ATTEMPT) -> QuestionView:
        challenge = content.challenges[challenge_id]
        view = QuestionView(learner_services, challenge, content.body(challenge_id, "en"), attempt)
        qtbot.addWidget(view)
        view.show()
        return view

    return make


def test_every_challenge_of_the_pack_renders_and_builds_its_right_response(qtbot, make_view, content) -> None:
    formats = set()
    for challenge in content.challenges.values():
        body = content.body(challenge.id, "en")
        view = make_view(challenge.id)
        formats.add(challenge.format)
        assert view.instruction.text() == body.instruction
        assert not view.is_complete() and view.response() is None
        assert not view.validate_button.isEnabled(), "Validate waits for an answer"
        expected = right_response(challenge, body)
        fill(qtbot, view, expected)
        assert view.is_complete() and view.validate_button.isEnabled()
        assert view.response() == expected, challenge.id
        validate_response(challenge, body, view.response())  # the service accepts its shape
        with qtbot.waitSignal(view.response_submitted) as submitted:
            qtbot.mouseClick(view.validate_button, Qt.MouseButton.LeftButton)
        assert submitted.args == [expected]
        view.close()
    assert formats == set(Format)


def test_proposals_are_shuffled_per_attempt_and_map_back_to_their_original_numbers(
    make_view, content
) -> None:
    qcu = next(c for c in content.challenges.values() if c.format is Format.QCU)
    body = content.body(qcu.id, "en")
    count = len(body.proposals)
    orders = {tuple(shown_order(f"attempt-{n}", qcu.id, count)) for n in range(20)}
    assert len(orders) > 1, "different attempts see different orders"
    assert shown_order("a", qcu.id, count) == shown_order("a", qcu.id, count), "stable for one attempt"
    assert shown_order("a", qcu.id, count, shuffle=False) == list(range(1, count + 1))

    attempt = next(f"attempt-{n}" for n in range(50) if shown_order(f"attempt-{n}", qcu.id, count)[0] != 1)
    view = make_view(qcu.id, attempt)
    order = shown_order(attempt, qcu.id, count)
    assert view.inputs.order == order
    for shown, number in enumerate(order, start=1):
        button = view.inputs.buttons[shown - 1]
        assert button.text() == f"{shown}."
        assert button.accessibleName() == plain_text(body.proposals[number - 1])
        assert str(shown) in button.accessibleDescription()
        view.inputs.pick(shown)
        assert view.response() == number, "the response uses the original proposal number"


def test_number_keys_pick_qcu_and_toggle_qcm_then_enter_validates(qtbot, make_view, content) -> None:
    qcm = next(c for c in content.challenges.values() if c.format is Format.QCM)
    view = make_view(qcm.id)
    order = view.inputs.order
    view.focus_first()
    target = view.instruction
    qtbot.keyClick(target, Qt.Key.Key_1)
    qtbot.keyClick(target, Qt.Key.Key_3)
    qtbot.keyClick(target, Qt.Key.Key_1)  # toggles the first one off again
    assert view.response() == frozenset({order[2]})
    qtbot.keyClick(target, Qt.Key.Key_9)  # no 9th proposal: nothing happens
    assert view.response() == frozenset({order[2]})
    with qtbot.waitSignal(view.response_submitted) as submitted:
        qtbot.keyClick(target, Qt.Key.Key_Return)
    assert submitted.args == [frozenset({order[2]})]

    qcu = next(c for c in content.challenges.values() if c.format is Format.QCU)
    single = make_view(qcu.id)
    qtbot.keyClick(single.instruction, Qt.Key.Key_2)
    qtbot.keyClick(single.instruction, Qt.Key.Key_4, Qt.KeyboardModifier.KeypadModifier)
    assert single.response() == single.inputs.order[3], "radio buttons: the last key wins"


def test_enter_without_an_answer_explains_instead_of_submitting(qtbot, make_view, content) -> None:
    qroc = next(c for c in content.challenges.values() if c.format is Format.QROC)
    view = make_view(qroc.id)
    with qtbot.assertNotEmitted(view.response_submitted):
        qtbot.keyClick(view.instruction, Qt.Key.Key_Return)
    assert view.incomplete_hint.isVisible() and "I don't know" in view.incomplete_hint.text()
    field = view.inputs.fields[0]
    assert isinstance(field, QLineEdit)
    qtbot.keyClicks(field, "  ")
    assert not view.is_complete(), "spaces only are not an answer"
    qtbot.keyClicks(field, "12")
    assert field.text() == "  12", "digits typed in a field are text, not proposal keys"
    assert not view.incomplete_hint.isVisible()
    with qtbot.waitSignal(view.response_submitted) as submitted:
        qtbot.keyClick(field, Qt.Key.Key_Return)
    assert submitted.args == ["12"]


def test_number_and_select_inputs(qtbot, make_view, content) -> None:
    number = next(
        c
        for c in content.challenges.values()
        if any(i.input == "number" for i in content.body(c.id, "en").inputs)
    )
    view = make_view(number.id)
    field = view.inputs.fields[0]
    qtbot.keyClicks(field, "ab10 000,5x")
    assert field.text() == "10 000,5", "only what can be a number is typed"
    assert view.response() == "10 000,5"

    select = next(c for c in content.challenges.values() if c.format is Format.QROCM_IND)
    body = content.body(select.id, "en")
    view = make_view(select.id)
    combos = [f for f in view.inputs.fields if isinstance(f, QComboBox)]
    assert combos and all(c.currentIndex() == 0 and c.currentData() is None for c in combos)
    for combo, spec in zip(view.inputs.fields, body.inputs, strict=True):
        assert combo.accessibleName() == spec.label
        if isinstance(combo, QComboBox):
            assert [combo.itemText(i) for i in range(1, combo.count())] == list(spec.options)
    fill(qtbot, view, {"text": ".odt", "sheet": ".ods", "fixed": ""})
    assert not view.is_complete(), "every field must be answered"
    assert view.partial_response() == {"text": ".odt", "sheet": ".ods", "fixed": ""}
    qtbot.keyClicks(view.inputs.fields[2], "pdf")
    assert view.response() == {"text": ".odt", "sheet": ".ods", "fixed": "pdf"}


def test_i_dont_know_by_button_and_by_its_mnemonic(qtbot, make_view, content) -> None:
    qcu = next(c for c in content.challenges.values() if c.format is Format.QCU)
    view = make_view(qcu.id)
    with qtbot.waitSignal(view.skipped):
        qtbot.mouseClick(view.skip_button, Qt.MouseButton.LeftButton)
    assert view.skip_button.accessibleName() == "I don't know"
    assert "Alt+D" in view.skip_button.accessibleDescription()
    view.activateWindow()
    qtbot.waitUntil(view.isActiveWindow)
    view.focus_first()
    with qtbot.waitSignal(view.skipped):
        qtbot.keyClick(view.instruction, Qt.Key.Key_D, Qt.KeyboardModifier.AltModifier)
    view.setEnabled(False)
    with qtbot.assertNotEmitted(view.skipped), qtbot.assertNotEmitted(view.response_submitted):
        view.skip()
        view.submit()


def test_a_picture_has_its_alt_text_as_name_and_caption(make_view, content) -> None:
    challenge = next(
        c
        for c in content.challenges.values()
        if any(content.media(m).mime.startswith("image/") for m in content.body(c.id, "en").media)
    )
    media = content.media(content.body(challenge.id, "en").media[0])
    view = make_view(challenge.id)
    assert view.media is not None and len(view.media.pictures) == 1
    picture = view.media.pictures[0]
    assert not picture.pixmap().isNull(), "the SVG picture is drawn"
    assert picture.accessibleName() == media.alt["en"]
    assert media.alt["en"] in view.media.findChildren(type(picture))[-1].text()
    assert view.media.status.isHidden()


def test_proposals_whose_order_means_something_are_shown_as_written(qtbot, learner_services, content) -> None:
    challenge = next(c for c in content.challenges.values() if c.format is Format.QCU)
    body = content.body(challenge.id, "en")
    written = dataclasses.replace(body, shuffled=False)  # as a pack says for "Icon A … D"
    orders = set()
    for attempt in ("attempt-1", "attempt-2", "attempt-3", "attempt-4", "attempt-5"):
        for shown, kept in ((body, False), (written, True)):
            view = QuestionView(learner_services, challenge, shown, attempt)
            qtbot.addWidget(view)
            assert isinstance(view.inputs, ProposalInputs)
            if kept:
                assert view.inputs.order == list(range(1, len(body.proposals) + 1))
            else:
                orders.add(tuple(view.inputs.order))
    assert len(orders) > 1, "other challenges still change order from one attempt to the next"


def test_a_link_of_the_instruction_opens_in_the_browser_except_in_a_focused_question(
    qtbot, learner_services, content, monkeypatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    challenge = next(c for c in content.challenges.values() if not c.focused)
    body = dataclasses.replace(
        content.body(challenge.id, "en"), instruction="Read [the notice](https://example.org/notice) first."
    )
    view = QuestionView(learner_services, challenge, body, "attempt-1")
    qtbot.addWidget(view)
    view.follow_link("https://example.org/notice")
    assert [url.toString() for url in opened] == ["https://example.org/notice"]
    assert view.link_note.isVisibleTo(view)
    assert view.link_note.text() == "Opened in your browser: https://example.org/notice"

    focused = dataclasses.replace(challenge, focused=True)
    view = QuestionView(learner_services, focused, body, "attempt-1")
    qtbot.addWidget(view)
    view.follow_link("https://example.org/notice")
    assert len(opened) == 1, "a focused question is answered without leaving PixDesk"
    assert "not opened" in view.link_note.text() and "https://example.org/notice" in view.link_note.text()


def test_a_picture_grows_with_the_zoom_even_while_it_is_shown(make_view, content, qapp) -> None:
    challenge = next(
        c
        for c in content.challenges.values()
        if any(content.media(m).mime.startswith("image/") for m in content.body(c.id, "en").media)
    )
    view = make_view(challenge.id)
    assert view.media is not None
    picture = view.media.pictures[0]
    normal = picture.pixmap().deviceIndependentSize()
    try:
        apply_theme(qapp, zoom=200)
        qapp.processEvents()
        zoomed = picture.pixmap().deviceIndependentSize()
        grown = min(2.0, MAX_WIDTH / normal.width())  # up to the reading width
        assert grown > 1.2, "the demo picture has room to grow"
        assert zoomed.width() == pytest.approx(normal.width() * grown, abs=1)
        assert zoomed.height() == pytest.approx(normal.height() * grown, abs=1)
    finally:
        apply_theme(qapp, zoom=100)
        qapp.processEvents()
    assert picture.pixmap().deviceIndependentSize().width() == pytest.approx(normal.width(), abs=1)


def test_an_attachment_is_copied_to_a_temporary_file_and_opened(
    qtbot, make_view, content, monkeypatch
) -> None:
    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    challenge = next(
        c
        for c in content.challenges.values()
        if any(not content.media(m).mime.startswith("image/") for m in content.body(c.id, "en").media)
    )
    media = content.media(content.body(challenge.id, "en").media[0])
    view = make_view(challenge.id)
    assert view.media is not None and len(view.media.buttons) == 1
    button = view.media.buttons[0]
    assert button.text() == "Open the attachment" and media.filename in button.accessibleName()
    with qtbot.waitSignal(view.media.attachment_opened) as copied:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert len(opened) == 1 and opened[0].isLocalFile()
    path = opened[0].toLocalFile()
    assert path == copied.args[0] and path.endswith(media.filename)
    with open(path, "rb") as handle:
        assert handle.read() == media.data


def test_an_attachment_no_application_can_open_is_explained(qtbot, make_view, content, monkeypatch) -> None:
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: False)
    challenge = next(c for c in content.challenges.values() if c.id == "c-1.3-formulas-002")
    view = make_view(challenge.id)
    assert view.media is not None
    qtbot.mouseClick(view.media.buttons[0], Qt.MouseButton.LeftButton)
    assert view.media.status.isVisible() and "No application" in view.media.status.text()
