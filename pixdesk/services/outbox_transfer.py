"""Results carried by USB stick: envelope files out, receipt files back. Layer: services.

When a machine never reaches the server, IT staff export its pending bundles to a
stick, import the folder on any enrolled machine that does (which relays them and
writes the server's receipts beside them), and bring the stick back: importing it on
the original machine marks the bundles the receipts vouch for as sent.

Layout of the folder::

    pixdesk-outbox/<device>/<device_seq>-<bundle_id>.json   one envelope each
    pixdesk-receipts/<device>.json                          receipts for that device

An envelope file is the protocol's ``Envelope.to_json()`` (sync/protocol.py): bundle
id, device, payload and signature in base64 — the bytes exactly as the device signed
them, so no relay can change them. Files are written atomically and fsync'd; writing
the same file twice leaves it as it was. This module only reads and writes files and
the outbox; relaying and checking receipts is the sync client's.
"""

from __future__ import annotations

import base64
import json
import logging
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pixdesk import canonical
from pixdesk.errors import PixdeskError
from pixdesk.fsio import write_atomic
from pixdesk.storage import sync_records as records
from pixdesk.storage.database import Store

__all__ = [
    "OUTBOX_FOLDER",
    "RECEIPTS_FOLDER",
    "ExportReport",
    "FoundEnvelope",
    "TransferError",
    "export_pending",
    "find_envelopes",
    "read_receipts",
    "write_receipts",
]

log = logging.getLogger(__name__)

OUTBOX_FOLDER = "pixdesk-outbox"
RECEIPTS_FOLDER = "pixdesk-receipts"
MAX_FILE_BYTES = 16 * 1024 * 1024  # an envelope or receipts file larger than this is not read


class TransferError(PixdeskError):
    """Codes: ``transfer.no_folder``, ``transfer.unreadable``."""


@dataclass
class ExportReport:
    written: list[Path] = field(default_factory=list)
    unchanged: list[Path] = field(default_factory=list)


@dataclass(frozen=True)
class FoundEnvelope:
    """An envelope file read from a stick: its JSON as found, and the sequence it claims."""

    path: Path
    device: str
    device_seq: int
    data: dict[str, Any]


def _write_if_changed(path: Path, data: bytes, report: ExportReport) -> None:
    try:
        if path.read_bytes() == data:
            report.unchanged.append(path)
            return
    except OSError:
        pass
    write_atomic(path, data)
    report.written.append(path)


def export_pending(store: Store, folder: Path) -> ExportReport:
    """Write every pending bundle of the outbox as an envelope file under ``folder``."""
    if not folder.is_dir():
        raise TransferError("transfer.no_folder", "no such folder (is the stick mounted?)", str(folder))
    report = ExportReport()
    for row in records.outbox_records(store, ("pending",)):
        device = canonical.loads_canonical(row.payload)["device"]
        envelope = {
            "bundle_id": row.bundle_id,
            "device": device,
            "payload": base64.b64encode(row.payload).decode("ascii"),
            "signature": row.signature,
        }
        path = folder / OUTBOX_FOLDER / device / f"{row.device_seq}-{row.bundle_id}.json"
        _write_if_changed(path, canonical.dumps(envelope), report)
    return report


def _read_json(path: Path) -> Any:
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise TransferError("transfer.unreadable", f"larger than {MAX_FILE_BYTES} bytes", str(path))
        return json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise TransferError("transfer.unreadable", f"not a readable JSON file: {exc}", str(path)) from None


def find_envelopes(folder: Path) -> tuple[list[FoundEnvelope], list[TransferError]]:
    """The envelope files under ``folder``, by device then sequence; and the files that
    could not be read (reported, not fatal)."""
    found: list[FoundEnvelope] = []
    problems: list[TransferError] = []
    root = folder / OUTBOX_FOLDER
    if not root.is_dir():
        return found, problems
    for path in sorted(root.glob("*/*.json")):
        seq_text = path.name.split("-", 1)[0]
        try:
            data = _read_json(path)
            if not isinstance(data, dict) or data.get("device") != path.parent.name or not seq_text.isdigit():
                raise TransferError(
                    "transfer.unreadable", "not an envelope of this folder's device", str(path)
                )
        except TransferError as exc:
            problems.append(exc)
            continue
        found.append(FoundEnvelope(path, path.parent.name, int(seq_text), data))
    found.sort(key=lambda item: (item.device, item.device_seq))
    return found, problems


def _receipts_path(folder: Path, device: str) -> Path:
    return folder / RECEIPTS_FOLDER / f"{device}.json"


def read_receipts(folder: Path, device: str) -> tuple[list[Any], list[Any]]:
    """The receipts and refusals written for ``device`` (empty when none)."""
    path = _receipts_path(folder, device)
    if not path.is_file():
        return [], []
    data = _read_json(path)
    if not isinstance(data, dict) or data.get("format") != "pixdesk-receipts" or data.get("device") != device:
        raise TransferError("transfer.unreadable", "not a receipts file of this device", str(path))
    receipts, rejected = data.get("receipts", []), data.get("rejected", [])
    return (receipts if isinstance(receipts, list) else []), (rejected if isinstance(rejected, list) else [])


def write_receipts(
    folder: Path, device: str, receipts: list[dict[str, Any]], rejected: list[dict[str, Any]]
) -> Path:
    """Merge receipts and refusals into the device's receipts file, by bundle id: the
    first receipt of a bundle is kept, and a receipt supersedes a refusal of the same bundle."""
    path = _receipts_path(folder, device)
    try:
        old_receipts, old_rejected = read_receipts(folder, device)
    except TransferError as exc:
        log.warning("replacing an unreadable receipts file: %s", exc)
        old_receipts, old_rejected = [], []
    by_id = {r["bundle_id"]: r for r in old_receipts if isinstance(r, dict) and "bundle_id" in r}
    for receipt in receipts:  # the first receipt of a bundle stays (a relay twice adds "duplicate")
        by_id.setdefault(receipt["bundle_id"], receipt)
    refused = {r["bundle_id"]: r for r in old_rejected if isinstance(r, dict) and "bundle_id" in r}
    refused.update({r["bundle_id"]: r for r in rejected})
    document = {
        "format": "pixdesk-receipts",
        "device": device,
        "receipts": sorted(by_id.values(), key=lambda r: (r.get("device_seq", 0), r["bundle_id"])),
        "rejected": sorted((r for k, r in refused.items() if k not in by_id), key=lambda r: r["bundle_id"]),
    }
    data = canonical.dumps(document)
    try:
        if path.read_bytes() == data:
            return path
    except OSError:
        pass
    write_atomic(path, data)
    return path
