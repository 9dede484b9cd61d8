"""The wire protocol: signed requests, envelopes, receipts, verdicts — and what each refuses."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pixdesk import canonical
from pixdesk.services.outbox import BUNDLE_CONTEXT
from pixdesk.signing import PublicKey, generate_key
from sync.protocol import (
    HEADER_NONCE,
    HEADER_SIGNATURE,
    Envelope,
    ProtocolError,
    Receipt,
    Verdict,
    b64,
)
from sync.request_signing import sign_request, verify_request

NOW = datetime(2026, 11, 26, 14, 0, 0, tzinfo=UTC)
DEVICE = generate_key()
OTHER = generate_key()


class Server:
    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def key(self, device: str) -> PublicKey:
        if device != DEVICE.key_id:
            raise ProtocolError("unknown_device", "no such device", device)
        return DEVICE.public

    def fresh(self, device: str, nonce: str, _until: datetime) -> bool:
        if (device, nonce) in self.seen:
            return False
        self.seen.add((device, nonce))
        return True

    def check(self, headers, method="POST", path="/v1/bundles", body=b"{}", now=NOW):  # type: ignore[no-untyped-def]
        return verify_request(headers, method, path, body, now, self.key, self.fresh)


def test_a_signed_request_verifies_once() -> None:
    server = Server()
    headers = sign_request(DEVICE, "POST", "/v1/bundles", b"{}", NOW)
    assert server.check(headers).device == DEVICE.key_id
    with pytest.raises(ProtocolError) as replayed:
        server.check(headers)
    assert replayed.value.code == "protocol.replayed"


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"body": b'{"x":1}'}, "protocol.bad_signature"),
        ({"path": "/v1/other"}, "protocol.bad_signature"),
        ({"method": "GET"}, "protocol.bad_signature"),
        ({"now": NOW + timedelta(minutes=6)}, "protocol.clock"),
        ({"now": NOW - timedelta(minutes=6)}, "protocol.clock"),
    ],
)
def test_anything_changed_after_signing_is_refused(change, code) -> None:  # type: ignore[no-untyped-def]
    headers = sign_request(DEVICE, "POST", "/v1/bundles", b"{}", NOW)
    with pytest.raises(ProtocolError) as refused:
        Server().check(headers, **change)
    assert refused.value.code == code


def test_unknown_device_missing_header_and_forged_signature() -> None:
    server = Server()
    with pytest.raises(ProtocolError) as unknown:
        server.check(sign_request(OTHER, "POST", "/v1/bundles", b"{}", NOW))
    assert unknown.value.code == "unknown_device"
    headers = sign_request(DEVICE, "POST", "/v1/bundles", b"{}", NOW)
    with pytest.raises(ProtocolError) as missing:
        server.check({k: v for k, v in headers.items() if k != HEADER_NONCE})
    assert missing.value.code == "protocol.unsigned"
    forged = {**headers, HEADER_SIGNATURE: b64(OTHER.sign("pixdesk-request-v1", b"x"))}
    with pytest.raises(ProtocolError) as bad:
        server.check(forged)
    assert bad.value.code == "protocol.bad_signature"


def envelope(payload: dict, key=DEVICE) -> Envelope:  # type: ignore[no-untyped-def]
    body = canonical.dumps(payload)
    return Envelope(payload["bundle_id"], payload["device"], body, key.sign(BUNDLE_CONTEXT, body))


def test_envelopes_travel_as_json_and_verify_with_the_device_key() -> None:
    sent = envelope({"bundle_id": "b1", "device": DEVICE.key_id, "device_seq": 1})
    received = Envelope.from_json(sent.to_json())
    assert received == sent and received.verify(DEVICE.public)
    assert received.payload_document()["device_seq"] == 1
    assert not received.verify(OTHER.public)
    altered = Envelope(sent.bundle_id, sent.device, sent.payload.replace(b"1", b"2"), sent.signature)
    assert not altered.verify(DEVICE.public)
    resigned = envelope({"bundle_id": "b1", "device": DEVICE.key_id, "device_seq": 1}, key=OTHER)
    assert not resigned.verify(DEVICE.public)


def test_an_envelope_naming_another_bundle_than_its_payload_is_a_mismatch() -> None:
    sent = envelope({"bundle_id": "b1", "device": DEVICE.key_id})
    lying = Envelope("b2", sent.device, sent.payload, sent.signature)
    with pytest.raises(ProtocolError) as refused:
        lying.payload_document()
    assert refused.value.code == "mismatch"
    with pytest.raises(ProtocolError):
        Envelope.from_json({"bundle_id": "b1", "device": "d", "payload": "not base64!", "signature": ""})


def test_receipts_are_signed_by_the_server_and_survive_json() -> None:
    server = generate_key()
    receipt = Receipt("b1", DEVICE.key_id, 1, "ab" * 32, "accepted", "2026-11-26T14:00:00Z", server.key_id)
    signed = receipt.signed(server)
    back = Receipt.from_json(signed.to_json())
    assert back == signed and back.verify(server.public)
    assert not receipt.verify(server.public), "unsigned"
    tampered = Receipt.from_json({**signed.to_json(), "device_seq": 2})
    assert not tampered.verify(server.public)


def test_verdicts_say_whether_a_rejection_is_worth_retrying() -> None:
    gap = Verdict("b2", "rejected", "sequence_gap", "bundle 1 first")
    forged = Verdict("b3", "rejected", "bad_signature", "does not verify")
    assert gap.retry and not forged.retry
    assert Verdict.from_json(gap.to_json()) == gap
    assert gap.to_json()["retry"] is True
    with pytest.raises(ProtocolError):
        Verdict.from_json({"bundle_id": "b1", "verdict": "accepted"})  # no receipt
