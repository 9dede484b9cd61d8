"""The intake's reading of a payload's head (sync.server.payload_head): the fast reading gives
what reading the whole payload gives, and every payload it cannot take is refused as before."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from pixdesk import canonical
from sync.protocol import Envelope, ProtocolError
from sync.server.payload_head import _fast, head_of, read_head

DEVICE = "0123456789abcdef"
PACK = {"id": "demo", "sha256": "ab" * 32, "version": 3}


def _event(seq: int, kind: str, data: dict[str, Any]) -> dict[str, Any]:
    body = {"at": f"2026-11-26T14:0{seq}:00Z", "attempt": "a1", "data": data, "seq": seq, "type": kind}
    return {"event": body, "hash": f"{seq:064x}", "signature": "c2ln"}


def _doc(**changes: Any) -> dict[str, Any]:
    doc: dict[str, Any] = {
        "format": "pixdesk-result-bundle",
        "format_version": 1,
        "bundle_id": "b1",
        "device": DEVICE,
        "device_seq": 4,
        "previous": "0" * 64,
        "created": "2026-11-26T14:05:00Z",
        "attempt": {"id": "a1", "kind": "competence", "learner": "ada", "pack": PACK, "status": "finished"},
        "events": [
            _event(1, "started", {"learner": "ada", "pack": PACK, "competence": "1.1"}),
            _event(2, "answered", {"challenge": "c1", "response": [1, 2], "status": "ok"}),
            _event(3, "finished", {"result": {"pix": 8}}),
        ],
        "result": {"competences": {"1.1": {"level": 1, "pix": 8}}},
    }
    doc.update(changes)
    return doc


def _envelope(doc: dict[str, Any] | bytes) -> Envelope:
    payload = doc if isinstance(doc, bytes) else canonical.dumps(doc)
    return Envelope("b1", DEVICE, payload, b"")


def test_the_fast_reading_gives_what_the_whole_payload_says() -> None:
    doc = _doc()
    head = _fast(_envelope(doc))
    assert head is not None, "a well-formed bundle is read the fast way"
    assert head == head_of(doc) == read_head(_envelope(doc))
    assert head.kind == "competence" and head.finished_at == "2026-11-26T14:03:00Z"
    one = _doc(events=[doc["events"][0]])
    assert read_head(_envelope(one)) == head_of(one) and _fast(_envelope(one)) is not None


def test_a_reset_is_its_own_kind() -> None:
    doc = _doc()
    doc["events"][0]["event"]["data"]["reset"] = True
    assert read_head(_envelope(doc)).kind == "reset"


def _float_in_middle_event() -> bytes:
    payload = canonical.dumps(_doc())
    return payload.replace(b'"response":[1,2]', b'"response":[1.5,2]')


def _broken(change: Any) -> dict[str, Any]:
    doc = copy.deepcopy(_doc())
    change(doc)
    return doc


REFUSED = {
    "not json": (b"{", "bad_envelope"),
    "not an object": (b"[1]", "bad_envelope"),
    "float in the attempt": (
        canonical.dumps(_doc()).replace(b'"version":3', b'"version":3.0'),
        "bad_envelope",
    ),
    "float in the first event": (
        canonical.dumps(_doc()).replace(b'"competence":"1.1"', b'"competence":1.1'),
        "bad_envelope",
    ),
    "NaN in an event": (canonical.dumps(_doc()).replace(b"[1,2]", b"[NaN,2]"), "bad_envelope"),
    "another bundle": (_broken(lambda d: d.update(bundle_id="b2")), "mismatch"),
    "another device": (_broken(lambda d: d.update(device="f" * 16)), "mismatch"),
    "no result": (_broken(lambda d: d.pop("result")), "bad_payload"),
    "no events": (_broken(lambda d: d.update(events=[])), "bad_payload"),
    "an event not an object": (_broken(lambda d: d["events"][1].update(event=[1])), "bad_payload"),
    "an event without hash": (_broken(lambda d: d["events"][1].pop("hash")), "bad_payload"),
    "sequence as text": (_broken(lambda d: d.update(device_seq="4")), "bad_payload"),
    "another format": (_broken(lambda d: d.update(format_version=2)), "bad_payload"),
    "no learner": (_broken(lambda d: d["attempt"].pop("learner")), "bad_payload"),
}


@pytest.mark.parametrize("case", REFUSED)
def test_a_payload_the_fast_reading_cannot_take_is_refused_as_by_the_whole_reading(case: str) -> None:
    payload, code = REFUSED[case]
    envelope = _envelope(payload)
    assert _fast(envelope) is None
    with pytest.raises(ProtocolError) as refused:
        read_head(envelope)
    assert refused.value.code == code


def test_a_float_inside_an_event_in_between_is_left_to_scoring() -> None:
    """Only scanned here: the canonical check at scoring refuses it (test_server_attacks)."""
    envelope = _envelope(_float_in_middle_event())
    assert read_head(envelope).device_seq == 4
    with pytest.raises(ProtocolError) as refused:
        envelope.payload_document()
    assert refused.value.code == "bad_envelope"
