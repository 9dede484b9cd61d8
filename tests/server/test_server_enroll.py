"""Enrollment with single-use codes and a proof of possession of the device key."""

from __future__ import annotations

from server_world import Server, enroll_body

from pixdesk.signing import generate_key
from sync.server import registry


def test_a_device_enrolls_once_with_a_code_and_learns_the_server_key(server: Server) -> None:
    key = generate_key()
    code, _expires = registry.add_code(server.engine, server.centres["1"], server.clock())
    typed = code.lower().replace("-", " ")  # as read out over the phone
    response = server.client.post("/v1/enroll", json=enroll_body(key, typed, "Salle 12 - poste 3"))
    assert response.status_code == 200, response.text
    answer = response.json()
    server_key = server.state.config.server_key
    assert answer == {
        "centre_id": server.centres["1"],
        "centre_name": "Lycée Jean Moulin",
        "device": key.key_id,
        "server_key": server_key.public.b64,
        "server_key_id": server_key.key_id,
        "protocol_version": 1,
    }
    again = server.client.post("/v1/enroll", json=enroll_body(key, typed, "Salle 12 - poste 3"))
    assert again.status_code == 200 and again.json() == answer, "a lost answer can be asked again"
    other = server.client.post("/v1/enroll", json=enroll_body(generate_key(), code, "PC"))
    assert other.status_code == 409 and other.json()["error"]["code"] == "enroll.used_code"
    [device] = [d for d in registry.list_devices(server.engine) if d.key_id == key.key_id]
    assert device.centre_id == server.centres["1"] and device.name == "Salle 12 - poste 3"


def test_unknown_and_expired_codes_are_refused(server: Server) -> None:
    key = generate_key()
    unknown = server.client.post("/v1/enroll", json=enroll_body(key, "AAAA-BBBB-CCCC-DDDD", "PC"))
    assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "enroll.unknown_code"
    code, _expires = registry.add_code(server.engine, server.centres["1"], server.clock(), hours=1)
    server.clock.advance(hours=1, seconds=1)
    expired = server.client.post("/v1/enroll", json=enroll_body(key, code, "PC"))
    assert expired.status_code == 410 and expired.json()["error"]["code"] == "enroll.expired_code"
    assert key.key_id not in {d.key_id for d in registry.list_devices(server.engine)}


def test_a_proof_by_another_key_or_for_another_request_is_refused(server: Server) -> None:
    key = generate_key()
    code, _expires = registry.add_code(server.engine, server.centres["1"], server.clock())
    stolen = {**enroll_body(generate_key(), code, "PC"), "public_key": key.public.b64}
    response = server.client.post("/v1/enroll", json=stolen)
    assert response.status_code == 400 and response.json()["error"]["code"] == "enroll.bad_proof"
    renamed = {**enroll_body(key, code, "PC"), "name": "another name"}
    assert server.client.post("/v1/enroll", json=renamed).json()["error"]["code"] == "enroll.bad_proof"
    bad_key = {**enroll_body(key, code, "PC"), "public_key": "AAAA"}
    assert server.client.post("/v1/enroll", json=bad_key).json()["error"]["code"] == "enroll.bad_key"
    assert server.client.post("/v1/enroll", json=enroll_body(key, code, "PC")).status_code == 200, (
        "refused attempts did not use the code"
    )


def test_an_enrolled_or_revoked_key_cannot_enroll_again(server: Server) -> None:
    a = server.world.machines["A"]
    code, _expires = registry.add_code(server.engine, server.centres["2"], server.clock())
    response = server.client.post("/v1/enroll", json=enroll_body(a.device, code, "PC"))
    assert response.status_code == 409 and response.json()["error"]["code"] == "enroll.already_enrolled"
    registry.revoke_device(server.engine, a.device.key_id, server.clock())
    response = server.client.post("/v1/enroll", json=enroll_body(a.device, code, "PC"))
    assert response.status_code == 403 and response.json()["error"]["code"] == "enroll.revoked"
