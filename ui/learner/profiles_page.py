"""Who are you? First run, profile list with search, sign in, new profile. Layer: ui (main thread).

The first page of the learner app. On a machine with no profile yet it asks for the
language (emits :attr:`ProfilesPage.language_chosen`; the main window installs the
translator) and then for a new profile. Otherwise it lists the profiles, with a search
field, and opens the sign-in form of the one chosen. A right PIN or password, a new
profile, or a secret chosen by a learner created before profiles emits
:attr:`ProfilesPage.signed_in` with the :class:`~pixdesk.services.profiles.Profile`.

Every service call goes through ``services.runner``. Error codes of the profile service
become translated messages here, shown next to the field they are about.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime

from PySide6.QtCore import QEvent, QLocale, QTimer, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QVBoxLayout,
    QWidget,
)

from pixdesk.errors import PixdeskError
from pixdesk.services.profiles import LANGUAGES, MAX_NAME_LENGTH, Profile, ProfileError, ProfileSummary
from ui.learner.context import LearnerServices
from ui.learner.profile_forms import ChooseSecretForm, NewProfileForm, Render, SignInForm
from ui.learner.profile_list import LanguageChooser, ProfileListView
from ui.learner.scrolling import scroll_area_for

__all__ = ["PageStack", "ProfilesPage"]

log = logging.getLogger(__name__)

_COLUMN_EMS = 70  # the readable width of the page, in average characters of the current font


class PageStack(QWidget):
    """Pages on top of each other, one shown (main thread).

    Unlike QStackedWidget, the size it asks for (height for width included) is the shown
    page's only, so a short page under a large font gets no needless scroll bar.
    """

    def __init__(self) -> None:
        super().__init__()
        self._pages: list[QWidget] = []
        self._current: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    def addWidget(self, page: QWidget) -> None:
        self._pages.append(page)
        self._layout.addWidget(page)
        page.setVisible(False)

    def setCurrentWidget(self, page: QWidget) -> None:
        self._current = page
        for other in self._pages:
            if other is not page:
                other.setVisible(False)
        page.setVisible(True)

    def currentWidget(self) -> QWidget | None:
        return self._current


class ProfilesPage(QWidget):
    """The profiles page (main thread)."""

    signed_in = Signal(object)  # Profile
    language_chosen = Signal(str)  # "fr" | "en"

    def __init__(self, services: LearnerServices, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.services = services
        self.current: ProfileSummary | None = None
        self.first_run = False
        self._loaded = False
        self._search_seq = 0
        self._language: str | None = None
        self._lock_until: datetime | None = None
        self.lock_timer = QTimer(self)
        self.lock_timer.setInterval(1000)
        self.lock_timer.timeout.connect(self._on_lock_timer_timeout)

        self.language_page = LanguageChooser()
        self.list_view = ProfileListView()
        self.sign_in_form = SignInForm()
        self.choose_form = ChooseSecretForm()
        self.new_form = NewProfileForm(MAX_NAME_LENGTH)
        self.stack = PageStack()
        for page in (self.language_page, self.list_view, self.sign_in_form, self.choose_form, self.new_form):
            self.stack.addWidget(page)
        self.stack.setCurrentWidget(self.list_view)
        self.language_page.language_chosen.connect(self.choose_language)
        self.list_view.search_changed.connect(self._on_list_view_search_changed)
        self.list_view.profile_chosen.connect(self.open_profile)
        self.list_view.new_requested.connect(self._open_new_form)
        self.sign_in_form.submitted.connect(self._on_sign_in_form_submitted)
        self.sign_in_form.back_requested.connect(self.show_list)
        self.choose_form.submitted.connect(self._on_choose_form_submitted)
        self.choose_form.back_requested.connect(self.show_list)
        self.new_form.submitted.connect(self._on_new_form_submitted)
        self.new_form.back_requested.connect(self._on_new_form_back_requested)

        column = QHBoxLayout()
        column.addStretch(1)
        column.addWidget(self.stack, 100)
        column.addStretch(1)
        content = QWidget()
        content.setLayout(column)
        self.scroll_area = scroll_area_for(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.scroll_area)
        self._fit_column()
        self.retranslate()
        self.refresh()

    def _fit_column(self) -> None:
        """A readable column: about 70 average characters of the current font, however large."""
        self.stack.setMaximumWidth(self.fontMetrics().averageCharWidth() * _COLUMN_EMS)

    def _focus(self, widget: QWidget) -> None:
        """Give ``widget`` the keyboard focus and scroll it into view (large fonts scroll)."""
        widget.setFocus()
        self.scroll_area.ensureWidgetVisible(widget)

    # -- the list ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        """Ask for the profiles matching the search text (the answer replaces the list)."""
        self._search_seq += 1
        seq, search = self._search_seq, self.list_view.search.text()
        self.services.runner.run(
            lambda: self.services.profiles.list_profiles(search),
            lambda found: self._on_profiles_listed(seq, search, found),
            self._on_failed,
        )

    def _on_profiles_listed(self, seq: int, search: str, found: list[ProfileSummary]) -> None:
        if seq != self._search_seq:
            return  # an older search answered late
        if not self._loaded:
            self._loaded = True
            self.first_run = not found and not search
            if self.first_run:
                self.stack.setCurrentWidget(self.language_page)
                self._focus(self.language_page.french_button)
        self.list_view.show_profiles(search, found)

    def _on_list_view_search_changed(self, _text: str) -> None:
        self.refresh()

    def show_list(self) -> None:
        """Back to the list of profiles (forgets the secret typed, stops any countdown)."""
        self._stop_lock()
        self.current = None
        self.sign_in_form.secret.clear()
        self.stack.setCurrentWidget(self.list_view)
        self._focus(self.list_view.search)
        self.refresh()

    def open_profile(self, summary: ProfileSummary) -> None:
        """Show the sign-in form of ``summary`` (or the choice of a secret if it has none)."""
        self._stop_lock()
        self.list_view.show_notice(None)
        self.current = summary
        if summary.secret_kind is None:
            self.choose_form.open(summary.display_name)
            self.stack.setCurrentWidget(self.choose_form)
            self._focus(self.choose_form.fields.pin_radio)
            return
        self.sign_in_form.open(summary.display_name, summary.secret_kind)
        self.stack.setCurrentWidget(self.sign_in_form)
        self._focus(self.sign_in_form.secret)
        if summary.locked_until is not None:
            self._start_lock(summary.locked_until)

    # -- first run and new profile -----------------------------------------------------------------
    def choose_language(self, language: str) -> None:
        """First run: the learner picked the interface language; the new-profile form follows."""
        self._language = language
        self.language_chosen.emit(language)
        self._open_new_form()

    def _ui_language(self) -> str:
        if self._language is not None:
            return self._language
        name = QLocale().name()[:2]
        return name if name in LANGUAGES else "fr"

    def _open_new_form(self) -> None:
        self.new_form.open(self._ui_language())
        self.stack.setCurrentWidget(self.new_form)
        self._focus(self.new_form.name)

    def _on_new_form_back_requested(self) -> None:
        if self.first_run:
            self.stack.setCurrentWidget(self.language_page)
            self._focus(self.language_page.french_button)
        else:
            self.show_list()

    def _on_new_form_submitted(self, name: str, secret: str, kind: str, language: str) -> None:
        self.new_form.set_busy(True)
        self.services.runner.run(
            lambda: self.services.profiles.create(name, secret, kind, language),
            self._on_signed_in,
            self._on_create_failed,
        )

    def _on_create_failed(self, exc: BaseException) -> None:
        form = self.new_form
        form.set_busy(False)
        code = exc.code if isinstance(exc, ProfileError) else ""
        render = self._error_render(exc)
        if code in ("profile.bad_name", "profile.name_taken"):
            form.show_name_error(render)
            self._focus(form.name)
        elif code in ("profile.bad_pin", "profile.bad_password"):
            form.fields.show_secret_error(render)
            self._focus(form.fields.secret)
        else:
            form.show_message(render)

    # -- signing in --------------------------------------------------------------------------------
    def _on_sign_in_form_submitted(self, secret: str) -> None:
        assert self.current is not None
        learner = self.current.id
        self.sign_in_form.set_busy(True)
        self.services.runner.run(
            lambda: self.services.profiles.sign_in(learner, secret),
            self._on_signed_in,
            self._on_sign_in_failed,
        )

    def _on_sign_in_failed(self, exc: BaseException) -> None:
        form = self.sign_in_form
        form.set_busy(False)
        form.secret.clear()
        code = exc.code if isinstance(exc, ProfileError) else ""
        if isinstance(exc, ProfileError) and code == "profile.locked" and exc.until is not None:
            self._start_lock(exc.until)
        elif code == "profile.no_secret" and self.current is not None:
            self.open_profile(ProfileSummary(self.current.id, self.current.display_name, None, None))
        elif code == "profile.unknown":
            self.show_list()
            self.list_view.show_notice(self._error_render(exc))
        else:
            form.show_message(self._error_render(exc))
            self._focus(form.secret)

    def _on_choose_form_submitted(self, secret: str, kind: str) -> None:
        assert self.current is not None
        learner = self.current.id
        self.choose_form.set_busy(True)
        self.services.runner.run(
            lambda: self.services.profiles.set_secret(learner, secret, kind),
            self._on_signed_in,
            self._on_choose_failed,
        )

    def _on_choose_failed(self, exc: BaseException) -> None:
        self.choose_form.set_busy(False)
        code = exc.code if isinstance(exc, ProfileError) else ""
        if code in ("profile.bad_pin", "profile.bad_password"):
            self.choose_form.fields.show_secret_error(self._error_render(exc))
            self._focus(self.choose_form.fields.secret)
        elif code in ("profile.secret_set", "profile.unknown"):
            self.show_list()
            self.list_view.show_notice(self._error_render(exc))
        else:
            self.choose_form.show_message(self._error_render(exc))

    def _on_signed_in(self, profile: Profile) -> None:
        log.info("profile %s opened", profile.id)
        for form in (self.sign_in_form, self.choose_form, self.new_form):
            form.set_busy(False)
        self.choose_form.fields.clear()
        self.new_form.fields.clear()
        self.first_run = False
        self.signed_in.emit(profile)
        self.show_list()

    # -- lock-out countdown ------------------------------------------------------------------------
    def _start_lock(self, until: datetime) -> None:
        self._lock_until = until
        self.sign_in_form.set_locked(True)
        self._on_lock_timer_timeout()
        if self._lock_until is not None:
            self.lock_timer.start()

    def _stop_lock(self) -> None:
        self.lock_timer.stop()
        self._lock_until = None
        self.sign_in_form.set_locked(False)

    def _remaining_seconds(self) -> int:
        if self._lock_until is None:
            return 0
        return max(0, math.ceil((self._lock_until - self.services.profiles.now()).total_seconds()))

    def _on_lock_timer_timeout(self) -> None:
        if self._remaining_seconds() > 0:
            self.sign_in_form.show_message(self._locked_text)
            return
        self._stop_lock()
        self.sign_in_form.show_message(lambda: self.tr("You can try again now."))
        self._focus(self.sign_in_form.secret)

    def _locked_text(self) -> str:
        seconds = self._remaining_seconds()
        if seconds >= 60:
            wait = (
                self.tr("%1 min %2 s").replace("%1", str(seconds // 60)).replace("%2", f"{seconds % 60:02d}")
            )
        else:
            wait = self.tr("%1 s").replace("%1", str(seconds))
        return self.tr("Too many wrong tries. You can try again in %1.").replace("%1", wait)

    # -- messages ----------------------------------------------------------------------------------
    def _error_render(self, exc: BaseException) -> Render:
        """The translated message for a failed call, as a function (re-rendered on LanguageChange)."""
        if not isinstance(exc, ProfileError):
            code = exc.code if isinstance(exc, PixdeskError) else type(exc).__name__
            return lambda: self.tr("Something went wrong (%1). Ask your teacher for help.").replace(
                "%1", code
            )
        pin = self.current is not None and self.current.secret_kind == "pin"
        texts: dict[str, Render] = {
            "profile.bad_name": lambda: self.tr("Type a name of 1 to %n characters.", "", MAX_NAME_LENGTH),
            "profile.name_taken": lambda: self.tr(
                "This name is already used on this computer. Add your last name or an initial."
            ),
            "profile.bad_pin": lambda: self.tr("A PIN has 4 to 6 digits."),
            "profile.bad_password": lambda: self.tr(
                "A password has at least 8 characters (not only spaces)."
            ),
            "profile.unknown": lambda: self.tr("This profile is no longer on this computer."),
            "profile.secret_set": lambda: self.tr(
                "This profile already has a PIN or password: sign in with it."
            ),
            "profile.bad_preference": lambda: self.tr("This language is not available."),
            "profile.locked": self._locked_text,
        }
        if exc.code == "profile.wrong_secret":
            left = exc.tries_left or 0
            if left == 1:
                return (
                    (lambda: self.tr("Wrong PIN. 1 try left before a short lock."))
                    if pin
                    else (lambda: self.tr("Wrong password. 1 try left before a short lock."))
                )
            if pin:
                return lambda: self.tr("Wrong PIN. %n tries left before a short lock.", "", left)
            return lambda: self.tr("Wrong password. %n tries left before a short lock.", "", left)
        return texts.get(exc.code, lambda: self.tr("This cannot be done (%1).").replace("%1", exc.code))

    def _on_failed(self, exc: BaseException) -> None:
        log.error("profiles: %s", exc)
        self.list_view.show_notice(self._error_render(exc))

    # -- language and fonts ------------------------------------------------------------------------
    def retranslate(self) -> None:
        """The page's own texts are its messages; each part re-translates itself."""
        if self._lock_until is not None:
            self.sign_in_form.show_message(self._locked_text)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        elif event.type() == QEvent.Type.FontChange:
            self._fit_column()
        super().changeEvent(event)


if __name__ == "__main__":
    import sys

    from PySide6.QtWidgets import QApplication

    from ui.preview import preview_services

    app = QApplication(sys.argv)
    services = preview_services()
    page = ProfilesPage(services)
    page.signed_in.connect(lambda profile: print("signed in:", profile))
    page.language_chosen.connect(lambda language: print("language chosen:", language))
    page.setWindowTitle("ProfilesPage — preview (Ada's PIN is 1234)")
    page.resize(900, 640)
    page.show()
    code = app.exec()
    services.close()
    sys.exit(code)
