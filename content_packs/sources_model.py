"""The validated content of a pack source, as frozen dataclasses. Layer: authoring.

:func:`content_packs.sources_format.load_source` produces a :class:`PackSource`; the
builder turns it into the rows of a content database. Every object that an author
wrote keeps ``where`` (``file:line``) so that a later check can point at it. Texts for
people are dictionaries keyed by language.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "FORMATS",
    "INPUT_KINDS",
    "KINDS",
    "MEDIA_ROLES",
    "TUTORIAL_KINDS",
    "Challenge",
    "ChallengeText",
    "Competence",
    "Domain",
    "Framework",
    "InputSpec",
    "Localized",
    "MediaRef",
    "PackSource",
    "Reference",
    "Skill",
    "Tube",
    "Tutorial",
    "default_difficulty",
    "skill_id",
]

FORMATS = ("qcu", "qcm", "qroc", "qrocm-ind", "qrocm-dep")
KINDS = ("practice", "certification")
INPUT_KINDS = ("text", "number", "select")
MEDIA_ROLES = ("illustration", "attachment")
TUTORIAL_KINDS = ("text", "howto")

Localized = dict[str, str]


def skill_id(tube_id: str, level: int) -> str:
    """The id of the skill of ``tube_id`` at ``level``: ``@searchEngines2``."""
    return f"@{tube_id}{level}"


def default_difficulty(level: int) -> float:
    """IRT difficulty of a challenge whose author gave none: (level - 3.5) x 0.9."""
    return round((level - 3.5) * 0.9, 4)


@dataclass(frozen=True)
class Competence:
    code: str
    domain_code: str
    position: int
    title: Localized
    description: Localized


@dataclass(frozen=True)
class Domain:
    code: str
    position: int
    title: Localized
    competences: tuple[Competence, ...]


@dataclass(frozen=True)
class Framework:
    framework_id: str
    title: Localized
    domains: tuple[Domain, ...]

    def competence_codes(self) -> list[str]:
        return [c.code for d in self.domains for c in d.competences]


@dataclass(frozen=True)
class Reference:
    """An id written somewhere (a tutorial of a challenge, a skill of a tutorial)."""

    target: str
    where: str


@dataclass(frozen=True)
class Skill:
    id: str
    tube_id: str
    level: int
    status: str  # active | archived
    where: str


@dataclass(frozen=True)
class MediaRef:
    """A media file used by a challenge; ``media_id`` is the first 16 hex of ``sha256``."""

    path: Path
    filename: str
    mime: str
    role: str
    alt: Localized
    sha256: str
    where: str

    @property
    def media_id(self) -> str:
        return self.sha256[:16]


@dataclass(frozen=True)
class InputSpec:
    """One answer field: ``input`` is text | number | select; ``answers`` its accepted values."""

    name: str
    label: str
    input: str
    options: tuple[str, ...]
    answers: tuple[str, ...]
    distractors: tuple[str, ...] = ()  # plausible wrong answers, for the lint (never in the pack)


@dataclass(frozen=True)
class ChallengeText:
    """One language version of a challenge.

    ``answer`` holds 1-based proposal numbers (qcu, qcm); ``inputs`` the answer fields
    (qroc: one input named ``answer``; qrocm-ind and qrocm-dep: several); ``groups`` the
    solution groups of a qrocm-dep.
    """

    lang: str
    instruction: str
    proposals: tuple[str, ...]
    answer: tuple[int, ...]
    inputs: tuple[InputSpec, ...]
    groups: tuple[tuple[str, ...], ...]
    explanation: str
    where: str
    distractors: tuple[str, ...] = ()  # qroc and qrocm-dep: plausible wrong answers, for the lint


@dataclass(frozen=True)
class Challenge:
    id: str
    tube_id: str
    level: int
    format: str
    timer: int | None
    focused: bool
    shuffle: bool  # qcu/qcm: proposals shown in a per-attempt order (false: as written)
    accessible: bool
    t1: bool
    t2: bool
    t3: bool
    discrimination: float
    difficulty: float
    media: tuple[MediaRef, ...]
    tutorials: tuple[Reference, ...]
    texts: dict[str, ChallengeText]
    where: str

    @property
    def skill_id(self) -> str:
        return skill_id(self.tube_id, self.level)


@dataclass(frozen=True)
class Tutorial:
    id: str
    tube_id: str
    kind: str
    duration_minutes: int
    title: Localized
    body: Localized
    skills: tuple[Reference, ...]
    where: str


@dataclass(frozen=True)
class Tube:
    id: str
    competence_code: str
    title: Localized
    description: Localized
    skills: tuple[Skill, ...]
    tutorials: tuple[Tutorial, ...]
    challenges: tuple[Challenge, ...]
    where: str


@dataclass(frozen=True)
class PackSource:
    """A whole validated source folder."""

    root: Path
    pack_id: str
    version: int
    kind: str
    languages: tuple[str, ...]
    title: Localized
    framework: Framework
    max_open_level: int
    valid_days: int
    tubes: tuple[Tube, ...]
    capacity_intervals: tuple[float, ...] = ()  # certification: c0 … c9, capacity → pix

    @property
    def skills(self) -> list[Skill]:
        return [s for t in self.tubes for s in t.skills]

    @property
    def challenges(self) -> list[Challenge]:
        return [c for t in self.tubes for c in t.challenges]

    @property
    def tutorials(self) -> list[Tutorial]:
        return [u for t in self.tubes for u in t.tutorials]

    def media(self) -> list[MediaRef]:
        """Each media file once (by id), in order of first use."""
        seen: dict[str, MediaRef] = {}
        for challenge in self.challenges:
            for ref in challenge.media:
                seen.setdefault(ref.media_id, ref)
        return list(seen.values())
