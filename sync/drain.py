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
import threading
from collections import deque
from collections.abc import Callable, Sequence
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
IN_FLIGHT = 2  # batches on their way at once (sync.server.device_turns stores them in turn)


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


def post_batch(conn: ServerConnection, body: bytes, on_sent: Callable[[], None] | None = None) -> list[Any]:
    """POST one batch (its :func:`batch_body`); the verdicts as the server wrote them, unread.
    ``on_sent``: called once the body is written (sync.transport.ServerConnection.call)."""
    answer = conn.call("POST", "/v1/bundles", body, on_sent=on_sent)
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


def _came_early(items: Sequence[Any]) -> bool:
    """Whether the server judged a batch before the one sent ahead of it (its first verdict: a
    ``sequence_gap``) — it reached another app process, or overtook it on the way."""
    first = items[0] if items else None
    return (
        isinstance(first, dict) and first.get("verdict") == "rejected" and first.get("code") == "sequence_gap"
    )


@dataclass
class _Flight:
    """A batch on its way to the server."""

    records: list[OutboxRecord]
    answer: Future[list[Any]]
    written: threading.Event  # its body is on the connection (or its sending ended)
    ahead: bool  # sent while the batch before it was still unanswered


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

    Pipelined, :data:`IN_FLIGHT` batches at most: the next batch leaves once the one before it
    is written to the connection, without waiting for its answer, so that the server checks
    its signatures while it stores the one before (sync.server.device_turns keeps them in
    order), and its answer comes while ours is verified and recorded. When an answer stops
    the round (a refusal to retry, a missing verdict, a bad receipt), the answers to the
    batches sent after it are not read: those bundles stay pending, and the server answers
    ``duplicate`` next time for any it stored. A batch sent ahead that the server judged
    before the one before it (``sequence_gap`` on its first bundle: another app process, or
    it overtook it on the way) is sent again alone, once the one before is held; a gap on a
    batch sent alone ends the round.
    """
    summary = summary or DrainSummary()
    size = min(batch_size, MAX_BATCH)
    verifier = ReceiptVerifier(server_key)
    flights: deque[_Flight] = deque()
    alone = False  # the next batch must go alone: the last one sent ahead came early

    with ThreadPoolExecutor(max_workers=IN_FLIGHT, thread_name_prefix="pixdesk-send") as sender:

        def send(records: list[OutboxRecord]) -> None:
            body = batch_body([envelope_of(record, device) for record in records])
            ahead = bool(flights)
            if ahead:
                flights[-1].written.wait()  # in order on the wire
            written = threading.Event()
            answer = sender.submit(post_batch, conn, body, written.set)
            answer.add_done_callback(lambda _answer: written.set())
            flights.append(_Flight(records, answer, written, ahead))

        def send_ahead() -> None:
            """Keep IN_FLIGHT batches on their way while every answer says held."""
            while flights and len(flights) < IN_FLIGHT and not alone:
                following = state.pending_batch(size, after_seq=flights[-1].records[-1].device_seq)
                if not following:
                    return
                send(following)

        def settle() -> None:
            """Wait for the batches still on their way; their answers are not read."""
            wait([flight.answer for flight in flights])
            flights.clear()

        first = state.pending_batch(size)
        if first:
            send(first)
        while flights:
            send_ahead()  # read and encoded while the first one travels
            flight = flights.popleft()
            try:
                answer = flight.answer.result()
            except SyncError as exc:
                settle()
                if exc.code == "sync.too_large" and len(flight.records) > 1:
                    size = len(flight.records) // 2  # the server's body limit: send smaller batches
                    alone = False
                    send(flight.records[:size])
                    continue
                raise
            if flight.ahead and _came_early(answer):
                settle()  # those after it came early too
                alone = True
                again = state.pending_batch(size)  # from its first bundle: the ones before are held
                if again:
                    send(again)
                continue
            alone = False
            if _held(flight.records, answer):
                send_ahead()  # before reading ours
            # A bad answer raises here; the batches sent ahead are still awaited (leaving the
            # executor), their bundles stay pending: the server says duplicate next time.
            outcomes, stop = judge(flight.records, read_verdicts(answer), verifier, summary, device)
            state.apply_outcomes(outcomes)
            if stop:
                settle()  # their answers are not trusted now: those bundles stay pending
                return summary
            if not flights:  # nothing was sent ahead: what is pending now (new work too)
                following = state.pending_batch(size)
                if following:
                    send(following)
    return summary
