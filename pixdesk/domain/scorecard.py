"""Layer: domain. The learner's scorecard: each competence's status, score, improve and reset.

Status of a competence:

* **not started**: no knowledge element and no evaluation;
* **started**: an evaluation is in progress (this includes an improvement of a competence
  completed before), or there are elements (from a campaign, say) but no completed
  evaluation;
* **completed**: the last evaluation finished.

Improve (:data:`IMPROVE_AFTER` = 4 days): allowed for a *completed* competence below the
max open level, with at least one active skill not validated, from 4 days after the
last completion (exactly 4 days is enough). The improvement evaluation starts from
:func:`elements_for_improvement`: old failures are ignored, successes are kept, so the
failed skills can be assessed again.

Reset (:data:`RESET_AFTER` = 7 days): allowed for a started or completed competence that
has elements, 7 days after its last activity: the later of its last completion and its
newest element. For a completed competence that is the last completion; for one left
unfinished it is the last answer, so a learner cannot wipe a bad start at once. After a
reset (:func:`elements_after_reset`) the services close any evaluation in progress and
pass no :class:`EvaluationState` for the competence: it is not started again.

When something is not allowed, the entry says why (:class:`Blocker`, a message code for
the UI) and, when only time is missing, when it will be (``…_available_at``; once allowed,
that field keeps the moment it became so). ``now`` is passed in: this module reads no
clock. All datetimes must be timezone-aware.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from pixdesk.domain.framework import Framework
from pixdesk.domain.ids import CompetenceCode
from pixdesk.domain.knowledge import KEStatus, KnowledgeElement, current_elements
from pixdesk.domain.scoring import CompetenceScore, competence_score

__all__ = [
    "IMPROVE_AFTER",
    "RESET_AFTER",
    "Blocker",
    "CompetenceStatus",
    "EvaluationState",
    "ScorecardEntry",
    "elements_after_reset",
    "elements_for_improvement",
    "scorecard",
]

IMPROVE_AFTER = timedelta(days=4)
RESET_AFTER = timedelta(days=7)


class CompetenceStatus(StrEnum):
    NOT_STARTED = "not_started"
    STARTED = "started"
    COMPLETED = "completed"


class Blocker(StrEnum):
    """Why improve or reset is not allowed now (a message code, translated by the UI)."""

    NOT_COMPLETED = "not_completed"  # improve: never completed, or an evaluation is in progress
    MAX_LEVEL = "max_level"  # improve: already at the max open level
    NOTHING_LEFT = "nothing_left"  # improve: every active skill is already validated
    NOTHING_TO_RESET = "nothing_to_reset"  # reset: the competence has no element
    TOO_EARLY = "too_early"  # both: wait until the entry's ..._available_at


@dataclass(frozen=True)
class EvaluationState:
    """What the services know of a competence's evaluations.

    Attributes:
        started: An evaluation of the competence is in progress (begun, not finished).
        completed_at: When the latest completed evaluation finished; None if none has.
    """

    started: bool = False
    completed_at: datetime | None = None


@dataclass(frozen=True)
class ScorecardEntry:
    """One competence of the scorecard."""

    competence: CompetenceCode
    status: CompetenceStatus
    score: CompetenceScore
    last_completed_at: datetime | None
    can_improve: bool
    improve_available_at: datetime | None  # None when something other than time blocks it
    can_reset: bool
    reset_available_at: datetime | None  # None when there is nothing to reset
    remaining_skills: int  # active skills of the competence not assessed yet
    improve_blocked_by: Blocker | None = None  # None exactly when can_improve
    reset_blocked_by: Blocker | None = None  # None exactly when can_reset


def _status(state: EvaluationState, has_elements: bool) -> CompetenceStatus:
    if state.started:
        return CompetenceStatus.STARTED
    if state.completed_at is not None:
        return CompetenceStatus.COMPLETED
    return CompetenceStatus.STARTED if has_elements else CompetenceStatus.NOT_STARTED


def _entry(
    framework: Framework,
    competence: CompetenceCode,
    elements: list[KnowledgeElement],
    state: EvaluationState,
    now: datetime,
) -> ScorecardEntry:
    score = competence_score(framework, competence, elements)
    status = _status(state, bool(elements))
    by_skill = {e.skill_id: e for e in elements}
    active = framework.active_skills(competence)
    remaining = sum(1 for s in active if s.id not in by_skill)
    not_validated = sum(1 for s in active if s.id not in by_skill or not by_skill[s.id].validated)

    improve_at: datetime | None = None
    improve_block: Blocker | None
    if status is not CompetenceStatus.COMPLETED or state.completed_at is None:
        improve_block = Blocker.NOT_COMPLETED
    elif score.level >= framework.max_open_level:
        improve_block = Blocker.MAX_LEVEL
    elif not_validated == 0:
        improve_block = Blocker.NOTHING_LEFT
    else:
        improve_at = state.completed_at + IMPROVE_AFTER
        improve_block = None if now >= improve_at else Blocker.TOO_EARLY

    reset_at: datetime | None = None
    reset_block: Blocker | None
    if not elements:
        reset_block = Blocker.NOTHING_TO_RESET
    else:
        last_activity = max(e.created_at for e in elements)
        if state.completed_at is not None:
            last_activity = max(last_activity, state.completed_at)
        reset_at = last_activity + RESET_AFTER
        reset_block = None if now >= reset_at else Blocker.TOO_EARLY

    return ScorecardEntry(
        competence=competence,
        status=status,
        score=score,
        last_completed_at=state.completed_at,
        can_improve=improve_block is None,
        improve_available_at=improve_at,
        can_reset=reset_block is None,
        reset_available_at=reset_at,
        remaining_skills=remaining,
        improve_blocked_by=improve_block,
        reset_blocked_by=reset_block,
    )


def scorecard(
    framework: Framework,
    elements: Iterable[KnowledgeElement],
    evaluations: Mapping[CompetenceCode, EvaluationState],
    now: datetime,
) -> list[ScorecardEntry]:
    """The learner's scorecard, one entry per competence of the framework, in its order.

    Args:
        framework: The competences to show and their skills.
        elements: The learner's knowledge elements (a history: the latest per skill counts).
        evaluations: Evaluation state per competence; a missing competence has none.
        now: The current instant (aware), passed in by the caller.

    Returns:
        The entries. Elements and evaluations of competences outside the framework are
        ignored.

    Raises:
        ValueError: ``now`` is naive.
    """
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("now must be timezone-aware")
    current = current_elements(elements)
    by_competence: dict[CompetenceCode, list[KnowledgeElement]] = {}
    for element in current:
        by_competence.setdefault(element.competence, []).append(element)
    return [
        _entry(
            framework,
            c.code,
            by_competence.get(c.code, []),
            evaluations.get(c.code, EvaluationState()),
            now,
        )
        for c in framework.competences
    ]


def elements_for_improvement(
    elements: Iterable[KnowledgeElement], competence: CompetenceCode
) -> list[KnowledgeElement]:
    """What an improvement evaluation of a competence starts from.

    Args:
        elements: The learner's elements (a history).
        competence: The competence being improved.

    Returns:
        The latest element of each skill, without the competence's failures (invalidated,
        direct or inferred): those skills can be assessed again. Its successes and the
        other competences' elements are kept.
    """
    return [
        e
        for e in current_elements(elements)
        if not (e.competence == competence and e.status is KEStatus.INVALIDATED)
    ]


def elements_after_reset(
    elements: Iterable[KnowledgeElement], competence: CompetenceCode
) -> list[KnowledgeElement]:
    """The learner's elements once a competence is reset.

    Args:
        elements: The learner's elements (a history).
        competence: The competence to reset.

    Returns:
        Every element of the other competences, in the given order; none of this one.
    """
    return [e for e in elements if e.competence != competence]
