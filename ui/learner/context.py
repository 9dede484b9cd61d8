"""What every learner screen is given: the services, the operation runner, the pack. Layer: ui.

Screens receive one :class:`LearnerServices` in their constructor and never build
services themselves, so a test hands them a synchronous runner and a temporary machine,
and ``python -m ui.learner.<screen>`` hands them a preview machine (ui/preview.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from pixdesk.services.attempts import AttemptService
from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService
from pixdesk.services.sync_status import SyncStatusService
from ui.ops import OpRunner, SyncOpRunner

if TYPE_CHECKING:
    from ui.learner.sync_worker import SyncController

__all__ = ["LearnerServices"]


@dataclass
class LearnerServices:
    """The learner side of the application, shared by every screen (main thread).

    Attributes:
        attempts: Tests (start, answer, skip, finish, resume).
        progress: Scorecards, improve and reset.
        runner: Runs service calls on the one serial worker (``SyncOpRunner`` in tests).
        pack_id: The practice pack the learner works on.
        profiles: Learner profiles: list, create, sign in, preferences.
        sync: What the status bar says of the results waiting to be sent.
        rounds: Sync rounds with the server on their own network thread (None: no
            automatic sync, e.g. screen previews and most screen tests).
    """

    attempts: AttemptService
    progress: ProgressService
    runner: OpRunner | SyncOpRunner
    pack_id: str
    profiles: ProfileService
    sync: SyncStatusService
    rounds: SyncController | None = None

    def close(self) -> None:
        if self.rounds is not None:
            self.rounds.stop()
        self.runner.wait()
        self.attempts.close()
