"""Start the desktop application. Layer: ui (main thread).

Loads the interface translation for the configured language from
``resources/i18n/pixdesk_<lang>.qm`` (English is the source language), then shows the
main window.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from pixdesk.config import RESOURCES_DIR, Settings
from pixdesk.services.packs import PackService
from ui.ops import OpRunner
from ui.packs_window import PacksWindow

__all__ = ["install_translator", "run_app"]


def install_translator(app: QApplication, language: str) -> QTranslator | None:
    """Load the ``.qm`` catalogue for ``language``; None for English (the source)."""
    if language == "en":
        return None
    translator = QTranslator(app)
    if translator.load(QLocale(language), "pixdesk", "_", str(RESOURCES_DIR / "i18n")):
        app.installTranslator(translator)
        return translator
    return None


def run_app(settings: Settings) -> int:
    app = QApplication.instance() or QApplication(sys.argv)
    assert isinstance(app, QApplication)
    app.setApplicationName("PixDesk")
    install_translator(app, settings["language"])
    window = PacksWindow(PackService(settings), OpRunner(), settings["language"])
    window.show()
    return app.exec()
