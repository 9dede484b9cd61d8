"""End to end: a real server process on 127.0.0.1, two lab machines, the network pulled and back.

A learner created on machine A takes an evaluation while the server is down: the result
waits in A's outbox, sync fails cleanly and keeps it. The server comes back: A's sync
drains the outbox (exactly once, receipts verified) and uploads the profile; B's sync
brings the profile and the result, so the same learner signs in on B with the same PIN
and sees the same scorecard. All through the real ``pixdesk`` command line.
"""

from __future__ import annotations

import json
from pathlib import Path

import httpx
import pytest
from answering import right_answer
from factories import build_demo_packs, make_trust
from live import LiveServer, machine_home

from pixdesk.services.attempts import AttemptService
from pixdesk.services.profiles import ProfileService
from pixdesk.services.progress import ProgressService

pytestmark = pytest.mark.slow


def test_a_learner_evaluated_offline_on_a_finds_the_result_on_b(tmp_path: Path, home: Path) -> None:
    trust, _settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    host = machine_home(tmp_path, "server-host", trust)
    a, b = machine_home(tmp_path, "lab-a", trust), machine_home(tmp_path, "lab-b", trust)
    server = LiveServer(host, tmp_path / "server-data")
    centre = server.admin("centre-add", "Collège Jean Moulin").split()[-1]
    server.admin("pack-add", str(packs["demo"]))
    for machine in (a, b):
        machine.pixdesk("pack", "import", str(packs["demo"]))
    server.start()
    try:
        for machine in (a, b):
            code = server.admin("code-add", centre).split()[-1]
            machine.pixdesk("enroll", "--server", server.url, "--code", code, "--name", machine.name)
    finally:
        server.stop()  # the network is gone

    service = AttemptService(a.settings)
    try:
        learner = ProfileService(service).create("Léa Martin", "2468", "pin", "fr")
        step = service.start_competence(learner.id, "demo", "1.1", "fr")
        while not step.finished:
            step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
        on_a = ProgressService(service).scorecard(learner.id, "demo")
    finally:
        service.close()
    assert on_a.total_pix > 0

    offline = a.pixdesk("sync", check=False)
    assert offline.returncode != 0 and "cannot reach the server" in offline.stderr
    waiting = a.pixdesk("outbox", "list").stdout
    assert "pending" in waiting

    server.start()  # the network is back
    try:
        drained = a.pixdesk("sync")
        assert "1 sent" in drained.stdout, drained.stdout
        again = a.pixdesk("sync")
        assert "0 sent" in again.stdout
        pulled = b.pixdesk("sync").stdout
        assert "1 received" in pulled and "1 applied" in pulled, pulled
        token = server.admin("token-add", centre).split()[-1]
        results = httpx.get(
            f"{server.url}/v1/centres/{centre}/results", headers={"Authorization": f"Bearer {token}"}
        ).json()
    finally:
        server.stop()

    assert "pending" not in a.pixdesk("outbox", "list").stdout
    service = AttemptService(b.settings)
    try:
        profiles = ProfileService(service)
        assert profiles.sign_in(learner.id, "2468").display_name == "Léa Martin"
        on_b = ProgressService(service).scorecard(learner.id, "demo")
    finally:
        service.close()
    assert on_b.total_pix == on_a.total_pix
    assert on_b.entry("1.1").score == on_a.entry("1.1").score
    assert json.dumps(results).count(learner.id) >= 1, "the centre sees the learner's result"
