"""Loading a source for the lint: the whole of it, or every file that can be read. Layer: authoring.

The lint reuses the loader (:func:`content_packs.sources_format.load_source`), which
stops at the first problem. So that one broken file does not hide the others, when
the loader fails the lint reads pack.yaml and the framework again and then each
competence file on its own: it reports the first schema error of every broken file
and lints the files that could be read (a *partial* source). Cross-file rules
(unknown tutorial or skill, the same media described twice) are the loader's: only
their first failure is reported. A fault in pack.yaml or in the framework stops
everything, since no competence file can be read without them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path

from content_packs.lint_locate import file_of
from content_packs.lint_problems import Problems
from content_packs.source_errors import SourceError
from content_packs.source_fields import Fields, as_text
from content_packs.source_yaml import load_yaml
from content_packs.sources_format import COMPETENCES_DIR, PACK_FILE, PACK_KEYS, load_source
from content_packs.sources_framework import load_framework
from content_packs.sources_model import PackSource, Tube
from content_packs.sources_tubes import load_competence_file

__all__ = ["Loaded", "competence_files", "load_for_lint"]


@dataclass(frozen=True)
class Loaded:
    """The outcome of reading a source.

    Attributes:
        source: the model (None when pack.yaml or the framework cannot be read).
        broken_files: competence files left out because of a schema error; when not
            empty, ``source`` is partial.
    """

    source: PackSource | None
    broken_files: tuple[Path, ...] = ()

    @property
    def partial(self) -> bool:
        return bool(self.broken_files)


def competence_files(source_dir: Path) -> list[Path]:
    """The competence files of a source, in the loader's order (file name)."""
    folder = source_dir / COMPETENCES_DIR
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def _header(source_dir: Path) -> PackSource:
    """pack.yaml and the framework, read again after the loader failed further on."""
    pack_file = source_dir / PACK_FILE
    fields = Fields(load_yaml(pack_file), pack_file, PACK_FILE, PACK_KEYS)
    languages = tuple(
        as_text(item, pack_file, "a language of the pack") for item in fields.seq("languages").items
    )
    framework_file = Path(os.path.normpath(source_dir / fields.text("framework")))
    return PackSource(
        root=source_dir,
        pack_id=fields.text("pack_id"),
        version=fields.integer("version"),
        kind=fields.text("kind"),
        languages=languages,
        title=fields.localized("title", languages),
        framework=load_framework(framework_file, languages),
        max_open_level=fields.optional_integer("max_open_level", 6),
        valid_days=fields.optional_integer("valid_days", 730),
        tubes=(),
    )


def load_for_lint(source_dir: Path, problems: Problems) -> Loaded:
    """Read ``source_dir`` as far as possible, recording schema errors in ``problems``."""
    try:
        return Loaded(load_source(source_dir))
    except SourceError as exc:
        first = exc
    files = competence_files(source_dir)
    if file_of(first.path or "") not in files:  # pack.yaml, the framework or the folder itself
        problems.add_source_error(first)
        return Loaded(None)
    try:
        header = _header(source_dir)  # the loader read it without fault before it reached the files
    except SourceError:  # changed since (someone is editing it): nothing more can be read
        problems.add_source_error(first)
        return Loaded(None)
    tubes: list[Tube] = []
    broken: list[Path] = []
    for file in files:
        try:
            tree = load_yaml(file)
            tubes.extend(load_competence_file(tree, file, source_dir, header.languages, header.framework))
        except SourceError as exc:
            problems.add_source_error(exc)
            broken.append(file)
    if not broken:
        problems.add_source_error(first)  # a rule across files: only the loader knows it
    return Loaded(replace(header, tubes=tuple(tubes)), tuple(broken))
