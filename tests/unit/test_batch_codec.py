"""The bundle batch body (sync.batch_codec): written once, read whole or not at all."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from sync.batch_codec import decode_batch, encode_batch
from sync.protocol import MAX_BATCH, Envelope


def _envelopes(n: int) -> list[Envelope]:
    return [
        Envelope(f"b{i}", "0123456789abcdef", f'{{"n":{i},"t":"é\\u0000"}}'.encode(), bytes([i % 256]) * 64)
        for i in range(n)
    ]


def test_a_batch_comes_back_as_it_was_sent_and_reads_as_plain_json() -> None:
    sent = _envelopes(3)
    body = encode_batch(sent, receipt_proof="batch")
    assert decode_batch(body) == (sent, "batch")
    plain = json.loads(body)  # the wire form any JSON reader sees (sync/PROTOCOL.md)
    assert plain["receipt_proof"] == "batch"
    assert [Envelope.from_json(item) for item in plain["bundles"]] == sent
    assert plain["bundles"][0]["payload"] == base64.b64encode(sent[0].payload).decode()


def test_an_upload_without_receipt_proof_asks_for_signatures() -> None:
    body = json.dumps({"bundles": [e.to_json() for e in _envelopes(2)], "from_a_newer_client": 1}).encode()
    assert decode_batch(body) == (_envelopes(2), "signature")


def _body(bundles: list[dict[str, Any]], **extra: Any) -> bytes:
    return json.dumps({"bundles": bundles, **extra}).encode()


GOOD = _envelopes(1)[0].to_json()


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"[]",
        _body([{**GOOD, "payload": "%%%"}]),
        _body([{**GOOD, "payload": "AAA"}]),  # missing padding
        _body([{**GOOD, "signature": 7}]),
        _body([{k: v for k, v in GOOD.items() if k != "device"}]),
        _body([{**GOOD, "bundle_id": ""}]),
        _body([{**GOOD, "device": ""}]),
        _body([GOOD] * (MAX_BATCH + 1)),
        _body([GOOD], receipt_proof="merkle"),
    ],
    ids=[
        "empty",
        "not-json",
        "not-an-object",
        "not-base64",
        "no-padding",
        "signature-not-text",
        "no-device",
        "empty-id",
        "empty-device",
        "too-many",
        "unknown-proof",
    ],
)
def test_a_body_it_cannot_take_whole_is_left_to_the_slow_reader(body: bytes) -> None:
    assert decode_batch(body) is None
