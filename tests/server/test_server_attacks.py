"""Attacks on the bundle intake and on signed requests: each refused with a clear code,
and nothing stored. A bundle authentic and in its device's chain whose events do not
replay is held (the device's receipt says the server has it) but refused at scoring:
never in the results, never scored, kept for a person to look at."""

from __future__ import annotations

import dataclasses
import re
from datetime import timedelta
from pathlib import Path

import pytest
from server_world import Server, World, make_server
from test_server_bundles import resigned

from pixdesk.services.outbox import BUNDLE_CONTEXT, GENESIS_BUNDLE
from pixdesk.signing import generate_key
from sync.protocol import MAX_BODY_BYTES, Envelope
from sync.request_signing import sign_request
from sync.server import registry


def refused(server: Server, relay: str, envelope: Envelope | dict, code: str) -> dict:  # type: ignore[type-arg]
    before = server.count("bundles"), server.count("competence_results")
    [verdict] = server.send(server.world.machines[relay], envelope)
    assert verdict["verdict"] == "rejected" and verdict["code"] == code, verdict
    assert (server.count("bundles"), server.count("competence_results")) == before, "nothing stored"
    return verdict


def flip_first_answer(doc: dict) -> None:  # type: ignore[type-arg]
    """A payload change: the first answer's recorded status the other way round (does not replay)."""
    answered = doc["events"][1]["event"]
    answered["data"]["status"] = "ko" if answered["data"]["status"] == "ok" else "ok"


def refused_at_scoring(server: Server, relay: str, envelope: Envelope, code: str) -> dict:  # type: ignore[type-arg]
    [verdict] = server.send(server.world.machines[relay], envelope, score=False)
    assert verdict["verdict"] == "accepted" and verdict["receipt"], "held: the device may stop sending it"
    assert server.scoring(envelope.bundle_id)["scoring"] == "pending"
    done = server.score()
    assert (done.scored, done.refused) == (0, 1)
    row = server.scoring(envelope.bundle_id)
    assert row["scoring"] == "refused" and row["scoring_code"] == code, row
    assert row["server_result"] is None and row["scoring_reason"]
    assert server.count("competence_results") == 0, "a refused bundle is never in the results"
    return row


def test_a_forged_signature_is_refused(server: Server) -> None:
    a = server.world.machines["A"].envelopes[0]
    forged = dataclasses.replace(a, signature=generate_key().sign(BUNDLE_CONTEXT, a.payload))
    refused(server, "A", forged, "bad_signature")


def test_an_altered_payload_is_refused(server: Server) -> None:
    a = server.world.machines["A"].envelopes[0]
    altered = dataclasses.replace(a, payload=a.payload.replace(b'"correct":', b'"correct":9', 1))
    refused(server, "A", altered, "bad_signature")


def test_an_unknown_device_is_refused_as_sender_and_as_bundle_signer(server: Server) -> None:
    stranger = generate_key()
    a = server.world.machines["A"].envelopes[0]
    own = resigned(a, stranger, lambda doc: doc.update(device=stranger.key_id))
    refused(server, "A", own, "unknown_device")
    response = server.signed(stranger, "POST", "/v1/bundles", {"bundles": [own.to_json()]})
    assert response.status_code == 403 and response.json()["error"]["code"] == "unknown_device"
    assert server.count("bundles") == 0


def test_a_revoked_device_is_refused_as_sender_and_as_relayed_bundle(server: Server) -> None:
    a = server.world.machines["A"]
    registry.revoke_device(server.engine, a.device.key_id, server.clock())
    response = server.signed(a.device, "POST", "/v1/bundles", {"bundles": [a.envelopes[0].to_json()]})
    assert response.status_code == 403 and response.json()["error"]["code"] == "revoked_device"
    refused(server, "B", a.envelopes[0], "revoked_device")


