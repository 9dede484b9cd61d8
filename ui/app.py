"""Start the desktop application. Layer: ui (main thread).

``pixdesk app`` opens the learner's window on the machine's practice pack; ``pixdesk app
--packs`` opens the content-pack window IT staff use (it also opens when no practice
pack is installed, since a learner could do nothing). The interface starts in the
machine's configured language until a learner signs in with their own.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from pixdesk.config import RESOURCES_DIR, Settings
from pixdesk.services.attempts import AttemptService
from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_status import SyncStatusService
from ui.i18n import Translations
from ui.learner.context import LearnerServices
from ui.ops import OpRunner, SyncOpRunner
from ui.theme import apply_theme

__all__ = ["attach_sync_rounds", "install_translator", "learner_services", "practice_pack_id", "run_app"]


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load the ``.qm`` catalogue for ``language``; None for English (the source)."""
    if language == "en":
        return None
    translator = QTranslator(app)
    if translator.load(QLocale(language), "pixdesk", "_", str(RESOURCES_DIR / "i18n")):
        app.installTranslator(translator)
        return translator
    return None


def practice_pack_id(attempts: AttemptService) -> str | None:
    """The practice pack learners work on: the installed one, ``demo`` last when there are several."""
    ids = sorted(p.pack_id for p in attempts.installed_packs() if p.kind == "practice")
    real = [pack_id for pack_id in ids if pack_id != "demo"]
    chosen = real or ids
    return chosen[0] if chosen else None


def learner_services(
    attempts: AttemptService, pack_id: str, runner: OpRunner | SyncOpRunner
) -> LearnerServices:
    """Every service of the learner's window, sharing one attempt service (one database connection)."""
    return LearnerServices(
        attempts=attempts,
        progress=ProgressService(attempts),
        runner=runner,
        pack_id=pack_id,
        profiles=ProfileService(attempts),
        sync=SyncStatusService(attempts),
    )


def attach_sync_rounds(services: LearnerServices, settings: Settings) -> None:
    """Give the window its sync rounds with the server (started once the window shows).

    They run on their own worker thread: the network never waits behind, nor holds up,
    the screens' database work. Nothing is sent while the machine is not enrolled.
    """
    from functools import partial

    from ui.learner.sync_worker import SyncController, run_round

    services.rounds = SyncController(
        partial(run_round, settings), OpRunner(), settings["sync_interval_seconds"]
    )


def run_app(settings: Settings, packs_window: bool = False) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("PixDesk")
    translations = Translations(app)
    translations.set_language(settings["language"])
    apply_theme(app)
    attempts = AttemptService(settings)
    pack_id = None if packs_window else practice_pack_id(attempts)
    if pack_id is None:
        attempts.close()
        from pixdesk.services.packs import PackService
        from ui.packs_window import PacksWindow

        window = PacksWindow(PackService(settings), OpRunner(), settings["language"])
        window.show()
        return app.exec()
    from ui.learner.main_window import LearnerWindow

    services = learner_services(attempts, pack_id, OpRunner())
    attach_sync_rounds(services, settings)
    learner_window = LearnerWindow(services, translations)
    learner_window.show()
    if services.rounds is not None:
        services.rounds.start()
    try:
        return app.exec()
    finally:
        services.close()
