"""A learner machine for screen tests: the small demo pack installed, learner "ada", a synchronous runner."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust

from pixdesk.services.attempts import AttemptService
from pixdesk.services.packs import PackService
from pixdesk.services.progress import ProgressService
from ui.learner.context import LearnerServices
from ui.ops import SyncOpRunner


@pytest.fixture
def learner_services(tmp_path: Path, home: Path) -> Iterator[LearnerServices]:
    """Services on a fresh machine with the small demo pack ("demo", 4 competences with content)."""
    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    assert PackService(settings).import_path(packs["demo"])[0].outcome is not None
    attempts = AttemptService(settings)
    attempts.ensure_learner("ada", "Ada")
    services = LearnerServices(attempts, ProgressService(attempts), SyncOpRunner(), "demo")
    yield services
    services.close()
