"""The competence framework as the engines see it. Layer: domain.

Domain → competence → tube → skill. A tube's skills are ordered by level (1–8); a skill
is "@<tube><level>". Only active skills count for pix values and for evaluation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pixdesk.domain.ids import CompetenceCode, SkillId, TubeId

__all__ = ["Competence", "Framework", "Skill", "Tube"]


@dataclass(frozen=True)
class Skill:
    id: SkillId
    tube_id: TubeId
    competence: CompetenceCode
    level: int
    active: bool = True


@dataclass(frozen=True)
class Tube:
    id: TubeId
    competence: CompetenceCode
    skills: tuple[Skill, ...]  # ordered by level

    @property
    def max_level(self) -> int:
        return max((s.level for s in self.skills if s.active), default=0)


@dataclass(frozen=True)
class Competence:
    code: CompetenceCode
    domain: str
    title: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Framework:
    """Competences, tubes and skills of one pack, with the lookups the engines need."""

    competences: tuple[Competence, ...]
    tubes: tuple[Tube, ...]
    max_open_level: int = 6
    _skills: dict[SkillId, Skill] = field(init=False, repr=False, compare=False)
    _tubes: dict[TubeId, Tube] = field(init=False, repr=False, compare=False)
    _all: tuple[Skill, ...] = field(init=False, repr=False, compare=False)
    _active: dict[CompetenceCode | None, tuple[Skill, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:  # frozen: the lookups are set once, here (the engines ask often)
        every = tuple(s for t in self.tubes for s in t.skills)
        active: dict[CompetenceCode | None, list[Skill]] = {None: []}
        for skill in every:
            if skill.active:
                active[None].append(skill)
                active.setdefault(skill.competence, []).append(skill)
        object.__setattr__(self, "_skills", {s.id: s for s in every})
        object.__setattr__(self, "_tubes", {t.id: t for t in self.tubes})
        object.__setattr__(self, "_all", every)
        object.__setattr__(self, "_active", {code: tuple(group) for code, group in active.items()})

    @classmethod
    def build(
        cls, competences: Iterable[Competence], skills: Iterable[Skill], max_open_level: int = 6
    ) -> Framework:
        """Group skills into tubes (ordered by level)."""
        by_tube: dict[TubeId, list[Skill]] = {}
        for skill in skills:
            by_tube.setdefault(skill.tube_id, []).append(skill)
        tubes = tuple(
            Tube(tube_id, group[0].competence, tuple(sorted(group, key=lambda s: s.level)))
            for tube_id, group in sorted(by_tube.items())
        )
        return cls(tuple(competences), tubes, max_open_level)

    def skill(self, skill_id: SkillId) -> Skill:
        return self._skills[skill_id]

    def tube(self, tube_id: TubeId) -> Tube:
        return self._tubes[tube_id]

    def skills(self) -> tuple[Skill, ...]:
        return self._all

    def active_skills(self, competence: CompetenceCode | None = None) -> tuple[Skill, ...]:
        """Active skills (of one competence), in tube then level order."""
        return self._active.get(competence, ())

    def tubes_of(self, competence: CompetenceCode) -> tuple[Tube, ...]:
        return tuple(t for t in self.tubes if t.competence == competence)
