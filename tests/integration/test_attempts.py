"""The attempt service on a real machine database and the real demo pack."""

from __future__ import annotations

import base64
import json
import stat
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from answering import right_answer
from factories import build_demo_packs, make_trust, run_pixdesk

from pixdesk import canonical
from pixdesk.config import Settings
from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import Format
from pixdesk.domain.ids import ChallengeId
from pixdesk.services.attempts import AttemptError, AttemptService, Step
from pixdesk.services.outbox import BUNDLE_CONTEXT
from pixdesk.services.packs import PackService


class FakeMonotonic:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def machine(tmp_path: Path, home: Path) -> Iterator[tuple[Settings, AttemptService, FakeMonotonic]]:
    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    assert PackService(settings).import_path(packs["demo"])[0].outcome is not None
    clock = FakeMonotonic()
    service = AttemptService(settings, monotonic=clock)
    service.ensure_learner("ada", "Ada")
    yield settings, service, clock
    service.close()


def run_to_end(service: AttemptService, step: Step) -> tuple[Step, list[str]]:
    seen = []
    while not step.finished:
        assert step.challenge is not None
        seen.append(step.challenge.id)
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))  # type: ignore[arg-type]
    return step, seen


def test_a_whole_evaluation_is_recorded_chained_replayable_and_queued_once(machine) -> None:
    settings, service, _clock = machine
    step = service.start_competence("ada", "demo", "4.1", "en")
    assert step.challenge is not None and step.challenge.level == 2, "the first question is at level 2"
    final, seen = run_to_end(service, step)

    assert final.finished and final.result is not None
    assert final.result["answers"] == len(seen) == final.result["correct"]
    assert final.result["competences"]["4.1"]["pix"] > 0
    assert len(set(seen)) == len(seen), "no challenge is asked twice"

    report = service.verify(final.attempt_id)
    assert report.ok, report.problems
    assert report.answers == len(seen) and report.replayed_result == final.result

    store = service.store
    bundles = store.query("SELECT * FROM outbox WHERE attempt_id = ?", (final.attempt_id,))
    assert len(bundles) == 1 and bundles[0]["status"] == "pending" and bundles[0]["device_seq"] == 1
    payload = canonical.loads_canonical(bytes(bundles[0]["payload"]))
    assert payload["result"] == final.result
    assert [e["event"]["type"] for e in payload["events"]] == [
        "started",
        *["answered"] * len(seen),
        "finished",
    ]
    signature = base64.b64decode(bundles[0]["signature"])
    assert service.device.public.verify(BUNDLE_CONTEXT, bytes(bundles[0]["payload"]), signature)
    key_file = settings.keys_dir / "device.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600


def test_closing_mid_test_resumes_at_the_same_question(machine) -> None:
    settings, service, _clock = machine
    step = service.start_competence("ada", "demo", "1.1", "fr")
    step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    current = step.challenge.id
    service.close()

    reopened = AttemptService(settings)
    try:
        assert [a["id"] for a in reopened.in_progress("ada")] == [step.attempt_id]
        again = reopened.current_step(step.attempt_id)
        assert again.challenge is not None and again.challenge.id == current
        assert again.answered == 1
        final, _seen = run_to_end(reopened, again)
        assert reopened.verify(final.attempt_id).ok
    finally:
        reopened.close()


def test_wrong_question_bad_response_and_finished_attempt_are_refused_without_change(machine) -> None:
    _settings, service, _clock = machine
    step = service.start_competence("ada", "demo", "4.1", "en")
    other = next(c for c in step_pool(service, step) if c != step.challenge.id)
    with pytest.raises(AttemptError) as not_current:
        service.answer(step.attempt_id, other, 1)
    assert not_current.value.code == "attempt.not_current"
    with pytest.raises(AttemptError) as bad:
        service.answer(
            step.attempt_id, step.challenge.id, {"nope": "x"} if step.challenge.format is Format.QCU else 99
        )
    assert bad.value.code.startswith("response.")
    assert service.current_step(step.attempt_id).answered == 0
    final = service.finish(step.attempt_id, "candidate")
    assert final.finished and final.result["aborted"] == "candidate"
    with pytest.raises(AttemptError) as done:
        service.answer(step.attempt_id, step.challenge.id, 1)
    assert done.value.code == "attempt.finished"
    assert service.finish(step.attempt_id).result == final.result, "finishing twice changes nothing"
    assert len(service.store.query("SELECT 1 FROM outbox WHERE attempt_id = ?", (step.attempt_id,))) == 1


def step_pool(service: AttemptService, step: Step) -> list[ChallengeId]:
    return [
        c.id for c in service.content("demo").challenges.values() if c.competence == step.challenge.competence
    ]


