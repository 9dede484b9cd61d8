"""One challenge entry of a tube: its settings, media and language versions. Layer: authoring.

Checks made here, each naming ``file:line``: id form, level (1–8, and a skill of the
tube), format, timer, matching switches, IRT parameters, media, the presence of every
language of the pack, and that all language versions ask the same question (same
number of proposals, same answer numbers, same inputs, same number of groups).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from content_packs.source_errors import SourceError, at
from content_packs.source_fields import Fields, as_text
from content_packs.source_yaml import Map, Node, Scalar
from content_packs.sources_media import parse_media
from content_packs.sources_model import FORMATS, Challenge, ChallengeText, Reference, default_difficulty
from content_packs.sources_texts import parse_text

__all__ = ["ID_PATTERN", "TubeContext", "check_id", "check_level", "parse_challenge"]

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$")
CHALLENGE_KEYS = (
    "id",
    "level",
    "format",
    "timer",
    "focused",
    "shuffle",
    "accessible",
    "matching",
    "discrimination",
    "difficulty",
    "media",
    "tutorials",
)


@dataclass(frozen=True)
class TubeContext:
    """What a challenge of a tube needs to know while it is read."""

    file: Path
    root: Path
    languages: tuple[str, ...]
    tube_id: str
    levels: tuple[int, ...]


def check_level(fields: Fields, key: str = "level") -> int:
    """A skill level: a whole number from 1 to 8 (``source.level`` otherwise)."""
    level = fields.integer(key)
    if not 1 <= level <= 8:
        raise SourceError(
            "source.level",
            f"level {level} is outside the scale; expected a level from 1 to 8",
            fields.where(key),
        )
    return level


def check_id(fields: Fields, kind: str) -> str:
    value = fields.text("id")
    if not ID_PATTERN.match(value):
        raise SourceError(
            "source.value",
            f"{kind} id {value!r}; expected letters, digits, '.', '_' or '-' (at most 80),"
            " e.g. c-1.1-search-001",
            fields.where("id"),
        )
    return value


def _peek_id(node: Node) -> str | None:
    if isinstance(node, Map):
        value = node.values.get("id")
        if isinstance(value, Scalar) and value.text:
            return value.text
    return None


def _same_question(first: ChallengeText, other: ChallengeText, format_: str) -> None:
    """Every language version asks the same question; refuse a translation that differs."""
    problems: list[str] = []
    if len(first.proposals) != len(other.proposals):
        problems.append(f"{len(other.proposals)} proposals, the {first.lang} version {len(first.proposals)}")
    elif first.answer != other.answer:
        problems.append(f"answer {list(other.answer)}, the {first.lang} version {list(first.answer)}")
    shape = [(i.name, i.input, len(i.options)) for i in first.inputs]
    if shape != [(i.name, i.input, len(i.options)) for i in other.inputs]:
        problems.append(
            f"inputs that differ from the {first.lang} version (names, input kinds or option counts)"
        )
    if len(first.groups) != len(other.groups):
        problems.append(f"{len(other.groups)} solution groups, the {first.lang} version {len(first.groups)}")
    if problems:
        raise SourceError(
            "source.translation",
            f"the {other.lang} version of this {format_} has {problems[0]};"
            " expected every language to ask the same question",
            other.where,
        )


def parse_challenge(node: Node, ctx: TubeContext) -> Challenge:
    """Read one challenge entry of the tube described by ``ctx``.

    Raises:
        SourceError: naming ``file:line`` and what was expected.
    """
    peeked = _peek_id(node)
    what = f"challenge {peeked!r}" if peeked else "a challenge"
    fields = Fields(node, ctx.file, what, CHALLENGE_KEYS + ctx.languages)
    challenge_id = check_id(fields, "challenge")
    level = check_level(fields)
    if level not in ctx.levels:
        raise SourceError(
            "source.reference",
            f"{what} is at level {level}, but tube {ctx.tube_id} has no skill at that level;"
            f" expected one of its skill levels {', '.join(map(str, ctx.levels))}",
            fields.where("level"),
        )
    format_ = fields.choice("format", FORMATS, code="source.format")
    timer = fields.integer("timer", low=1, high=3600) if fields.has("timer") else None
    matching = fields.sub("matching", ("t1", "t2", "t3")) if fields.has("matching") else None
    discrimination = fields.optional_number("discrimination", 1.0)
    if discrimination <= 0:
        raise SourceError(
            "source.value",
            f"discrimination {discrimination}; expected a number above 0",
            fields.where("discrimination"),
        )
    media = tuple(
        parse_media(item, ctx.file, ctx.root, ctx.languages, what) for item in fields.optional_seq("media")
    )
    for n, ref in enumerate(media):
        if any(other.media_id == ref.media_id for other in media[:n]):
            raise SourceError("source.duplicate", f"{what} uses the same media file twice", ref.where)
    tutorials = tuple(
        Reference(as_text(item, ctx.file, f"a tutorial of {what}"), at(ctx.file, item.line))
        for item in fields.optional_seq("tutorials")
    )
    texts: dict[str, ChallengeText] = {}
    for lang in ctx.languages:
        if not fields.has(lang):
            raise SourceError(
                "source.language",
                f"{what} has no {lang!r} version; expected a block for each language of the pack"
                f" ({', '.join(ctx.languages)})",
                fields.where(lang),
            )
        texts[lang] = parse_text(fields.node(lang), ctx.file, format_, lang, what, fields.where(lang))
        if len(texts) > 1:
            _same_question(texts[ctx.languages[0]], texts[lang], format_)
    return Challenge(
        id=challenge_id,
        tube_id=ctx.tube_id,
        level=level,
        format=format_,
        timer=timer,
        focused=fields.boolean("focused", False),
        shuffle=fields.boolean("shuffle", True),
        accessible=fields.boolean("accessible", True),
        t1=matching.boolean("t1", True) if matching else True,
        t2=matching.boolean("t2", True) if matching else True,
        t3=matching.boolean("t3", True) if matching else True,
        discrimination=discrimination,
        difficulty=fields.optional_number("difficulty", default_difficulty(level)),
        media=media,
        tutorials=tutorials,
        texts=texts,
        where=fields.where("id"),
    )
