"""A learner machine for screen tests: the small demo pack, learner "ada" (PIN 1234), a synchronous runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust

from pixdesk.services.attempts import AttemptService
from pixdesk.services.packs import PackService
from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_status import SyncStatusService
from ui.learner.context import LearnerServices
from ui.ops import SyncOpRunner


@pytest.fixture
def learner_services(tmp_path: Path, home: Path) -> Iterator[LearnerServices]:
    """Services on a fresh machine with the small demo pack ("demo", 4 competences with content).

    Learner "ada" (display name "Ada") is a profile with the PIN 1234, as in ui/preview.py.
    """
    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    assert PackService(settings).import_path(packs["demo"])[0].outcome is not None
    attempts = AttemptService(settings)
    attempts.ensure_learner("ada", "Ada")
    profiles = ProfileService(attempts)
    profiles.set_secret("ada", "1234", "pin")
    profiles.update_preferences("ada", language="en")  # screen tests read the English source texts
    services = LearnerServices(
        attempts, ProgressService(attempts), SyncOpRunner(), "demo", profiles, SyncStatusService(attempts)
    )
    yield services
    services.close()


@pytest.fixture(autouse=True, scope="session")
def english_interface(qapp) -> Iterator[None]:  # type: ignore[no-untyped-def]
    """Screens speak English with its plural forms ("1 result", "2 results"), as in the app."""
    from PySide6.QtCore import QTranslator

    from ui.i18n import I18N_DIR

    translator = QTranslator()
    assert translator.load("pixdesk_en", str(I18N_DIR)), "run `make translations` first"
    qapp.installTranslator(translator)
    yield
    qapp.removeTranslator(translator)