def test_skip_is_aband_and_a_late_answer_is_timedout(machine) -> None:
    _settings, service, clock = machine
    step = service.start_competence("ada", "demo", "1.1", "en")
    attempt = step.attempt_id
    step = service.skip(attempt, step.challenge.id)
    rows = service.store.query("SELECT status FROM answers WHERE attempt_id = ?", (attempt,))
    assert rows == [{"status": str(AnswerStatus.ABAND)}]
    while not step.finished and step.timer_seconds is None:
        step = service.answer(attempt, step.challenge.id, right_answer(step))
    if step.finished:
        pytest.fail("the demo pack's competence 1.1 should serve its timed challenge")
    clock.now += step.timer_seconds + 1
    service.answer(attempt, step.challenge.id, right_answer(step))
    last = service.store.query(
        "SELECT status, elapsed_ms FROM answers WHERE attempt_id = ? ORDER BY position DESC LIMIT 1",
        (attempt,),
    )[0]
    assert last["status"] == str(AnswerStatus.TIMEDOUT)
    assert last["elapsed_ms"] >= step.timer_seconds * 1000


def test_time_counts_from_when_the_screen_shows_the_question_once(machine) -> None:
    _settings, service, clock = machine
    step = service.start_competence("ada", "demo", "1.1", "en")
    while not step.finished and step.timer_seconds is None:
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    assert not step.finished and step.timer_seconds is not None
    clock.now += step.timer_seconds + 5  # a checkpoint or the focused warning was on screen meanwhile
    service.mark_shown(step.attempt_id, step.challenge.id)
    clock.now += 3
    service.mark_shown(step.attempt_id, step.challenge.id)  # a redraw does not restart the clock
    clock.now += 2
    service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    last = service.store.query(
        "SELECT status, elapsed_ms FROM answers WHERE attempt_id = ? ORDER BY position DESC LIMIT 1",
        (step.attempt_id,),
    )[0]
    assert last == {"status": str(AnswerStatus.OK), "elapsed_ms": 5000}


def test_a_timed_question_keeps_its_time_across_a_restart(machine) -> None:
    """Closing the window or killing the program does not give a timed question its time back."""
    settings, service, _clock = machine
    wall = [datetime(2026, 11, 26, 9, 0, tzinfo=UTC)]
    service.clock = lambda: wall[0]
    step = service.start_competence("ada", "demo", "1.1", "en")
    while not step.finished and step.timer_seconds is None:
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    assert not step.finished and step.timer_seconds is not None and step.spent_seconds == 0
    service.mark_shown(step.attempt_id, step.challenge.id)
    wall[0] += timedelta(seconds=12)
    service.close()  # the process ends: nothing in memory survives

    ticks = FakeMonotonic()  # a new process: its monotonic clock starts anywhere
    again = AttemptService(settings, clock=lambda: wall[0], monotonic=ticks)
    try:
        resumed = again.current_step(step.attempt_id)
        assert resumed.challenge is not None and resumed.challenge.id == step.challenge.id
        assert resumed.spent_seconds == pytest.approx(12)
        again.mark_shown(step.attempt_id, step.challenge.id)  # shown again: the clock does not restart
        wall[0] += timedelta(seconds=step.timer_seconds)  # the rest of the time, and more, goes by
        ticks.now += step.timer_seconds
        following = again.answer(step.attempt_id, step.challenge.id, right_answer(step))
        last = again.store.query(
            "SELECT status, elapsed_ms FROM answers WHERE attempt_id = ? ORDER BY position DESC LIMIT 1",
            (step.attempt_id,),
        )[0]
        assert last["status"] == str(AnswerStatus.TIMEDOUT) and last["elapsed_ms"] >= 12_000
        assert following.spent_seconds == 0, "the next question starts with its whole time"
        cleared = again.store.query("SELECT * FROM question_clock WHERE attempt_id = ?", (step.attempt_id,))
        assert cleared == [], "answered: its clock is gone, the next one starts when it is shown"
    finally:
        again.close()


def test_campaign_over_every_tube_brings_a_checkpoint_every_five_answers(machine) -> None:
    _settings, service, _clock = machine
    target = {tube.id: 6 for tube in service.content("demo").framework.tubes}
    step = service.start_campaign("ada", "demo", "DEMOCA123", target, "en")
    checkpoints = []
    while not step.finished:
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
        if step.checkpoint:
            checkpoints.append((step.answered, [f.status for f in step.checkpoint]))
    assert step.answered >= 6, "the campaign should ask enough questions to reach a checkpoint"
    assert [n for n, _ in checkpoints] == [n for n in range(5, step.answered + 1, 5) if n < step.answered]
    assert all(statuses == [AnswerStatus.OK] * 5 for _n, statuses in checkpoints)