def test_a_replayed_request_is_refused_and_not_counted_twice(server: Server) -> None:
    a = server.world.machines["A"]
    body = b'{"bundles": []}'
    headers = {
        **sign_request(a.device, "POST", "/v1/bundles", body, server.clock()),
        "Content-Type": "application/json",
    }
    assert server.client.post("/v1/bundles", content=body, headers=headers).status_code == 200
    nonces = server.count("nonces")
    again = server.client.post("/v1/bundles", content=body, headers=headers)
    assert again.status_code == 409 and again.json()["error"]["code"] == "protocol.replayed"
    assert server.count("nonces") == nonces


def test_a_request_for_another_body_or_path_does_not_verify(server: Server) -> None:
    a = server.world.machines["A"]
    headers = sign_request(a.device, "POST", "/v1/bundles", b'{"bundles": []}', server.clock())
    bundle = {"bundles": [a.envelopes[0].to_json()]}
    response = server.client.post("/v1/bundles", json=bundle, headers=headers)
    assert response.status_code == 401 and response.json()["error"]["code"] == "protocol.bad_signature"
    headers = sign_request(a.device, "GET", "/v1/sync?cursor=0", b"", server.clock())
    response = server.client.get("/v1/sync?cursor=5", headers=headers)
    assert response.json()["error"]["code"] == "protocol.bad_signature"
    assert server.count("bundles") == 0


def test_a_request_outside_the_replay_window_is_refused(server: Server) -> None:
    a = server.world.machines["A"]
    old = server.clock() - timedelta(minutes=6)
    headers = sign_request(a.device, "GET", "/v1/sync", b"", old)
    response = server.client.get("/v1/sync", headers=headers)
    assert response.status_code == 401 and response.json()["error"]["code"] == "protocol.clock"


def test_a_bundle_resigned_by_another_device_is_refused(server: Server) -> None:
    a, b = server.world.machines["A"], server.world.machines["B"]
    envelope = a.envelopes[0]
    claimed = Envelope(
        envelope.bundle_id, b.device.key_id, envelope.payload, b.device.sign(BUNDLE_CONTEXT, envelope.payload)
    )
    refused(server, "B", claimed, "mismatch")
    taken = resigned(envelope, b.device, lambda doc: doc.update(device=b.device.key_id))
    refused_at_scoring(server, "B", taken, "replay_failed")  # its events are still signed by A


def test_an_inflated_sequence_number_is_a_gap(server: Server) -> None:
    a = server.world.machines["A"]
    inflated = resigned(a.envelopes[0], a.device, lambda doc: doc.update(device_seq=9))
    verdict = refused(server, "A", inflated, "sequence_gap")
    assert verdict["retry"] is True


def test_a_reused_sequence_and_a_broken_chain_are_refused(server: Server) -> None:
    a = server.world.machines["A"]
    assert server.send(a, a.envelopes[0])[0]["verdict"] == "accepted"
    second = resigned(a.envelopes[1], a.device, lambda doc: doc.update(device_seq=1))
    refused(server, "A", second, "sequence_reused")
    broken = resigned(a.envelopes[1], a.device, lambda doc: doc.update(previous=GENESIS_BUNDLE))
    refused(server, "A", broken, "chain_broken")


def test_a_tampered_event_does_not_replay(server: Server) -> None:
    a = server.world.machines["A"]

    refused_at_scoring(server, "A", resigned(a.envelopes[0], a.device, flip_first_answer), "replay_failed")


def test_a_malformed_bundle_is_refused_alone_not_the_batch(server: Server) -> None:
    a = server.world.machines["A"]
    no_events = resigned(a.envelopes[0], a.device, lambda doc: doc.pop("events"))
    refused(server, "A", no_events, "bad_payload")
    refused(server, "A", {"bundle_id": "x", "device": "y", "payload": "%%%", "signature": ""}, "bad_envelope")
    verdicts = server.send(a, {"bundle_id": "x"}, a.envelopes[0])
    assert [v["verdict"] for v in verdicts] == ["rejected", "accepted"]


