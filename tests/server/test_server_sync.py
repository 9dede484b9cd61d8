"""Profiles upload (last writer wins by version) and the sync pull between a centre's machines."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from server_world import Machine, Server, World, make_server

from pixdesk.signing import public_key_from_b64
from pixdesk.trust import parse_root
from sync.protocol import Envelope
from sync.server import registry


def profile(pid: str = "ada", version: int = 1, **changes: Any) -> dict[str, Any]:
    return {
        "id": pid,
        "display_name": "Ada Lovelace",
        "secret_kind": "pin",
        "secret_hash": "scrypt$16384$8$1$c2FsdA==$a2V5",
        "language": "fr",
        "extra_time_pct": 33,
        "zoom": 125,
        "high_contrast": False,
        "created_at": "2026-11-02T09:00:00Z",
        "version": version,
        **changes,
    }


def upload(server: Server, machine: Machine, *profiles: dict[str, Any]) -> list[dict[str, Any]]:
    response = server.signed(machine.device, "POST", "/v1/profiles", {"profiles": list(profiles)})
    assert response.status_code == 200, response.text
    answers: list[dict[str, Any]] = response.json()["profiles"]
    return answers


def pull(server: Server, machine: Machine, cursor: int = 0) -> dict[str, Any]:
    response = server.signed(machine.device, "GET", f"/v1/sync?cursor={cursor}")
    assert response.status_code == 200, response.text
    page: dict[str, Any] = response.json()
    return page


def test_profiles_are_last_writer_wins_by_version(server: Server) -> None:
    a, b = server.world.machines["A"], server.world.machines["B"]
    assert upload(server, a, profile())[0] == {"id": "ada", "status": "stored", "version": 1}
    assert upload(server, b, profile())[0]["status"] == "unchanged"
    assert upload(server, b, profile(display_name="Ada L."))[0] == {
        "id": "ada",
        "status": "stale",
        "version": 1,
    }
    assert upload(server, b, profile(version=2, display_name="Ada L."))[0]["status"] == "stored"
    assert upload(server, a, profile(version=1, zoom=200))[0] == {
        "id": "ada",
        "status": "stale",
        "version": 2,
    }
    [held] = pull(server, a)["profiles"]
    assert held["display_name"] == "Ada L." and held["version"] == 2 and held["zoom"] == 125


def test_a_profile_belongs_to_one_centre_and_a_secret_travels_only_hashed(server: Server) -> None:
    a, c = server.world.machines["A"], server.world.machines["C"]
    upload(server, a, profile())
    [other] = upload(server, c, profile(version=5))
    assert other["status"] == "refused" and other["code"] == "profile.other_centre"
    [plain] = upload(server, a, profile("zoe", secret_hash="1234"))
    assert plain["status"] == "refused" and plain["code"] == "profile.bad_secret"
    response = server.signed(a.device, "POST", "/v1/profiles", {"profiles": [profile(language="de")]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "request.invalid"


def test_a_second_machine_gets_the_first_ones_profiles_and_bundles_another_centre_does_not(
    server: Server,
) -> None:
    a, b, c = (server.world.machines[n] for n in "ABC")
    upload(server, a, profile())
    assert [v["verdict"] for v in server.send(a, *a.envelopes)] == ["accepted"] * 3

    page = pull(server, b)
    assert [p["id"] for p in page["profiles"]] == ["ada"]
    assert page["profiles"][0]["secret_hash"].startswith("scrypt$")
    assert [item["bundle_id"] for item in page["bundles"]] == [e.bundle_id for e in a.envelopes]
    for item in page["bundles"]:
        envelope = Envelope.from_json(item)
        assert envelope.payload == next(e.payload for e in a.envelopes if e.bundle_id == item["bundle_id"])
        assert envelope.verify(public_key_from_b64(page["devices"][envelope.device], "devices"))
    assert {item["learner"] for item in page["bundles"]} == {"ada", "cyd"}
    assert page["revoked_devices"] == [] and page["more"] is False
    assert {(p["id"], p["version"], p["kind"]) for p in page["packs"]} == {
        ("demo", 1, "practice"),
        ("demo-cert", 1, "certification"),
    }
    assert parse_root(server.client.get("/v1/trust/root").content, "root").root_id == "test-root"
    assert page["root"]["signed"]["id"] == "test-root"

    again = pull(server, b, page["cursor"])
    assert again["bundles"] == [] and again["profiles"] == [] and again["cursor"] == page["cursor"]
    assert pull(server, a)["bundles"] == [], "a machine is not sent its own bundles"
    other = pull(server, c)
    assert other["bundles"] == [] and other["profiles"] == [] and other["centre"]["id"] == server.centres["2"]


def test_the_cursor_only_moves_forward_over_new_changes(server: Server) -> None:
    a, b = server.world.machines["A"], server.world.machines["B"]
    server.send(a, a.envelopes[0])
    first = pull(server, b)
    server.send(a, a.envelopes[1])
    upload(server, a, profile())
    second = pull(server, b, first["cursor"])
    assert second["cursor"] > first["cursor"]
    assert [i["bundle_id"] for i in second["bundles"]] == [a.envelopes[1].bundle_id]
    assert [p["id"] for p in second["profiles"]] == ["ada"]
    assert pull(server, b, 10**6)["cursor"] == second["cursor"], "a cursor from the future starts again"


def test_revoked_devices_are_announced(server: Server) -> None:
    a, b = server.world.machines["A"], server.world.machines["B"]
    registry.revoke_device(server.engine, a.device.key_id, server.clock())
    assert pull(server, b)["revoked_devices"] == [a.device.key_id]


@pytest.fixture
def paged_server(world: World, database_url: str, tmp_path: Path):  # type: ignore[no-untyped-def]
    made = make_server(world, database_url, tmp_path / "paged", sync_page=2)
    yield made
    made.client.close()
    made.state.close()


def test_a_long_sync_comes_in_pages(paged_server: Server) -> None:
    server = paged_server
    a, b = server.world.machines["A"], server.world.machines["B"]
    server.send(a, *a.envelopes)
    upload(server, a, profile())
    first = pull(server, b)
    assert len(first["bundles"]) == 2 and first["more"] is True and first["profiles"] == []
    second = pull(server, b, first["cursor"])
    assert len(second["bundles"]) == 1 and second["more"] is False
    assert [p["id"] for p in second["profiles"]] == ["ada"]
    got = [i["bundle_id"] for i in first["bundles"] + second["bundles"]]
    assert got == [e.bundle_id for e in a.envelopes]
