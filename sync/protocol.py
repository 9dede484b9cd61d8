"""The wire protocol between a PixDesk machine and the certification server. Layer: sync.

Shared by both ends (sync/client.py and sync/server/); documented in sync/PROTOCOL.md.
Versioned JSON over HTTP. Everything a machine sends after enrollment is a *signed
request*: the device key signs the method, the path, the SHA-256 of the body, a
timestamp and a nonce (sync.request_signing). A *bundle* travels
as an :class:`Envelope`: the canonical payload bytes exactly as the outbox stored them,
the device key id and the device's Ed25519 signature — so a relay (a USB stick, another
machine) can carry it without being able to change it. The server answers each bundle
with a :class:`Verdict`; accepted and duplicate bundles come with a :class:`Receipt`
the server vouches for — with its own signature, or with one :class:`BatchSeal` over the
Merkle root of the batch's receipts (sync.merkle) — which the machine keeps before it
marks the bundle sent.
"""

from __future__ import annotations

import base64
import binascii
import dataclasses
import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from pixdesk import canonical
from pixdesk.errors import PixdeskError
from pixdesk.services.outbox import BUNDLE_CONTEXT
from pixdesk.signing import PublicKey, SigningKey
from sync import merkle

__all__ = [
    "BUNDLE_CONTEXT",
    "ENROLL_CONTEXT",
    "HEADER_DEVICE",
    "HEADER_NONCE",
    "HEADER_SIGNATURE",
    "HEADER_TIMESTAMP",
    "HEADER_VERSION",
    "HEX64",
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "PROTOCOL_VERSION",
    "RECEIPT_BATCH_CONTEXT",
    "RECEIPT_CONTEXT",
    "RECEIPT_PROOFS",
    "REJECT_CODES",
    "REPLAY_WINDOW",
    "REQUEST_CONTEXT",
    "BatchSeal",
    "Envelope",
    "ProtocolError",
    "Receipt",
    "ReceiptVerifier",
    "Verdict",
    "b64",
    "body_sha256",
    "from_b64",
    "seal_receipts",
    "vouch_receipts",
]

PROTOCOL_VERSION = 1
MAX_BATCH = 200  # bundles per upload request
MAX_BODY_BYTES = 16 * 1024 * 1024  # a request body above this is refused before it is read
REPLAY_WINDOW = timedelta(minutes=5)  # a signed request older or newer than this is refused
# How a batch's receipts are vouched for (the optional ``receipt_proof`` of an upload):
# "signature", each its own (the default), or "batch", one signature over their Merkle root.
RECEIPT_PROOFS = ("signature", "batch")
MAX_PROOF_PATH = 32  # hashes in a receipt's Merkle path (a batch of 200 needs 8)
HEX64 = re.compile(r"[0-9a-f]{64}")

REQUEST_CONTEXT = "pixdesk-request-v1"
RECEIPT_CONTEXT = "pixdesk-receipt-v1"
RECEIPT_BATCH_CONTEXT = "pixdesk-receipt-batch-v1"
ENROLL_CONTEXT = "pixdesk-enroll-v1"

HEADER_VERSION = "X-PixDesk-Protocol"
HEADER_DEVICE = "X-PixDesk-Device"
HEADER_TIMESTAMP = "X-PixDesk-Timestamp"
HEADER_NONCE = "X-PixDesk-Nonce"
HEADER_SIGNATURE = "X-PixDesk-Signature"

# Why a bundle is refused (``Verdict.code``); ``retry`` ones are not the bundle's fault.
REJECT_CODES: dict[str, bool] = {
    "bad_envelope": False,  # not an envelope: fields missing, not base64, payload not canonical JSON
    "bad_signature": False,  # the signature is not the device key's over these payload bytes
    "unknown_device": False,  # no enrolled device has this key id
    "revoked_device": False,  # the device was revoked
    "mismatch": False,  # the envelope says one bundle id or device, the payload another
    "bad_payload": False,  # the payload is not a result bundle of a known format
    "sequence_gap": True,  # an earlier bundle of this device has not arrived yet: send it first
    "chain_broken": False,  # ``previous`` is not the hash of the device's bundle before it
    "sequence_reused": False,  # another bundle already holds this device sequence number
    "unknown_pack": True,  # the server does not have the pack version the attempt used (yet)
    "replay_failed": False,  # the events do not replay: chain, signatures or decisions differ
}


