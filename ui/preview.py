"""A throw-away learner machine to look at one screen on its own. Layer: ui.

``python -m ui.learner.home_page`` (and every other screen) calls :func:`preview_services`:
a temporary PIXDESK_HOME, the demo packs built by ``make packs`` (``build/packs``)
imported into it, a learner "Ada" (id ``ada``, PIN 1234) — nothing of the real machine is
read or changed.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

from pixdesk.config import load_settings
from pixdesk.services.attempts import AttemptService
from pixdesk.services.packs import PackService
from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_status import SyncStatusService
from ui.learner.context import LearnerServices
from ui.ops import OpRunner

__all__ = ["PACKS_DIR", "preview_services"]

PACKS_DIR = Path(__file__).resolve().parent.parent / "build" / "packs"


def preview_services(learner: str = "ada", name: str = "Ada") -> LearnerServices:
    """Services on a fresh temporary machine with the demo packs; exits 2 without them.

    The learner is a real profile protected by the PIN 1234 (its id stays ``learner``).
    """
    if not any(PACKS_DIR.glob("*.pixpack")):
        print(f"error: no demo pack in {PACKS_DIR}: run `make packs` first", file=sys.stderr)
        raise SystemExit(2)
    home = Path(tempfile.mkdtemp(prefix="pixdesk-preview-"))
    atexit.register(shutil.rmtree, home, True)
    config = home / "machine.toml"
    config.write_text("")
    settings = load_settings({**os.environ, "PIXDESK_HOME": str(home), "PIXDESK_CONFIG": str(config)})
    for result in PackService(settings).import_path(PACKS_DIR):
        if result.error is not None:
            print(f"warning: {result.path}: {result.error}", file=sys.stderr)
    attempts = AttemptService(settings)
    attempts.ensure_learner(learner, name)
    profiles = ProfileService(attempts)
    profiles.set_secret(learner, "1234", "pin")
    return LearnerServices(
        attempts, ProgressService(attempts), OpRunner(), "demo", profiles, SyncStatusService(attempts)
    )
