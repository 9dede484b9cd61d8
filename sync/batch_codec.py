"""The body of ``POST /v1/bundles``, written and read in one pass of C code. Layer: sync.

A batch is up to 200 envelopes of ~10 KB of base64 each: with the standard library,
decoding the JSON and then each payload's base64 cost more than verifying the bundles'
signatures. msgspec does both in one pass, straight into bytes. Both ends use it:
the machine to write its batches, the server to read them.

:func:`decode_batch` is the fast path only: it answers None for a body it cannot take
whole (a malformed envelope, an unknown ``receipt_proof``, too many bundles), and the
server then reads that body the slow way, which names what is wrong — a malformed
envelope gets its own ``bad_envelope`` verdict without spoiling the batch.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from sync.protocol import MAX_BATCH, RECEIPT_PROOFS, Envelope

__all__ = ["decode_batch", "encode_batch"]


class _WireEnvelope(msgspec.Struct):
    bundle_id: str
    device: str
    payload: bytes  # base64 on the wire
    signature: bytes  # base64 on the wire


class _WireBatch(msgspec.Struct):
    bundles: list[_WireEnvelope]
    receipt_proof: str = "signature"


_DECODER = msgspec.json.Decoder(_WireBatch)
_ENCODER = msgspec.json.Encoder()


def encode_batch(envelopes: Sequence[Envelope], receipt_proof: str = "signature") -> bytes:
    """The request body carrying ``envelopes`` (their payload bytes unchanged, in base64)."""
    wire = [_WireEnvelope(e.bundle_id, e.device, e.payload, e.signature) for e in envelopes]
    return _ENCODER.encode(_WireBatch(wire, receipt_proof))


def decode_batch(body: bytes) -> tuple[list[Envelope], str] | None:
    """The envelopes and the ``receipt_proof`` of a well-formed batch body; None for any other
    body (read it with the request model and :meth:`Envelope.from_json`, which say why)."""
    try:
        batch = _DECODER.decode(body)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if len(batch.bundles) > MAX_BATCH or batch.receipt_proof not in RECEIPT_PROOFS:
        return None
    if not all(wire.bundle_id and wire.device for wire in batch.bundles):
        return None  # Envelope.from_json names the empty field
    envelopes = [Envelope(w.bundle_id, w.device, w.payload, w.signature) for w in batch.bundles]
    return envelopes, batch.receipt_proof
