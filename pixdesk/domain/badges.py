"""Layer: domain. Badges: small milestones a learner earns once and keeps.

* ``first_evaluation``: a first evaluation (or improvement, or campaign) ended with at
  least one answer; earned when it ended.
* ``first_level_3``: a first competence reached level 3; earned when that happened.
* ``all_started``: every competence the pack can assess has been started; earned when
  the last of them got its first result.

A badge is kept after a reset: the history (see :mod:`pixdesk.domain.pix_history`)
remembers what was reached. The current scorecard counts too (an evaluation in progress
starts a competence before any result exists); the moment is then unknown (None).
Codes are message codes: the UI names and draws them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from pixdesk.domain.ids import CompetenceCode
from pixdesk.domain.pix_history import PixPoint, PointKind
from pixdesk.domain.scorecard import CompetenceStatus, ScorecardEntry

__all__ = ["LEVEL_BADGE", "Badge", "BadgeCode", "earned_badges"]

LEVEL_BADGE = 3  # the level of the ``first_level_3`` badge


class BadgeCode(StrEnum):
    FIRST_EVALUATION = "first_evaluation"
    FIRST_LEVEL_3 = "first_level_3"
    ALL_STARTED = "all_started"


@dataclass(frozen=True)
class Badge:
    code: BadgeCode
    earned_at: datetime | None  # None when earned but the moment is not known


def earned_badges(entries: Sequence[ScorecardEntry], history: Iterable[PixPoint]) -> list[Badge]:
    """The badges earned so far, in :class:`BadgeCode` order.

    Args:
        entries: The current scorecard (one entry per competence of the framework).
        history: The learner's pix points (any order).

    Returns:
        One :class:`Badge` per earned code.
    """
    results = sorted((p for p in history if p.kind is not PointKind.RESET), key=lambda p: p.at)
    badges: list[Badge] = []

    if results:
        badges.append(Badge(BadgeCode.FIRST_EVALUATION, results[0].at))
    elif any(e.status is CompetenceStatus.COMPLETED for e in entries):
        badges.append(Badge(BadgeCode.FIRST_EVALUATION, None))

    high = next((p for p in results if p.level >= LEVEL_BADGE), None)
    if high is not None:
        badges.append(Badge(BadgeCode.FIRST_LEVEL_3, high.at))
    elif any(e.score.level >= LEVEL_BADGE for e in entries):
        badges.append(Badge(BadgeCode.FIRST_LEVEL_3, None))

    first: dict[CompetenceCode, datetime] = {}
    for point in results:
        first.setdefault(point.competence, point.at)
    # a competence with nothing to assess (no active skill) cannot be started: it does not count
    assessable = [
        e for e in entries if e.status is not CompetenceStatus.NOT_STARTED or e.remaining_skills > 0
    ]
    started = [e for e in assessable if e.status is not CompetenceStatus.NOT_STARTED or e.competence in first]
    if assessable and len(started) == len(assessable):
        moments = [first.get(e.competence) for e in assessable]
        known = [m for m in moments if m is not None]
        badges.append(Badge(BadgeCode.ALL_STARTED, max(known) if len(known) == len(moments) else None))
    return badges
