"""Layer: domain. Knowledge elements: what an answer teaches about a learner's skills.

Every answer produces a *direct* element for the skill of the answered challenge. The
tube's order then lets one answer say more: a success (only ``ok``) also validates every
easier active skill of the same tube, a failure (any other status) invalidates every
harder one; those elements are *inferred*. A skill already assessed is not assessed
again: a skill that has an element (whatever its status) gets no new one. Archived
(inactive) skills get no element at all, not even a direct one: they are no longer part
of the framework's pix arithmetic.

An element records the pix it earned when it was created (the skill's pix value if
validated, else 0), so a later change of the framework does not rewrite past scores.

Element lists are histories: improving a competence can produce a second element for a
skill that failed before. :func:`current_elements` gives the view everything else works
on: the latest element of each skill.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.framework import Framework, Skill
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId

__all__ = [
    "KESource",
    "KEStatus",
    "KnowledgeElement",
    "assessed_skills",
    "current_elements",
    "elements_for_answer",
    "skill_pix_value",
]

MAX_SKILL_PIX = 4.0  # a skill alone at its level would be worth 8; it is capped at 4
PIX_PER_LEVEL = 8


class KEStatus(StrEnum):
    VALIDATED = "validated"
    INVALIDATED = "invalidated"


class KESource(StrEnum):
    DIRECT = "direct"
    INFERRED = "inferred"


@dataclass(frozen=True)
class KnowledgeElement:
    """What one answer established about one skill."""

    skill_id: SkillId
    tube_id: TubeId
    competence: CompetenceCode
    status: KEStatus
    source: KESource
    earned_pix: float  # the skill's pix value if validated, else 0
    created_at: datetime
    challenge_id: ChallengeId | None  # the answer that produced it

    @property
    def validated(self) -> bool:
        return self.status is KEStatus.VALIDATED


def skill_pix_value(framework: Framework, skill: Skill) -> float:
    """The pix a skill is worth once validated.

    Args:
        framework: The framework the skill belongs to.
        skill: The skill.

    Returns:
        ``min(4, 8 / n)`` where ``n`` is the number of active skills of the same
        competence at the same level; 0 for an archived skill (it earns nothing).
    """
    if not skill.active:
        return 0.0
    n = sum(1 for s in framework.active_skills(skill.competence) if s.level == skill.level)
    return min(MAX_SKILL_PIX, PIX_PER_LEVEL / n)


def assessed_skills(known: Iterable[KnowledgeElement]) -> frozenset[SkillId]:
    """The skills that already have an element, whatever its status or source.

    Args:
        known: Knowledge elements of the learner.

    Returns:
        Their skill ids.
    """
    return frozenset(e.skill_id for e in known)


def current_elements(elements: Iterable[KnowledgeElement]) -> list[KnowledgeElement]:
    """The latest element of each skill, in the order the skills first appear.

    The latest is the one with the greatest ``created_at``; on a tie, the one given last.

    Args:
        elements: A history of knowledge elements, in any order.

    Returns:
        One element per skill.
    """
    latest: dict[SkillId, KnowledgeElement] = {}
    for element in elements:
        seen = latest.get(element.skill_id)
        if seen is None or element.created_at >= seen.created_at:
            latest[element.skill_id] = element
    return list(latest.values())


def elements_for_answer(
    framework: Framework,
    skill_id: SkillId,
    status: AnswerStatus,
    known: Iterable[KnowledgeElement],
    challenge_id: ChallengeId,
    at: datetime,
) -> list[KnowledgeElement]:
    """The new knowledge elements one answer produces.

    Args:
        framework: The framework of the pack the challenge comes from.
        skill_id: The skill of the answered challenge.
        status: The answer's status; only ``ok`` is a success.
        known: The learner's elements so far (those an evaluation starts from, see
            ``scorecard.elements_for_improvement``); their skills get no new element.
        challenge_id: The answered challenge, recorded on every new element.
        at: When the answer was given (aware); the new elements' ``created_at``.

    Returns:
        The direct element first (unless its skill is archived or already assessed),
        then the inferred ones by increasing level: easier skills of the tube validated
        on a success, harder ones invalidated on a failure.

    Raises:
        KeyError: ``skill_id`` is not in the framework.
    """
    answered = framework.skill(skill_id)
    tube = framework.tube(answered.tube_id)
    already = assessed_skills(known)
    success = status.success
    result = KEStatus.VALIDATED if success else KEStatus.INVALIDATED

    def element(skill: Skill, source: KESource) -> KnowledgeElement:
        earned = skill_pix_value(framework, skill) if success else 0.0
        return KnowledgeElement(
            skill_id=skill.id,
            tube_id=skill.tube_id,
            competence=skill.competence,
            status=result,
            source=source,
            earned_pix=earned,
            created_at=at,
            challenge_id=challenge_id,
        )

    new: list[KnowledgeElement] = []
    if answered.active and answered.id not in already:
        new.append(element(answered, KESource.DIRECT))
    for skill in tube.skills:
        if not skill.active or skill.id in already or skill.id == answered.id:
            continue
        if (skill.level < answered.level) if success else (skill.level > answered.level):
            new.append(element(skill, KESource.INFERRED))
    return new