def test_an_altered_event_is_caught_by_verify(machine) -> None:
    _settings, service, _clock = machine
    final, _seen = run_to_end(service, service.start_competence("ada", "demo", "4.1", "en"))
    body = service.store.query(
        "SELECT body FROM events WHERE attempt_id = ? AND seq = 2", (final.attempt_id,)
    )[0]
    forged = json.loads(bytes(body["body"]))
    forged["data"]["status"] = "ko"
    with service.store.transaction():
        service.store.conn.execute(
            "UPDATE events SET body = ? WHERE attempt_id = ? AND seq = 2",
            (canonical.dumps(forged), final.attempt_id),
        )
    report = service.verify(final.attempt_id)
    assert not report.ok and "event 2" in report.problems[0]
    service.close()
    cli = run_pixdesk("attempt", "verify", final.attempt_id)
    assert cli.returncode == 1 and "PROBLEM: chain broken at event 2" in cli.stdout


def test_a_second_evaluation_skips_what_is_assessed_and_improve_retries_failures(machine) -> None:
    _settings, service, _clock = machine
    step = service.start_competence("ada", "demo", "4.1", "en")
    while not step.finished:  # fail everything
        step = service.skip(step.attempt_id, step.challenge.id)
    with pytest.raises(AttemptError) as nothing:
        service.start_competence("ada", "demo", "4.1", "en")
    assert nothing.value.code == "attempt.nothing_to_assess"
    improve = service.start_competence("ada", "demo", "4.1", "en", improve=True)
    assert improve.challenge is not None
    final, _seen = run_to_end(service, improve)
    assert final.result["competences"]["4.1"]["pix"] > 0


class Clock:
    def __init__(self) -> None:
        from datetime import UTC, datetime

        self.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)

    def __call__(self):  # type: ignore[no-untyped-def]
        return self.now


def test_scorecard_improve_after_four_days_and_reset_after_seven(tmp_path: Path, home: Path) -> None:
    from datetime import timedelta

    from pixdesk.services.progress import ProgressService

    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    PackService(settings).import_path(packs["demo"])
    clock = Clock()
    service = AttemptService(settings, clock=clock)
    progress = ProgressService(service)
    try:
        service.ensure_learner("bob", "Bob")
        card = progress.scorecard("bob", "demo")
        assert card.total_pix == 0 and not card.certifiable
        assert card.entry("4.1").status == "not_started"

        step = service.start_competence("bob", "demo", "4.1", "en")
        assert progress.scorecard("bob", "demo").entry("4.1").status == "started"
        step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
        while not step.finished:  # then fail the rest
            step = service.skip(step.attempt_id, step.challenge.id)
        entry = progress.scorecard("bob", "demo").entry("4.1")
        assert entry.status == "completed" and entry.score.pix == step.result["competences"]["4.1"]["pix"] > 0
        assert not entry.can_improve and entry.improve_available_at == clock.now + timedelta(days=4)

        with pytest.raises(AttemptError) as early:
            progress.improve("bob", "demo", "4.1", "en")
        assert early.value.code == "progress.improve_too_early"
        clock.now += timedelta(days=4)
        improve = progress.improve("bob", "demo", "4.1", "en")
        _final, _seen = run_to_end(service, improve)
        better = progress.scorecard("bob", "demo").entry("4.1")
        assert better.score.pix > entry.score.pix

        with pytest.raises(AttemptError) as too_soon:
            progress.reset("bob", "demo", "4.1")
        assert too_soon.value.code == "progress.reset_too_early"
        clock.now += timedelta(days=7)
        after = progress.reset("bob", "demo", "4.1")
        assert after.entry("4.1").score.pix == 0 and after.total_pix == 0
        again = service.start_competence("bob", "demo", "4.1", "en")
        assert again.challenge is not None, "after a reset every skill can be assessed again"
    finally:
        service.close()


def test_bundles_form_one_chain_per_device(machine) -> None:
    import hashlib

    from pixdesk.services.outbox import GENESIS_BUNDLE

    _settings, service, _clock = machine
    for competence in ("1.1", "3.1"):
        run_to_end(service, service.start_competence("ada", "demo", competence, "en"))
    rows = service.store.query("SELECT device_seq, payload FROM outbox ORDER BY device_seq")
    first, second = (json.loads(bytes(row["payload"])) for row in rows)
    assert (first["device_seq"], second["device_seq"]) == (1, 2)
    assert first["previous"] == GENESIS_BUNDLE
    assert second["previous"] == hashlib.sha256(bytes(rows[0]["payload"])).hexdigest()
