"""``make screenshots``: every main screen of the learner's app, in French and English. Layer: ui.

Runs on a throw-away machine with the demo packs of ``make packs`` (ui/preview.py) and
writes ``docs/screenshots/<screen>-<lang>.png`` at 1280×800. Run it under Xvfb for
real window decorations and fonts (``xvfb-run -a -s "-screen 0 1280x800x24"``); it
also works offscreen. Look at every picture after a change to a screen.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication, QWidget

from pixdesk.bench.demo_sized_pack import response_for
from pixdesk.domain.challenge import Format
from pixdesk.services.attempts import Step
from ui.i18n import Translations
from ui.learner.main_window import LearnerWindow
from ui.learner.settings_dialog import SettingsDialog
from ui.preview import preview_services
from ui.theme import apply_theme

__all__ = ["main"]

SIZE = (1280, 800)


def _settle(widget: QWidget) -> None:
    for _ in range(5):
        QCoreApplication.processEvents()
    widget.repaint()


def _save(widget: QWidget, folder: Path, name: str, lang: str) -> None:
    _settle(widget)
    path = folder / f"{name}-{lang}.png"
    widget.grab().save(str(path))
    print(path)


def _answer_until(window: LearnerWindow, step: Step, wanted: Callable[[Step], bool], limit: int = 60) -> Step:
    """Answer right (but every fourth question) until the step is one we want to show."""
    attempts = window.services.attempts
    for count in range(limit):
        if step.finished or wanted(step):
            return step
        assert step.challenge is not None and step.body is not None
        response = response_for(step.challenge, step.body, right=count % 4 != 3)
        step = attempts.answer(step.attempt_id, step.challenge.id, response)
    return step


def _shoot_language(app: QApplication, lang: str, folder: Path) -> None:
    services = preview_services()
    profiles = services.profiles
    translations = Translations(app)
    translations.set_language(lang)
    apply_theme(app)
    for name in ("Chloé Martin", "Émile Dubois", "Yasmine Benali"):
        profiles.create(name, "2468", "pin", lang)
    profiles.update_preferences("ada", language=lang)
    window = LearnerWindow(services, translations)
    window.resize(*SIZE)
    window.show()
    window.profiles_page.refresh()
    _save(window, folder, "profiles", lang)
    ada = next(p for p in profiles.list_profiles() if p.id == "ada")
    window.profiles_page.open_profile(ada)
    _save(window, folder, "sign-in", lang)

    window.enter_as(profiles.profile("ada"))
    _save(window, folder, "home-first-visit", lang)

    attempts, pack = services.attempts, services.pack_id
    before = services.progress.scorecard("ada", pack)
    step = attempts.start_competence("ada", pack, "1.1", lang)
    window.test_page.start(step)
    window._show(window.test_page, "test", step.attempt_id)
    _save(window, folder, "question-qcu", lang)
    step = _answer_until(
        window, step, lambda s: s.challenge is not None and s.challenge.format is not Format.QCU
    )
    window.test_page.start(step)
    _save(window, folder, "question-next", lang)
    step = _answer_until(window, step, lambda s: bool(s.checkpoint))
    window.test_page.start(step)
    _save(window, folder, "checkpoint", lang)
    step = _answer_until(window, step, lambda s: False)
    window.test_page.start(step)
    _save(window, folder, "end-of-test", lang)
    window.results_page.show_attempt("ada", step.attempt_id, before, lang)
    window._show(window.results_page, "results", step.attempt_id)
    _save(window, folder, "results", lang)

    window.show_home()
    _save(window, folder, "home", lang)
    profile = profiles.profile("ada")
    dialog = SettingsDialog(profile, window)
    dialog.show()
    _save(dialog, folder, "settings", lang)
    dialog.close()

    profiles.update_preferences("ada", zoom=200, high_contrast=True)
    window.enter_as(profiles.profile("ada"))
    _save(window, folder, "home-zoom-200-high-contrast", lang)
    window.close()
    services.close()


def main(argv: list[str]) -> int:
    folder = Path(argv[1]) if len(argv) > 1 else Path("docs/screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    app = QApplication(argv[:1])
    for lang in ("en", "fr"):
        _shoot_language(app, lang, folder)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
