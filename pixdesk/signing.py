"""Ed25519 keys, key ids and signatures. Layer: core (crypto, file I/O for key files).

* A key id is the first 16 hex digits of SHA-256 over the raw 32-byte public key.
* Public keys travel as base64 of the raw 32 bytes; signatures as base64 of 64 bytes.
* Every signature covers ``context + b"\\n" + message`` so that a signature made for
  one kind of document (a pack manifest, a trust root, an event…) can never be
  replayed as another kind.
* Private key files are PKCS#8 PEM, created with mode 0600 and refused when the group
  or others may read them.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import (
    Ed25519PrivateKey,
    Ed25519PublicKey,
)

from pixdesk.errors import KeyFileError, TrustError

__all__ = [
    "PublicKey",
    "SigningKey",
    "generate_key",
    "key_id_of",
    "load_private_key",
    "public_key_from_b64",
    "save_private_key",
]


def key_id_of(raw_public: bytes) -> str:
    """Return the short id of a raw 32-byte Ed25519 public key."""
    return hashlib.sha256(raw_public).hexdigest()[:16]


def _message(context: str, message: bytes) -> bytes:
    return context.encode("ascii") + b"\n" + message


@dataclass(frozen=True)
class PublicKey:
    """An Ed25519 public key and its id."""

    raw: bytes

    @property
    def key_id(self) -> str:
        return key_id_of(self.raw)

    @property
    def b64(self) -> str:
        return base64.b64encode(self.raw).decode("ascii")

    def verify(self, context: str, message: bytes, signature: bytes) -> bool:
        """True when ``signature`` is this key's signature of ``message`` in ``context``."""
        try:
            Ed25519PublicKey.from_public_bytes(self.raw).verify(signature, _message(context, message))
        except (InvalidSignature, ValueError):
            return False
        return True


def public_key_from_b64(text: str, where: str) -> PublicKey:
    """Decode a base64 public key, raising a :class:`TrustError` naming ``where``."""
    try:
        raw = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise TrustError("trust.bad_key", "public key is not valid base64", where) from None
    if len(raw) != 32:
        raise TrustError("trust.bad_key", f"public key has {len(raw)} bytes, expected 32", where)
    return PublicKey(raw)


class SigningKey:
    """An Ed25519 private key. Never logged, never printed."""

    def __init__(self, private: Ed25519PrivateKey) -> None:
        self._private = private
        raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        self.public = PublicKey(raw)

    @property
    def key_id(self) -> str:
        return self.public.key_id

    def sign(self, context: str, message: bytes) -> bytes:
        return self._private.sign(_message(context, message))

    def private_pem(self) -> bytes:
        return self._private.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )

    def __repr__(self) -> str:
        return f"SigningKey(key_id={self.key_id!r})"


def generate_key() -> SigningKey:
    """Generate a new Ed25519 key from the operating system's randomness."""
    return SigningKey(Ed25519PrivateKey.generate())


def save_private_key(key: SigningKey, path: Path) -> None:
    """Write ``key`` to a new file readable by its owner only (mode 0600).

    Raises:
        KeyFileError: the file already exists (keys are never overwritten).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise KeyFileError("key.exists", "refusing to overwrite an existing key", str(path)) from None
    with os.fdopen(fd, "wb") as handle:
        handle.write(key.private_pem())
        handle.flush()
        os.fsync(handle.fileno())
    os.chmod(path, 0o600)


def load_private_key(path: Path) -> SigningKey:
    """Read a private key file, refusing one that group or others can read."""
    try:
        mode = path.stat().st_mode
    except FileNotFoundError:
        raise KeyFileError("key.missing", "key file not found", str(path)) from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise KeyFileError(
            "key.permissions",
            f"private key is accessible by group or others (mode {stat.S_IMODE(mode):04o});"
            f" run: chmod 600 {path}",
            str(path),
        )
    data = path.read_bytes()
    try:
        private = serialization.load_pem_private_key(data, password=None)
    except (ValueError, TypeError):
        raise KeyFileError("key.malformed", "not an unencrypted PEM private key", str(path)) from None
    if not isinstance(private, Ed25519PrivateKey):
        raise KeyFileError("key.malformed", "not an Ed25519 private key", str(path))
    return SigningKey(private)
