"""The outbox: signed result bundles waiting for the certification server. Layer: services.

A bundle is written in the same transaction as the attempt's final event, so a
finished attempt is in the outbox exactly once, whatever happens. Its payload is
canonical JSON; the device key signs it in the context ``pixdesk-bundle-v1``. Bundles
form one chain per device: ``device_seq`` counts from 1 and ``previous`` is the SHA-256
of the previous bundle's payload (:data:`GENESIS_BUNDLE` for the first), so the server
sees a missing, replayed or invented bundle. Nothing here deletes a bundle: the sync
client marks it sent only once the server acknowledged it.
"""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import datetime
from typing import TYPE_CHECKING, Any

from pixdesk import canonical
from pixdesk.random_ids import new_id
from pixdesk.storage.database import Store
from pixdesk.timeutil import format_utc

if TYPE_CHECKING:  # signing brings cryptography; counting the outbox does not need it
    from pixdesk.signing import SigningKey

__all__ = ["BUNDLE_CONTEXT", "GENESIS_BUNDLE", "outbox_counts", "pending_bundles", "put_result_bundle"]

BUNDLE_CONTEXT = "pixdesk-bundle-v1"
GENESIS_BUNDLE = "0" * 64  # ``previous`` of a device's first bundle


def put_result_bundle(store: Store, device: SigningKey, attempt_id: str, now: datetime) -> str:
    """Sign the finished attempt's bundle and queue it; call inside the finishing transaction.

    Returns the bundle id.
    """
    attempt = store.query("SELECT * FROM attempts WHERE id = ?", (attempt_id,))[0]
    events = store.query(
        "SELECT body, hash, signature FROM events WHERE attempt_id = ? ORDER BY seq", (attempt_id,)
    )
    last = store.conn.execute(
        "SELECT device_seq, payload FROM outbox ORDER BY device_seq DESC LIMIT 1"
    ).fetchone()
    device_seq = 1 if last is None else int(last[0]) + 1
    previous = GENESIS_BUNDLE if last is None else hashlib.sha256(bytes(last[1])).hexdigest()
    bundle_id = new_id()
    payload: dict[str, Any] = {
        "format": "pixdesk-result-bundle",
        "format_version": 1,
        "bundle_id": bundle_id,
        "device": device.key_id,
        "device_seq": device_seq,
        "previous": previous,
        "created": format_utc(now),
        "attempt": {
            "id": attempt_id,
            "kind": attempt["kind"],
            "learner": attempt["learner_id"],
            "pack": {
                "id": attempt["pack_id"],
                "version": attempt["pack_version"],
                "sha256": attempt["pack_sha256"],
            },
            "status": attempt["status"],
        },
        "events": [
            {
                "event": canonical.loads_canonical(bytes(row["body"])),
                "hash": row["hash"],
                "signature": row["signature"],
            }
            for row in events
        ],
        "result": json.loads(attempt["result"]),
    }
    body = canonical.dumps(payload)
    signature = base64.b64encode(device.sign(BUNDLE_CONTEXT, body)).decode("ascii")
    store.conn.execute(
        "INSERT INTO outbox (bundle_id, device_seq, kind, attempt_id, payload, signature, created_at)"
        " VALUES (?, ?, 'attempt-result', ?, ?, ?, ?)",
        (bundle_id, device_seq, attempt_id, body, signature, format_utc(now)),
    )
    return bundle_id


def pending_bundles(store: Store) -> list[dict[str, Any]]:
    """Bundles not yet acknowledged, in device order."""
    return store.query(
        "SELECT bundle_id, device_seq, kind, attempt_id, created_at, status, reject_reason FROM outbox"
        " WHERE status != 'sent' ORDER BY device_seq"
    )


def outbox_counts(store: Store) -> dict[str, int]:
    """How many bundles are ``pending``, ``sent`` and ``rejected`` (0 when none)."""
    counts = {"pending": 0, "sent": 0, "rejected": 0}
    for row in store.query("SELECT status, count(*) AS n FROM outbox GROUP BY status"):
        counts[row["status"]] = int(row["n"])
    return counts
