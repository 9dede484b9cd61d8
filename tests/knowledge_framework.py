"""The small hand-built framework shared by the knowledge, scoring and scorecard tests.

competence → tube → levels; a negative level is an archived skill:
  1.1 search: 1 2 3 4 (5 archived) 6 · files: 1 2 3 · tags: 2 (3 archived)
  1.2 pw: 1 2 3 4 5 6
"""

from __future__ import annotations

from datetime import UTC, datetime

from pixdesk.domain.framework import Competence, Framework, Skill
from pixdesk.domain.ids import CompetenceCode, SkillId, TubeId

T0 = datetime(2025, 3, 10, 9, 0, tzinfo=UTC)
LAYOUT: dict[str, dict[str, tuple[int, ...]]] = {
    "1.1": {"search": (1, 2, 3, 4, -5, 6), "files": (1, 2, 3), "tags": (2, -3)},
    "1.2": {"pw": (1, 2, 3, 4, 5, 6)},
}


def make_framework(max_open_level: int = 6) -> Framework:
    skills = [
        Skill(SkillId(f"@{tube}{abs(lv)}"), TubeId(tube), CompetenceCode(code), abs(lv), active=lv > 0)
        for code, tubes in LAYOUT.items()
        for tube, levels in tubes.items()
        for lv in levels
    ]
    competences = [Competence(CompetenceCode(code), code[0]) for code in LAYOUT]
    return Framework.build(competences, skills, max_open_level)


FW = make_framework()
