"""The hash chain of an attempt's events. Layer: core (pure: hashing and signatures).

Each event is a canonical JSON object::

    {"attempt": id, "seq": n, "type": "started" | "answered" | "finished" | "aborted",
     "at": "…Z", "prev": "<hash of event n-1>", "device": "<device key id>", "data": {…}}

Its hash is SHA-256 of those bytes; the device key signs the same bytes in the context
``pixdesk-attempt-event-v1``. The first event's ``prev`` is 64 zeros. Changing, removing,
reordering or inserting any event breaks the chain at that point; a replay on another
machine needs only the events and the device's public key.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pixdesk import canonical
from pixdesk.signing import PublicKey, SigningKey

__all__ = ["EVENT_CONTEXT", "GENESIS", "ChainError", "Event", "make_event", "verify_chain"]

EVENT_CONTEXT = "pixdesk-attempt-event-v1"
GENESIS = "0" * 64


class ChainError(ValueError):
    """The events do not form an intact, signed chain; ``seq`` says where it breaks."""

    def __init__(self, seq: int, reason: str) -> None:
        super().__init__(f"event {seq}: {reason}")
        self.seq = seq
        self.reason = reason


@dataclass(frozen=True)
class Event:
    """One signed event: its canonical bytes, hash and signature (base64)."""

    body: bytes
    hash: str
    signature: str

    @property
    def document(self) -> dict[str, Any]:
        value = canonical.loads_canonical(self.body)
        assert isinstance(value, dict)
        return value

    def as_json(self) -> dict[str, Any]:
        """The event as it travels in a result bundle."""
        return {"event": self.document, "hash": self.hash, "signature": self.signature}


def make_event(
    key: SigningKey, attempt_id: str, seq: int, type_: str, at: str, prev: str, data: dict[str, Any]
) -> Event:
    """Build and sign the event ``seq`` of an attempt, chained to ``prev``."""
    body = canonical.dumps(
        {
            "attempt": attempt_id,
            "seq": seq,
            "type": type_,
            "at": at,
            "prev": prev,
            "device": key.key_id,
            "data": data,
        }
    )
    signature = base64.b64encode(key.sign(EVENT_CONTEXT, body)).decode("ascii")
    return Event(body, hashlib.sha256(body).hexdigest(), signature)


def verify_chain(
    events: Sequence[Event], device: PublicKey, attempt_id: str, signatures: bool = True
) -> list[dict[str, Any]]:
    """Check order, links, hashes and signatures; return the event documents.

    ``signatures=False`` skips only the per-event signature check, for a caller that has
    already verified a signature by the same ``device`` over every event's bytes (the
    certification server, which verified the result bundle's signature first).

    Raises:
        ChainError: at the first event that is out of place, altered or not signed by ``device``.
    """
    prev = GENESIS
    documents: list[dict[str, Any]] = []
    for expected_seq, event in enumerate(events, start=1):
        try:
            doc = event.document
        except canonical.CanonicalError as exc:
            raise ChainError(expected_seq, f"not canonical JSON: {exc}") from None
        if hashlib.sha256(event.body).hexdigest() != event.hash:
            raise ChainError(expected_seq, "hash does not match the event")
        try:
            signature = base64.b64decode(event.signature, validate=True)
        except ValueError:
            raise ChainError(expected_seq, "signature is not base64") from None
        if signatures and not device.verify(EVENT_CONTEXT, event.body, signature):
            raise ChainError(expected_seq, f"signature is not by device {device.key_id}")
        if doc.get("attempt") != attempt_id:
            raise ChainError(expected_seq, "event belongs to another attempt")
        if doc.get("seq") != expected_seq:
            raise ChainError(expected_seq, f"sequence number {doc.get('seq')!r}, expected {expected_seq}")
        if doc.get("prev") != prev:
            raise ChainError(expected_seq, "does not link to the previous event")
        if doc.get("device") != device.key_id:
            raise ChainError(expected_seq, "names another device")
        prev = event.hash
        documents.append(doc)
    return documents
