"""Result bundles: receipts, duplicates, re-scoring by replay, relays, gaps, certification."""

from __future__ import annotations

import json

from server_world import Server
from sqlalchemy import select, text

from pixdesk import canonical
from pixdesk.services.outbox import BUNDLE_CONTEXT
from sync.protocol import Envelope, Receipt
from sync.request_signing import sign_request
from sync.server.schema import bundles, competence_results


def resigned(envelope: Envelope, key, change) -> Envelope:  # type: ignore[no-untyped-def]
    """The envelope with its payload changed by ``change`` and signed again by ``key``."""
    doc = canonical.loads_canonical(envelope.payload)
    change(doc)
    payload = canonical.dumps(doc)
    return Envelope(doc["bundle_id"], doc["device"], payload, key.sign(BUNDLE_CONTEXT, payload))


def stored(server: Server, bundle_id: str) -> dict:  # type: ignore[type-arg]
    with server.engine.connect() as connection:
        row = connection.execute(select(bundles).where(bundles.c.bundle_id == bundle_id)).mappings().one()
        return dict(row)


def test_an_accepted_bundle_gets_a_receipt_signed_by_the_server_key(server: Server) -> None:
    a = server.world.machines["A"]
    [verdict] = server.send(a, a.envelopes[0])
    assert verdict["verdict"] == "accepted", verdict
    receipt = Receipt.from_json(verdict["receipt"])
    assert receipt.verify(server.state.config.server_key.public)
    assert receipt.bundle_id == a.envelopes[0].bundle_id and receipt.device == a.device.key_id
    assert receipt.device_seq == 1 and receipt.payload_sha256 == a.envelopes[0].payload_sha256
    row = stored(server, a.envelopes[0].bundle_id)
    assert bytes(row["payload"]) == a.envelopes[0].payload, "the original bytes are kept for audit"
    assert bytes(row["signature"]) == a.envelopes[0].signature
    assert row["relay_key_id"] == a.device.key_id


def test_the_same_bundle_again_is_a_duplicate_with_the_same_receipt(server: Server) -> None:
    a = server.world.machines["A"]
    [first] = server.send(a, a.envelopes[0])
    [again] = server.send(a, a.envelopes[0])
    assert again["verdict"] == "duplicate"
    receipt = Receipt.from_json(again["receipt"])
    assert receipt.verify(server.state.config.server_key.public) and receipt.status == "duplicate"
    assert receipt.received_at == first["receipt"]["received_at"]
    assert server.count("bundles") == 1


def test_a_batch_asking_for_a_seal_gets_receipts_vouched_for_by_one_signature(server: Server) -> None:
    a, key = server.world.machines["A"], server.state.config.server_key
    broken = {**a.envelopes[2].to_json(), "signature": "AAAA"}
    verdicts = server.send(a, a.envelopes[0], a.envelopes[1], a.envelopes[0], broken, receipt_proof="batch")
    assert [v["verdict"] for v in verdicts] == ["accepted", "accepted", "duplicate", "rejected"]
    assert "receipt" not in verdicts[3]
    receipts = [Receipt.from_json(v["receipt"]) for v in verdicts[:3]]
    assert all(r.seal is not None and not r.signature for r in receipts)
    assert len({r.seal for r in receipts}) == 1, "one signature for the batch"
    assert receipts[0].seal is not None and receipts[0].seal.size == 3
    assert [r.index for r in receipts] == [0, 1, 2]
    assert all(r.verify(key.public) for r in receipts)
    assert [r.device_seq for r in receipts] == [1, 2, 1] and receipts[2].status == "duplicate"
    [again] = server.send(a, a.envelopes[1])  # asking for nothing: signed alone, as before
    signed = Receipt.from_json(again["receipt"])
    assert signed.seal is None and signed.verify(key.public) and signed.received_at == receipts[1].received_at


def test_an_unknown_receipt_proof_is_refused(server: Server) -> None:
    a = server.world.machines["A"]
    body = {"bundles": [a.envelopes[0].to_json()], "receipt_proof": "merkle"}
    response = server.signed(a.device, "POST", "/v1/bundles", body)
    assert response.status_code == 400 and response.json()["error"]["code"] == "request.invalid"
    assert "receipt_proof" in response.json()["error"]["message"]
    assert server.count("bundles") == 0


