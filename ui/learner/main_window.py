"""The learner's window: profiles → home → test → results, menus and status bar. Layer: ui (main thread).

The window only routes between pages and applies the signed-in learner's preferences
(language, zoom, high contrast); each page talks to the services itself. Signing out
or switching learner clears every page, so a learner never sees another's data. A zoom
or theme change rebuilds the pages (fonts are resolved when widgets are built) and puts
the learner back where they were — a test resumes at the same question from the store.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QCloseEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QMainWindow, QMessageBox, QStackedWidget, QWidget

from pixdesk.services.profiles import Profile
from ui.i18n import Translations
from ui.learner.context import LearnerServices
from ui.learner.status_bar import SyncStatusView
from ui.theme import ZOOM_STEPS, apply_theme, clamp_zoom

if TYPE_CHECKING:
    from ui.learner.home_page import HomePage
    from ui.learner.profiles_page import ProfilesPage
    from ui.learner.results_page import ResultsPage
    from ui.learner.test_page import TestPage

__all__ = ["LearnerWindow"]

log = logging.getLogger(__name__)


class LearnerWindow(QMainWindow):
    """The application window (main thread)."""

    page_changed = Signal(str)  # "profiles" | "home" | "test" | "results"

    def __init__(self, services: LearnerServices, translations: Translations) -> None:
        super().__init__()
        self.services = services
        self.translations = translations
        self.profile: Profile | None = None
        self._place: tuple[str, Any] = ("profiles", None)
        self.stack = QStackedWidget()
        self.setCentralWidget(self.stack)
        self.sync_status = SyncStatusView(services.sync.status, services.runner)
        self.statusBar().addPermanentWidget(self.sync_status)
        if services.rounds is not None:
            services.rounds.sync_started.connect(lambda: self._on_rounds_running(True))
            services.rounds.sync_finished.connect(lambda _summary: self._on_rounds_running(False))
            services.rounds.sync_failed.connect(self._on_rounds_sync_failed)
        self._build_menus()
        self._build_pages()
        self.retranslate()
        self.sync_status.refresh()
        self.resize(1100, 760)
        QTimer.singleShot(0, self._show_first_page)  # unless a learner is entered before

    # -- pages -------------------------------------------------------------------------------------
    # Each page is built the first time it is needed (and its module imported then), so the
    # window reaches the screen it opens on without paying for the others.
    def _build_pages(self) -> None:
        """Forget every page (a learner signed out, or the look changed); they are built again."""
        while (page := self.stack.widget(0)) is not None:
            self.stack.removeWidget(page)
            page.deleteLater()
        self._pages: dict[str, QWidget] = {}
        self._built_look = (self.profile.zoom, self.profile.high_contrast) if self.profile else (100, False)

    def _page(self, name: str) -> Any:
        page = self._pages.get(name)
        if page is None:
            page = self._create_page(name)
            self._pages[name] = page
            self.stack.addWidget(page)
        return page

    def _create_page(self, name: str) -> QWidget:
        if name == "profiles":
            from ui.learner.profiles_page import ProfilesPage

            profiles = ProfilesPage(self.services)
            profiles.signed_in.connect(self._on_profiles_signed_in)
            profiles.language_chosen.connect(self._on_profiles_language_chosen)
            return profiles
        if name == "home":
            from ui.learner.home_page import HomePage

            home = HomePage(self.services)
            home.step_started.connect(self._on_home_step_started)
            home.resume_requested.connect(self._on_home_resume_requested)
            return home
        if name == "test":
            from ui.learner.test_page import TestPage

            test = TestPage(self.services, self.profile.language if self.profile else "en")
            test.left.connect(self._on_test_left)
            test.finished.connect(self._on_test_finished)
            return test
        from ui.learner.results_page import ResultsPage

        results = ResultsPage(self.services)
        results.home_requested.connect(self.show_home)
        return results

    @property
    def profiles_page(self) -> ProfilesPage:
        return cast("ProfilesPage", self._page("profiles"))

    @property
    def home_page(self) -> HomePage:
        return cast("HomePage", self._page("home"))

    @property
    def test_page(self) -> TestPage:
        return cast("TestPage", self._page("test"))

    @property
    def results_page(self) -> ResultsPage:
        return cast("ResultsPage", self._page("results"))

    def _show_first_page(self) -> None:
        if self.profile is None and self.stack.currentWidget() is None:
            self.show_profiles()

    def _show(self, page: QWidget, name: str, data: Any = None) -> None:
        self._place = (name, data)
        self.stack.setCurrentWidget(page)
        signed_in = self.profile is not None
        for action in (self.settings_action, self.sign_out_action):
            action.setEnabled(signed_in and name != "test")
        self.page_changed.emit(name)

    def show_profiles(self) -> None:
        self._show(self.profiles_page, "profiles")

    def show_home(self) -> None:
        assert self.profile is not None
        if "test" in self._pages:
            self.test_page.language = self.profile.language
        self.home_page.set_learner(self.profile.id, self.profile.display_name, self.profile.language)
        self._show(self.home_page, "home")
        self.sync_status.refresh()

    def _on_profiles_signed_in(self, profile: Profile) -> None:
        self.enter_as(profile)

    def enter_as(self, profile: Profile) -> None:
        """Open the home of a learner whose secret the profiles page has checked."""
        log.info("learner %s signed in", profile.id)
        self.profile = profile
        self._apply_preferences(profile)
        if self._built_look != (profile.zoom, profile.high_contrast):
            self._build_pages()  # headings sized from the old font: build them again
        self.show_home()
        learner, attempts = profile.id, self.services.attempts
        self.services.runner.run(lambda: attempts.in_progress(learner), self._offer_to_continue, _log_failure)

    def _offer_to_continue(self, running: list[dict[str, Any]]) -> None:
        """After a closed window, a crash or a power cut: continue at the same question."""
        running = [row for row in running if row["kind"] != "certification"]  # a proctor resumes those
        if not running or self.profile is None or self._place[0] != "home":
            return
        latest = max(running, key=lambda row: row["started_at"])
        answer = QMessageBox.question(
            self,
            self.tr("Test in progress"),
            self.tr("You have a test in progress. Your answers are saved. Continue where you left off?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._on_home_resume_requested(latest["id"])

    def _on_profiles_language_chosen(self, language: str) -> None:
        self.translations.set_language(language)

    def _on_home_step_started(self, step: Any) -> None:
        self._before = self.home_page.scorecard
        self.test_page.start(step)
        self._show(self.test_page, "test", str(step.attempt_id))

    def _on_home_resume_requested(self, attempt_id: str) -> None:
        self._before = self.home_page.scorecard
        self.test_page.resume(attempt_id)
        self._show(self.test_page, "test", attempt_id)

    def _on_test_left(self, _attempt_id: str) -> None:
        self.show_home()

    def _on_test_finished(self, attempt_id: str) -> None:
        assert self.profile is not None
        self.results_page.show_attempt(self.profile.id, attempt_id, getattr(self, "_before", None))
        self._show(self.results_page, "results", attempt_id)
        self.sync_status.refresh()

    def sign_out(self) -> None:
        """Back to the profile list; every page forgets the learner."""
        self.profile = None
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app)  # the next learner starts from the machine's looks, not the last one's
        self._build_pages()
        self.show_profiles()

    # -- preferences -------------------------------------------------------------------------------
    def _apply_preferences(self, profile: Profile) -> None:
        self.translations.set_language(profile.language)
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        apply_theme(app, profile.zoom, profile.high_contrast)
        for bar in (self.menuBar(), self.statusBar(), self.sync_status):  # built before the zoom
            bar.setFont(QApplication.font())

    def _save_preferences(self, **changes: Any) -> None:
        if self.profile is None:
            return
        learner = self.profile.id
        self.services.runner.run(
            lambda: self.services.profiles.update_preferences(learner, **changes),
            self._on_preferences_saved,
            self._on_preferences_failed,
        )

    def _on_preferences_saved(self, profile: Profile) -> None:
        old = self.profile
        self.profile = profile
        self._apply_preferences(profile)
        if old is None or (old.zoom, old.high_contrast) != (profile.zoom, profile.high_contrast):
            self._rebuild_in_place()
        elif old.language != profile.language and self._place[0] == "home":
            self.show_home()  # competence names come from the pack, in the learner's language

    def _on_preferences_failed(self, exc: BaseException) -> None:
        log.error("preferences not saved: %s", exc)
        QMessageBox.warning(self, self.tr("Settings"), self.tr("Your settings could not be saved."))

    def _rebuild_in_place(self) -> None:
        name, data = self._place
        self._build_pages()
        if name == "test" and data:
            self.test_page.resume(data)
            self._show(self.test_page, "test", data)
        elif name == "results" and data and self.profile is not None:
            self.results_page.show_attempt(self.profile.id, data, getattr(self, "_before", None))
            self._show(self.results_page, "results", data)
        elif self.profile is not None:
            self.show_home()
        else:
            self.show_profiles()

    def zoom_by(self, steps: int) -> None:
        current = self.profile.zoom if self.profile else 100
        index = min(range(len(ZOOM_STEPS)), key=lambda i: abs(ZOOM_STEPS[i] - current))
        self._save_preferences(zoom=clamp_zoom(ZOOM_STEPS[max(0, min(len(ZOOM_STEPS) - 1, index + steps))]))

    def open_settings(self) -> None:
        if self.profile is None:
            return
        from ui.learner.settings_dialog import SettingsDialog

        dialog = SettingsDialog(self.profile, self)
        if dialog.exec():
            self._save_preferences(**dialog.changes())

    # -- menus -------------------------------------------------------------------------------------
    def _build_menus(self) -> None:
        self.view_menu = self.menuBar().addMenu("")
        self.zoom_in_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.ZoomIn))
        self.zoom_in_action.triggered.connect(lambda: self.zoom_by(1))
        self.zoom_out_action = QAction(self, shortcut=QKeySequence(QKeySequence.StandardKey.ZoomOut))
        self.zoom_out_action.triggered.connect(lambda: self.zoom_by(-1))
        self.contrast_action = QAction(self, checkable=True)
        self.contrast_action.triggered.connect(lambda on: self._save_preferences(high_contrast=bool(on)))
        self.view_menu.addActions([self.zoom_in_action, self.zoom_out_action, self.contrast_action])
        self.language_menu = self.menuBar().addMenu("")
        self.french_action = QAction("Français", self)
        self.french_action.triggered.connect(lambda: self._choose_language("fr"))
        self.english_action = QAction("English", self)
        self.english_action.triggered.connect(lambda: self._choose_language("en"))
        self.language_menu.addActions([self.french_action, self.english_action])
        self.profile_menu = self.menuBar().addMenu("")
        self.settings_action = QAction(self)
        self.settings_action.triggered.connect(self.open_settings)
        self.sign_out_action = QAction(self)
        self.sign_out_action.triggered.connect(self.sign_out)
        self.profile_menu.addActions([self.settings_action, self.sign_out_action])
        for action in (self.settings_action, self.sign_out_action):
            action.setEnabled(False)
        self.sync_menu = self.menuBar().addMenu("")
        self.sync_now_action = QAction(self)
        self.sync_now_action.setEnabled(self.services.rounds is not None)
        self.sync_now_action.triggered.connect(self.sync_now)
        self.sync_menu.addAction(self.sync_now_action)

    # -- sync --------------------------------------------------------------------------------------
    def sync_now(self) -> None:
        """Start a sync round now (on the network thread); the status bar follows it."""
        if self.services.rounds is not None:
            self.services.rounds.sync_now()

    def _on_rounds_running(self, running: bool) -> None:
        self.sync_now_action.setEnabled(not running)
        self.sync_status.set_syncing(running)

    def _on_rounds_sync_failed(self, _exc: BaseException) -> None:
        self._on_rounds_running(False)
        self.statusBar().showMessage(
            self.tr("Synchronisation stopped; results are kept on this computer and sent later."), 8000
        )

    def _choose_language(self, language: str) -> None:
        if self.profile is None:
            self.translations.set_language(language)
        else:
            self._save_preferences(language=language)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("PixDesk — digital skills"))
        self.view_menu.setTitle(self.tr("&View"))
        self.zoom_in_action.setText(self.tr("Zoom in"))
        self.zoom_out_action.setText(self.tr("Zoom out"))
        self.contrast_action.setText(self.tr("High contrast"))
        self.contrast_action.setChecked(bool(self.profile and self.profile.high_contrast))
        self.language_menu.setTitle(self.tr("&Language"))
        self.profile_menu.setTitle(self.tr("&Profile"))
        self.settings_action.setText(self.tr("My settings…"))
        self.sign_out_action.setText(self.tr("Sign out"))
        self.sync_menu.setTitle(self.tr("&Synchronisation"))
        self.sync_now_action.setText(self.tr("Sync now"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        """Every answer is already committed; closing only waits for the worker to finish."""
        self.services.runner.wait()
        event.accept()

    def keyPressEvent(self, event: Any) -> None:
        if event.key() == Qt.Key.Key_F1:
            self.statusBar().showMessage(
                self.tr("Tab moves between controls; Enter validates; Esc leaves."), 8000
            )
        super().keyPressEvent(event)


def _log_failure(exc: BaseException) -> None:
    log.warning("could not read the tests in progress: %s", exc)
