"""Centres, centre-admin tokens, enrollment codes and devices. Layer: sync.server.

The records behind ``pixdesk server admin`` and behind every authenticated request.
Tokens and codes are random, shown once, and stored as SHA-256 only: they are 256-bit
(tokens) and ~78-bit (codes) random strings, so a fast hash is enough — unlike learner
PINs and passwords, which are low-entropy and hashed with scrypt elsewhere.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.engine import Connection, Engine, RowMapping

from pixdesk.signing import PublicKey, public_key_from_b64
from pixdesk.timeutil import format_utc
from sync.server.database import ServerError
from sync.server.schema import admin_tokens, centres, devices, enrollment_codes

__all__ = [
    "CODE_ALPHABET",
    "Centre",
    "DeviceRecord",
    "add_centre",
    "add_code",
    "add_token",
    "centre_for_token",
    "device_from_row",
    "get_centre",
    "get_device",
    "list_devices",
    "normalise_code",
    "revoke_device",
    "sha256_hex",
]

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"  # no 0/O, 1/I/L, U: easy to read out and type
CODE_GROUPS = 4
TOKEN_PREFIX = "pxa_"


def sha256_hex(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True)
class Centre:
    id: str
    name: str
    created_at: str


@dataclass(frozen=True)
class DeviceRecord:
    """An enrolled device key (``revoked_at`` set once revoked; never deleted)."""

    key_id: str
    public_key: PublicKey
    centre_id: str
    name: str
    enrolled_at: str
    revoked_at: str | None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def device_from_row(row: RowMapping) -> DeviceRecord:
    """A device record from a ``devices`` row."""
    return DeviceRecord(
        key_id=row["key_id"],
        public_key=public_key_from_b64(row["public_key"], f"device {row['key_id']}"),
        centre_id=row["centre_id"],
        name=row["name"],
        enrolled_at=row["enrolled_at"],
        revoked_at=row["revoked_at"],
    )


def add_centre(engine: Engine, name: str, now: datetime) -> Centre:
    """Create a certification centre; returns it with its new id."""
    name = name.strip()
    if not name or len(name) > 200 or "\x00" in name:
        raise ServerError("centre.bad_name", "a centre name is 1 to 200 characters", name[:40])
    centre = Centre(uuid.uuid4().hex[:12], name, format_utc(now))
    with engine.begin() as connection:
        connection.execute(centres.insert().values(id=centre.id, name=name, created_at=centre.created_at))
    return centre


def get_centre(connection: Connection, centre_id: str) -> Centre | None:
    row = connection.execute(select(centres).where(centres.c.id == centre_id)).mappings().first()
    return None if row is None else Centre(row["id"], row["name"], row["created_at"])


def _require_centre(connection: Connection, centre_id: str) -> Centre:
    centre = get_centre(connection, centre_id)
    if centre is None:
        raise ServerError("centre.unknown", "no centre has this id", centre_id)
    return centre


def add_token(engine: Engine, centre_id: str, now: datetime) -> str:
    """A new centre-admin API token; only its SHA-256 is stored, so print it now or never."""
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    with engine.begin() as connection:
        _require_centre(connection, centre_id)
        connection.execute(
            admin_tokens.insert().values(
                token_sha256=sha256_hex(token), centre_id=centre_id, created_at=format_utc(now)
            )
        )
    return token


def centre_for_token(connection: Connection, token: str) -> str | None:
    """The centre a centre-admin token belongs to, or None."""
    query = select(admin_tokens.c.centre_id).where(admin_tokens.c.token_sha256 == sha256_hex(token))
    value = connection.execute(query).scalar_one_or_none()
    return None if value is None else str(value)


def normalise_code(code: str) -> str:
    """A code as typed (any case, dashes or spaces) in its stored form."""
    return "".join(ch for ch in code.upper() if ch not in "- ")


def add_code(engine: Engine, centre_id: str, now: datetime, hours: float = 24) -> tuple[str, str]:
    """A single-use enrollment code for ``centre_id``; returns (code, expiry)."""
    if not 0 < hours <= 24 * 30:
        raise ServerError("code.bad_validity", "a code is valid for more than 0 and at most 720 hours")
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(4 * CODE_GROUPS))
    code = "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))
    expires = format_utc(now + timedelta(hours=hours))
    with engine.begin() as connection:
        _require_centre(connection, centre_id)
        connection.execute(
            enrollment_codes.insert().values(
                code_sha256=sha256_hex(raw),
                centre_id=centre_id,
                created_at=format_utc(now),
                expires_at=expires,
            )
        )
    return code, expires


def get_device(connection: Connection, key_id: str) -> DeviceRecord | None:
    row = connection.execute(select(devices).where(devices.c.key_id == key_id)).mappings().first()
    return None if row is None else device_from_row(row)


def list_devices(engine: Engine) -> list[DeviceRecord]:
    """Every device ever enrolled, revoked ones included, by centre then enrollment."""
    with engine.connect() as connection:
        rows = connection.execute(
            select(devices).order_by(devices.c.centre_id, devices.c.enrolled_at, devices.c.key_id)
        ).mappings()
        return [device_from_row(row) for row in rows]


def revoke_device(engine: Engine, key_id: str, now: datetime) -> DeviceRecord:
    """Revoke a device: its requests and its bundles not yet received are refused from now on.

    Bundles already accepted stay (they were valid when received). Idempotent.
    """
    with engine.begin() as connection:
        connection.execute(
            update(devices)
            .where(devices.c.key_id == key_id, devices.c.revoked_at.is_(None))
            .values(revoked_at=format_utc(now))
        )
        device = get_device(connection, key_id)
    if device is None:
        raise ServerError("device.unknown", "no enrolled device has this key id", key_id)
    return device
