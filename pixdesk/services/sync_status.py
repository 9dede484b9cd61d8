"""What the status bar says about results waiting to leave this machine. Layer: services.

Until the machine is enrolled with a certification server (``pixdesk enroll``), the
status is "not configured": finished work waits in the outbox, safe, and the count
says how much. Once enrolled, the last sync round says whether the server was
reached and when the last complete sync happened.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pixdesk.services.attempts import AttemptService
from pixdesk.services.outbox import outbox_counts
from pixdesk.storage.sync_records import get_state
from pixdesk.timeutil import parse_utc

__all__ = ["SyncStatus", "SyncStatusService"]


@dataclass(frozen=True)
class SyncStatus:
    """The outbox as the learner and the proctor see it.

    Attributes:
        configured: The machine is enrolled with a server (else results wait for a USB relay).
        online: The server answered the last sync round; None when unknown or not configured.
        waiting: Results not yet acknowledged by the server.
        rejected: Results the server refused (kept, with the reason, for a person to look at).
        last_sync: When the last complete sync round ended; None if never.
        error_code: Why the last round stopped (``sync.*`` code), None when it completed.
    """

    configured: bool
    online: bool | None
    waiting: int
    rejected: int
    last_sync: datetime | None = None
    error_code: str | None = None


class SyncStatusService:
    """Reads the outbox and the sync state through the attempt service's store and lock."""

    def __init__(self, attempts: AttemptService) -> None:
        self.attempts = attempts

    def status(self) -> SyncStatus:
        with self.attempts.lock:
            counts = outbox_counts(self.attempts.store)
            state = get_state(self.attempts.store)
        if state is None:
            return SyncStatus(
                configured=False, online=None, waiting=counts["pending"], rejected=counts["rejected"]
            )
        return SyncStatus(
            configured=True,
            online=state.online,
            waiting=counts["pending"],
            rejected=counts["rejected"],
            last_sync=None if state.last_sync_at is None else parse_utc(state.last_sync_at),
            error_code=state.last_error_code,
        )
