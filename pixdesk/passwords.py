"""Learner secrets (PINs and passwords): scrypt hashes and the rules a secret must follow.

Layer: core (stdlib only, no I/O). A hash is stored as ONE self-describing string,
``scrypt$<n>$<r>$<p>$<salt base64>$<key base64>``, so that the cost can be raised later
without losing the secrets already stored: :func:`verify_secret` reads the parameters
from the string, :func:`needs_rehash` says when a stored hash is below today's cost.
Secrets are never logged and never kept anywhere but in the caller's variables.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os
import re
import unicodedata

from pixdesk.errors import PixdeskError

__all__ = [
    "PASSWORD_MIN_LENGTH",
    "PIN_MAX_LENGTH",
    "PIN_MIN_LENGTH",
    "SECRET_KINDS",
    "SecretHashError",
    "hash_secret",
    "is_valid_password",
    "is_valid_pin",
    "needs_rehash",
    "verify_secret",
]

SECRET_KINDS = ("pin", "password")
PIN_MIN_LENGTH, PIN_MAX_LENGTH = 4, 6
PASSWORD_MIN_LENGTH = 8

SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
SALT_BYTES, KEY_BYTES = 16, 32

# Bounds on what a stored string may ask for: a damaged or hostile row must not make
# verification take minutes or gigabytes.
_MAX_N, _MAX_R, _MAX_P = 2**20, 32, 16
_PIN = re.compile(rf"[0-9]{{{PIN_MIN_LENGTH},{PIN_MAX_LENGTH}}}")


class SecretHashError(PixdeskError):
    """A stored secret hash is not one this program can read (code ``secret.bad_hash``)."""


def is_valid_pin(pin: str) -> bool:
    """A PIN is 4 to 6 ASCII digits, nothing else (no spaces, no other scripts' digits)."""
    return _PIN.fullmatch(pin) is not None


def is_valid_password(password: str) -> bool:
    """A password has at least 8 characters and is not only spaces."""
    return len(password) >= PASSWORD_MIN_LENGTH and bool(password.strip())


def _secret_bytes(secret: str) -> bytes:
    # NFC: the same password typed on two keyboards (composed "é" or e + U+0301) is one secret.
    return unicodedata.normalize("NFC", secret).encode("utf-8")


def _derive(secret: str, salt: bytes, n: int, r: int, p: int, length: int) -> bytes:
    memory = 128 * r * (n + p + 2) + (1 << 20)
    return hashlib.scrypt(_secret_bytes(secret), salt=salt, n=n, r=r, p=p, maxmem=memory, dklen=length)


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_secret(secret: str) -> str:
    """Hash a secret with scrypt and a fresh 16-byte random salt.

    Args:
        secret: the PIN or password as typed (validated by the caller).

    Returns:
        ``scrypt$16384$8$1$<salt>$<key>`` (standard base64, with padding).
    """
    salt = os.urandom(SALT_BYTES)
    key = _derive(secret, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P, KEY_BYTES)
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${_b64(salt)}${_b64(key)}"


def _parse(stored: str) -> tuple[int, int, int, bytes, bytes]:
    def bad(why: str) -> SecretHashError:
        return SecretHashError("secret.bad_hash", f"stored secret hash is malformed: {why}")

    parts = stored.split("$") if isinstance(stored, str) else []
    if len(parts) != 6 or parts[0] != "scrypt":
        raise bad("expected scrypt$n$r$p$salt$key")
    try:
        n, r, p = (int(part, 10) for part in parts[1:4])
        salt = base64.b64decode(parts[4], validate=True)
        key = base64.b64decode(parts[5], validate=True)
    except (ValueError, binascii.Error):
        raise bad("parameters are not numbers or salt/key are not base64") from None
    if n < 2 or n > _MAX_N or n & (n - 1) or not 1 <= r <= _MAX_R or not 1 <= p <= _MAX_P:
        raise bad("scrypt parameters out of range")
    if len(salt) < 8 or len(key) < 16:
        raise bad("salt or key too short")
    return n, r, p, salt, key


def verify_secret(secret: str, stored: str) -> bool:
    """Whether ``secret`` matches ``stored`` (a string made by :func:`hash_secret`).

    The comparison runs in constant time (``hmac.compare_digest``).

    Raises:
        SecretHashError: ``stored`` is not a well-formed scrypt hash string.
    """
    n, r, p, salt, key = _parse(stored)
    return hmac.compare_digest(_derive(secret, salt, n, r, p, len(key)), key)


def needs_rehash(stored: str) -> bool:
    """Whether a well-formed stored hash was made with weaker parameters than today's."""
    n, r, p, salt, key = _parse(stored)
    weaker = n < SCRYPT_N or r < SCRYPT_R or p < SCRYPT_P
    return weaker or len(salt) < SALT_BYTES or len(key) < KEY_BYTES
