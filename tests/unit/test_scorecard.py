"""The scorecard: status, improve and reset timing, what improve and reset start from."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from knowledge_framework import FW, make_framework

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.framework import Framework
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId
from pixdesk.domain.knowledge import KESource, KEStatus, KnowledgeElement, elements_for_answer
from pixdesk.domain.scorecard import (
    IMPROVE_AFTER,
    RESET_AFTER,
    Blocker,
    CompetenceStatus,
    EvaluationState,
    ScorecardEntry,
    elements_after_reset,
    elements_for_improvement,
    scorecard,
)

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)  # a completion
SECOND = timedelta(seconds=1)
C11, C12 = CompetenceCode("1.1"), CompetenceCode("1.2")


def play(
    answers: list[tuple[str, AnswerStatus]],
    start: datetime = T0 - timedelta(hours=1),
    history: list[KnowledgeElement] | None = None,
    framework: Framework = FW,
) -> list[KnowledgeElement]:
    """Run answers one minute apart, each seeing the elements before it."""
    history = list(history or [])
    known = list(history)
    for n, (skill, status) in enumerate(answers):
        new = elements_for_answer(
            framework, SkillId(skill), status, known, ChallengeId(f"c{n}"), start + n * timedelta(minutes=1)
        )
        history += new
        known += new
    return history


OK, KO = AnswerStatus.OK, AnswerStatus.KO
# 1.1 after one evaluation: search 1-4 and 6 validated (18 pix), files1 ok, files2 ko (files3 inferred ko)
EVALUATED = [("@search6", OK), ("@files2", KO), ("@files1", OK)]
COMPLETED = {C11: EvaluationState(started=False, completed_at=T0)}


def entry(
    elements: list[KnowledgeElement],
    evaluations: dict[CompetenceCode, EvaluationState],
    now: datetime,
    competence: CompetenceCode = C11,
    framework: Framework = FW,
) -> ScorecardEntry:
    card = scorecard(framework, elements, evaluations, now)
    return next(e for e in card if e.competence == competence)


@pytest.mark.parametrize(
    ("answers", "state", "status"),
    [
        pytest.param([], None, CompetenceStatus.NOT_STARTED, id="nothing"),
        pytest.param([("@pw3", OK)], None, CompetenceStatus.NOT_STARTED, id="other-competence-only"),
        pytest.param([], EvaluationState(started=True), CompetenceStatus.STARTED, id="evaluation-begun"),
        pytest.param([("@search1", OK)], None, CompetenceStatus.STARTED, id="elements-no-evaluation"),
        pytest.param(
            [("@search1", OK)], EvaluationState(started=True), CompetenceStatus.STARTED, id="in-progress"
        ),
        pytest.param(EVALUATED, EvaluationState(completed_at=T0), CompetenceStatus.COMPLETED, id="completed"),
        pytest.param(
            EVALUATED,
            EvaluationState(started=True, completed_at=T0),
            CompetenceStatus.STARTED,
            id="improvement-in-progress",
        ),
    ],
)
def test_status(
    answers: list[tuple[str, AnswerStatus]], state: EvaluationState | None, status: CompetenceStatus
) -> None:
    evaluations = {C11: state} if state else {}

    assert entry(play(answers), evaluations, T0 + timedelta(days=30)).status is status


def test_entries_follow_the_framework_and_carry_the_score() -> None:
    elements = play([*EVALUATED, ("@pw2", OK)])
    card = scorecard(FW, elements, COMPLETED, T0)

    assert [e.competence for e in card] == [C11, C12]
    assert (card[0].score.pix, card[0].score.level, card[0].score.pix_to_next_level) == (22, 2, 2)
    assert card[0].last_completed_at == T0
    assert (card[1].status, card[1].score.pix, card[1].last_completed_at) == (
        CompetenceStatus.STARTED,
        8,
        None,
    )


def test_remaining_skills_are_the_active_ones_not_assessed() -> None:
    # EVALUATED assesses search 1-4, 6 and files 1-3: only tags2 is left (search5, tags3 archived)
    assert entry(play(EVALUATED), COMPLETED, T0).remaining_skills == 1
    assert entry([], {}, T0).remaining_skills == 9


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        pytest.param(T0 + IMPROVE_AFTER - SECOND, False, id="one-second-before-4-days"),
        pytest.param(T0 + IMPROVE_AFTER, True, id="exactly-4-days"),
        pytest.param(T0 + timedelta(days=40), True, id="long-after"),
    ],
)
def test_improve_timing(now: datetime, allowed: bool) -> None:
    card = entry(play(EVALUATED), COMPLETED, now)

    assert card.can_improve is allowed
    assert card.improve_available_at == T0 + timedelta(days=4)
    assert card.improve_blocked_by is (None if allowed else Blocker.TOO_EARLY)


@pytest.mark.parametrize(
    ("now", "allowed"),
    [
        pytest.param(T0 + RESET_AFTER - SECOND, False, id="one-second-before-7-days"),
        pytest.param(T0 + RESET_AFTER, True, id="exactly-7-days"),
    ],
)
def test_reset_timing_after_completion(now: datetime, allowed: bool) -> None:
    card = entry(play(EVALUATED), COMPLETED, now)

    assert card.can_reset is allowed
    assert card.reset_available_at == T0 + timedelta(days=7)
    assert card.reset_blocked_by is (None if allowed else Blocker.TOO_EARLY)


def test_improve_needs_a_completed_competence() -> None:
    late = T0 + timedelta(days=30)
    for state in (None, EvaluationState(started=True), EvaluationState(started=True, completed_at=T0)):
        card = entry(play(EVALUATED), {C11: state} if state else {}, late)

        assert not card.can_improve
        assert card.improve_blocked_by is Blocker.NOT_COMPLETED
        assert card.improve_available_at is None


def test_improve_is_not_offered_at_the_max_open_level() -> None:
    framework = make_framework(max_open_level=1)
    elements = play([("@pw2", OK)], framework=framework)  # 8 pix: level 1 = max
    card = entry(elements, {C12: EvaluationState(completed_at=T0)}, T0 + timedelta(days=30), C12, framework)

    assert card.score.level == 1 and card.score.pix_to_next_level is None
    assert (card.can_improve, card.improve_blocked_by, card.improve_available_at) == (
        False,
        Blocker.MAX_LEVEL,
        None,
    )


def test_improve_is_not_offered_when_every_skill_is_validated() -> None:
    elements = play([("@search6", OK), ("@files3", OK), ("@tags2", OK)])  # 32 pix, level 4 < 6
    card = entry(elements, COMPLETED, T0 + timedelta(days=30))

    assert card.score.level == 4
    assert (card.can_improve, card.improve_blocked_by) == (False, Blocker.NOTHING_LEFT)


def test_reset_of_an_unfinished_competence_counts_from_its_last_answer() -> None:
    last_answer = T0 + timedelta(minutes=2)
    elements = play([("@search2", OK), ("@files1", KO), ("@tags2", OK)], start=T0)
    state = {C11: EvaluationState(started=True)}

    before = entry(elements, state, last_answer + RESET_AFTER - SECOND)
    at = entry(elements, state, last_answer + RESET_AFTER)

    assert before.reset_available_at == at.reset_available_at == last_answer + RESET_AFTER
    assert (before.can_reset, before.reset_blocked_by) == (False, Blocker.TOO_EARLY)
    assert (at.can_reset, at.reset_blocked_by) == (True, None)


def test_reset_counts_from_the_later_of_completion_and_newest_element() -> None:
    late_element = play([("@tags2", OK)], start=T0 + timedelta(days=2), history=play(EVALUATED))

    assert entry(late_element, COMPLETED, T0).reset_available_at == T0 + timedelta(days=9)


def test_nothing_to_reset_without_elements() -> None:
    for state in ({}, {C11: EvaluationState(started=True)}):
        card = entry([], state, T0 + timedelta(days=30))

        assert (card.can_reset, card.reset_blocked_by, card.reset_available_at) == (
            False,
            Blocker.NOTHING_TO_RESET,
            None,
        )


def test_naive_now_is_refused() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        scorecard(FW, [], {}, datetime(2025, 3, 10, 9, 0))


def test_improvement_ignores_old_failures_and_keeps_successes() -> None:
    history = play([*EVALUATED, ("@pw4", KO)])
    start = elements_for_improvement(history, C11)
    by_skill = {e.skill_id: e for e in start}

    # files2 failed directly, files3 by inference: both dropped; every success kept
    assert "@files2" not in by_skill and "@files3" not in by_skill
    assert {s for s, e in by_skill.items() if e.competence == C11} == {
        "@search1",
        "@search2",
        "@search3",
        "@search4",
        "@search6",
        "@files1",
    }
    assert all(e.status is KEStatus.VALIDATED for e in start if e.competence == C11)
    # other competences untouched, failures included
    assert by_skill[SkillId("@pw4")].status is KEStatus.INVALIDATED


def test_improvement_lets_failed_skills_be_assessed_again_and_raises_the_score() -> None:
    history = play(EVALUATED)
    assert entry(history, COMPLETED, T0).score.pix == 22

    known = elements_for_improvement(history, C11)
    retry = elements_for_answer(
        FW, SkillId("@files3"), AnswerStatus.OK, known, ChallengeId("again"), T0 + timedelta(days=5)
    )
    assert [(e.skill_id, e.source) for e in retry] == [
        ("@files3", KESource.DIRECT),
        ("@files2", KESource.INFERRED),
    ]

    improved = entry(history + retry, {C11: EvaluationState(completed_at=T0 + timedelta(days=5))}, T0)
    assert improved.score.pix == 29  # 22.67 + files3 (4) + files2 (8/3) = 29.33


def test_improvement_works_on_the_latest_element_of_each_skill() -> None:
    history = play(EVALUATED)
    retried_and_failed_again = play([("@files2", KO)], start=T0 + timedelta(days=5))
    # a skill validated after an earlier failure is kept; failed again, it is dropped again
    rescued = play([("@files2", OK)], start=T0 + timedelta(days=5), history=[])

    assert "@files2" not in {
        e.skill_id for e in elements_for_improvement(history + retried_and_failed_again, C11)
    }
    assert "@files2" in {e.skill_id for e in elements_for_improvement(history + rescued, C11)}


def test_reset_drops_only_that_competence() -> None:
    history = play([*EVALUATED, ("@pw4", OK), ("@pw5", KO)])
    after = elements_after_reset(history, C11)

    assert after == [e for e in history if e.competence == C12]
    card = entry(after, {}, T0 + timedelta(days=8))
    assert (card.status, card.score.pix, card.remaining_skills) == (CompetenceStatus.NOT_STARTED, 0, 9)
    assert entry(after, {}, T0, C12).score.pix == 16
