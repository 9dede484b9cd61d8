"""The profiles page: first run, keyboard-only creation, search, sign in, wrong PIN, lock-out."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QLineEdit,
    QListWidget,
    QWidget,
)

from pixdesk.config import load_settings
from pixdesk.services.attempts import AttemptService
from pixdesk.services.profiles import Profile, ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_status import SyncStatusService
from ui.learner.context import LearnerServices
from ui.learner.profiles_page import ProfilesPage
from ui.ops import SyncOpRunner


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime(2026, 3, 2, 9, 0, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def empty_machine(home: Path) -> Iterator[LearnerServices]:
    """A machine on its first run: no profile, no pack (the page needs none)."""
    attempts = AttemptService(load_settings())
    services = LearnerServices(
        attempts,
        ProgressService(attempts),
        SyncOpRunner(),
        "demo",
        ProfileService(attempts),
        SyncStatusService(attempts),
    )
    yield services
    services.close()


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def machine(learner_services: LearnerServices, clock: FakeClock) -> LearnerServices:
    """The shared learner machine ("ada", PIN 1234), its profile service on a fake clock."""
    return dataclasses.replace(learner_services, profiles=ProfileService(learner_services.attempts, clock))


def make_page(qtbot, services: LearnerServices) -> ProfilesPage:  # type: ignore[no-untyped-def]
    page = ProfilesPage(services)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitExposed(page)
    page.activateWindow()
    qtbot.waitUntil(page.isActiveWindow)
    return page


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None
    return widget


def type_into_focus(qtbot, text: str) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(focused(), text)


def press(qtbot, key: Qt.Key) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClick(focused(), key)


def sign_in_with(qtbot, page: ProfilesPage, secret: str) -> None:  # type: ignore[no-untyped-def]
    page.sign_in_form.secret.setFocus()
    qtbot.keyClicks(page.sign_in_form.secret, secret)
    qtbot.keyClick(page.sign_in_form.secret, Qt.Key.Key_Return)


def open_first_profile(qtbot, page: ProfilesPage) -> None:  # type: ignore[no-untyped-def]
    page.list_view.search.setFocus()
    qtbot.keyClick(page.list_view.search, Qt.Key.Key_Return)
    assert page.stack.currentWidget() in (page.sign_in_form, page.choose_form)


# -- first run -------------------------------------------------------------------------------------
def test_first_run_asks_the_language_then_a_new_profile(qtbot, empty_machine) -> None:
    page = make_page(qtbot, empty_machine)
    assert page.first_run
    assert page.stack.currentWidget() is page.language_page
    with qtbot.waitSignal(page.language_chosen) as chosen:
        qtbot.mouseClick(page.language_page.french_button, Qt.MouseButton.LeftButton)
    assert chosen.args == ["fr"]
    assert page.stack.currentWidget() is page.new_form
    assert page.new_form.language.currentData() == "fr"

    page.new_form.back_button.click()
    assert page.stack.currentWidget() is page.language_page, "no profile yet: back to the language"


def test_a_profile_is_created_with_the_keyboard_only(qtbot, empty_machine) -> None:
    page = make_page(qtbot, empty_machine)
    assert focused() is page.language_page.french_button
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.language_page.english_button
    with qtbot.waitSignal(page.language_chosen) as chosen:
        press(qtbot, Qt.Key.Key_Space)
    assert chosen.args == ["en"]

    assert focused() is page.new_form.name
    type_into_focus(qtbot, "Zoe Martin")  # QTest types ASCII only
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.new_form.fields.pin_radio
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.new_form.fields.secret
    type_into_focus(qtbot, "12ab34")
    assert page.new_form.fields.secret.text() == "1234", "a PIN field takes digits only"
    press(qtbot, Qt.Key.Key_Tab)
    type_into_focus(qtbot, "1234")
    press(qtbot, Qt.Key.Key_Tab)
    assert focused() is page.new_form.language
    assert page.new_form.language.currentData() == "en"
    with qtbot.waitSignal(page.signed_in) as signed:
        press(qtbot, Qt.Key.Key_Tab)
        press(qtbot, Qt.Key.Key_Tab)
        assert focused() is page.new_form.create_button
        press(qtbot, Qt.Key.Key_Space)
    profile = signed.args[0]
    assert isinstance(profile, Profile)
    assert (profile.display_name, profile.secret_kind, profile.language) == ("Zoe Martin", "pin", "en")
    assert page.new_form.fields.secret.text() == "", "secrets do not stay in the form"
    assert [p.display_name for p in empty_machine.profiles.list_profiles()] == ["Zoe Martin"]


def test_new_profile_errors_are_shown_next_to_their_field(qtbot, learner_services) -> None:
    page = make_page(qtbot, learner_services)
    page.list_view.new_button.click()
    form = page.new_form
    form.name.setText("ADA")
    form.fields.password_radio.setChecked(True)
    form.fields.secret.setText("correct horse")
    form.fields.confirm.setText("correct horsE")
    form.create_button.click()
    assert not form.fields.confirm_error.isHidden()
    assert (
        form.fields.confirm_error.text() == "The two passwords are different. Type the same password twice."
    )
    assert form.fields.confirm.accessibleDescription() == form.fields.confirm_error.text()

    form.fields.confirm.setText("correct horse")
    form.create_button.click()
    assert form.fields.confirm_error.isHidden()
    assert form.name_error.text().startswith("This name is already used on this computer.")
    assert focused() is form.name

    form.name.setText("Bob")
    form.fields.secret.setText("short")
    form.fields.confirm.setText("short")
    form.create_button.click()
    assert form.name_error.isHidden()
    assert form.fields.secret_error.text() == "A password has at least 8 characters (not only spaces)."
    assert page.stack.currentWidget() is form


# -- the list --------------------------------------------------------------------------------------
def test_search_filters_the_list_ignoring_accents(qtbot, learner_services) -> None:
    for name in ("Élodie", "Bob"):
        learner_services.profiles.create(name, "1234", "pin", "fr")
    page = make_page(qtbot, learner_services)
    names = page.list_view.profile_list
    assert [names.item(i).text() for i in range(names.count())] == ["Ada", "Bob", "Élodie"]
    assert not page.first_run

    qtbot.keyClicks(page.list_view.search, "elo")
    assert [names.item(i).text() for i in range(names.count())] == ["Élodie"]
    assert names.currentRow() == 0 and page.list_view.open_button.isEnabled()
    assert page.list_view.empty_label.isHidden()

    qtbot.keyClicks(page.list_view.search, "x")
    assert names.count() == 0
    assert not page.list_view.open_button.isEnabled()
    assert page.list_view.empty_label.text().startswith("No profile matches “elox”.")

    page.list_view.search.clear()
    assert names.count() == 3


def test_down_then_enter_in_the_list_opens_the_chosen_profile(qtbot, learner_services) -> None:
    learner_services.profiles.create("Bob", "correct horse", "password", "fr")
    page = make_page(qtbot, learner_services)
    page.list_view.search.setFocus()
    press(qtbot, Qt.Key.Key_Down)
    assert focused() is page.list_view.profile_list
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, Qt.Key.Key_Return)
    assert page.stack.currentWidget() is page.sign_in_form
    assert page.sign_in_form.heading.text() == "Bob"
    assert page.sign_in_form.secret_label.text() == "Your &password"
    assert page.sign_in_form.secret.echoMode() == QLineEdit.EchoMode.Password
    assert page.sign_in_form.secret.validator() is None

    press(qtbot, Qt.Key.Key_Escape)
    assert page.stack.currentWidget() is page.list_view, "Esc goes back"


# -- signing in ------------------------------------------------------------------------------------
def test_the_right_pin_emits_signed_in_with_that_profile(qtbot, learner_services) -> None:
    learner_services.profiles.create("Bob", "5678", "pin", "en")
    page = make_page(qtbot, learner_services)
    open_first_profile(qtbot, page)
    assert page.sign_in_form.heading.text() == "Ada"
    assert page.sign_in_form.secret.validator() is not None, "PIN: digits only"
    assert not page.sign_in_form.sign_in_button.isEnabled(), "nothing typed yet"
    with qtbot.waitSignal(page.signed_in) as signed:
        sign_in_with(qtbot, page, "1234")
    assert signed.args[0] == learner_services.profiles.profile("ada")
    assert page.stack.currentWidget() is page.list_view
    assert page.sign_in_form.secret.text() == ""


def test_a_wrong_pin_says_how_many_tries_are_left(qtbot, learner_services) -> None:
    page = make_page(qtbot, learner_services)
    open_first_profile(qtbot, page)
    message = page.sign_in_form.message
    with qtbot.assertNotEmitted(page.signed_in):
        sign_in_with(qtbot, page, "0000")
    assert message.text() == "Wrong PIN. 4 tries left before a short lock."
    sign_in_with(qtbot, page, "0001")
    sign_in_with(qtbot, page, "0002")
    assert message.text() == "Wrong PIN. 2 tries left before a short lock."
    sign_in_with(qtbot, page, "0003")
    assert message.text() == "Wrong PIN. 1 try left before a short lock."
    assert page.sign_in_form.secret.text() == "" and focused() is page.sign_in_form.secret
    assert page.sign_in_form.secret.accessibleDescription() == message.text()


def test_the_lock_is_counted_down_then_lifted(qtbot, machine, clock) -> None:
    page = make_page(qtbot, machine)
    open_first_profile(qtbot, page)
    form = page.sign_in_form
    for wrong in ("0000", "0001", "0002", "0003", "0004"):
        sign_in_with(qtbot, page, wrong)
    assert form.message.text() == "Too many wrong tries. You can try again in 1 min 00 s."
    assert not form.secret.isEnabled() and not form.sign_in_button.isEnabled()
    assert page.lock_timer.isActive()

    clock.now += timedelta(seconds=15)
    qtbot.waitUntil(lambda: form.message.text().endswith("in 45 s."), timeout=3000)  # the real 1 s timer

    form.back_button.click()
    assert not page.lock_timer.isActive()
    assert page.list_view.profile_list.item(0).data(Qt.ItemDataRole.UserRole).locked_until is not None
    open_first_profile(qtbot, page)
    assert form.message.text() == "Too many wrong tries. You can try again in 45 s.", "still locked"

    clock.now += timedelta(seconds=45)
    page.lock_timer.timeout.emit()
    assert form.message.text() == "You can try again now."
    assert form.secret.isEnabled() and not page.lock_timer.isActive()
    with qtbot.waitSignal(page.signed_in) as signed:
        sign_in_with(qtbot, page, "1234")
    assert signed.args[0].id == "ada"


def test_a_profile_without_secret_chooses_one_and_is_signed_in(qtbot, learner_services) -> None:
    learner_services.attempts.ensure_learner("leo", "Léo")
    page = make_page(qtbot, learner_services)
    qtbot.keyClicks(page.list_view.search, "leo")
    open_first_profile(qtbot, page)
    form = page.choose_form
    assert page.stack.currentWidget() is form and form.heading.text() == "Léo"
    form.fields.secret.setText("123")
    form.fields.confirm.setText("123")
    form.save_button.click()
    assert form.fields.secret_error.text() == "A PIN has 4 to 6 digits."
    form.fields.secret.setText("4321")
    form.fields.confirm.setText("4321")
    with qtbot.waitSignal(page.signed_in) as signed:
        qtbot.keyClick(form.fields.confirm, Qt.Key.Key_Return)
    assert (signed.args[0].id, signed.args[0].has_secret) == ("leo", True)


# -- accessibility and language --------------------------------------------------------------------
def test_every_control_has_an_accessible_name_and_texts_survive_a_language_change(
    qtbot, learner_services
) -> None:
    page = make_page(qtbot, learner_services)
    controls = page.findChildren(QAbstractButton) + page.findChildren(QLineEdit)
    controls += page.findChildren(QComboBox) + page.findChildren(QListWidget)
    unnamed = [type(c).__name__ for c in controls if c.isVisibleTo(c.window()) and not c.accessibleName()]
    assert not [name for name in unnamed if name != "QToolButton"], unnamed  # line edits' clear buttons

    open_first_profile(qtbot, page)
    sign_in_with(qtbot, page, "0000")
    before = page.sign_in_form.message.text()
    for widget in [page, *page.findChildren(QWidget)]:
        QApplication.sendEvent(widget, QEvent(QEvent.Type.LanguageChange))
    assert page.sign_in_form.message.text() == before
    assert page.sign_in_form.sign_in_button.text() == "&Sign in"
