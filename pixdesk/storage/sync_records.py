"""Rows the sync client keeps: enrollment and pull state, outbox marks, revoked devices,
uploaded profiles and other devices' bundles (migration 4). Layer: storage.

Plain functions over an open :class:`Store`; pixdesk.services.sync_state and
pixdesk.services.remote_work call them inside their transactions. Nothing here decides
anything (no verification, no ordering rules): it only reads and writes rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from pixdesk.storage.database import Store

__all__ = [
    "OutboxRecord",
    "SyncStateRecord",
    "add_revoked",
    "count_waiting",
    "get_state",
    "insert_remote_bundle",
    "mark_rejected",
    "mark_sent",
    "note_retry",
    "outbox_ids",
    "outbox_record",
    "outbox_records",
    "profile_markers",
    "record_contact",
    "remote_bundle_status",
    "revoked_devices",
    "save_state",
    "set_cursor",
    "set_profile_marker",
    "update_remote_bundle",
    "upsert_profile",
    "waiting_remote_bundles",
]


_IDS_PER_QUERY = 500  # bound parameters per IN (...): far below any SQLite build's limit


@dataclass(frozen=True)
class SyncStateRecord:
    """The one row of ``sync_state``: where this machine is enrolled and how far it pulled."""

    server_url: str
    centre_id: str
    centre_name: str
    device_name: str
    server_key: str  # base64 of the raw Ed25519 public key
    server_key_id: str
    enrolled_at: str
    pull_cursor: int = 0
    last_sync_at: str | None = None
    last_try_at: str | None = None
    online: bool | None = None
    last_error_code: str | None = None
    last_error: str | None = None


@dataclass(frozen=True)
class OutboxRecord:
    """One outbox row as the sync client and ``pixdesk outbox`` read it."""

    bundle_id: str
    device_seq: int
    kind: str
    attempt_id: str | None
    payload: bytes
    signature: str  # base64
    created_at: str
    status: str
    sent_at: str | None
    reject_code: str | None
    reject_reason: str | None


_STATE_COLUMNS = (
    "server_url, centre_id, centre_name, device_name, server_key, server_key_id, enrolled_at,"
    " pull_cursor, last_sync_at, last_try_at, online, last_error_code, last_error"
)
_OUTBOX_COLUMNS = (
    "bundle_id, device_seq, kind, attempt_id, payload, signature, created_at, status, sent_at,"
    " reject_code, reject_reason"
)


# -- sync state ------------------------------------------------------------------------------------
def get_state(store: Store) -> SyncStateRecord | None:
    row = store.conn.execute(f"SELECT {_STATE_COLUMNS} FROM sync_state WHERE id = 1").fetchone()
    if row is None:
        return None
    values = list(row)
    values[10] = None if values[10] is None else bool(values[10])
    return SyncStateRecord(*values)


def save_state(store: Store, state: SyncStateRecord) -> None:
    """Write the whole row (enrollment replaces any earlier one)."""
    values = list(state.__dict__.values())
    values[10] = None if state.online is None else int(state.online)
    store.conn.execute(
        f"INSERT OR REPLACE INTO sync_state (id, {_STATE_COLUMNS}) VALUES (1, {', '.join('?' * 13)})",
        values,
    )


def set_cursor(store: Store, cursor: int) -> None:
    store.conn.execute("UPDATE sync_state SET pull_cursor = ? WHERE id = 1", (cursor,))


def record_contact(
    store: Store, at: str, online: bool, code: str | None, message: str | None, success: bool
) -> None:
    """The outcome of one sync round: reached or not, the error if any."""
    store.conn.execute(
        "UPDATE sync_state SET last_try_at = ?, online = ?, last_error_code = ?, last_error = ?,"
        " last_sync_at = CASE WHEN ? THEN ? ELSE last_sync_at END WHERE id = 1",
        (at, int(online), code, message, int(success), at),
    )


# -- the outbox --------------------------------------------------------------------------------------
def _outbox(row: Any) -> OutboxRecord:
    values = list(row)
    values[4] = bytes(values[4])
    return OutboxRecord(*values)


def outbox_records(
    store: Store, statuses: Iterable[str], limit: int | None = None, after_seq: int = 0
) -> list[OutboxRecord]:
    """Outbox rows with one of ``statuses`` (and a device sequence above ``after_seq``), in device order."""
    wanted = tuple(statuses)
    sql = (
        f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE status IN ({', '.join('?' * len(wanted))})"
        " AND device_seq > ? ORDER BY device_seq"
    )
    params: tuple[Any, ...] = (*wanted, after_seq)
    if limit is not None:
        sql += " LIMIT ?"
        params = (*params, limit)
    return [_outbox(row) for row in store.conn.execute(sql, params).fetchall()]


def outbox_record(store: Store, bundle_id: str) -> OutboxRecord | None:
    row = store.conn.execute(f"SELECT {_OUTBOX_COLUMNS} FROM outbox WHERE bundle_id = ?", (bundle_id,))
    found = row.fetchone()
    return None if found is None else _outbox(found)


def outbox_ids(store: Store, bundle_ids: Iterable[str]) -> set[str]:
    """Which of ``bundle_ids`` the outbox holds (read in chunks: no bundle data)."""
    wanted = list(dict.fromkeys(bundle_ids))
    found: set[str] = set()
    for start in range(0, len(wanted), _IDS_PER_QUERY):
        chunk = wanted[start : start + _IDS_PER_QUERY]
        rows = store.conn.execute(
            f"SELECT bundle_id FROM outbox WHERE bundle_id IN ({', '.join('?' * len(chunk))})", chunk
        )
        found.update(row[0] for row in rows)
    return found


def mark_sent(store: Store, sent: Iterable[tuple[str, bytes]], sent_at: str) -> None:
    """(bundle id, receipt) of each bundle the server holds; a bundle marked sent stays as it was."""
    store.conn.executemany(
        "UPDATE outbox SET status = 'sent', sent_at = ?, receipt = ?, reject_code = NULL,"
        " reject_reason = NULL WHERE bundle_id = ? AND status != 'sent'",
        [(sent_at, receipt, bundle_id) for bundle_id, receipt in sent],
    )


def mark_rejected(store: Store, rejected: Iterable[tuple[str, str, str]]) -> None:
    """(bundle id, code, reason) of each pending bundle the server refused for good."""
    store.conn.executemany(
        "UPDATE outbox SET status = 'rejected', reject_code = ?, reject_reason = ?"
        " WHERE bundle_id = ? AND status = 'pending'",
        [(code, reason, bundle_id) for bundle_id, code, reason in rejected],
    )


def note_retry(store: Store, retried: Iterable[tuple[str, str, str]]) -> None:
    """(bundle id, code, reason) of each refusal that is not the bundle's fault: it stays
    pending, with the reason shown."""
    store.conn.executemany(
        "UPDATE outbox SET reject_code = ?, reject_reason = ? WHERE bundle_id = ? AND status = 'pending'",
        [(code, reason, bundle_id) for bundle_id, code, reason in retried],
    )


# -- revoked devices -----------------------------------------------------------------------------------
def add_revoked(store: Store, devices: Iterable[str], at: str) -> None:
    store.conn.executemany(
        "INSERT OR IGNORE INTO revoked_devices (device, recorded_at) VALUES (?, ?)",
        [(device, at) for device in devices],
    )


def revoked_devices(store: Store) -> set[str]:
    return {str(row[0]) for row in store.conn.execute("SELECT device FROM revoked_devices")}


# -- profiles ------------------------------------------------------------------------------------------
def profile_markers(store: Store) -> dict[str, tuple[str, int]]:
    """Learner id → (fingerprint, server version) of the profile as last exchanged."""
    rows = store.conn.execute("SELECT learner_id, fingerprint, version FROM profile_uploads")
    return {str(r[0]): (str(r[1]), int(r[2])) for r in rows.fetchall()}


def set_profile_marker(store: Store, learner_id: str, fingerprint: str, version: int, at: str) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO profile_uploads (learner_id, fingerprint, version, synced_at)"
        " VALUES (?, ?, ?, ?)",
        (learner_id, fingerprint, version, at),
    )


def upsert_profile(store: Store, profile: dict[str, Any]) -> None:
    """Insert a learner or overwrite its profile fields; a new secret resets the lock-out."""
    store.conn.execute(
        "INSERT INTO learners (id, display_name, created_at, secret_kind, secret_hash, language,"
        " extra_time_pct, zoom, high_contrast) VALUES (:id, :display_name, :created_at, :secret_kind,"
        " :secret_hash, :language, :extra_time_pct, :zoom, :high_contrast)"
        " ON CONFLICT (id) DO UPDATE SET display_name = excluded.display_name,"
        " failed_tries = CASE WHEN secret_hash IS excluded.secret_hash THEN failed_tries ELSE 0 END,"
        " locked_until = CASE WHEN secret_hash IS excluded.secret_hash THEN locked_until ELSE NULL END,"
        " secret_kind = excluded.secret_kind, secret_hash = excluded.secret_hash,"
        " language = excluded.language, extra_time_pct = excluded.extra_time_pct,"
        " zoom = excluded.zoom, high_contrast = excluded.high_contrast",
        profile,
    )


# -- other devices' bundles -----------------------------------------------------------------------------
def remote_bundle_status(store: Store, bundle_id: str) -> str | None:
    row = store.conn.execute("SELECT status FROM remote_bundles WHERE bundle_id = ?", (bundle_id,))
    found = row.fetchone()
    return None if found is None else str(found[0])


def insert_remote_bundle(store: Store, row: dict[str, Any]) -> None:
    store.conn.execute(
        "INSERT OR REPLACE INTO remote_bundles (bundle_id, device, device_seq, device_key, attempt_id,"
        " learner_id, payload, signature, received_at, status, reason) VALUES (:bundle_id, :device,"
        " :device_seq, :device_key, :attempt_id, :learner_id, :payload, :signature, :received_at,"
        " :status, :reason)",
        row,
    )


def update_remote_bundle(store: Store, bundle_id: str, status: str, reason: str | None) -> None:
    store.conn.execute(
        "UPDATE remote_bundles SET status = ?, reason = ? WHERE bundle_id = ?", (status, reason, bundle_id)
    )


def waiting_remote_bundles(store: Store) -> list[dict[str, Any]]:
    """Bundles kept until their pack, learner or device key arrives, in arrival order."""
    rows = store.query("SELECT * FROM remote_bundles WHERE status = 'waiting' ORDER BY rowid")
    for row in rows:
        row["payload"] = bytes(row["payload"])
    return rows


def count_waiting(store: Store) -> int:
    row = store.conn.execute("SELECT count(*) FROM remote_bundles WHERE status = 'waiting'").fetchone()
    return int(row[0])