def test_a_batch_body_outside_the_schema_is_refused_naming_the_field(server: Server) -> None:
    a = server.world.machines["A"]
    cases = {
        "not json": (b"{", "body"),
        "too many": (json.dumps({"bundles": [{}] * 201}).encode(), "bundles"),
        "no bundles": (b'{"receipt_proof": "batch"}', "bundles"),
    }
    for name, (body, field) in cases.items():
        headers = {**sign_request(a.device, "POST", "/v1/bundles", body, server.clock())}
        response = server.client.post("/v1/bundles", content=body, headers=headers)
        assert response.status_code == 400, name
        error = response.json()["error"]
        assert error["code"] == "request.invalid" and error["message"].startswith(field), (name, error)
    assert server.count("bundles") == 0


def test_the_server_recomputes_every_result_and_keeps_its_own(server: Server) -> None:
    a = server.world.machines["A"]
    verdicts = server.send(a, *a.envelopes)
    assert [v["verdict"] for v in verdicts] == ["accepted"] * 3
    for envelope in a.envelopes:
        row = stored(server, envelope.bundle_id)
        client = canonical.loads_canonical(envelope.payload)["result"]
        assert json.loads(row["server_result"]) == client and not row["result_mismatch"]
    with server.engine.connect() as connection:
        scores = connection.execute(
            select(competence_results.c.learner_id, competence_results.c.competence, competence_results.c.pix)
        ).all()
    assert {(learner, code) for learner, code, _pix in scores} == {
        ("ada", "1.1"),
        ("ada", "4.1"),
        ("cyd", "1.1"),
    }
    assert all(pix is not None and pix > 0 for _l, _c, pix in scores)


def test_an_edited_client_result_is_accepted_flagged_and_replaced_by_the_servers(server: Server) -> None:
    a = server.world.machines["A"]
    original = canonical.loads_canonical(a.envelopes[0].payload)["result"]

    def inflate(doc: dict) -> None:  # type: ignore[type-arg]
        doc["result"]["competences"]["1.1"]["pix"] += 24
        doc["result"]["competences"]["1.1"]["level"] = 5

    forged = resigned(a.envelopes[0], a.device, inflate)
    [verdict] = server.send(a, forged)
    assert verdict["verdict"] == "accepted"
    row = stored(server, forged.bundle_id)
    assert row["result_mismatch"] is True or row["result_mismatch"] == 1
    assert json.loads(row["server_result"]) == original
    assert json.loads(row["client_result"])["competences"]["1.1"]["level"] == 5
    with server.engine.connect() as connection:
        level = connection.execute(
            select(competence_results.c.level).where(competence_results.c.bundle_id == forged.bundle_id)
        ).scalar_one()
    assert level == original["competences"]["1.1"]["level"]


def test_a_relay_may_carry_another_devices_bundles(server: Server) -> None:
    a, c = server.world.machines["A"], server.world.machines["C"]
    verdicts = server.send(c, *a.envelopes[:2])  # C is of another centre: still a valid carrier
    assert [v["verdict"] for v in verdicts] == ["accepted", "accepted"]
    row = stored(server, a.envelopes[0].bundle_id)
    assert row["relay_key_id"] == c.device.key_id and row["device_key_id"] == a.device.key_id
    assert row["centre_id"] == server.centres["1"], "a bundle belongs to the centre of its own device"


def test_a_gap_is_refused_as_retryable_then_filled(server: Server) -> None:
    a = server.world.machines["A"]
    [gap] = server.send(a, a.envelopes[1])
    assert gap["verdict"] == "rejected" and gap["code"] == "sequence_gap" and gap["retry"] is True
    assert server.count("bundles") == 0
    verdicts = server.send(a, a.envelopes[0], a.envelopes[1])
    assert [v["verdict"] for v in verdicts] == ["accepted", "accepted"]


def test_a_certification_is_replayed_with_the_pack_key_and_gives_levels(server: Server) -> None:
    b = server.world.machines["B"]
    verdicts = server.send(b, *b.envelopes)
    assert [v["verdict"] for v in verdicts] == ["accepted", "accepted"], verdicts
    row = stored(server, b.envelopes[1].bundle_id)
    assert row["attempt_kind"] == "certification" and not row["result_mismatch"]
    assert json.loads(row["server_result"])["provisional"] is True


def test_a_pack_the_server_lacks_is_a_retryable_refusal(server: Server) -> None:
    b = server.world.machines["B"]
    with server.engine.begin() as connection:
        connection.execute(text("DELETE FROM packs WHERE pack_id = 'demo-cert'"))
    first, second = server.send(b, *b.envelopes)
    assert first["verdict"] == "accepted"
    assert second["code"] == "unknown_pack" and second["retry"] is True
    assert server.count("bundles") == 1
