"""Draining the outbox to the server, in order, batch by batch. Layer: sync.

Each batch (at most :data:`sync.protocol.MAX_BATCH` bundles, in ``device_seq`` order)
is read in one short transaction, sent with no transaction open, and the verdicts
applied in a second short transaction (pixdesk.services.sync_state). A bundle is
marked sent only with a receipt that the server key stored at enrollment vouches for
(its own signature, or its batch's seal and its Merkle path) and that names exactly
this bundle (id, device, sequence, SHA-256 of the payload). A retryable refusal
(``sequence_gap``, ``unknown_pack``), a missing verdict or a bad receipt keeps the
bundle pending and ends the drain for this round: later bundles would only be gaps.
Anything that interrupts the drain leaves the outbox as the last committed transaction
left it; the next round sends the batch again and the server answers ``duplicate`` for
what it already holds.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from pixdesk import canonical
from pixdesk.services.sync_state import BundleOutcome, OutboxRecord, SyncStateService
from pixdesk.signing import PublicKey
from sync.batch_codec import encode_batch
from sync.protocol import MAX_BATCH, Envelope, ProtocolError, Receipt, ReceiptVerifier, Verdict
from sync.transport import ServerConnection, SyncError

__all__ = [
    "DrainSummary",
    "drain_outbox",
    "envelope_of",
    "judge",
    "post_batch",
    "read_verdicts",
    "receipt_matches",
    "send_batch",
]

log = logging.getLogger(__name__)


@dataclass
class DrainSummary:
    sent: int = 0  # accepted by the server now
    duplicates: int = 0  # the server already held them
    rejected: int = 0  # refused for good (kept, with the reason)
    kept: int = 0  # still pending: retryable refusal, missing verdict or bad receipt
    bad_receipts: int = 0
    stopped: str | None = None  # why the drain stopped before the outbox was empty


def envelope_of(record: OutboxRecord, device: str) -> Envelope:
    """An outbox row as it travels: the stored bytes, never re-encoded.

    ``device``: this machine's key id. Its outbox holds only bundles it made and signed
    (pixdesk.services.outbox); a payload naming another device would be refused by the
    server (``mismatch``), never sent as someone else's.
    """
    return Envelope(record.bundle_id, device, record.payload, base64.b64decode(record.signature))


def receipt_matches(receipt: Receipt, record: OutboxRecord, device: str, verifier: ReceiptVerifier) -> bool:
    """The server key vouches for it, and it names exactly this bundle of this device."""
    return (
        verifier(receipt)
        and receipt.bundle_id == record.bundle_id
        and receipt.device == device
        and receipt.device_seq == record.device_seq
        and receipt.payload_sha256 == hashlib.sha256(record.payload).hexdigest()
    )


def judge(
    batch: Sequence[OutboxRecord],
    verdicts: Sequence[Verdict],
    verifier: ReceiptVerifier,
    summary: DrainSummary,
    device: str,
) -> tuple[list[BundleOutcome], bool]:
    """What to record for each bundle of ``batch`` (signed by ``device``); and whether the drain must stop."""
    by_id = {verdict.bundle_id: verdict for verdict in verdicts}
    outcomes: list[BundleOutcome] = []
    stop = False
    for record in batch:
        verdict = by_id.get(record.bundle_id)
        if verdict is None:
            summary.kept += 1
            stop = True
            summary.stopped = summary.stopped or f"no verdict for bundle {record.bundle_id}"
        elif verdict.verdict in ("accepted", "duplicate"):
            receipt = verdict.receipt
            if receipt is None or not receipt_matches(receipt, record, device, verifier):
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


def batch_body(envelopes: Sequence[Envelope]) -> bytes:
    """The request body of one batch; its receipts are asked for sealed by one signature (a
    server that does not know ``receipt_proof`` ignores it and signs each: both verify)."""
    return encode_batch(envelopes, receipt_proof="batch")


def post_batch(conn: ServerConnection, body: bytes) -> list[Any]:
    """POST one batch (its :func:`batch_body`); the verdicts as the server wrote them, unread."""
    answer = conn.call("POST", "/v1/bundles", body)
    items = answer.get("verdicts") if isinstance(answer, dict) else None
    if not isinstance(items, list):
        raise SyncError("sync.bad_answer", "the answer has no verdicts list", "/v1/bundles")
    return items


def read_verdicts(items: Sequence[Any]) -> list[Verdict]:
    """The verdicts of a :func:`post_batch` answer, each read and checked in form."""
    try:
        return [Verdict.from_json(item, f"verdicts[{i}]") for i, item in enumerate(items)]
    except ProtocolError as exc:
        raise SyncError("sync.bad_answer", f"bad verdict: {exc}", "/v1/bundles") from None


def send_batch(conn: ServerConnection, envelopes: Sequence[Envelope] | bytes) -> list[Verdict]:
    """POST one batch (envelopes, or their :func:`batch_body`); the verdicts the server gave."""
    body = envelopes if isinstance(envelopes, bytes) else batch_body(envelopes)
    return read_verdicts(post_batch(conn, body))


def _held(batch: Sequence[OutboxRecord], items: Sequence[Any]) -> bool:
    """Whether the server says it holds every bundle of ``batch``: read from its answer as
    written, before anything is checked — only to decide whether the next batch may go at
    once. What is recorded follows the verdicts read and the receipts verified (:func:`judge`)."""
    held = {
        item.get("bundle_id")
        for item in items
        if isinstance(item, dict)
        and item.get("verdict") in ("accepted", "duplicate")
        and isinstance(item.get("receipt"), dict)
    }
    return all(record.bundle_id in held for record in batch)


def drain_outbox(
    conn: ServerConnection,
    state: SyncStateService,
    server_key: PublicKey,
    device: str,
    batch_size: int = MAX_BATCH,
    summary: DrainSummary | None = None,
) -> DrainSummary:
    """Send this machine's pending bundles (its key id: ``device``) in order, until none is left
    or one must wait.

    Pipelined: while a batch is on its way, the next one is read and encoded; when the
    server says it holds the whole batch, the next one is sent at once (on a sender thread)
    while this one's receipts are verified and recorded — the server's work and ours
    overlap. The next batch follows the last one the server committed, so it is never a
    gap; if this batch's receipts turn out bad, the next batch's verdicts are ignored (its
    bundles stay pending: the server answers ``duplicate`` next time).
    """
    summary = summary or DrainSummary()
    size = min(batch_size, MAX_BATCH)
    verifier = ReceiptVerifier(server_key)

    def body(records: Sequence[OutboxRecord]) -> bytes:
        return batch_body([envelope_of(record, device) for record in records])

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pixdesk-send") as sender:
        batch = state.pending_batch(size)
        flight = sender.submit(post_batch, conn, body(batch)) if batch else None
        while batch and flight is not None:
            following = state.pending_batch(size, after_seq=batch[-1].device_seq)
            following_body = body(following) if following else b""  # ready while the batch travels
            try:
                answer = flight.result()
            except SyncError as exc:
                if exc.code == "sync.too_large" and len(batch) > 1:
                    size = len(batch) // 2  # the server's body limit: send smaller batches
                    batch = batch[:size]
                    flight = sender.submit(post_batch, conn, body(batch))
                    continue
                raise
            next_flight: Future[list[Any]] | None = None
            if following and _held(batch, answer):
                next_flight = sender.submit(post_batch, conn, following_body)  # before reading ours
            # A bad answer raises here; the batch sent ahead is still awaited (leaving the
            # executor), its bundles stay pending: the server says duplicate next time.
            outcomes, stop = judge(batch, read_verdicts(answer), verifier, summary, device)
            state.apply_outcomes(outcomes)
            if stop:
                if next_flight is not None:
                    wait([next_flight])  # its answer is not trusted now: those bundles stay pending
                return summary
            if next_flight is None:  # nothing was sent ahead: what is pending now (new work too)
                following = state.pending_batch(size)
                if following:
                    next_flight = sender.submit(post_batch, conn, body(following))
            batch, flight = following, next_flight
    return summary
