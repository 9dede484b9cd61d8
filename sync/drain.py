"""Draining the outbox to the server, in order, batch by batch. Layer: sync.

Each batch (at most :data:`sync.protocol.MAX_BATCH` bundles, in ``device_seq`` order)
is read in one short transaction, sent with no transaction open, and the verdicts
applied in a second short transaction (pixdesk.services.sync_state). A bundle is
marked sent only with a receipt that verifies with the server key stored at
enrollment and names exactly this bundle (id, device, sequence, SHA-256 of the
payload). A retryable refusal (``sequence_gap``, ``unknown_pack``), a missing verdict
or a bad receipt keeps the bundle pending and ends the drain for this round: later
bundles would only be gaps. Anything that interrupts the drain leaves the outbox as
the last committed transaction left it; the next round sends the batch again and the
server answers ``duplicate`` for what it already holds.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from pixdesk import canonical
from pixdesk.services.sync_state import BundleOutcome, OutboxRecord, SyncStateService
from pixdesk.signing import PublicKey
from sync.protocol import MAX_BATCH, Envelope, ProtocolError, Receipt, Verdict
from sync.transport import ServerConnection, SyncError

__all__ = ["DrainSummary", "drain_outbox", "envelope_of", "judge", "receipt_matches"]

log = logging.getLogger(__name__)


@dataclass
class DrainSummary:
    sent: int = 0  # accepted by the server now
    duplicates: int = 0  # the server already held them
    rejected: int = 0  # refused for good (kept, with the reason)
    kept: int = 0  # still pending: retryable refusal, missing verdict or bad receipt
    bad_receipts: int = 0
    stopped: str | None = None  # why the drain stopped before the outbox was empty


def envelope_of(record: OutboxRecord) -> Envelope:
    """An outbox row as it travels: the stored bytes, never re-encoded."""
    device = canonical.loads_canonical(record.payload)["device"]
    return Envelope(record.bundle_id, device, record.payload, base64.b64decode(record.signature))


def receipt_matches(receipt: Receipt, record: OutboxRecord, device: str, server_key: PublicKey) -> bool:
    """The server key signed it, and it names exactly this bundle of this device."""
    return (
        receipt.verify(server_key)
        and receipt.bundle_id == record.bundle_id
        and receipt.device == device
        and receipt.device_seq == record.device_seq
        and receipt.payload_sha256 == hashlib.sha256(record.payload).hexdigest()
    )


def judge(
    batch: Sequence[OutboxRecord],
    verdicts: Sequence[Verdict],
    server_key: PublicKey,
    summary: DrainSummary,
    devices: Sequence[str] | None = None,
) -> tuple[list[BundleOutcome], bool]:
    """What to record for each bundle of ``batch``; and whether the drain must stop.

    ``devices``: the device of each bundle, when the caller has read them already.
    """
    by_id = {verdict.bundle_id: verdict for verdict in verdicts}
    outcomes: list[BundleOutcome] = []
    stop = False
    if devices is None:
        devices = [envelope_of(record).device for record in batch]
    for record, device in zip(batch, devices, strict=True):
        verdict = by_id.get(record.bundle_id)
        if verdict is None:
            summary.kept += 1
            stop = True
            summary.stopped = summary.stopped or f"no verdict for bundle {record.bundle_id}"
        elif verdict.verdict in ("accepted", "duplicate"):
            receipt = verdict.receipt
            if receipt is None or not receipt_matches(receipt, record, device, server_key):
                log.warning("bundle %s: receipt does not verify with the server key", record.bundle_id)
                summary.kept += 1
                summary.bad_receipts += 1
                stop = True
                summary.stopped = summary.stopped or "a receipt did not verify with the server key"
                continue
            outcomes.append(BundleOutcome(record.bundle_id, "sent", canonical.dumps(receipt.to_json())))
            if verdict.verdict == "accepted":
                summary.sent += 1
            else:
                summary.duplicates += 1
        elif verdict.retry:
            outcomes.append(
                BundleOutcome(record.bundle_id, "retry", None, verdict.code, verdict.reason or "")
            )
            summary.kept += 1
            stop = True
            summary.stopped = summary.stopped or f"bundle {record.device_seq}: {verdict.code} (will retry)"
        else:
            code = verdict.code or "rejected"
            outcomes.append(BundleOutcome(record.bundle_id, "rejected", None, code, verdict.reason or ""))
            summary.rejected += 1
    return outcomes, stop


def send_batch(conn: ServerConnection, envelopes: Sequence[Envelope]) -> list[Verdict]:
    """POST one batch; the verdicts the server gave."""
    answer = conn.call("POST", "/v1/bundles", {"bundles": [e.to_json() for e in envelopes]})
    items = answer.get("verdicts") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        raise SyncError("sync.bad_answer", "the answer has no verdicts list", "/v1/bundles")
    try:
        return [Verdict.from_json(item, f"verdicts[{i}]") for i, item in enumerate(items)]
    except ProtocolError as exc:
        raise SyncError("sync.bad_answer", f"bad verdict: {exc}", "/v1/bundles") from None


def drain_outbox(
    conn: ServerConnection,
    state: SyncStateService,
    server_key: PublicKey,
    batch_size: int = MAX_BATCH,
    summary: DrainSummary | None = None,
) -> DrainSummary:
    """Send the pending bundles in order until none is left or one must wait."""
    summary = summary or DrainSummary()
    size = min(batch_size, MAX_BATCH)
    while True:
        batch = state.pending_batch(size)
        if not batch:
            return summary
        try:
            envelopes = [envelope_of(record) for record in batch]  # each payload parsed once
            verdicts = send_batch(conn, envelopes)
        except SyncError as exc:
            if exc.code == "sync.too_large" and len(batch) > 1:
                size = len(batch) // 2  # the server's body limit: send smaller batches
                continue
            raise
        outcomes, stop = judge(batch, verdicts, server_key, summary, [e.device for e in envelopes])
        state.apply_outcomes(outcomes)
        if stop:
            return summary
