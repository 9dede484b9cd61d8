"""What the status bar says about results waiting to leave this machine. Layer: services.

Until a certification server is configured (sync issue), the status is "not
configured": finished work waits in the outbox, safe, and the count says how much.
"""

from __future__ import annotations

from dataclasses import dataclass

from pixdesk.services.attempts import AttemptService
from pixdesk.services.outbox import outbox_counts

__all__ = ["SyncStatus", "SyncStatusService"]


@dataclass(frozen=True)
class SyncStatus:
    """The outbox as the learner and the proctor see it.

    Attributes:
        configured: A server is set for this machine (else results wait for a USB relay).
        online: The server answered the last check; None when unknown or not configured.
        waiting: Results not yet acknowledged by the server.
        rejected: Results the server refused (kept, with the reason, for a person to look at).
    """

    configured: bool
    online: bool | None
    waiting: int
    rejected: int


class SyncStatusService:
    """Reads the outbox through the attempt service's store and lock."""

    def __init__(self, attempts: AttemptService) -> None:
        self.attempts = attempts

    def status(self) -> SyncStatus:
        with self.attempts.lock:
            counts = outbox_counts(self.attempts.store)
        return SyncStatus(
            configured=False, online=None, waiting=counts["pending"], rejected=counts["rejected"]
        )
