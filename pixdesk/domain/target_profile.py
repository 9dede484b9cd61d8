"""Layer: domain. A campaign's target profile: the tubes it assesses, each capped at a level.

An assessment campaign targets a set of tubes; each tube is assessed up to a level (its
"cap"). The profile's skills are the active skills of those tubes whose level is at most
the cap. The adaptive engine (:mod:`pixdesk.domain.smart_random`) runs the same
algorithm as a competence evaluation over those skills only; campaign progress is
"targeted skills assessed / targeted skills" over the same set.

A tube the framework does not hold (a profile written for another version of the
framework) contributes no skill: the profile keeps working on what remains.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pixdesk.domain.framework import Framework, Skill
from pixdesk.domain.ids import TubeId

__all__ = ["MAX_CAP", "MIN_CAP", "TargetProfile"]

MIN_CAP = 1
MAX_CAP = 8


@dataclass(frozen=True)
class TargetProfile:
    """The tubes a campaign targets, each mapped to its level cap (1–8).

    The mapping is copied and made read-only at construction, so the profile cannot
    change after it was built; two profiles with the same tubes and caps are equal and
    hash alike.
    """

    tubes: Mapping[TubeId, int]

    def __post_init__(self) -> None:
        for tube_id, cap in self.tubes.items():
            if isinstance(cap, bool) or not isinstance(cap, int) or not MIN_CAP <= cap <= MAX_CAP:
                raise ValueError(f"cap of tube {tube_id!r} must be an integer from 1 to 8, not {cap!r}")
        # frozen: the read-only copy is set once, here
        object.__setattr__(self, "tubes", MappingProxyType(dict(self.tubes)))

    def __hash__(self) -> int:
        return hash(frozenset(self.tubes.items()))

    def skills(self, framework: Framework) -> tuple[Skill, ...]:
        """The targeted skills.

        Args:
            framework: The framework of the pack the campaign runs on.

        Returns:
            The active skills of the profile's tubes whose level is at most the tube's
            cap, in the framework's order (tubes by id, skills by level).
        """
        return tuple(
            skill
            for tube in framework.tubes
            if tube.id in self.tubes
            for skill in tube.skills
            if skill.active and skill.level <= self.tubes[tube.id]
        )
