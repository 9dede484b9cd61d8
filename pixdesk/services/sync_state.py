"""The machine's side of synchronisation: enrollment, outbox marks, profiles to upload,
the outcome of each round. Layer: services.

The sync client (sync/) calls this service and never SQL. Every method is one short
transaction (or a read): the client reads a batch, sends it with no transaction open,
then applies the server's verdicts with :meth:`SyncStateService.apply_outcomes`. The
caller verifies receipts (the protocol lives in sync/) before it asks to mark a bundle
sent; nothing here deletes a bundle.

The service opens its own connection (WAL lets it work beside the app's), so it is used
from one thread: the sync worker, or the command line.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pixdesk import canonical
from pixdesk.config import Settings
from pixdesk.errors import PixdeskError
from pixdesk.storage import learner_records
from pixdesk.storage import sync_records as records
from pixdesk.storage.database import Store, open_store
from pixdesk.storage.sync_records import OutboxRecord, SyncStateRecord
from pixdesk.timeutil import format_utc, utc_now

__all__ = [
    "BundleOutcome",
    "OutboxRecord",
    "SyncStateError",
    "SyncStateRecord",
    "SyncStateService",
    "profile_document",
    "profile_fingerprint",
]


class SyncStateError(PixdeskError):
    """Codes: ``sync.not_enrolled``, ``sync.unknown_bundle``, ``sync.bad_outcome``."""


@dataclass(frozen=True)
class BundleOutcome:
    """What to record of one outbox bundle after the server answered.

    ``action``: ``sent`` (receipt verified by the caller, stored as ``receipt``),
    ``rejected`` (final: kept with ``code`` and ``reason``) or ``retry`` (stays pending,
    the reason shown until it leaves).
    """

    bundle_id: str
    action: str
    receipt: bytes | None = None
    code: str | None = None
    reason: str | None = None


PROFILE_FIELDS = (
    "id",
    "display_name",
    "secret_kind",
    "secret_hash",
    "language",
    "extra_time_pct",
    "zoom",
    "high_contrast",
    "created_at",
)


def profile_document(record: learner_records.LearnerRecord) -> dict[str, Any]:
    """A learner's profile as it travels (the lock-out state stays on the machine)."""
    return {
        "id": record.id,
        "display_name": record.display_name,
        "secret_kind": record.secret_kind,
        "secret_hash": record.secret_hash,
        "language": record.language,
        "extra_time_pct": record.extra_time_pct,
        "zoom": record.zoom,
        "high_contrast": record.high_contrast,
        "created_at": record.created_at,
    }


def profile_fingerprint(document: dict[str, Any]) -> str:
    """SHA-256 of the profile fields (not the version): it changes when the profile does."""
    return hashlib.sha256(canonical.dumps({k: document.get(k) for k in PROFILE_FIELDS})).hexdigest()