class ProtocolError(PixdeskError):
    """A message that does not follow the protocol; ``code`` says which rule it broke."""


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def from_b64(text: Any, where: str) -> bytes:
    """Strict base64 (no whitespace, no missing padding); ProtocolError naming ``where``."""
    if not isinstance(text, str):
        raise ProtocolError("protocol.bad_field", "expected base64 text", where)
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProtocolError("protocol.bad_field", "not valid base64", where) from None


def body_sha256(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _int(data: Mapping[str, Any], key: str, where: str) -> int:
    value = data.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise ProtocolError("protocol.bad_field", f"{key!r} must be a whole number", where)
    return value


def _hash(value: Any, where: str) -> bytes:
    """A SHA-256 written as 64 lowercase hex digits."""
    if not isinstance(value, str) or not HEX64.fullmatch(value):
        raise ProtocolError("protocol.bad_field", "expected 64 lowercase hex digits", where)
    return bytes.fromhex(value)


def _text(data: Mapping[str, Any], key: str, where: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value:
        raise ProtocolError("protocol.bad_field", f"{key!r} must be a non-empty string", where)
    return value


# -- bundles ---------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Envelope:
    """A signed bundle as it travels: the payload bytes are never re-encoded on the way."""

    bundle_id: str
    device: str  # key id of the device that signed it
    payload: bytes  # canonical JSON, exactly as stored in the outbox
    signature: bytes  # Ed25519, context BUNDLE_CONTEXT, over ``payload``

    def to_json(self) -> dict[str, str]:
        return {
            "bundle_id": self.bundle_id,
            "device": self.device,
            "payload": b64(self.payload),
            "signature": b64(self.signature),
        }

    @classmethod
    def from_json(cls, data: Any, where: str = "bundle") -> Envelope:
        if not isinstance(data, Mapping):
            raise ProtocolError("protocol.bad_field", "a bundle must be an object", where)
        return cls(
            bundle_id=_text(data, "bundle_id", where),
            device=_text(data, "device", where),
            payload=from_b64(data.get("payload"), f"{where}.payload"),
            signature=from_b64(data.get("signature"), f"{where}.signature"),
        )

    def payload_document(self) -> dict[str, Any]:
        """The payload, which must be canonical JSON naming this bundle and device."""
        try:
            document = canonical.loads_canonical(self.payload)
        except ValueError as exc:
            raise ProtocolError(
                "bad_envelope", f"payload is not canonical JSON: {exc}", self.bundle_id
            ) from None
        return self._named(document)

    def payload_fields(self) -> dict[str, Any]:
        """The payload read for the intake's checks: a JSON object naming this bundle and device.

        Only parsed (floats and NaN refused); whether its bytes are canonical is checked by
        :meth:`payload_document` when the bundle is scored — the signature, verified first,
        already binds the exact bytes.
        """
        try:
            document = canonical.loads_fast(self.payload)
        except ValueError as exc:
            raise ProtocolError("bad_envelope", f"payload is not JSON: {exc}", self.bundle_id) from None
        return self._named(document)

    def _named(self, document: Any) -> dict[str, Any]:
        if not isinstance(document, dict):
            raise ProtocolError("bad_envelope", "payload is not an object", self.bundle_id)
        if document.get("bundle_id") != self.bundle_id or document.get("device") != self.device:
            raise ProtocolError("mismatch", "the payload names another bundle or device", self.bundle_id)
        return document

    def verify(self, key: PublicKey) -> bool:
        return key.key_id == self.device and key.verify(BUNDLE_CONTEXT, self.payload, self.signature)

    @functools.cached_property
    def payload_sha256(self) -> str:
        return body_sha256(self.payload)


@dataclass(frozen=True)
class BatchSeal:
    """The server's one signature over the receipts of a batch: the Merkle root of their
    documents (sync.merkle), the number of receipts, and the server key that signed."""

    root: bytes
    size: int
    server: str  # the server key id
    signature: bytes = b""

    def document(self) -> dict[str, Any]:
        return {
            "format": "pixdesk-receipt-batch",
            "format_version": 1,
            "root": self.root.hex(),
            "server": self.server,
            "size": self.size,
        }

    def verify(self, key: PublicKey) -> bool:
        body = canonical.dumps(self.document())
        return key.key_id == self.server and key.verify(RECEIPT_BATCH_CONTEXT, body, self.signature)


@dataclass(frozen=True)
class Receipt:
    """The server's signed word that it holds a bundle (status ``accepted`` or ``duplicate``).

    Vouched for either by its own ``signature`` (over its document), or — when the device
    asked for ``receipt_proof: "batch"`` — by its batch's :class:`BatchSeal`: ``path`` leads
    from the hash of its document, at ``index``, to the root the seal signs. Either way the
    receipt alone proves it, to anyone holding the server's public key.
    """

    bundle_id: str
    device: str
    device_seq: int
    payload_sha256: str
    status: str
    received_at: str
    server: str  # the server key id
    signature: bytes = b""
    seal: BatchSeal | None = None
    index: int = 0
    path: tuple[bytes, ...] = ()

    def document(self) -> dict[str, Any]:
        """What the server vouches for (the same document whichever the proof)."""
        return {
            "format": "pixdesk-receipt",
            "format_version": 1,
            "bundle_id": self.bundle_id,
            "device": self.device,
            "device_seq": self.device_seq,
            "payload_sha256": self.payload_sha256,
            "status": self.status,
            "received_at": self.received_at,
            "server": self.server,
        }

    def signed(self, key: SigningKey) -> Receipt:
        body = canonical.dumps(self.document())
        return dataclasses.replace(self, signature=key.sign(RECEIPT_CONTEXT, body), seal=None, path=())

    def verify(self, key: PublicKey) -> bool:
        """Whether the server key vouches for this receipt (its own signature, or its batch's seal)."""
        if self.seal is not None:
            return self.in_seal() and self.seal.verify(key)
        try:
            body = canonical.dumps(self.document())
        except canonical.CanonicalError:
            return False
        return key.key_id == self.server and key.verify(RECEIPT_CONTEXT, body, self.signature)

    def in_seal(self) -> bool:
        """Whether the path leads from this receipt to its seal's root (the seal's own signature is
        :meth:`BatchSeal.verify`'s business: :class:`ReceiptVerifier` checks it once per batch)."""
        seal = self.seal
        if seal is None or seal.server != self.server:
            return False
        try:
            leaf = merkle.leaf_hash(canonical.dumps(self.document()))
        except canonical.CanonicalError:
            return False
        return merkle.root_from_path(leaf, self.index, seal.size, self.path) == seal.root

    def to_json(self) -> dict[str, Any]:
        if self.seal is None:
            return {**self.document(), "signature": b64(self.signature)}
        proof = {
            "index": self.index,
            "path": [node.hex() for node in self.path],
            "root": self.seal.root.hex(),
            "size": self.seal.size,
            "signature": b64(self.seal.signature),
        }
        return {**self.document(), "proof": proof}

    @classmethod
    def from_json(cls, data: Any, where: str = "receipt") -> Receipt:
        if not isinstance(data, Mapping) or data.get("format") != "pixdesk-receipt":
            raise ProtocolError("protocol.bad_field", "not a receipt", where)
        seq = _int(data, "device_seq", where)
        status = _text(data, "status", where)
        if status not in ("accepted", "duplicate"):
            raise ProtocolError("protocol.bad_field", f"unknown receipt status {status!r}", where)
        receipt = cls(
            bundle_id=_text(data, "bundle_id", where),
            device=_text(data, "device", where),
            device_seq=seq,
            payload_sha256=_text(data, "payload_sha256", where),
            status=status,
            received_at=_text(data, "received_at", where),
            server=_text(data, "server", where),
        )
        if "proof" not in data:
            return dataclasses.replace(
                receipt, signature=from_b64(data.get("signature"), f"{where}.signature")
            )
        proof, at = data["proof"], f"{where}.proof"
        if not isinstance(proof, Mapping):
            raise ProtocolError("protocol.bad_field", "a receipt's proof must be an object", at)
        path = proof.get("path")
        if not isinstance(path, list) or len(path) > MAX_PROOF_PATH:
            raise ProtocolError(
                "protocol.bad_field", f"'path' must be a list of at most {MAX_PROOF_PATH}", at
            )
        seal = BatchSeal(
            _hash(proof.get("root"), f"{at}.root"),
            _int(proof, "size", at),
            receipt.server,
            from_b64(proof.get("signature"), f"{at}.signature"),
        )
        nodes = tuple(_hash(node, f"{at}.path[{i}]") for i, node in enumerate(path))
        return dataclasses.replace(receipt, seal=seal, index=_int(proof, "index", at), path=nodes)


def seal_receipts(receipts: Sequence[Receipt], key: SigningKey) -> list[Receipt]:
    """The receipts of one batch (issued by ``key``), vouched for by one signature over their
    Merkle root: one signing for the batch, and one for the device to check, instead of one each."""
    if not receipts:
        return []
    root, paths = merkle.tree([merkle.leaf_hash(canonical.dumps(r.document())) for r in receipts])
    seal = BatchSeal(root, len(receipts), key.key_id)
    seal = dataclasses.replace(
        seal, signature=key.sign(RECEIPT_BATCH_CONTEXT, canonical.dumps(seal.document()))
    )
    return [
        dataclasses.replace(receipt, signature=b"", seal=seal, index=index, path=tuple(path))
        for index, (receipt, path) in enumerate(zip(receipts, paths, strict=True))
    ]


def vouch_receipts(receipts: Sequence[Receipt], key: SigningKey, proof: str) -> list[Receipt]:
    """The receipts of one answer, vouched for as the device asked (``proof``, one of
    :data:`RECEIPT_PROOFS`): each signed alone, or all sealed by :func:`seal_receipts`."""
    if proof == "batch":
        return seal_receipts(receipts, key)
    return [receipt.signed(key) for receipt in receipts]


class ReceiptVerifier:
    """Checks receipts with the server key, each batch seal's signature once (a batch of 200
    sealed receipts costs one Ed25519 verification and ~1,600 hashes)."""

    _KEEP = 64  # seals remembered

    def __init__(self, key: PublicKey) -> None:
        self.key = key
        self._seals: dict[BatchSeal, bool] = {}

    def __call__(self, receipt: Receipt) -> bool:
        seal = receipt.seal
        if seal is None:
            return receipt.verify(self.key)
        if not receipt.in_seal():
            return False
        known = self._seals.get(seal)
        if known is None:
            if len(self._seals) >= self._KEEP:
                self._seals.clear()
            known = self._seals[seal] = seal.verify(self.key)
        return known


@dataclass(frozen=True)
class Verdict:
    """The server's answer for one bundle of a batch."""

    bundle_id: str
    verdict: str  # "accepted" | "duplicate" | "rejected"
    code: str | None = None  # a REJECT_CODES key when rejected
    reason: str | None = None
    receipt: Receipt | None = None

    @property
    def retry(self) -> bool:
        """A rejection that is not the bundle's fault: keep it pending and send it again later."""
        return self.verdict == "rejected" and REJECT_CODES.get(self.code or "", False)

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"bundle_id": self.bundle_id, "verdict": self.verdict}
        if self.verdict == "rejected":
            data.update(code=self.code, reason=self.reason, retry=self.retry)
        if self.receipt is not None:
            data["receipt"] = self.receipt.to_json()
        return data

    @classmethod
    def from_json(cls, data: Any, where: str = "verdict") -> Verdict:
        if not isinstance(data, Mapping):
            raise ProtocolError("protocol.bad_field", "a verdict must be an object", where)
        verdict = _text(data, "verdict", where)
        if verdict not in ("accepted", "duplicate", "rejected"):
            raise ProtocolError("protocol.bad_field", f"unknown verdict {verdict!r}", where)
        receipt = data.get("receipt")
        if verdict != "rejected" and receipt is None:
            raise ProtocolError("protocol.bad_field", f"an {verdict} bundle needs a receipt", where)
        return cls(
            bundle_id=_text(data, "bundle_id", where),
            verdict=verdict,
            code=data.get("code"),
            reason=data.get("reason"),
            receipt=None if receipt is None else Receipt.from_json(receipt, f"{where}.receipt"),
        )
