"""Loading a whole pack source folder into a validated :class:`PackSource`. Layer: authoring.

A source folder holds ``pack.yaml`` (the pack's identity and settings), refers to a
framework file, and has one or more ``competences/*.yaml`` files read in file-name
order. The format is documented in content_packs/SOURCES.md; each rule there has a
check here or in the modules this one calls, and every failure is a
:class:`SourceError` naming ``file:line``.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

from content_packs.source_errors import SourceError, at
from content_packs.source_fields import Fields, as_text
from content_packs.source_yaml import Scalar, load_yaml
from content_packs.sources_framework import load_framework
from content_packs.sources_model import KINDS, MediaRef, PackSource, Tube
from content_packs.sources_tubes import load_competence_file

__all__ = ["COMPETENCES_DIR", "PACK_FILE", "SourceError", "load_source"]

PACK_FILE = "pack.yaml"
COMPETENCES_DIR = "competences"
PACK_KEYS = (
    "pack_id",
    "version",
    "kind",
    "languages",
    "title",
    "framework",
    "max_open_level",
    "valid_days",
    "capacity_intervals",
)
INTERVAL_COUNT = 10  # c0 … c9: see pixdesk.domain.certification_score
_PACK_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
_LANG = re.compile(r"^[a-z]{2}$")


def _languages(fields: Fields) -> tuple[str, ...]:
    languages: list[str] = []
    for item in fields.seq("languages").items:
        lang = as_text(item, fields.file, "a language of the pack")
        if not _LANG.match(lang):
            raise SourceError(
                "source.value",
                f"language {lang!r}; expected a two-letter code such as en or fr",
                at(fields.file, item.line),
            )
        if lang in languages:
            raise SourceError(
                "source.duplicate", f"language {lang!r} is listed twice", at(fields.file, item.line)
            )
        languages.append(lang)
    if not languages:
        raise SourceError(
            "source.value", "the pack has no language; expected e.g. [en, fr]", fields.where("languages")
        )
    return tuple(languages)


def _check_unique(tubes: tuple[Tube, ...]) -> None:
    """Tube, challenge and tutorial ids are each unique across the whole pack."""
    groups: dict[str, list[tuple[str, str]]] = {
        "tube": [(t.id, t.where) for t in tubes],
        "challenge": [(c.id, c.where) for t in tubes for c in t.challenges],
        "tutorial": [(u.id, u.where) for t in tubes for u in t.tutorials],
    }
    for kind, entries in groups.items():
        first: dict[str, str] = {}
        for ident, where in entries:
            if ident in first:
                raise SourceError(
                    "source.duplicate",
                    f"{kind} id {ident!r} is already used at {first[ident]}; expected ids unique in the pack",
                    where,
                )
            first[ident] = where


def _check_references(tubes: tuple[Tube, ...]) -> None:
    skills = {s.id for t in tubes for s in t.skills}
    tutorials = {u.id for t in tubes for u in t.tutorials}
    for tube in tubes:
        for tutorial in tube.tutorials:
            for ref in tutorial.skills:
                if ref.target not in skills:
                    raise SourceError(
                        "source.reference",
                        f"tutorial {tutorial.id!r} teaches skill {ref.target}, which no tube declares;"
                        " expected a skill of the pack such as @searchEngines2",
                        ref.where,
                    )
        for challenge in tube.challenges:
            for ref in challenge.tutorials:
                if ref.target not in tutorials:
                    known = ", ".join(sorted(tutorials)) or "none"
                    raise SourceError(
                        "source.reference",
                        f"challenge {challenge.id!r} refers to unknown tutorial {ref.target!r};"
                        f" expected one of the pack's tutorials ({known})",
                        ref.where,
                    )


def _check_media(tubes: tuple[Tube, ...]) -> None:
    """A file used by several challenges must be described the same way each time."""
    first: dict[str, MediaRef] = {}
    for ref in (m for t in tubes for c in t.challenges for m in c.media):
        seen = first.setdefault(ref.media_id, ref)
        if seen.alt != ref.alt or seen.filename != ref.filename:
            raise SourceError(
                "source.media",
                f"media {ref.filename!r} has the same content as the media at {seen.where} but a different"
                " file name or alt text; expected one description per file",
                ref.where,
            )


def load_source(source_dir: Path) -> PackSource:
    """Read and validate the pack source in ``source_dir``.

    Raises:
        SourceError: the first problem found, with ``path`` = ``file:line``.
    """
    pack_file = source_dir / PACK_FILE
    if not pack_file.is_file():
        raise SourceError(
            "source.file", f"no {PACK_FILE} here; expected a pack source folder", str(source_dir)
        )
    fields = Fields(load_yaml(pack_file), pack_file, PACK_FILE, PACK_KEYS)
    pack_id = fields.text("pack_id")
    if not _PACK_ID.match(pack_id):
        raise SourceError(
            "source.value",
            f"pack_id {pack_id!r}; expected lowercase letters, digits and '-' (at most 64)",
            fields.where("pack_id"),
        )
    version = fields.integer("version", low=1)
    kind = fields.choice("kind", KINDS, code="source.kind")
    languages = _languages(fields)
    title = fields.localized("title", languages)
    framework_file = Path(os.path.normpath(source_dir / fields.text("framework")))
    if not framework_file.is_file():
        raise SourceError(
            "source.file",
            f"framework file {framework_file} does not exist; expected a path relative to {source_dir}",
            fields.where("framework"),
        )
    max_open_level = fields.optional_integer("max_open_level", 6, low=1, high=8)
    valid_days = fields.optional_integer("valid_days", 730, low=1, high=3650)
    intervals = _capacity_intervals(fields, kind)
    framework = load_framework(framework_file, languages)
    folder = source_dir / COMPETENCES_DIR
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        raise SourceError(
            "source.file",
            f"no {COMPETENCES_DIR}/*.yaml file; expected one file per competence",
            str(source_dir),
        )
    tubes: list[Tube] = []
    for file in files:
        tubes.extend(load_competence_file(load_yaml(file), file, source_dir, languages, framework))
    _check_unique(tuple(tubes))
    _check_references(tuple(tubes))
    _check_media(tuple(tubes))
    return PackSource(
        root=source_dir,
        pack_id=pack_id,
        version=version,
        kind=kind,
        languages=languages,
        title=title,
        framework=framework,
        max_open_level=max_open_level,
        valid_days=valid_days,
        tubes=tuple(tubes),
        capacity_intervals=intervals,
    )


def _capacity_intervals(fields: Fields, kind: str) -> tuple[float, ...]:
    """Certification packs: ten strictly increasing capacities c0 … c9 (capacity → pix)."""
    nodes = fields.optional_seq("capacity_intervals")
    if not nodes:
        return ()
    where = fields.where("capacity_intervals")
    if kind != "certification":
        raise SourceError("source.value", "capacity_intervals belong to certification packs only", where)
    values: list[float] = []
    for node in nodes:
        if (
            not isinstance(node, Scalar)
            or isinstance(node.value, bool)
            or not isinstance(node.value, int | float)
        ):
            raise SourceError("source.type", f"capacity interval {node!r}; expected a number", where)
        values.append(float(node.value))
    if len(values) != INTERVAL_COUNT or any(b <= a for a, b in itertools.pairwise(values)):
        raise SourceError(
            "source.value",
            f"{len(values)} capacity intervals; expected {INTERVAL_COUNT} strictly increasing numbers"
            " (c0 … c9)",
            where,
        )
    return tuple(values)
