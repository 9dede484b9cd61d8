"""A competence file: its tubes, their skills, tutorials and challenges. Layer: authoring.

Checks made here: the competence exists in the framework; tube ids are camelCase;
skill levels are 1–8 and unique in a tube; every active skill has a challenge;
tutorials have a known kind, a duration, skills and a title and body per language.
References that may point to other files (challenge → tutorial, tutorial → skill of
another tube) are checked once the whole source is read (sources_format).
"""

from __future__ import annotations

import re
from pathlib import Path

from content_packs.source_errors import SourceError, at
from content_packs.source_fields import Fields, as_int, as_text
from content_packs.source_yaml import Node, Scalar
from content_packs.sources_challenges import TubeContext, check_id, check_level, parse_challenge
from content_packs.sources_model import TUTORIAL_KINDS, Framework, Reference, Skill, Tube, Tutorial, skill_id

__all__ = ["load_competence_file"]

_TUBE_ID = re.compile(r"^[a-z][A-Za-z0-9]{0,63}$")
TUBE_KEYS = ("id", "title", "description", "skills", "tutorials", "challenges")


def _skill(node: Node, file: Path, tube_id: str) -> Skill:
    if isinstance(node, Scalar):
        level = as_int(node, file, f"a skill level of tube {tube_id}")
        status, line = "active", node.line
    else:
        fields = Fields(node, file, f"a skill of tube {tube_id}", ("level", "status"))
        level = check_level(fields)
        status, line = fields.choice("status", ("active", "archived"), default="active"), fields.line
    if not 1 <= level <= 8:
        raise SourceError(
            "source.level",
            f"skill level {level} is outside the scale; expected a level from 1 to 8",
            at(file, line),
        )
    return Skill(skill_id(tube_id, level), tube_id, level, status, at(file, line))


def _skills(fields: Fields, tube_id: str) -> tuple[Skill, ...]:
    skills: list[Skill] = []
    for item in fields.seq("skills").items:
        skill = _skill(item, fields.file, tube_id)
        first = next((s for s in skills if s.level == skill.level), None)
        if first is not None:
            raise SourceError(
                "source.duplicate",
                f"tube {tube_id} declares level {skill.level} twice (first at {first.where});"
                " expected one skill per level",
                skill.where,
            )
        skills.append(skill)
    if not skills:
        raise SourceError(
            "source.value", f"tube {tube_id} has no skill; expected at least one", fields.where("skills")
        )
    return tuple(sorted(skills, key=lambda s: s.level))


def _tutorial_skill(node: Node, fields: Fields, tube_id: str, levels: tuple[int, ...]) -> Reference:
    where = at(fields.file, node.line)
    if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        if node.value not in levels:
            raise SourceError(
                "source.reference",
                f"{fields.what} teaches level {node.value}, but tube {tube_id} has no skill at that level;"
                f" expected one of {', '.join(map(str, levels))} or a skill id such as @{tube_id}{levels[0]}",
                where,
            )
        return Reference(skill_id(tube_id, node.value), where)
    text = as_text(node, fields.file, f"a skill of {fields.what}")
    if not re.fullmatch(r"@[a-z][A-Za-z0-9]*[1-8]", text):
        raise SourceError(
            "source.reference",
            f"{fields.what} names skill {text!r};"
            f" expected a level of this tube or a skill id such as @{tube_id}2",
            where,
        )
    return Reference(text, where)


def _tutorial(
    node: Node, file: Path, tube_id: str, levels: tuple[int, ...], languages: tuple[str, ...]
) -> Tutorial:
    fields = Fields(
        node, file, f"a tutorial of tube {tube_id}", ("id", "kind", "duration_minutes", "skills", *languages)
    )
    tutorial_id = check_id(fields, "tutorial")
    fields.what = f"tutorial {tutorial_id!r}"
    kind = fields.choice("kind", TUTORIAL_KINDS)
    duration = fields.integer("duration_minutes", low=1, high=240)
    skills = tuple(_tutorial_skill(item, fields, tube_id, levels) for item in fields.seq("skills").items)
    if not skills:
        raise SourceError(
            "source.value", f"{fields.what} teaches no skill; expected at least one", fields.where("skills")
        )
    titles: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for lang in languages:
        if not fields.has(lang):
            raise SourceError(
                "source.language",
                f"{fields.what} has no {lang!r} version; expected a block with title and body for each of"
                f" {', '.join(languages)}",
                fields.where(lang),
            )
        block = fields.sub(lang, ("title", "body"))
        titles[lang], bodies[lang] = block.text("title"), block.text("body")
    return Tutorial(tutorial_id, tube_id, kind, duration, titles, bodies, skills, fields.where("id"))


def _tube(node: Node, file: Path, root: Path, competence: str, languages: tuple[str, ...]) -> Tube:
    fields = Fields(node, file, f"a tube of competence {competence}", TUBE_KEYS)
    tube_id = fields.text("id")
    if not _TUBE_ID.match(tube_id):
        raise SourceError(
            "source.value",
            f"tube id {tube_id!r};"
            " expected camelCase letters and digits starting lowercase, e.g. searchEngines",
            fields.where("id"),
        )
    fields.what = f"tube {tube_id}"
    skills = _skills(fields, tube_id)
    levels = tuple(s.level for s in skills)
    tutorials = tuple(
        _tutorial(item, file, tube_id, levels, languages) for item in fields.optional_seq("tutorials")
    )
    context = TubeContext(file, root, languages, tube_id, levels)
    challenges = tuple(parse_challenge(item, context) for item in fields.seq("challenges").items)
    for skill in skills:
        if skill.status == "active" and not any(c.level == skill.level for c in challenges):
            raise SourceError(
                "source.value",
                f"skill {skill.id} is active but no challenge of tube {tube_id} is at level {skill.level};"
                " expected at least one challenge (or status: archived)",
                skill.where,
            )
    return Tube(
        id=tube_id,
        competence_code=competence,
        title=fields.localized("title", languages),
        description=fields.localized("description", languages),
        skills=skills,
        tutorials=tutorials,
        challenges=challenges,
        where=fields.where("id"),
    )


def load_competence_file(
    tree: Node, file: Path, root: Path, languages: tuple[str, ...], framework: Framework
) -> tuple[Tube, ...]:
    """Read the tubes of one parsed competence file.

    Raises:
        SourceError: naming ``file:line`` and what was expected.
    """
    fields = Fields(tree, file, "a competence file", ("competence", "tubes"))
    competence = fields.text("competence")
    codes = framework.competence_codes()
    if competence not in codes:
        raise SourceError(
            "source.reference",
            f"competence {competence!r} is not in framework {framework.framework_id};"
            f" expected one of {', '.join(codes)}",
            fields.where("competence"),
        )
    tubes = tuple(_tube(item, file, root, competence, languages) for item in fields.seq("tubes").items)
    if not tubes:
        raise SourceError(
            "source.value", "the file has no tube; expected at least one", fields.where("tubes")
        )
    return tubes
