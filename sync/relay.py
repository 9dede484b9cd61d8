"""``pixdesk outbox import``: relaying another machine's envelopes from a USB stick and
reading back the receipts of this machine's own bundles. Layer: sync.

On the relaying machine (enrolled, online), every envelope of another device found on
the stick goes to the server in that device's order, in batches of at most
:data:`sync.protocol.MAX_BATCH`, in a request signed by this machine; the server checks
each envelope with the original device's key. Each receipt is checked against the
stored server key before it is written to ``pixdesk-receipts/<device>.json``.

On the original machine, the receipts for its own bundles are checked the same way as
during a drain (server key, bundle id, device, sequence, payload SHA-256) and those
bundles marked sent. Importing the same folder twice changes nothing more.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from itertools import groupby
from pathlib import Path

from pixdesk import canonical
from pixdesk.services.outbox_transfer import find_envelopes, read_receipts, write_receipts
from pixdesk.services.sync_state import BundleOutcome, SyncStateService
from pixdesk.signing import PublicKey
from sync.drain import receipt_matches, send_batch
from sync.protocol import MAX_BATCH, Envelope, ProtocolError, Receipt, ReceiptVerifier
from sync.transport import ServerConnection

__all__ = ["TransferSummary", "apply_own_receipts", "relay_envelopes"]

log = logging.getLogger(__name__)


@dataclass
class TransferSummary:
    relayed: int = 0  # envelopes of other devices sent to the server
    accepted: int = 0
    duplicates: int = 0
    rejected: int = 0
    receipt_files: list[Path] = field(default_factory=list)
    own_marked: int = 0  # own bundles marked sent from receipts on the stick
    own_already: int = 0
    problems: list[str] = field(default_factory=list)


def apply_own_receipts(
    folder: Path, state: SyncStateService, device: str, server_key: PublicKey, summary: TransferSummary
) -> None:
    """Mark sent the bundles of this machine that the stick's receipts vouch for."""
    receipts, rejected = read_receipts(folder, device)
    verifier = ReceiptVerifier(server_key)
    outcomes = []
    for i, data in enumerate(receipts):
        try:
            receipt = Receipt.from_json(data, f"receipts[{i}]")
        except ProtocolError as exc:
            summary.problems.append(f"receipt {i}: {exc}")
            continue
        record = state.bundle(receipt.bundle_id)
        if record is None:
            summary.problems.append(f"receipt for bundle {receipt.bundle_id}: not in this machine's outbox")
        elif not receipt_matches(receipt, record, device, verifier):
            summary.problems.append(f"receipt for bundle {receipt.bundle_id}: does not verify, ignored")
        elif record.status == "sent":
            summary.own_already += 1
        else:
            outcomes.append(BundleOutcome(record.bundle_id, "sent", canonical.dumps(receipt.to_json())))
    state.apply_outcomes(outcomes)
    summary.own_marked += len(outcomes)
    for item in rejected:
        if isinstance(item, dict):
            code, reason = item.get("code"), item.get("reason")
            summary.problems.append(f"bundle {item.get('bundle_id')} refused by the server: {code} {reason}")


def _envelopes(folder: Path, own_device: str, summary: TransferSummary) -> list[tuple[int, Envelope]]:
    found, problems = find_envelopes(folder)
    summary.problems.extend(str(problem) for problem in problems)
    envelopes = []
    for item in found:
        if item.device == own_device:
            continue  # this machine's own bundles leave through its outbox
        try:
            envelope = Envelope.from_json(item.data, str(item.path))
            seq = envelope.payload_document()["device_seq"]
        except ProtocolError as exc:
            summary.problems.append(f"{item.path}: {exc}")
            continue
        envelopes.append((int(seq), envelope))
    return envelopes


def relay_envelopes(
    conn: ServerConnection, folder: Path, own_device: str, server_key: PublicKey, summary: TransferSummary
) -> None:
    """Send other devices' envelopes to the server; write the receipts back to ``folder``."""
    envelopes = _envelopes(folder, own_device, summary)
    verifier = ReceiptVerifier(server_key)
    envelopes.sort(key=lambda pair: (pair[1].device, pair[0]))
    for device, group in groupby(envelopes, key=lambda pair: pair[1].device):
        items = [envelope for _seq, envelope in group]
        receipts, refused = [], []
        for start in range(0, len(items), MAX_BATCH):
            batch = items[start : start + MAX_BATCH]
            verdicts = {v.bundle_id: v for v in send_batch(conn, batch)}
            summary.relayed += len(batch)
            for envelope in batch:
                verdict = verdicts.get(envelope.bundle_id)
                if verdict is None:
                    summary.problems.append(f"bundle {envelope.bundle_id}: no verdict")
                elif verdict.receipt is not None and _vouches(verdict.receipt, envelope, verifier):
                    receipts.append(verdict.receipt.to_json())
                    summary.accepted += verdict.verdict == "accepted"
                    summary.duplicates += verdict.verdict == "duplicate"
                elif verdict.verdict == "rejected":
                    summary.rejected += 1
                    refused.append(
                        {
                            "bundle_id": envelope.bundle_id,
                            "code": verdict.code,
                            "reason": verdict.reason,
                            "retry": verdict.retry,
                        }
                    )
                else:
                    summary.problems.append(
                        f"bundle {envelope.bundle_id}: receipt does not verify, not written"
                    )
        summary.receipt_files.append(write_receipts(folder, device, receipts, refused))


def _vouches(receipt: Receipt, envelope: Envelope, verifier: ReceiptVerifier) -> bool:
    return (
        verifier(receipt)
        and receipt.bundle_id == envelope.bundle_id
        and receipt.device == envelope.device
        and receipt.payload_sha256 == envelope.payload_sha256
    )
