"""What a results screen shows of one closed attempt. Layer: services (data only + a builder).

:func:`build_summary` turns an attempt's stored row (its start data and result) into an
:class:`AttemptSummary`: per competence the pix and level before and after, the skills
validated and failed named by their tube and level, and the tutorials of the skills
failed directly (the national platform's rule). No I/O here: the caller reads the row,
the pack content and its labels; texts stay keyed by language for the UI to choose.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pixdesk.domain.ids import CompetenceCode, SkillId
from pixdesk.domain.knowledge import KESource, KEStatus, KnowledgeElement
from pixdesk.domain.scoring import CompetenceScore, competence_score, skill_pix_value
from pixdesk.packs.content import PackContent, Tutorial
from pixdesk.packs.labels import FrameworkLabels
from pixdesk.timeutil import parse_utc

__all__ = ["AttemptSummary", "CompetenceChange", "SkillOutcome", "build_summary"]


@dataclass(frozen=True)
class CompetenceChange:
    competence: CompetenceCode
    title: Mapping[str, str]  # language → text
    pix_before: int
    level_before: int
    pix_after: int
    level_after: int

    @property
    def pix_gained(self) -> int:
        return self.pix_after - self.pix_before

    @property
    def level_up(self) -> bool:
        return self.level_after > self.level_before


@dataclass(frozen=True)
class SkillOutcome:
    skill_id: SkillId
    competence: CompetenceCode
    tube_id: str
    tube_title: Mapping[str, str]  # language → text; empty if the pack has none
    level: int
    validated: bool
    direct: bool  # answered directly (else deduced from another answer of the tube)


@dataclass(frozen=True)
class AttemptSummary:
    attempt_id: str
    kind: str  # competence | campaign
    improvement: bool
    aborted: bool
    finished_at: datetime | None
    answers: int
    correct: int
    changes: tuple[CompetenceChange, ...]
    validated: tuple[SkillOutcome, ...]
    failed: tuple[SkillOutcome, ...]
    tutorials: tuple[Tutorial, ...]
    pack_title: Mapping[str, str]

    @property
    def level_up(self) -> bool:
        return any(change.level_up for change in self.changes)


def _prior_score(
    content: PackContent, code: CompetenceCode, prior: Mapping[str, str], at: datetime
) -> CompetenceScore:
    framework = content.framework
    elements = []
    for skill_id, status in prior.items():
        try:
            skill = framework.skill(SkillId(skill_id))
        except KeyError:
            continue
        if skill.competence != code:
            continue
        validated = status == KEStatus.VALIDATED
        elements.append(
            KnowledgeElement(
                skill.id,
                skill.tube_id,
                skill.competence,
                KEStatus(status),
                KESource.DIRECT,
                skill_pix_value(framework, skill) if validated else 0.0,
                at,
                None,
            )
        )
    return competence_score(framework, code, elements)


def build_summary(
    row: Mapping[str, Any],
    content: PackContent,
    labels: FrameworkLabels,
    answered_ok: set[str],
    before: Mapping[CompetenceCode, CompetenceScore] | None = None,
) -> AttemptSummary:
    """The summary of one closed attempt.

    Args:
        row: The attempt's stored row (``settings`` and ``result`` as JSON text).
        content: The pack the attempt ran on.
        labels: That pack's tube titles.
        answered_ok: The skills of the challenges answered right (validated directly).
        before: Scores taken before the attempt started; by default the knowledge the
            attempt recorded at its start gives them (the same numbers).
    """
    settings = json.loads(row["settings"])
    result = json.loads(row["result"])
    framework = content.framework
    titles = {c.code: c.title for c in framework.competences}
    changes = []
    for code, after in sorted(result.get("competences", {}).items()):
        competence = CompetenceCode(code)
        start = (before or {}).get(competence) or _prior_score(
            content, competence, settings.get("prior", {}), parse_utc(row["started_at"])
        )
        changes.append(
            CompetenceChange(
                competence,
                titles.get(competence, {}),
                start.pix,
                start.level,
                int(after["pix"]),
                int(after["level"]),
            )
        )
    direct = set(result.get("failed_directly", ())) | answered_ok

    def outcome(skill_id: str, validated: bool) -> SkillOutcome:
        skill = framework.skill(SkillId(skill_id))
        return SkillOutcome(
            skill.id,
            skill.competence,
            skill.tube_id,
            labels.tubes.get(skill.tube_id, {}),
            skill.level,
            validated,
            skill_id in direct,
        )

    known = {s.id for s in framework.skills()}
    validated = [outcome(s, True) for s in result.get("validated_skills", ()) if s in known]
    failed = [outcome(s, False) for s in result.get("failed_skills", ()) if s in known]
    order = {s.id: n for n, s in enumerate(framework.skills())}

    def key(item: SkillOutcome) -> tuple[str, int]:
        return (item.competence, order[item.skill_id])

    tutorials = content.tutorials_for(set(result.get("failed_directly", ())))
    return AttemptSummary(
        attempt_id=row["id"],
        kind=row["kind"],
        improvement=bool(settings.get("improve")),
        aborted=row["status"] == "aborted",
        finished_at=parse_utc(row["finished_at"]) if row.get("finished_at") else None,
        answers=int(result.get("answers", 0)),
        correct=int(result.get("correct", 0)),
        changes=tuple(changes),
        validated=tuple(sorted(validated, key=key)),
        failed=tuple(sorted(failed, key=key)),
        tutorials=tuple(tutorials),
        pack_title=dict(content.pack.title),
    )
