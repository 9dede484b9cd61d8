"""What the intake reads of a bundle's payload: its head, without building its events.
Layer: sync.server.

To judge a bundle the intake needs the payload's names (bundle id, device), its place in
the device's chain, its attempt summary and result, its first event (learner, pack, a
reset?) and its last (when it finished) — not the answers in between, whose replay is
re-scoring's business (sync.server.scoring). Building every event as Python objects was
the intake's largest cost (~110 us for a ~7 KB payload). msgspec reads the payload
against the result bundle's form instead, keeping each event's body as raw bytes
(scanned, so they are still checked to be JSON, but not built); only the first and the
last bodies are decoded.

That is the fast path. A payload it cannot read — anything but a well-formed bundle
naming its envelope — is read whole (:meth:`Envelope.payload_fields`, then
:func:`sync.server.rescore.check_payload`), which names what is wrong exactly as before:
``bad_envelope`` (not JSON, floats), ``mismatch`` (names another bundle or device),
``bad_payload`` (not a result bundle). One difference, by design: the bodies of the
events in between are only scanned here, so a float (or a byte that is not UTF-8) inside
one is refused when the bundle is scored, with the check that its bytes are canonical
JSON; the verified signature already binds these exact bytes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, NoReturn

import msgspec

from sync.protocol import Envelope, ProtocolError
from sync.server.rescore import check_head, check_payload, finished_at

__all__ = ["PayloadHead", "head_of", "read_head"]


class _Event(msgspec.Struct):
    event: msgspec.Raw  # scanned, not built
    hash: str
    signature: str


class _Payload(msgspec.Struct):
    """A result bundle's top level, typed loosely: :func:`check_head` judges the values."""

    bundle_id: Any = None
    device: Any = None
    format: Any = None
    format_version: Any = None
    device_seq: Any = None
    previous: Any = None
    created: Any = None
    attempt: Any = None
    result: Any = None
    events: list[_Event] = []


def _refuse_float(_text: str) -> NoReturn:
    raise ValueError("floats are not allowed in signed documents")


_PAYLOAD = msgspec.json.Decoder(_Payload, float_hook=_refuse_float)
_BODY = msgspec.json.Decoder(float_hook=_refuse_float)


@dataclass(frozen=True)
class PayloadHead:
    """A payload's head; its form checked."""

    device_seq: int
    previous: str
    attempt: dict[str, Any]
    result: dict[str, Any]
    first: dict[str, Any]  # the first event (``started``)
    last: dict[str, Any]  # the last event

    @property
    def kind(self) -> str:
        """The attempt's kind as the centre's results show it: a competence reset says ``reset``."""
        data = self.first.get("data")
        if isinstance(data, dict) and data.get("reset") is True:
            return "reset"
        return str(self.attempt["kind"])[:32]

    @property
    def finished_at(self) -> str:
        """When the last event happened, as it says (sync.server.rescore.finished_at)."""
        return finished_at(self.last)


def read_head(envelope: Envelope) -> PayloadHead:
    """The head of ``envelope``'s payload.

    Raises:
        ProtocolError: ``bad_envelope``, ``mismatch`` or ``bad_payload``.
    """
    head = _fast(envelope)
    if head is not None:
        return head
    doc = envelope.payload_fields()  # the slow way, which says what is wrong
    check_payload(doc, envelope.bundle_id)
    return head_of(doc)


def head_of(doc: dict[str, Any]) -> PayloadHead:
    """The head of a whole payload that :func:`check_payload` passed."""
    events = doc["events"]
    first, last = events[0]["event"], events[-1]["event"]
    return PayloadHead(doc["device_seq"], doc["previous"], doc["attempt"], doc["result"], first, last)


def _fast(envelope: Envelope) -> PayloadHead | None:
    """The head read with msgspec; None when the payload is not simply a well-formed bundle."""
    try:
        payload = _PAYLOAD.decode(envelope.payload)
        events = payload.events
        if not events or not all(memoryview(e.event)[:1].tobytes() == b"{" for e in events):
            return None  # no events, or one that is not an object
        first = _BODY.decode(events[0].event)
        last = first if len(events) == 1 else _BODY.decode(events[-1].event)
    except (msgspec.DecodeError, msgspec.ValidationError):
        return None
    if payload.bundle_id != envelope.bundle_id or payload.device != envelope.device:
        return None
    top = {f: getattr(payload, f) for f in payload.__struct_fields__ if f != "events"}
    try:
        check_head(top, envelope.bundle_id)
    except ProtocolError:
        return None
    return PayloadHead(payload.device_seq, payload.previous, payload.attempt, payload.result, first, last)
