"""Challenges and their bodies, as the engines and the UI see them. Layer: domain.

A :class:`Challenge` holds what the engines need (skill, format, timer, IRT parameters);
its :class:`ChallengeBody` (one per language) holds what a learner reads and the
solutions the matcher compares with. The body's stored form is documented in
content_packs/SOURCES.md ("Stored body").

Responses are plain Python values:

========== ==========================================================
qcu        ``int``: the 1-based number of the chosen proposal
qcm        ``frozenset[int]`` (any iterable of ints is accepted)
qroc       ``str`` (for a select input: the option text)
qrocm-ind  ``dict[str, str]``: input name → text
qrocm-dep  ``dict[str, str]``: input name → text
skipped    ``None`` ("I don't know")
========== ==========================================================
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId

__all__ = ["Challenge", "ChallengeBody", "Format", "InputSpec", "Matching", "Response"]

Response = int | frozenset[int] | str | Mapping[str, str] | None


class Format(StrEnum):
    QCU = "qcu"
    QCM = "qcm"
    QROC = "qroc"
    QROCM_IND = "qrocm-ind"
    QROCM_DEP = "qrocm-dep"


@dataclass(frozen=True)
class Matching:
    """Per-challenge switches of the text treatments (REFERENCE_RULES.md).

    t1: trim, lowercase, strip diacritics, remove all whitespace.
    t2: keep only [a-z0-9 ] and collapse spaces.
    t3: accept when Levenshtein(answer, solution) / len(answer) <= 0.25.
    """

    t1: bool = True
    t2: bool = True
    t3: bool = True


@dataclass(frozen=True)
class InputSpec:
    name: str
    label: str
    input: str  # "text" | "number" | "select"
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class ChallengeBody:
    """What a learner sees in one language, and the solutions."""

    instruction: str
    proposals: tuple[str, ...]
    inputs: tuple[InputSpec, ...]
    solutions: Any  # qcu/qcm: tuple[int, ...]; qroc/qrocm-ind: dict[str, tuple[str, ...]];
    # qrocm-dep: tuple[tuple[str, ...], ...]
    explanation: str
    media: tuple[str, ...]
    shuffled: bool = True  # qcu/qcm: proposals in a per-attempt order; False: as written

    @classmethod
    def from_json(cls, data: Mapping[str, Any], format_: Format) -> ChallengeBody:
        """Build from the stored JSON object (content_packs/SOURCES.md, "Stored body")."""
        raw = data["solutions"]
        solutions: Any
        if format_ in (Format.QCU, Format.QCM):
            solutions = tuple(int(n) for n in raw)
        elif format_ is Format.QROCM_DEP:
            solutions = tuple(tuple(str(v) for v in group) for group in raw)
        else:
            solutions = {str(name): tuple(str(v) for v in values) for name, values in raw.items()}
        return cls(
            instruction=str(data["instruction"]),
            proposals=tuple(str(p) for p in data["proposals"]),
            inputs=tuple(
                InputSpec(str(i["name"]), str(i["label"]), str(i["input"]), tuple(i.get("options", ())))
                for i in data["inputs"]
            ),
            solutions=solutions,
            explanation=str(data.get("explanation", "")),
            media=tuple(str(m) for m in data.get("media", ())),
            shuffled=data.get("shuffled", True) is not False,
        )


@dataclass(frozen=True)
class Challenge:
    """One question of a pack, without its texts."""

    id: ChallengeId
    skill_id: SkillId
    tube_id: TubeId
    competence: CompetenceCode
    level: int
    format: Format
    timer_seconds: int | None = None
    focused: bool = False
    accessible: bool = True
    matching: Matching = Matching()
    discrimination: float = 1.0
    difficulty: float = 0.0
    languages: frozenset[str] = frozenset({"en", "fr"})

    @property
    def timed(self) -> bool:
        return self.timer_seconds is not None
