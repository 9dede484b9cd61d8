"""Structure and coverage checks: ids, competences, levels, tubes, tutorials. Layer: authoring.

Checks made here, each at the place to fix it:

* ids (tube, challenge, tutorial) unique in the pack (``source.duplicate``: the loader
  stops at the first; in a partial source this finds them all);
* the pack's languages and ``max_open_level`` (at pack.yaml);
* per competence (at its file's ``competence:`` line, or at pack.yaml's ``kind:`` when
  no file covers it): enough challenges, the number of tubes, levels reachable with
  the pix of its skills (``lint.unreachable_level``), a challenge at every level
  (certification, ``lint.level_span``), levels without an active skill (a warning);
* per tube: a tutorial teaching one of its skills; per active skill: a challenge;
* every failing pack-wide count of :func:`~content_packs.lint_thresholds.threshold_rows`
  (``lint.coverage``, at pack.yaml's ``kind:``).

Counts of a partial source (some files unreadable) say nothing: only the checks of
what was read (ids, languages, skills) run then.
"""

from __future__ import annotations

from collections import Counter

from content_packs.lint_coverage import CompetenceCoverage, Coverage, taught_skills
from content_packs.lint_locate import Locator, file_of
from content_packs.lint_problems import Problems, plural
from content_packs.lint_thresholds import Row, Thresholds
from content_packs.sources_model import PackSource
from pixdesk.domain.knowledge import PIX_PER_LEVEL

__all__ = ["check_structure"]


def _levels(levels: list[int]) -> str:
    return f"level {levels[0]}" if len(levels) == 1 else f"levels {', '.join(map(str, levels))}"


def _duplicate_ids(source: PackSource, problems: Problems) -> None:
    groups = {
        "tube": [(t.id, t.where) for t in source.tubes],
        "challenge": [(c.id, c.where) for c in source.challenges],
        "tutorial": [(u.id, u.where) for u in source.tutorials],
    }
    for kind, entries in groups.items():
        first: dict[str, str] = {}
        for ident, where in entries:
            if ident in first:
                problems.add(
                    "source.duplicate",
                    where,
                    f"{kind} id {ident!r} is already used at {first[ident]}; expected ids unique in the pack",
                )
            first.setdefault(ident, where)


def _pack(source: PackSource, t: Thresholds, problems: Problems, locator: Locator) -> None:
    missing = [lang for lang in t.languages if lang not in source.languages]
    if missing:
        problems.add(
            "lint.languages",
            locator.pack("languages"),
            f"the pack has no {', '.join(missing)} version; expected at least {', '.join(t.languages)}",
        )
    if t.reachable_level > source.max_open_level:
        problems.add(
            "lint.max_open_level",
            locator.pack("max_open_level"),
            f"max_open_level is {source.max_open_level}, so level {t.reachable_level} cannot be reached;"
            f" expected at least {t.reachable_level}",
        )


def _reachable(comp: CompetenceCoverage, t: Thresholds, where: str, problems: Problems) -> None:
    if comp.reachable_level >= t.reachable_level:
        return
    top = t.reachable_level
    skills = ", ".join(str(comp.skills_at(level)) for level in range(1, top + 1))
    problems.add(
        "lint.unreachable_level",
        where,
        f"competence {comp.code} gives at most {comp.max_pix} pix, so no learner can reach"
        f" {_levels(list(range(comp.reachable_level + 1, top + 1)))}: levels 1–{top} have {skills}"
        f" active skills (a level gives {PIX_PER_LEVEL} pix with 2 skills or more, half with one);"
        f" expected at least {top * PIX_PER_LEVEL} pix",
    )


def _competence(comp: CompetenceCoverage, t: Thresholds, problems: Problems, locator: Locator) -> None:
    where = locator.key(file_of(comp.tubes[0].where), "competence") if comp.tubes else locator.pack("kind")
    name = f"competence {comp.code} ({comp.title})"
    if comp.challenges < t.challenges_per_competence:
        hint = "" if comp.tubes else f": add a competences/{comp.code}.yaml file"
        problems.add(
            "lint.competence_challenges",
            where,
            f"{name} has {comp.challenges} challenges; expected at least {t.challenges_per_competence}"
            f" ({t.kind}){hint}",
        )
    if not comp.tubes:
        return  # nothing else to say about a competence no file covers
    if t.tubes_per_competence is not None:
        least, most = t.tubes_per_competence
        if not least <= len(comp.tubes) <= most:
            problems.add(
                "lint.tubes",
                where,
                f"{name} has {plural(len(comp.tubes), 'tube')}; expected {least} to {most}",
            )
    if t.reachable_level:
        _reachable(comp, t, where, problems)
        gaps = [lvl for lvl in range(1, t.reachable_level + 1) if not comp.skills_at(lvl)]
        if gaps:
            problems.add(
                "lint.level_gap",
                where,
                f"{name} has no active skill at {_levels(gaps)}: learners there get no challenge of their"
                " difficulty; expected a skill at every level",
            )
    if t.challenge_levels:
        absent = [lvl for lvl in range(1, t.challenge_levels + 1) if not comp.challenges_at(lvl)]
        if absent:
            problems.add(
                "lint.level_span",
                where,
                f"{name} has no challenge at {_levels(absent)}; expected challenges at every level"
                f" 1–{t.challenge_levels}",
            )


def _tubes_and_skills(source: PackSource, t: Thresholds, problems: Problems) -> None:
    per_skill = Counter(c.skill_id for c in source.challenges)
    for skill in source.skills:
        if skill.status == "active" and not per_skill[skill.id]:
            problems.add(
                "lint.skill_without_challenge",
                skill.where,
                f"skill {skill.id} is active but has no challenge;"
                " expected at least one (or status: archived)",
            )
    if not t.tutorial_per_tube:
        return
    taught = taught_skills(source)
    for tube in source.tubes:
        if not any(s.id in taught for s in tube.skills):
            problems.add(
                "lint.no_tutorial",
                tube.where,
                f"tube {tube.id}: no tutorial teaches any of its skills; expected at least one tutorial",
            )


def check_structure(
    source: PackSource,
    coverage: Coverage,
    rows: tuple[Row, ...],
    t: Thresholds,
    partial: bool,
    problems: Problems,
    locator: Locator,
) -> None:
    """Run the checks of the module docstring on ``source`` against thresholds ``t``."""
    _duplicate_ids(source, problems)
    _pack(source, t, problems, locator)
    if partial:
        return
    _tubes_and_skills(source, t, problems)
    for comp in coverage.competences:
        _competence(comp, t, problems, locator)
    for row in rows:
        if row.pack_wide and row.missing:
            problems.add(
                "lint.coverage",
                locator.pack("kind"),
                f"{row.label}: {row.count}; expected {row.expected} in a {t.kind} pack ({row.status})",
            )
