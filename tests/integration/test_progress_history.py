"""Progress over time on a real machine database and the small demo pack: history, badges,
attempt summaries, and the scorecard after a reset."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from answering import right_answer
from factories import build_demo_packs, make_trust

from pixdesk.domain.badges import BadgeCode
from pixdesk.domain.pix_history import PointKind
from pixdesk.services.attempts import AttemptError, AttemptService, Step
from pixdesk.services.packs import PackService
from pixdesk.services.progress import ProgressService

T0 = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now

    def tick(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@pytest.fixture
def machine(tmp_path: Path, home: Path) -> Iterator[tuple[AttemptService, ProgressService, Clock]]:
    trust, settings = make_trust(tmp_path / "trust", home)
    packs = build_demo_packs(tmp_path / "packs", trust.practice, trust.certification)
    assert PackService(settings).import_path(packs["demo"])[0].outcome is not None
    clock = Clock()
    service = AttemptService(settings, clock=clock)
    service.ensure_learner("ada", "Ada")
    service.ensure_learner("bob", "Bob")
    yield service, ProgressService(service), clock
    service.close()


def play(service: AttemptService, clock: Clock, step: Step, right: int) -> Step:
    """Answer the first ``right`` questions right and skip the rest, a minute apart."""
    n = 0
    while not step.finished:
        assert step.challenge is not None
        clock.tick(minutes=1)
        if n < right:
            step = service.answer(step.attempt_id, step.challenge.id, right_answer(step))
        else:
            step = service.skip(step.attempt_id, step.challenge.id)
        n += 1
    return step


def test_history_follows_evaluation_improvement_and_reset(machine) -> None:
    service, progress, clock = machine
    assert progress.history("ada", "demo") == []

    first = play(service, clock, service.start_competence("ada", "demo", "4.1", "en"), right=1)
    pix1 = first.result["competences"]["4.1"]["pix"]
    clock.tick(days=4)
    better = play(service, clock, progress.improve("ada", "demo", "4.1", "en"), right=99)
    pix2 = better.result["competences"]["4.1"]["pix"]
    assert pix2 > pix1 > 0

    clock.tick(days=7)
    reset_at = clock.now
    assert progress.reset("ada", "demo", "4.1").entry("4.1").score.pix == 0
    history = progress.history("ada", "demo")
    assert [(p.competence, p.kind, p.pix) for p in history] == [
        ("4.1", PointKind.EVALUATION, pix1),
        ("4.1", PointKind.IMPROVEMENT, pix2),
        ("4.1", PointKind.RESET, 0),
    ]
    assert [p.attempt_id for p in history[:2]] == [first.attempt_id, better.attempt_id]
    assert history[1].level == better.result["competences"]["4.1"]["level"]
    # nothing was running: the reset's moment is estimated, never later than it happened
    assert not history[2].exact and history[1].at < history[2].at <= reset_at

    clock.tick(hours=2)
    again = play(service, clock, service.start_competence("ada", "demo", "4.1", "en"), right=99)
    after = progress.history("ada", "demo")
    assert [p.kind for p in after] == [
        PointKind.EVALUATION,
        PointKind.IMPROVEMENT,
        PointKind.RESET,
        PointKind.EVALUATION,
    ]
    assert after[-1].pix == again.result["competences"]["4.1"]["pix"]
    assert after[2].at <= after[3].at, "the reset comes before the evaluation that followed it"


def test_a_reset_that_closes_a_running_evaluation_is_dated_exactly(machine) -> None:
    service, progress, clock = machine
    step = service.start_competence("ada", "demo", "1.1", "en")
    clock.tick(minutes=1)
    service.answer(step.attempt_id, step.challenge.id, right_answer(step))
    clock.tick(days=8)
    progress.reset("ada", "demo", "1.1")
    history = progress.history("ada", "demo")
    assert [(p.kind, p.exact) for p in history][-1] == (PointKind.RESET, True)
    assert history[-1].at == clock.now and history[-1].pix == 0


def test_after_a_reset_the_competence_is_not_started_and_cannot_be_improved(machine) -> None:
    service, progress, clock = machine
    play(service, clock, service.start_competence("ada", "demo", "1.1", "en"), right=99)
    clock.tick(days=8)
    entry = progress.reset("ada", "demo", "1.1").entry("1.1")
    assert entry.status == "not_started" and entry.last_completed_at is None
    assert not entry.can_improve and entry.improve_blocked_by == "not_completed"
    play(service, clock, service.start_competence("ada", "demo", "1.1", "en"), right=1)
    assert progress.scorecard("ada", "demo").entry("1.1").status == "completed"


def test_badges_first_evaluation_level_3_and_all_started(machine) -> None:
    service, progress, clock = machine
    assert progress.badges("ada", "demo") == []
    final = play(service, clock, service.start_competence("ada", "demo", "1.1", "en"), right=99)
    badges = {b.code: b.earned_at for b in progress.badges("ada", "demo")}
    assert badges[BadgeCode.FIRST_EVALUATION] == clock.now
    level = final.result["competences"]["1.1"]["level"]
    assert (BadgeCode.FIRST_LEVEL_3 in badges) is (level >= 3)

    for code in ("1.3", "3.1", "4.1"):  # the small pack assesses 4 competences
        play(service, clock, service.start_competence("ada", "demo", code, "en"), right=99)
    badges = {b.code: b.earned_at for b in progress.badges("ada", "demo")}
    assert badges[BadgeCode.ALL_STARTED] == clock.now
    assert badges[BadgeCode.FIRST_EVALUATION] < clock.now, "a badge keeps the moment it was earned"
    levels = [p.level for p in progress.history("ada", "demo")]
    assert (BadgeCode.FIRST_LEVEL_3 in badges) is (max(levels) >= 3)
    card, earned = progress.overview("ada", "demo")  # the home screen's one read
    assert card == progress.scorecard("ada", "demo") and earned == progress.badges("ada", "demo")


def test_attempt_summary_before_after_skills_and_tutorials(machine) -> None:
    service, progress, clock = machine
    before = progress.scorecard("ada", "demo")
    final = play(service, clock, service.start_competence("ada", "demo", "1.1", "en"), right=1)
    summary = progress.attempt_summary("ada", final.attempt_id, before)
    assert summary.kind == "competence" and not summary.improvement and not summary.aborted
    (change,) = summary.changes
    assert change.competence == "1.1" and change.title["en"] == "Searching and monitoring information"
    assert (change.pix_before, change.level_before) == (0, 0)
    assert change.pix_after == final.result["competences"]["1.1"]["pix"] == change.pix_gained
    assert change.level_up is (change.level_after > 0) and summary.level_up is change.level_up
    assert {s.skill_id for s in summary.validated} == set(final.result["validated_skills"])
    assert {s.skill_id for s in summary.failed} == set(final.result["failed_skills"])
    assert summary.failed, "skipped questions fail skills"
    assert all(s.tube_title.get("en") for s in (*summary.validated, *summary.failed))
    assert sum(s.direct for s in summary.validated) == 1, "one question answered right"
    taught = {skill for t in summary.tutorials for skill in t.skills}
    assert set(final.result["failed_directly"]) & taught, "tutorials for the skills failed directly"
    assert summary.tutorials and all(t.title.get("en") and t.body.get("en") for t in summary.tutorials)
    assert summary.pack_title["en"]

    # without the scorecard taken before, the attempt's recorded start gives the same numbers
    assert progress.attempt_summary("ada", final.attempt_id).changes == summary.changes


def test_improvement_summary_counts_from_what_was_kept(machine) -> None:
    service, progress, clock = machine
    first = play(service, clock, service.start_competence("ada", "demo", "4.1", "en"), right=1)
    clock.tick(days=5)
    better = play(service, clock, progress.improve("ada", "demo", "4.1", "en"), right=99)
    (change,) = progress.attempt_summary("ada", better.attempt_id).changes
    assert change.pix_before == first.result["competences"]["4.1"]["pix"]
    assert change.pix_after == better.result["competences"]["4.1"]["pix"] > change.pix_before
    assert progress.attempt_summary("ada", better.attempt_id).improvement


def test_a_learner_reads_only_their_own_finished_attempts(machine) -> None:
    service, progress, clock = machine
    final = play(service, clock, service.start_competence("ada", "demo", "1.1", "en"), right=99)
    with pytest.raises(AttemptError) as other:
        progress.attempt_summary("bob", final.attempt_id)
    assert other.value.code == "attempt.unknown"
    with pytest.raises(AttemptError) as unknown:
        progress.attempt_summary("ada", "no-such-attempt")
    assert unknown.value.code == "attempt.unknown"
    running = service.start_competence("ada", "demo", "4.1", "en")
    with pytest.raises(AttemptError) as not_yet:
        progress.attempt_summary("ada", running.attempt_id)
    assert not_yet.value.code == "attempt.not_finished"
    assert progress.history("bob", "demo") == [] and progress.badges("bob", "demo") == []


def test_labels_give_domains_competences_and_tubes_per_language(machine) -> None:
    _service, progress, _clock = machine
    labels = progress.labels("demo")
    assert [d.code for d in labels.domains] == ["1", "2", "3", "4", "5"]
    assert labels.domain("4").title["fr"] == "Protection et sécurité"
    assert len(labels.competences) == 16
    assert [c.code for c in labels.competences_of("1")] == ["1.1", "1.2", "1.3"]
    assert labels.tubes["searchEngines"]["en"] == "Search engines"