class SyncStateService:
    """Sync bookkeeping on this machine's database, through its own connection."""

    def __init__(
        self, settings: Settings, clock: Callable[[], datetime] = utc_now, store: Store | None = None
    ) -> None:
        self.settings = settings
        self.clock = clock
        self._store = store

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = open_store(self.settings.db_path)
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- enrollment and rounds -----------------------------------------------------------------------
    def state(self) -> SyncStateRecord | None:
        """Where this machine is enrolled, or None."""
        return records.get_state(self.store)

    def require_state(self) -> SyncStateRecord:
        """The enrollment. Raises SyncStateError ``sync.not_enrolled``."""
        state = self.state()
        if state is None:
            raise SyncStateError(
                "sync.not_enrolled",
                "this machine is not enrolled: run `pixdesk enroll --server URL --code CODE` first",
            )
        return state

    def enroll(
        self,
        server_url: str,
        centre_id: str,
        centre_name: str,
        device_name: str,
        server_key: str,
        server_key_id: str,
    ) -> SyncStateRecord:
        """Record an enrollment; the pull starts again from 0 when the server or centre changed."""
        with self.store.transaction():
            old = records.get_state(self.store)
            same = old is not None and (old.server_url, old.centre_id) == (server_url, centre_id)
            state = SyncStateRecord(
                server_url=server_url,
                centre_id=centre_id,
                centre_name=centre_name,
                device_name=device_name,
                server_key=server_key,
                server_key_id=server_key_id,
                enrolled_at=format_utc(self.clock()),
                pull_cursor=old.pull_cursor if same and old is not None else 0,
                last_sync_at=old.last_sync_at if same and old is not None else None,
            )
            records.save_state(self.store, state)
        return state

    def record_round(self, online: bool, error_code: str | None = None, error: str | None = None) -> None:
        """The end of a sync round: reached or not, and the error that stopped it, if any."""
        with self.store.transaction():
            records.record_contact(
                self.store, format_utc(self.clock()), online, error_code, error, success=error_code is None
            )

    # -- the outbox --------------------------------------------------------------------------------
    def pending_batch(self, limit: int, after_seq: int = 0) -> list[OutboxRecord]:
        """The first ``limit`` pending bundles (after device sequence ``after_seq``), in device order
        (one read: no write lock)."""
        return records.outbox_records(self.store, ("pending",), limit, after_seq)

    def outbox(self, include_sent: bool = False) -> list[OutboxRecord]:
        """Bundles waiting or refused (and sent ones if asked), in device order."""
        statuses = ("pending", "rejected", "sent") if include_sent else ("pending", "rejected")
        return records.outbox_records(self.store, statuses)

    def bundle(self, bundle_id: str) -> OutboxRecord | None:
        return records.outbox_record(self.store, bundle_id)

    def apply_outcomes(self, outcomes: Sequence[BundleOutcome]) -> None:
        """Record the server's verdicts on a batch, in one transaction: all of them, or none
        when one names a bundle the outbox does not hold or is incomplete."""
        sent: list[tuple[str, bytes]] = []
        rejected: list[tuple[str, str, str]] = []
        retried: list[tuple[str, str, str]] = []
        for outcome in outcomes:
            if outcome.action == "sent" and outcome.receipt:
                sent.append((outcome.bundle_id, outcome.receipt))
            elif outcome.action == "rejected" and outcome.code:
                rejected.append((outcome.bundle_id, outcome.code, outcome.reason or ""))
            elif outcome.action == "retry" and outcome.code:
                retried.append((outcome.bundle_id, outcome.code, outcome.reason or ""))
            else:
                raise SyncStateError(
                    "sync.bad_outcome", f"incomplete outcome {outcome.action!r}", outcome.bundle_id
                )
        at = format_utc(self.clock())
        with self.store.transaction():
            held = records.outbox_ids(self.store, (outcome.bundle_id for outcome in outcomes))
            for outcome in outcomes:
                if outcome.bundle_id not in held:
                    raise SyncStateError(
                        "sync.unknown_bundle", "no such bundle in the outbox", outcome.bundle_id
                    )
            records.mark_sent(self.store, sent, at)
            records.mark_rejected(self.store, rejected)
            records.note_retry(self.store, retried)

    # -- profiles -------------------------------------------------------------------------------------
    def profiles_to_upload(self) -> list[tuple[dict[str, Any], str]]:
        """Profiles created or changed here since last exchanged: (document with the next
        version, fingerprint)."""
        markers = records.profile_markers(self.store)
        found = []
        for record in learner_records.all_learners(self.store):
            document = profile_document(record)
            fingerprint = profile_fingerprint(document)
            marker = markers.get(record.id)
            if marker is not None and marker[0] == fingerprint:
                continue
            version = 1 if marker is None else marker[1] + 1
            found.append(({**document, "version": version}, fingerprint))
        return found

    def mark_profiles_uploaded(self, uploaded: Iterable[tuple[str, str, int]]) -> None:
        """(learner id, fingerprint sent, version the server holds now) for each profile sent."""
        at = format_utc(self.clock())
        with self.store.transaction():
            for learner_id, fingerprint, version in uploaded:
                records.set_profile_marker(self.store, learner_id, fingerprint, version, at)

    # -- revocations --------------------------------------------------------------------------------
    def revoked_devices(self) -> set[str]:
        return records.revoked_devices(self.store)
