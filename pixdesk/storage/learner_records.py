"""Rows of learners: profiles, secrets, lock-out state and preferences. Layer: storage.

Plain functions over an open :class:`Store`; the profile service calls them under its
lock, inside its transactions. Nothing here decides anything (no validation, no
lock-out arithmetic): it only reads and writes rows. Secret hashes leave this module
only towards the profile service, which never returns them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from pixdesk.storage.database import Store

__all__ = [
    "LearnerRecord",
    "all_learners",
    "extra_time_pct",
    "get_learner",
    "insert_profile",
    "record_failure",
    "reset_failures",
    "set_secret",
    "update_preferences",
]

_COLUMNS = (
    "id, display_name, created_at, secret_kind, secret_hash, failed_tries, locked_until,"
    " language, extra_time_pct, zoom, high_contrast"
)


@dataclass(frozen=True)
class LearnerRecord:
    """One row of ``learners`` (migration 3 and later)."""

    id: str
    display_name: str
    created_at: str
    secret_kind: str | None
    secret_hash: str | None
    failed_tries: int
    locked_until: str | None
    language: str
    extra_time_pct: int
    zoom: int
    high_contrast: bool


def _record(row: Any) -> LearnerRecord:
    (id_, name, created, kind, hash_, tries, locked, language, extra, zoom, contrast) = row
    return LearnerRecord(
        id=str(id_),
        display_name=str(name),
        created_at=str(created),
        secret_kind=None if kind is None else str(kind),
        secret_hash=None if hash_ is None else str(hash_),
        failed_tries=int(tries),
        locked_until=None if locked is None else str(locked),
        language=str(language),
        extra_time_pct=int(extra),
        zoom=int(zoom),
        high_contrast=bool(contrast),
    )


def insert_profile(
    store: Store,
    learner_id: str,
    display_name: str,
    created_at: str,
    secret_kind: str,
    secret_hash: str,
    language: str,
) -> None:
    store.conn.execute(
        "INSERT INTO learners (id, display_name, created_at, secret_kind, secret_hash, language)"
        " VALUES (?, ?, ?, ?, ?, ?)",
        (learner_id, display_name, created_at, secret_kind, secret_hash, language),
    )


def get_learner(store: Store, learner_id: str) -> LearnerRecord | None:
    row = store.conn.execute(f"SELECT {_COLUMNS} FROM learners WHERE id = ?", (learner_id,)).fetchone()
    return None if row is None else _record(row)


def all_learners(store: Store) -> list[LearnerRecord]:
    """Every learner on this machine (a lab has hundreds at most: search is done by the caller)."""
    rows = store.conn.execute(f"SELECT {_COLUMNS} FROM learners ORDER BY display_name, id").fetchall()
    return [_record(row) for row in rows]


def extra_time_pct(store: Store, learner_id: str) -> int:
    """The learner's extra time on timed questions, in percent (0 for an unknown learner)."""
    row = store.conn.execute("SELECT extra_time_pct FROM learners WHERE id = ?", (learner_id,)).fetchone()
    return 0 if row is None else int(row[0])


def set_secret(store: Store, learner_id: str, secret_kind: str, secret_hash: str) -> None:
    """Replace the learner's secret; the lock-out state starts afresh."""
    store.conn.execute(
        "UPDATE learners SET secret_kind = ?, secret_hash = ?, failed_tries = 0, locked_until = NULL"
        " WHERE id = ?",
        (secret_kind, secret_hash, learner_id),
    )


def record_failure(store: Store, learner_id: str, failed_tries: int, locked_until: str | None) -> None:
    store.conn.execute(
        "UPDATE learners SET failed_tries = ?, locked_until = ? WHERE id = ?",
        (failed_tries, locked_until, learner_id),
    )


def reset_failures(store: Store, learner_id: str) -> None:
    store.conn.execute(
        "UPDATE learners SET failed_tries = 0, locked_until = NULL WHERE id = ? AND"
        " (failed_tries <> 0 OR locked_until IS NOT NULL)",
        (learner_id,),
    )


def update_preferences(
    store: Store, learner_id: str, language: str, extra_time_pct: int, zoom: int, high_contrast: bool
) -> None:
    store.conn.execute(
        "UPDATE learners SET language = ?, extra_time_pct = ?, zoom = ?, high_contrast = ? WHERE id = ?",
        (language, extra_time_pct, zoom, int(high_contrast), learner_id),
    )
