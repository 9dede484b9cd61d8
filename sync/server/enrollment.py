"""Enrollment: binding a device key to a centre with a single-use code. Layer: sync.server.

The request is not a signed request (the server does not know the key yet), but it
carries a proof of possession: the device key's signature over the canonical JSON
``{"code", "public_key", "name"}`` in the context ``ENROLL_CONTEXT`` (field ``proof``). The code is
consumed in the same transaction that records the device, with a conditional update,
so two devices racing for one code give one enrollment and one ``enroll.used_code``.
Sending the same enrollment again (the answer was lost) returns the same answer.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from pixdesk import canonical
from pixdesk.errors import TrustError
from pixdesk.signing import PublicKey, SigningKey, public_key_from_b64
from pixdesk.timeutil import format_utc
from sync.protocol import ENROLL_CONTEXT, PROTOCOL_VERSION, ProtocolError, from_b64
from sync.server.errors import ApiError
from sync.server.registry import get_centre, get_device, normalise_code, sha256_hex
from sync.server.schema import devices, enrollment_codes

__all__ = ["enroll", "proof_message"]

log = logging.getLogger("sync.server.enrollment")


def proof_message(code: str, public_key_b64: str, name: str) -> bytes:
    """What the device key signs to prove it holds the key it enrolls."""
    return canonical.dumps({"code": code, "public_key": public_key_b64, "name": name})


def _check_proof(code: str, public_key_b64: str, name: str, signature_b64: str) -> PublicKey:
    try:
        key = public_key_from_b64(public_key_b64, "public_key")
    except TrustError as exc:
        raise ApiError(400, "enroll.bad_key", exc.message) from None
    try:
        signature = from_b64(signature_b64, "signature")
        message = proof_message(code, public_key_b64, name)
    except (ProtocolError, canonical.CanonicalError):
        raise ApiError(
            400, "enroll.bad_proof", "the proof of possession is not valid base64 or JSON"
        ) from None
    if not key.verify(ENROLL_CONTEXT, message, signature):
        raise ApiError(400, "enroll.bad_proof", "the signature is not this key's over the enrollment request")
    return key


def _answer(connection: Connection, server_key: SigningKey, centre_id: str, key_id: str) -> dict[str, Any]:
    centre = get_centre(connection, centre_id)
    assert centre is not None
    return {
        "centre_id": centre.id,
        "centre_name": centre.name,
        "device": key_id,
        "server_key": server_key.public.b64,
        "server_key_id": server_key.key_id,
        "protocol_version": PROTOCOL_VERSION,
    }


def _consume(connection: Connection, code_hash: str, key: PublicKey, name: str, now: str) -> str | None:
    """Check the code and record the device; returns the centre id, or None when already done."""
    row = (
        connection.execute(select(enrollment_codes).where(enrollment_codes.c.code_sha256 == code_hash))
        .mappings()
        .first()
    )
    if row is None:
        raise ApiError(404, "enroll.unknown_code", "no such enrollment code (check how it was typed)")
    if row["used_at"] is not None:
        if row["device_key_id"] == key.key_id:
            return None  # this very device already used it: the earlier answer was lost
        raise ApiError(409, "enroll.used_code", "this enrollment code was already used")
    if row["expires_at"] <= now:
        raise ApiError(410, "enroll.expired_code", f"this enrollment code expired at {row['expires_at']}")
    device = get_device(connection, key.key_id)
    if device is not None:
        if device.revoked:
            raise ApiError(403, "enroll.revoked", "this device key was revoked: generate a new key")
        raise ApiError(
            409, "enroll.already_enrolled", f"this device is already enrolled ({device.centre_id})"
        )
    consumed = connection.execute(
        update(enrollment_codes)
        .where(enrollment_codes.c.code_sha256 == code_hash, enrollment_codes.c.used_at.is_(None))
        .values(used_at=now, device_key_id=key.key_id)
    )
    if consumed.rowcount != 1:
        raise ApiError(409, "enroll.used_code", "this enrollment code was already used")
    connection.execute(
        devices.insert().values(
            key_id=key.key_id,
            public_key=key.b64,
            centre_id=row["centre_id"],
            name=name,
            enrolled_at=now,
        )
    )
    return str(row["centre_id"])


def enroll(
    engine: Engine,
    server_key: SigningKey,
    code: str,
    public_key_b64: str,
    name: str,
    signature_b64: str,
    now: datetime,
) -> dict[str, Any]:
    """Enroll a device with a code; returns the centre, the device key id and the server key.

    Raises:
        ApiError: ``enroll.bad_key``, ``enroll.bad_proof``, ``enroll.unknown_code``,
            ``enroll.used_code``, ``enroll.expired_code``, ``enroll.revoked`` or
            ``enroll.already_enrolled``; nothing is changed then.
    """
    key = _check_proof(code, public_key_b64, name, signature_b64)
    code_hash = sha256_hex(normalise_code(code))
    try:
        with engine.begin() as connection:
            centre_id = _consume(connection, code_hash, key, name, format_utc(now))
            if centre_id is None:
                device = get_device(connection, key.key_id)
                assert device is not None
                centre_id = device.centre_id
            answer = _answer(connection, server_key, centre_id, key.key_id)
    except IntegrityError:
        raise ApiError(
            409, "enroll.already_enrolled", "this device was enrolled at the same moment"
        ) from None
    log.info(
        "device enrolled",
        extra={"event": "enrolled", "device": key.key_id, "centre": centre_id},
    )
    return answer
