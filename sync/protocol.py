"""The wire protocol between a PixDesk machine and the certification server. Layer: sync.

Shared by both ends (sync/client.py and sync/server/); documented in sync/PROTOCOL.md.
Versioned JSON over HTTP. Everything a machine sends after enrollment is a *signed
request*: the device key signs the method, the path, the SHA-256 of the body, a
timestamp and a nonce (:func:`sign_request`, :func:`verify_request`). A *bundle* travels
as an :class:`Envelope`: the canonical payload bytes exactly as the outbox stored them,
the device key id and the device's Ed25519 signature — so a relay (a USB stick, another
machine) can carry it without being able to change it. The server answers each bundle
with a :class:`Verdict`; accepted and duplicate bundles come with a :class:`Receipt`
the server signs, which the machine keeps before it marks the bundle sent.
"""

from __future__ import annotations

import base64
import binascii
import functools
import hashlib
import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from pixdesk import canonical
from pixdesk.errors import PixdeskError
from pixdesk.services.outbox import BUNDLE_CONTEXT
from pixdesk.signing import PublicKey, SigningKey
from pixdesk.timeutil import format_utc, parse_utc

__all__ = [
    "BUNDLE_CONTEXT",
    "ENROLL_CONTEXT",
    "HEADER_DEVICE",
    "HEADER_NONCE",
    "HEADER_SIGNATURE",
    "HEADER_TIMESTAMP",
    "HEADER_VERSION",
    "MAX_BATCH",
    "MAX_BODY_BYTES",
    "PROTOCOL_VERSION",
    "RECEIPT_CONTEXT",
    "REJECT_CODES",
    "REPLAY_WINDOW",
    "REQUEST_CONTEXT",
    "Envelope",
    "ProtocolError",
    "Receipt",
    "SignedRequest",
    "Verdict",
    "b64",
    "body_sha256",
    "from_b64",
    "sign_request",
    "verify_request",
]

PROTOCOL_VERSION = 1
MAX_BATCH = 200  # bundles per upload request
MAX_BODY_BYTES = 16 * 1024 * 1024  # a request body above this is refused before it is read
REPLAY_WINDOW = timedelta(minutes=5)  # a signed request older or newer than this is refused

REQUEST_CONTEXT = "pixdesk-request-v1"
RECEIPT_CONTEXT = "pixdesk-receipt-v1"
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
class Receipt:
    """The server's signed word that it holds a bundle (status ``accepted`` or ``duplicate``)."""

    bundle_id: str
    device: str
    device_seq: int
    payload_sha256: str
    status: str
    received_at: str
    server: str  # the server key id
    signature: bytes = b""

    def document(self) -> dict[str, Any]:
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
        return Receipt(**{**self._fields(), "signature": key.sign(RECEIPT_CONTEXT, body)})

    def verify(self, key: PublicKey) -> bool:
        body = canonical.dumps(self.document())
        return key.key_id == self.server and key.verify(RECEIPT_CONTEXT, body, self.signature)

    def _fields(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "signature"}

    def to_json(self) -> dict[str, Any]:
        return {**self.document(), "signature": b64(self.signature)}

    @classmethod
    def from_json(cls, data: Any, where: str = "receipt") -> Receipt:
        if not isinstance(data, Mapping) or data.get("format") != "pixdesk-receipt":
            raise ProtocolError("protocol.bad_field", "not a receipt", where)
        seq = data.get("device_seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            raise ProtocolError("protocol.bad_field", "device_seq must be an integer", where)
        status = _text(data, "status", where)
        if status not in ("accepted", "duplicate"):
            raise ProtocolError("protocol.bad_field", f"unknown receipt status {status!r}", where)
        return cls(
            bundle_id=_text(data, "bundle_id", where),
            device=_text(data, "device", where),
            device_seq=seq,
            payload_sha256=_text(data, "payload_sha256", where),
            status=status,
            received_at=_text(data, "received_at", where),
            server=_text(data, "server", where),
            signature=from_b64(data.get("signature"), f"{where}.signature"),
        )


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


# -- signed requests -------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignedRequest:
    """What a device's request signature covers."""

    method: str
    path: str  # with the query string, exactly as sent
    body_sha256: str
    timestamp: str
    nonce: str
    device: str

    def message(self) -> bytes:
        return canonical.dumps(
            {
                "method": self.method.upper(),
                "path": self.path,
                "body_sha256": self.body_sha256,
                "timestamp": self.timestamp,
                "nonce": self.nonce,
                "device": self.device,
            }
        )


def sign_request(key: SigningKey, method: str, path: str, body: bytes, now: datetime) -> dict[str, str]:
    """The headers that sign one request of this device."""
    nonce = secrets.token_urlsafe(16)
    request = SignedRequest(method, path, body_sha256(body), format_utc(now), nonce, key.key_id)
    return {
        HEADER_VERSION: str(PROTOCOL_VERSION),
        HEADER_DEVICE: key.key_id,
        HEADER_TIMESTAMP: request.timestamp,
        HEADER_NONCE: nonce,
        HEADER_SIGNATURE: b64(key.sign(REQUEST_CONTEXT, request.message())),
    }


def verify_request(
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    now: datetime,
    device_key: Callable[[str], PublicKey],
    nonce_fresh: Callable[[str, str, datetime], bool],
) -> SignedRequest:
    """Check a device's signed request; returns what it signed.

    Args:
        headers: The request headers (any case).
        device_key: The public key of an enrolled, not revoked device; raises
            ProtocolError (``unknown_device`` / ``revoked_device``) otherwise.
        nonce_fresh: Records (device, nonce, expiry) and says False when it was seen.

    Raises:
        ProtocolError: ``protocol.version``, ``protocol.unsigned``, ``protocol.clock``
            (outside the replay window), ``protocol.replayed``, ``protocol.bad_signature``,
            or what ``device_key`` raises.
    """
    lowered = {k.lower(): v for k, v in headers.items()}

    def header(name: str) -> str:
        value = lowered.get(name.lower())
        if not value:
            raise ProtocolError("protocol.unsigned", f"header {name} is missing", path)
        return value

    if header(HEADER_VERSION) != str(PROTOCOL_VERSION):
        raise ProtocolError("protocol.version", f"this server speaks protocol {PROTOCOL_VERSION}", path)
    device, stamp, nonce = header(HEADER_DEVICE), header(HEADER_TIMESTAMP), header(HEADER_NONCE)
    signature = from_b64(header(HEADER_SIGNATURE), HEADER_SIGNATURE)
    try:
        moment = parse_utc(stamp)
    except ValueError:
        raise ProtocolError("protocol.clock", "timestamp is not YYYY-MM-DDTHH:MM:SSZ", path) from None
    if abs(now - moment) > REPLAY_WINDOW:
        raise ProtocolError(
            "protocol.clock", f"timestamp {stamp} is outside the replay window; check the clock", path
        )
    key = device_key(device)
    request = SignedRequest(method, path, body_sha256(body), stamp, nonce, device)
    if not key.verify(REQUEST_CONTEXT, request.message(), signature):
        raise ProtocolError("protocol.bad_signature", "the request signature does not verify", path)
    if not nonce_fresh(device, nonce, moment + REPLAY_WINDOW):
        raise ProtocolError("protocol.replayed", "this request was already received", path)
    return request
