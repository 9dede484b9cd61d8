"""Layer: domain. A learner's pix per competence over time, rebuilt from what is stored.

One :class:`PixPoint` per closed evaluation, improvement or campaign that answered at
least one question (pix and level right after it), and one per reset (0 pix, level 0).

**Why the attempts' results, not a recomputation from knowledge elements.** Each closed
attempt stores its result, computed when it ended from the knowledge it started from
plus its answers: that is the competence's score at that moment, and nothing done later
changes it. Recomputing from the elements would go wrong twice: an improvement
deactivates the old failures (harmless for pix, but the element set no longer says
what the learner knew before), and a reset deactivates everything without recording
when, so a recomputation cannot tell which elements still counted at a given time.

**Resets** leave no row of their own; they are recognised from the knowledge each
attempt recorded in its signed ``started`` event (its *prior*): a reset came between two
attempts of a competence when the later one did not start from what the earlier one
left (every skill, or every validated one for an improvement, which drops old failures
by design); and after the last attempt when that knowledge is no longer active. The
moment is exact when the reset closed an evaluation in progress (that evaluation was
aborted at the reset's moment, at least 7 days after its last activity); otherwise it
is estimated (``exact`` False): the start of the next attempt on the competence (a
learner resets to start again, and the reset cannot be later), or, with no next
attempt, the earliest moment the reset was allowed (7 days after the last activity).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from pixdesk.domain.framework import Framework
from pixdesk.domain.ids import CompetenceCode, SkillId
from pixdesk.domain.knowledge import KEStatus, KnowledgeElement
from pixdesk.domain.scorecard import RESET_AFTER

__all__ = ["AttemptTrace", "PixPoint", "PointKind", "StoredElement", "pix_history"]


class PointKind(StrEnum):
    EVALUATION = "evaluation"
    IMPROVEMENT = "improvement"
    CAMPAIGN = "campaign"
    RESET = "reset"


@dataclass(frozen=True)
class PixPoint:
    """A competence's pix and level right after something changed them."""

    competence: CompetenceCode
    at: datetime
    pix: int
    level: int
    kind: PointKind
    attempt_id: str | None  # None for a reset
    exact: bool = True  # False: a reset whose moment is estimated (see the module docstring)


@dataclass(frozen=True)
class AttemptTrace:
    """What the history needs of one competence or campaign attempt.

    Attributes:
        kind: EVALUATION, IMPROVEMENT or CAMPAIGN.
        competence: The evaluated competence; None for a campaign.
        closed: Finished or aborted (not in progress).
        aborted: Closed early (by the learner, or by a reset).
        prior: The knowledge it started from (skill → status), any competence.
        scores: From its result: competence → (pix, level) when it closed.
    """

    attempt_id: str
    kind: PointKind
    competence: CompetenceCode | None
    started_at: datetime
    finished_at: datetime | None
    closed: bool
    aborted: bool
    answers: int
    prior: Mapping[SkillId, KEStatus] = field(default_factory=dict)
    scores: Mapping[CompetenceCode, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class StoredElement:
    """A knowledge element with its attempt and whether it still counts."""

    attempt_id: str
    active: bool
    element: KnowledgeElement


def pix_history(
    framework: Framework, attempts: Iterable[AttemptTrace], elements: Iterable[StoredElement]
) -> list[PixPoint]:
    """The learner's pix per competence over time.

    Args:
        framework: The competences to follow (prior skills it does not know are ignored).
        attempts: The learner's competence and campaign attempts, in any order.
        elements: All their knowledge elements, active or not.

    Returns:
        The points in time order (a competence's points keep their order on a tie).
    """
    ordered = sorted(attempts, key=lambda a: a.started_at)
    stored = list(elements)
    points: list[PixPoint] = []
    for competence in framework.competences:
        points.extend(_competence_history(framework, competence.code, ordered, stored))
    return sorted(points, key=lambda p: p.at)


def _competence_history(
    framework: Framework,
    code: CompetenceCode,
    attempts: Sequence[AttemptTrace],
    stored: Sequence[StoredElement],
) -> list[PixPoint]:
    known = {s.id for s in framework.skills() if s.competence == code}
    mine = [s for s in stored if s.element.competence == code]
    by_attempt: dict[str, list[KnowledgeElement]] = {}
    for item in mine:
        by_attempt.setdefault(item.attempt_id, []).append(item.element)
    relevant = [
        a
        for a in attempts
        if a.competence == code
        or (a.kind is PointKind.CAMPAIGN and (a.attempt_id in by_attempt or code in a.scores))
    ]
    points: list[PixPoint] = []
    state: dict[SkillId, tuple[KEStatus, datetime]] = {}  # what counts, and since when
    last_activity: datetime | None = None
    previous: AttemptTrace | None = None
    for attempt in relevant:
        prior = {s: st for s, st in attempt.prior.items() if s in known}
        improving = attempt.kind is PointKind.IMPROVEMENT
        needed = {  # known before it started (not what a parallel attempt added meanwhile)
            s
            for s, (st, since) in state.items()
            if since < attempt.started_at and (st is KEStatus.VALIDATED or not improving)
        }
        if needed - prior.keys():  # it did not start from what came before: a reset in between
            points.extend(_reset(code, previous, attempt.started_at, last_activity))
            state.clear()
        if improving:  # an improvement drops the old failures
            state = {s: v for s, v in state.items() if v[0] is KEStatus.VALIDATED}
        for skill, status in prior.items():
            state.setdefault(skill, (status, attempt.started_at))
        for element in by_attempt.get(attempt.attempt_id, []):
            state[element.skill_id] = (element.status, element.created_at)
            last_activity = _later(last_activity, element.created_at)
        if attempt.closed and attempt.finished_at is not None and attempt.answers and code in attempt.scores:
            pix, level = attempt.scores[code]
            points.append(PixPoint(code, attempt.finished_at, pix, level, attempt.kind, attempt.attempt_id))
            if not attempt.aborted and attempt.competence == code:
                last_activity = _later(last_activity, attempt.finished_at)
        previous = attempt
    active_now = {s.element.skill_id for s in mine if s.active}
    if state and any(skill not in active_now for skill in state):
        points.extend(_reset(code, previous, None, last_activity))
    return points


def _later(current: datetime | None, moment: datetime) -> datetime:
    return moment if current is None or moment > current else current


def _reset(
    code: CompetenceCode,
    previous: AttemptTrace | None,
    next_start: datetime | None,
    last_activity: datetime | None,
) -> list[PixPoint]:
    earliest = last_activity + RESET_AFTER if last_activity is not None else None
    closed_by_reset = (
        previous is not None
        and previous.aborted
        and previous.competence == code
        and previous.finished_at is not None
        and (earliest is None or previous.finished_at >= earliest)
    )
    if closed_by_reset and previous is not None and previous.finished_at is not None:
        return [PixPoint(code, previous.finished_at, 0, 0, PointKind.RESET, None, exact=True)]
    fallback = (previous.finished_at or previous.started_at) if previous is not None else None
    moment = next_start or earliest or fallback
    if moment is None:  # knowledge from no attempt: nothing to date a reset by
        return []
    return [PixPoint(code, moment, 0, 0, PointKind.RESET, None, exact=False)]
