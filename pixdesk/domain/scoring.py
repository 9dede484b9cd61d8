"""Layer: domain. Pix and levels: a competence's score from its knowledge elements.

The arithmetic of the national platform, so that a level means the same thing here:

* a skill is worth ``min(4, 8 / n)`` pix, ``n`` the active skills of its competence at
  its level (:func:`skill_pix_value`, defined beside the knowledge elements that record
  it and re-exported here);
* a competence's pix is the floor of the pix its validated skills earned, capped at
  ``max_open_level × 8``; its level is ``pix // 8`` (so at most ``max_open_level``);
* a profile is certifiable with at least 5 competences at level 1 or more.

Only the latest element of each skill counts (see ``knowledge.current_elements``), so a
history in which an improvement re-assessed a failed skill is scored correctly.

The sum of thirds (8 / 3, 8 / 6 …) is not exact in floating point: three skills worth
8 / 3 may add up to 7.999…; the floor allows for that error (``_EPSILON``) so that a
full level is never one pix short.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

from pixdesk.domain.framework import Framework
from pixdesk.domain.ids import CompetenceCode
from pixdesk.domain.knowledge import PIX_PER_LEVEL, KnowledgeElement, current_elements, skill_pix_value

__all__ = [
    "CERTIFIABLE_COMPETENCES",
    "PIX_PER_LEVEL",
    "CompetenceScore",
    "competence_score",
    "is_certifiable",
    "skill_pix_value",
    "total_pix",
]

CERTIFIABLE_COMPETENCES = 5  # competences at level >= 1 needed to be certifiable
_EPSILON = 1e-9


@dataclass(frozen=True)
class CompetenceScore:
    """A competence's pix and level, as a scorecard shows them."""

    competence: CompetenceCode
    pix: int  # floored and capped at max_open_level × 8
    level: int  # pix // 8, at most max_open_level
    pix_to_next_level: int | None  # None at the max open level
    raw_pix: float  # the exact sum of earned pix, before floor and cap


def competence_score(
    framework: Framework, competence: CompetenceCode, elements: Iterable[KnowledgeElement]
) -> CompetenceScore:
    """Score one competence from a learner's knowledge elements.

    Args:
        framework: Gives the max open level.
        competence: The competence to score.
        elements: The learner's elements (any competences, any history; only the latest
            element of each skill counts).

    Returns:
        The competence's score; all zeros (8 pix to the next level) when nothing is
        validated.
    """
    raw = math.fsum(
        e.earned_pix for e in current_elements(elements) if e.competence == competence and e.validated
    )
    cap = framework.max_open_level * PIX_PER_LEVEL
    pix = min(math.floor(raw + _EPSILON), cap)
    level = min(pix // PIX_PER_LEVEL, framework.max_open_level)
    to_next = None if level >= framework.max_open_level else PIX_PER_LEVEL - pix % PIX_PER_LEVEL
    return CompetenceScore(competence, pix, level, to_next, raw)


def total_pix(scores: Iterable[CompetenceScore]) -> int:
    """The profile's pix: the sum of the competences' (capped) pix.

    Args:
        scores: One score per competence.

    Returns:
        The total.
    """
    return sum(s.pix for s in scores)


def is_certifiable(scores: Iterable[CompetenceScore]) -> bool:
    """Whether a profile may sit a certification.

    Args:
        scores: One score per competence.

    Returns:
        True with at least 5 competences at level 1 or more.
    """
    return sum(1 for s in scores if s.level >= 1) >= CERTIFIABLE_COMPETENCES
