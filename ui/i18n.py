"""The interface language, switchable while the app runs. Layer: ui (main thread).

English is the source language of every string; French comes from
``resources/i18n/pixdesk_fr.qm`` (built from the committed ``.ts`` by ``make translations``)
and English plural forms ("1 result", "2 results") from ``pixdesk_en.qm``.
Installing a translator makes Qt send ``QEvent.LanguageChange`` to every widget, and each
screen re-sets its texts in ``retranslate()``.
"""

from __future__ import annotations

import logging

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from pixdesk.config import RESOURCES_DIR

__all__ = ["LANGUAGES", "Translations"]

log = logging.getLogger(__name__)

LANGUAGES = ("fr", "en")
I18N_DIR = RESOURCES_DIR / "i18n"


class Translations:
    """Holds the one installed interface translator (main thread)."""

    def __init__(self, app: QCoreApplication) -> None:
        self.app = app
        self.language = "en"
        self._translator: QTranslator | None = None

    def set_language(self, language: str) -> bool:
        """Switch the interface to ``language``; False if its catalogue is missing (English stays)."""
        if language == self.language and self._translator is not None:
            return True
        if self._translator is not None:
            self.app.removeTranslator(self._translator)
            self._translator = None
        self.language = "en"
        QLocale.setDefault(QLocale(QLocale.Language.English))
        translator = QTranslator(self.app)
        if not translator.load(f"pixdesk_{language}", str(I18N_DIR)):
            log.warning("no interface translation for %r in %s (run `make translations`)", language, I18N_DIR)
            return language == "en"  # English is the source: only its plural forms are missing
        self.app.installTranslator(translator)
        self._translator = translator
        self.language = language
        QLocale.setDefault(QLocale(language))
        return True
