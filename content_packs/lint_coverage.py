"""Coverage of a pack source: what it holds per competence and level. Layer: authoring.

:func:`measure` counts, for every competence of the framework and every level, the
active skills and the challenges by format, and for the whole pack the numbers the
thresholds speak of (content_packs/lint_thresholds.py). A competence's *maximum pix*
is what a learner earns by validating every active skill, with the platform's
arithmetic (:func:`pixdesk.domain.knowledge.skill_pix_value`: ``min(4, 8 / n)`` for
``n`` active skills at the same level); the highest level reachable is that // 8,
capped at the pack's ``max_open_level``.

Format columns split qroc by input kind: ``qroc-text``, ``qroc-number`` and
``qroc-select`` all count as qroc.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from content_packs.sources_model import Challenge, PackSource, Tube
from pixdesk.domain import framework as domain
from pixdesk.domain.ids import CompetenceCode, SkillId, TubeId
from pixdesk.domain.knowledge import PIX_PER_LEVEL, skill_pix_value

__all__ = [
    "FORMAT_COLUMNS",
    "Cell",
    "CompetenceCoverage",
    "Coverage",
    "format_column",
    "measure",
    "taught_skills",
]

FORMAT_COLUMNS = ("qcu", "qcm", "qroc-text", "qroc-number", "qroc-select", "qrocm-ind", "qrocm-dep")
_EPSILON = 1e-9  # three skills worth 8 / 3 add up to 7.999…: as in pixdesk.domain.scoring


def format_column(challenge: Challenge) -> str:
    """The format column of a challenge: its format, qroc split by input kind."""
    if challenge.format != "qroc":
        return challenge.format
    text = next(iter(challenge.texts.values()), None)
    kind = text.inputs[0].input if text is not None and text.inputs else "text"
    return f"qroc-{kind}"


@dataclass(frozen=True)
class Cell:
    """One competence at one level: active skills, challenges, challenges by format column."""

    skills: int
    challenges: int
    formats: dict[str, int]


@dataclass(frozen=True)
class CompetenceCoverage:
    code: str
    title: str
    tubes: tuple[Tube, ...]
    cells: dict[int, Cell]
    max_pix: int
    reachable_level: int

    @property
    def skills(self) -> int:
        return sum(c.skills for c in self.cells.values())

    @property
    def challenges(self) -> int:
        return sum(c.challenges for c in self.cells.values())

    def skills_at(self, level: int) -> int:
        return self.cells[level].skills if level in self.cells else 0

    def challenges_at(self, level: int) -> int:
        return self.cells[level].challenges if level in self.cells else 0


@dataclass(frozen=True)
class Coverage:
    """What a source holds, per competence × level and for the whole pack."""

    pack_id: str
    kind: str
    levels: tuple[int, ...]
    competences: tuple[CompetenceCoverage, ...]
    formats: dict[str, int]
    challenges: int
    active_skills: int
    skills_with_challenge: int
    skills_with_two: int
    with_image: int
    with_attachment: int
    timed: int
    focused: int
    tubes: int
    tubes_with_tutorial: int
    with_explanation: int
    languages: tuple[str, ...]

    def qroc(self) -> int:
        return sum(n for column, n in self.formats.items() if column.startswith("qroc-"))


def taught_skills(source: PackSource) -> set[str]:
    """Skills some tutorial teaches (directly, or through a challenge that names it)."""
    skills = {ref.target for tutorial in source.tutorials for ref in tutorial.skills}
    skills |= {c.skill_id for c in source.challenges if c.tutorials}
    return skills


def _domain_framework(source: PackSource) -> domain.Framework:
    skills = [
        domain.Skill(
            SkillId(s.id), TubeId(t.id), CompetenceCode(t.competence_code), s.level, s.status == "active"
        )
        for t in source.tubes
        for s in t.skills
    ]
    return domain.Framework.build((), skills, source.max_open_level)


def _competence(
    source: PackSource, framework: domain.Framework, code: str, title: str, levels: tuple[int, ...]
) -> CompetenceCoverage:
    tubes = tuple(t for t in source.tubes if t.competence_code == code)
    cells: dict[int, Cell] = {}
    for level in levels:
        challenges = [c for t in tubes for c in t.challenges if c.level == level]
        skills = [s for t in tubes for s in t.skills if s.level == level and s.status == "active"]
        cells[level] = Cell(len(skills), len(challenges), dict(Counter(map(format_column, challenges))))
    tested = {c.skill_id for t in tubes for c in t.challenges}
    pix = math.fsum(
        skill_pix_value(framework, s) for s in framework.active_skills(CompetenceCode(code)) if s.id in tested
    )
    max_pix = math.floor(pix + _EPSILON)
    reachable = min(max_pix // PIX_PER_LEVEL, source.max_open_level)
    return CompetenceCoverage(code, title, tubes, cells, max_pix, reachable)


def measure(source: PackSource) -> Coverage:
    """Count what ``source`` holds (see the module docstring)."""
    top = max((s.level for s in source.skills), default=1)
    levels = tuple(range(1, max(source.max_open_level, top) + 1))
    lang = source.languages[0]
    framework = _domain_framework(source)
    competences = tuple(
        _competence(source, framework, c.code, c.title[lang], levels)
        for domain_ in source.framework.domains
        for c in domain_.competences
    )
    challenges = source.challenges
    per_skill = Counter(c.skill_id for c in challenges)
    active = [s for s in source.skills if s.status == "active"]
    taught = taught_skills(source)
    return Coverage(
        pack_id=source.pack_id,
        kind=source.kind,
        levels=levels,
        competences=competences,
        formats={
            column: sum(1 for c in challenges if format_column(c) == column) for column in FORMAT_COLUMNS
        },
        challenges=len(challenges),
        active_skills=len(active),
        skills_with_challenge=sum(1 for s in active if per_skill[s.id] >= 1),
        skills_with_two=sum(1 for s in active if per_skill[s.id] >= 2),
        with_image=sum(1 for c in challenges if any(m.role == "illustration" for m in c.media)),
        with_attachment=sum(1 for c in challenges if any(m.role == "attachment" for m in c.media)),
        timed=sum(1 for c in challenges if c.timer is not None),
        focused=sum(1 for c in challenges if c.focused),
        tubes=len(source.tubes),
        tubes_with_tutorial=sum(1 for t in source.tubes if any(s.id in taught for s in t.skills)),
        with_explanation=sum(1 for c in challenges if all(t.explanation for t in c.texts.values())),
        languages=source.languages,
    )