def test_an_oversized_body_is_refused_before_it_is_read(server: Server) -> None:
    a = server.world.machines["A"]
    body = b"x" * (MAX_BODY_BYTES + 1)
    headers = sign_request(a.device, "POST", "/v1/bundles", body, server.clock())
    response = server.client.post("/v1/bundles", content=body, headers=headers)
    assert response.status_code == 413 and response.json()["error"]["code"] == "request.too_large"
    assert server.count("nonces") == 0 and server.count("bundles") == 0
    chunks = (b"x" * (1 << 20) for _ in range(17))  # no Content-Length: streamed, cut at the limit
    streamed = server.client.post("/v1/bundles", content=chunks, headers=headers)
    assert streamed.status_code == 413 and server.count("bundles") == 0


@pytest.fixture
def strict_server(world: World, database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = make_server(world, database_url, tmp_path / "strict", rate_limit=3)
    yield made
    made.client.close()
    made.state.close()


def test_the_rate_limit_answers_429_with_retry_after(strict_server: Server) -> None:
    a = strict_server.world.machines["A"]
    codes = [strict_server.signed(a.device, "GET", "/v1/sync").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    response = strict_server.signed(a.device, "GET", "/v1/sync")
    assert response.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 60
    other = strict_server.world.machines["B"]
    assert strict_server.signed(other.device, "GET", "/v1/sync").status_code == 200, "per device"
    strict_server.clock.advance(seconds=61)
    assert strict_server.signed(a.device, "GET", "/v1/sync").status_code == 200


def test_a_device_chain_goes_on_past_a_bundle_refused_for_its_content(server: Server) -> None:
    """The device signed it and it was in sequence: its place in the chain is kept (audit copy
    in refused_bundles), so the device's later bundles are not gaps forever; sending it again
    gets the same answer and stores nothing more."""
    import hashlib

    a = server.world.machines["A"]
    bad = resigned(a.envelopes[0], a.device, lambda doc: doc["attempt"].update(learner="someone-else"))
    refused(server, "A", bad, "mismatch")
    assert server.count("refused_bundles") == 1
    refused(server, "A", bad, "mismatch")
    assert server.count("refused_bundles") == 1, "the same bundle again: the same answer, nothing more"
    after = resigned(
        a.envelopes[1], a.device, lambda doc: doc.update(previous=hashlib.sha256(bad.payload).hexdigest())
    )
    assert server.send(a, after)[0]["verdict"] == "accepted"
    assert server.count("bundles") == 1


def test_a_bundle_refused_at_scoring_keeps_its_place_and_is_held_once(server: Server) -> None:
    import hashlib

    a = server.world.machines["A"]

    bad = resigned(a.envelopes[0], a.device, flip_first_answer)
    refused_at_scoring(server, "A", bad, "replay_failed")
    [again] = server.send(a, bad)
    assert again["verdict"] == "duplicate" and server.count("bundles") == 1
    after = resigned(
        a.envelopes[1], a.device, lambda doc: doc.update(previous=hashlib.sha256(bad.payload).hexdigest())
    )
    assert server.send(a, after)[0]["verdict"] == "accepted"
    assert server.scoring(after.bundle_id)["scoring"] == "scored"
    assert server.scoring(bad.bundle_id)["scoring"] == "refused", "scored once: the refusal stands"


def test_a_float_inside_an_answer_is_held_then_refused_at_scoring(server: Server) -> None:
    """The intake only scans the events between the first and the last (sync.server.payload_head):
    bytes that are not canonical JSON there are refused by the scoring's canonical check."""
    a = server.world.machines["A"]
    payload = re.sub(rb'"elapsed_ms":(\d+)', rb'"elapsed_ms":\1.5', a.envelopes[0].payload, count=1)
    assert payload != a.envelopes[0].payload
    envelope = dataclasses.replace(
        a.envelopes[0], payload=payload, signature=a.device.sign(BUNDLE_CONTEXT, payload)
    )
    row = refused_at_scoring(server, "A", envelope, "bad_envelope")
    assert "float" in row["scoring_reason"]
