"""Sealing of certification challenge bodies (AES-256-GCM). Layer: packs (crypto).

Key hierarchy (content_packs/FORMAT.md, "Encryption"):

* a **pack content key** (32 random bytes) is drawn when a certification pack is
  built; it encrypts every challenge body of that pack and never travels inside it.
  Its id (``key_id``, in the signed manifest) is the first 16 hex digits of
  SHA-256("pixdesk-pack-key-v1" || key);
* the publisher hands the key to the certification server only;
* for a session, the server wraps the key for that session (the session pack), and the
  proctor's unlock on the day releases it on the room's machines.

A sealed body is ``nonce (12 bytes) || ciphertext || tag (16 bytes)``, with the
associated data ``pack_id:challenge_id:lang`` so that a body moved to another
challenge, language or pack does not decrypt.
"""

from __future__ import annotations

import hashlib
import os

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

from pixdesk.errors import PackError

__all__ = ["new_pack_key", "pack_key_id", "seal", "unseal"]

NONCE_BYTES = 12


def new_pack_key() -> bytes:
    return AESGCM.generate_key(bit_length=256)


def pack_key_id(key: bytes) -> str:
    return hashlib.sha256(b"pixdesk-pack-key-v1" + key).hexdigest()[:16]


def _aad(pack_id: str, challenge_id: str, lang: str) -> bytes:
    return f"{pack_id}:{challenge_id}:{lang}".encode()


def seal(key: bytes, pack_id: str, challenge_id: str, lang: str, body: bytes) -> bytes:
    nonce = os.urandom(NONCE_BYTES)
    return nonce + AESGCM(key).encrypt(nonce, body, _aad(pack_id, challenge_id, lang))


def unseal(key: bytes, pack_id: str, challenge_id: str, lang: str, sealed: bytes) -> bytes:
    """Decrypt a sealed body; a wrong key or a moved/altered body raises PackError."""
    try:
        return AESGCM(key).decrypt(
            sealed[:NONCE_BYTES], sealed[NONCE_BYTES:], _aad(pack_id, challenge_id, lang)
        )
    except (InvalidTag, ValueError):
        raise PackError(
            "pack.unseal_failed",
            "challenge body does not decrypt with this key",
            f"{pack_id}:{challenge_id}:{lang}",
        ) from None
