"""Crash safety, tested: SIGKILL a process taking tests at random moments, 50 times.

After every kill the machine database is reopened and checked: integrity, no answer the
service had returned for is lost, every attempt's chain and decisions replay, the
attempt resumes at the question its last event chose, and the outbox holds each
finished attempt exactly once.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from factories import build_demo_packs, make_trust

from pixdesk.config import load_settings
from pixdesk.services.attempts import AttemptService
from pixdesk.services.packs import PackService
from pixdesk.storage.database import open_store

KILLS = 50
CHILD = Path(__file__).with_name("crash_child.py")


def _answered(lines: list[str]) -> list[tuple[str, int, str, str]]:
    records = []
    for line in lines:
        if line.startswith("ANSWERED "):
            _tag, attempt, position, challenge, following = line.split()
            records.append((attempt, int(position), challenge, following))
    return records


@pytest.mark.slow
def test_sigkill_at_random_points_loses_nothing_that_was_reported(tmp_path: Path, home: Path) -> None:
    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    assert PackService(settings).import_path(packs["demo"])[0].outcome is not None
    rng = random.Random(20261126)
    reported: list[tuple[str, int, str, str]] = []
    env = dict(os.environ)

    for kill in range(KILLS):
        child = subprocess.Popen(
            [sys.executable, str(CHILD), str(kill)],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        time.sleep(rng.uniform(0.25, 0.9))
        child.send_signal(signal.SIGKILL)
        out, err = child.communicate(timeout=30)
        assert child.returncode == -signal.SIGKILL, f"child ended by itself (kill {kill}): {err}"
        reported.extend(_answered(out.splitlines()))

        with open_store(settings.db_path) as store:
            assert store.integrity_check() == [], f"kill {kill}"
            for attempt, position, challenge, _following in reported:
                rows = store.query(
                    "SELECT challenge_id FROM answers WHERE attempt_id = ? AND position = ?",
                    (attempt, position),
                )
                assert rows == [{"challenge_id": challenge}], f"kill {kill}: answer {attempt}#{position} lost"
            attempts = store.query("SELECT id, status, current_challenge FROM attempts")
            outbox = store.query("SELECT attempt_id, count(*) AS n FROM outbox GROUP BY attempt_id")
        in_outbox = {row["attempt_id"]: row["n"] for row in outbox}
        for row in attempts:
            expected = 1 if row["status"] == "finished" else 0
            assert in_outbox.get(row["id"], 0) == expected, f"kill {kill}: outbox of {row['id']}"

    assert len(reported) >= KILLS, "the children answered too little to test anything"
    finished = [row for row in attempts if row["status"] == "finished"]
    assert finished, "no attempt finished: the outbox was never exercised"

    service = AttemptService(load_settings())
    try:
        for row in attempts:
            report = service.verify(row["id"])
            assert report.ok, (row["id"], report.problems)
            step = service.current_step(row["id"])
            if row["status"] == "started":
                assert step.challenge is not None and step.challenge.id == row["current_challenge"]
            else:
                assert step.finished
        last_by_attempt: dict[str, tuple[int, str]] = {}
        for attempt, position, _challenge, following in reported:
            last_by_attempt[attempt] = (position, following)
        for attempt, (position, following) in last_by_attempt.items():
            step = service.current_step(attempt)
            if step.answered == position:  # nothing recorded after the last report: resume there
                assert (step.challenge.id if step.challenge else "-") == following
    finally:
        service.close()
