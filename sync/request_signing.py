"""Signed requests: how a device signs what it sends, and how the server checks it. Layer: sync.

Everything a machine sends after enrollment is signed with its device key over the
method, the path with its query, the SHA-256 of the body, a UTC timestamp and a
single-use nonce (sync/PROTOCOL.md, "Signed requests"). The server refuses a request
outside the replay window, with a nonce it has seen, or whose signature does not verify
with the key of an enrolled, not revoked device.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from pixdesk import canonical
from pixdesk.signing import PublicKey, SigningKey
from pixdesk.timeutil import format_utc, parse_utc
from sync.protocol import (
    HEADER_DEVICE,
    HEADER_NONCE,
    HEADER_SIGNATURE,
    HEADER_TIMESTAMP,
    HEADER_VERSION,
    PROTOCOL_VERSION,
    REPLAY_WINDOW,
    REQUEST_CONTEXT,
    ProtocolError,
    b64,
    body_sha256,
    from_b64,
)

__all__ = ["SignedRequest", "sign_request", "verify_request"]


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
