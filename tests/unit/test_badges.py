"""Badges from a scorecard and a pix history, and the history's reading of resets (pure domain)."""

from __future__ import annotations

from datetime import timedelta

from knowledge_framework import FW, T0

from pixdesk.domain.badges import Badge, BadgeCode, earned_badges
from pixdesk.domain.ids import CompetenceCode, SkillId, TubeId
from pixdesk.domain.knowledge import KESource, KEStatus, KnowledgeElement
from pixdesk.domain.pix_history import AttemptTrace, PixPoint, PointKind, StoredElement, pix_history
from pixdesk.domain.scorecard import EvaluationState, scorecard

C11, C12 = CompetenceCode("1.1"), CompetenceCode("1.2")
DAY = timedelta(days=1)


def point(code: CompetenceCode, days: float, pix: int, kind: PointKind = PointKind.EVALUATION) -> PixPoint:
    return PixPoint(code, T0 + days * DAY, pix, pix // 8, kind, None if kind is PointKind.RESET else "a")


def element(skill: str, status: KEStatus, days: float, code: CompetenceCode = C11) -> KnowledgeElement:
    pix = 4.0 if status is KEStatus.VALIDATED else 0.0
    return KnowledgeElement(
        SkillId(skill), TubeId(skill[1:-1]), code, status, KESource.DIRECT, pix, T0 + days * DAY, None
    )


def card(elements: list[KnowledgeElement] = (), states: dict | None = None):  # type: ignore[assignment]
    return scorecard(FW, elements, states or {}, T0 + 30 * DAY)


def codes(badges: list[Badge]) -> list[BadgeCode]:
    return [b.code for b in badges]


def test_a_fresh_learner_has_no_badge() -> None:
    assert earned_badges(card(), []) == []


def test_first_evaluation_is_dated_by_the_first_result() -> None:
    history = [point(C12, 3, 4), point(C11, 1, 2)]
    assert earned_badges(card(), history)[0] == Badge(BadgeCode.FIRST_EVALUATION, T0 + DAY)


def test_a_reset_alone_earns_nothing_and_takes_nothing_back() -> None:
    assert earned_badges(card(), [point(C11, 1, 0, PointKind.RESET)]) == []
    kept = earned_badges(card(), [point(C11, 1, 20), point(C11, 9, 0, PointKind.RESET)])
    assert codes(kept) == [BadgeCode.FIRST_EVALUATION]


def test_first_level_3_is_the_first_point_at_level_3_or_more() -> None:
    history = [point(C11, 1, 23), point(C11, 5, 24), point(C12, 6, 40)]
    badges = earned_badges(card(), history)
    assert badges[1] == Badge(BadgeCode.FIRST_LEVEL_3, T0 + 5 * DAY)
    assert BadgeCode.FIRST_LEVEL_3 not in codes(earned_badges(card(), history[:1]))


def test_a_level_on_the_scorecard_without_history_is_earned_at_an_unknown_moment() -> None:
    skills = ["@search1", "@search2", "@search3", "@search4", "@search6", "@files1", "@files2", "@files3"]
    entries = card([element(s, KEStatus.VALIDATED, 1) for s in skills])
    assert entries[0].score.level >= 3
    assert earned_badges(entries, []) == [Badge(BadgeCode.FIRST_LEVEL_3, None)]


def test_all_started_when_the_last_assessable_competence_gets_its_first_result() -> None:
    history = [point(C11, 1, 4), point(C11, 2, 8), point(C12, 4, 4)]
    badges = earned_badges(card(), history)
    assert badges[-1] == Badge(BadgeCode.ALL_STARTED, T0 + 4 * DAY)
    assert BadgeCode.ALL_STARTED not in codes(earned_badges(card(), history[:2]))


def test_all_started_with_an_evaluation_in_progress_has_no_known_moment() -> None:
    entries = card([], {C12: EvaluationState(started=True)})
    assert earned_badges(entries, [point(C11, 1, 4)])[-1] == Badge(BadgeCode.ALL_STARTED, None)


# -- the history's reading of resets ---------------------------------------------------------------
def trace(
    attempt: str, days: float, prior: dict[str, KEStatus], pix: int, kind: PointKind = PointKind.EVALUATION
) -> AttemptTrace:
    return AttemptTrace(
        attempt_id=attempt,
        kind=kind,
        competence=C11,
        started_at=T0 + days * DAY,
        finished_at=T0 + days * DAY + timedelta(minutes=10),
        closed=True,
        aborted=False,
        answers=2,
        prior={SkillId(s): st for s, st in prior.items()},
        scores={C11: (pix, pix // 8)},
    )


V, X = KEStatus.VALIDATED, KEStatus.INVALIDATED


def test_an_improvement_dropping_failures_is_not_a_reset() -> None:
    first = trace("a", 0, {}, 4)
    better = trace("b", 5, {"@search1": V}, 8, PointKind.IMPROVEMENT)
    stored = [
        StoredElement("a", True, element("@search1", V, 0)),
        StoredElement("a", False, element("@files1", X, 0)),
        StoredElement("b", True, element("@search2", V, 5)),
    ]
    history = pix_history(FW, [first, better], stored)
    assert [(p.kind, p.pix) for p in history] == [(PointKind.EVALUATION, 4), (PointKind.IMPROVEMENT, 8)]


def test_a_reset_between_attempts_is_seen_from_the_next_start_and_dated_by_it() -> None:
    first = trace("a", 0, {}, 4)
    second = trace("b", 20, {}, 8)  # it started from nothing: the knowledge of "a" was reset
    stored = [
        StoredElement("a", False, element("@search1", V, 0)),
        StoredElement("b", True, element("@search2", V, 20)),
    ]
    history = pix_history(FW, [second, first], stored)
    assert [(p.kind, p.pix, p.exact) for p in history] == [
        (PointKind.EVALUATION, 4, True),
        (PointKind.RESET, 0, False),
        (PointKind.EVALUATION, 8, True),
    ]
    assert history[1].at == second.started_at


def test_a_reset_after_the_last_attempt_is_dated_at_the_earliest_allowed_moment() -> None:
    first = trace("a", 0, {}, 4)
    history = pix_history(FW, [first], [StoredElement("a", False, element("@search1", V, 0))])
    assert history[-1].kind is PointKind.RESET and not history[-1].exact
    assert history[-1].at == first.finished_at + 7 * DAY  # type: ignore[operator]


def test_an_attempt_started_while_another_ran_is_not_mistaken_for_a_reset() -> None:
    first = trace("a", 0, {}, 4)
    second = trace("b", 0.001, {}, 8)  # began before "a" answered: its start knew nothing of "a"
    stored = [
        StoredElement("a", True, element("@search1", V, 0.002)),
        StoredElement("b", True, element("@search2", V, 0.003)),
    ]
    kinds = [p.kind for p in pix_history(FW, [first, second], stored)]
    assert kinds == [PointKind.EVALUATION, PointKind.EVALUATION]
