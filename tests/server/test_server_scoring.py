"""Scoring apart from intake: pending until replayed, shared by processes, never twice,
a pack that cannot be opened waits, the app's own thread scores on its own."""

from __future__ import annotations

import base64
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from server_world import Server, World, _machine, make_server
from sqlalchemy import func, select, text
from test_server_attacks import flip_first_answer, refused_at_scoring
from test_server_bundles import resigned

from pixdesk.cli.main import main
from pixdesk.errors import PackError
from pixdesk.services.attempts import AttemptService
from sync.protocol import Envelope
from sync.server import registry
from sync.server.app import create_app
from sync.server.config import load_config
from sync.server.schema import bundles, competence_results
from sync.server.scoring import score_pending


def _results(server: Server) -> dict:  # type: ignore[type-arg]
    token = registry.add_token(server.engine, server.centres["1"], server.clock())
    response = server.client.get(
        f"/v1/centres/{server.centres['1']}/results", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status_code == 200, response.text
    report: dict = response.json()  # type: ignore[type-arg]
    return report


def test_an_accepted_bundle_counts_in_the_results_only_once_scored(server: Server) -> None:
    a = server.world.machines["A"]
    verdicts = server.send(a, *a.envelopes, score=False)
    assert [v["verdict"] for v in verdicts] == ["accepted"] * 3
    assert {server.scoring(e.bundle_id)["scoring"] for e in a.envelopes} == {"pending"}
    report = _results(server)
    assert report["scoring"] == {"pending": 3, "refused": []}
    assert all(learner["competences"] == [] for learner in report["learners"])

    done = server.score()

    assert (done.claimed, done.scored, done.refused, done.waiting) == (3, 3, 0, 0)
    report = _results(server)
    assert report["scoring"]["pending"] == 0
    assert {learner["id"] for learner in report["learners"] if learner["competences"]} == {"ada", "cyd"}
    assert server.score().claimed == 0, "nothing is scored twice"


def test_a_bundle_refused_at_scoring_is_listed_for_the_centre(server: Server) -> None:
    a = server.world.machines["A"]

    bad = resigned(a.envelopes[0], a.device, flip_first_answer)
    refused_at_scoring(server, "A", bad, "replay_failed")
    [listed] = _results(server)["scoring"]["refused"]
    assert listed["bundle"] == bad.bundle_id and listed["code"] == "replay_failed"
    assert listed["learner"] == "ada" and listed["reason"]


def test_a_pack_that_cannot_be_opened_yet_leaves_the_bundle_pending_until_its_lease_ends(
    server: Server, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = server.world.machines["A"]
    server.send(a, a.envelopes[0], score=False)

    def unavailable(pack_id: str, version: int):  # type: ignore[no-untyped-def]
        raise PackError("pack.not_installed", "the pack's files are gone", pack_id)

    with monkeypatch.context() as patch:
        patch.setattr(server.state.packs, "content", unavailable)
        done = server.score()
    assert (done.claimed, done.waiting, done.scored) == (1, 1, 0)
    row = server.scoring(a.envelopes[0].bundle_id)
    assert row["scoring"] == "pending" and row["scoring_code"] == "unknown_pack"
    assert server.score().claimed == 0, "leased: not tried again at once"

    server.clock.advance(seconds=121)
    done = server.score()
    assert (done.claimed, done.scored) == (1, 1)
    assert server.scoring(a.envelopes[0].bundle_id)["scoring"] == "scored"


def test_two_processes_share_the_scoring_and_score_each_bundle_once(
    world: World, database_url: str, tmp_path: Path
) -> None:
    server = make_server(world, database_url, tmp_path / "one", rate_limit=1000)
    twin = create_app(load_config(tmp_path / "one", database_url, world.settings, clock=server.clock))
    try:
        for name in ("A", "B"):
            machine = world.machines[name]
            server.send(machine, *machine.envelopes, score=False)
        pending = server.count("bundles")
        rounds = []
        barrier = threading.Barrier(2)

        def work(state) -> None:  # type: ignore[no-untyped-def]
            barrier.wait()
            rounds.append(score_pending(state))

        threads = [threading.Thread(target=work, args=(s,)) for s in (server.state, twin.state.server)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert sum(r.scored for r in rounds) == pending, rounds
        with server.engine.connect() as connection:
            scored = connection.execute(
                select(func.count()).select_from(bundles).where(bundles.c.scoring == "scored")
            ).scalar_one()
            per_bundle = connection.execute(
                select(competence_results.c.bundle_id, competence_results.c.competence, func.count())
                .group_by(competence_results.c.bundle_id, competence_results.c.competence)
                .having(func.count() > 1)
            ).all()
        assert scored == pending and per_bundle == []
    finally:
        twin.state.server.close()
        server.client.close()
        server.state.close()


def test_the_running_app_scores_on_its_own_thread(world: World, database_url: str, tmp_path: Path) -> None:
    server = make_server(world, database_url, tmp_path / "live", rate_limit=1000)
    a = world.machines["A"]
    with TestClient(server.client.app) as live:  # runs the lifespan: the scoring thread starts
        server.client = live
        assert [v["verdict"] for v in server.send(a, *a.envelopes, score=False)] == ["accepted"] * 3
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            with server.engine.connect() as connection:
                left = connection.execute(text("SELECT count(*) FROM bundles WHERE scoring = 'pending'"))
                if left.scalar_one() == 0:
                    break
            time.sleep(0.05)
        assert {server.scoring(e.bundle_id)["scoring"] for e in a.envelopes} == {"scored"}
    server.state.close()


def test_the_admin_command_shows_the_backlog_and_scores_it_now(
    server: Server, tmp_path: Path, database_url: str, capsys: pytest.CaptureFixture[str], monkeypatch
) -> None:
    monkeypatch.setenv("PIXDESK_HOME", str(server.world.settings.data_dir))
    monkeypatch.setenv("PIXDESK_CONFIG", str(server.world.settings.machine_config))
    a = server.world.machines["A"]
    bad = resigned(a.envelopes[0], a.device, flip_first_answer)
    server.send(a, bad, score=False)
    data = server.state.config.data_dir

    def admin(*args: str) -> str:
        assert (
            main(["server", "admin", "scoring", "--data", str(data), "--database", database_url, *args]) == 0
        )
        out: str = capsys.readouterr().out
        return out

    before = admin()
    assert "pending: 1 (waiting for a pack: 0)" in before and "refused at scoring: 0" in before
    after = admin("--now")
    assert "scored 0, refused 1" in after and "pending: 0" in after
    assert "refused at scoring: 1" in after and bad.bundle_id in after and "replay_failed" in after


def test_a_competence_reset_is_scored_and_is_the_latest_result(server: Server, tmp_path: Path) -> None:
    machine = _machine("D", server.world.settings, tmp_path / "d", server.world.packs, [("dan", "1.1")])
    service = AttemptService(machine.settings)
    try:
        service.record_reset("dan", "demo", "1.1", "en")  # the 7-day rule is the progress service's
        rows = service.store.query("SELECT bundle_id, payload, signature FROM outbox ORDER BY device_seq")
    finally:
        service.close()
    envelopes = [
        Envelope(r["bundle_id"], machine.device.key_id, bytes(r["payload"]), base64.b64decode(r["signature"]))
        for r in rows
    ]
    assert server.enroll(machine, server.centres["1"]).status_code == 200
    assert [v["verdict"] for v in server.send(machine, *envelopes)] == ["accepted", "accepted"]
    assert [server.scoring(e.bundle_id)["scoring"] for e in envelopes] == ["scored", "scored"]
    dan = next(learner for learner in _results(server)["learners"] if learner["id"] == "dan")
    scores = [(s["competence"], s["pix"], s["level"], s["kind"]) for s in dan["competences"]]
    assert scores == [("1.1", 0, 0, "reset")], "a teacher reads a reset, not a failed evaluation"
