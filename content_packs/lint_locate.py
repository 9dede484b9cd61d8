"""Finding the exact line of a value in a source file, for lint messages. Layer: authoring.

The loaded model keeps ``where`` for challenges (their ``id``), language blocks,
tubes, skills and media, but not for each accepted answer, distractor or proposal.
:class:`Locator` re-reads a competence file's line-aware YAML tree (cached, one parse
per file) and walks from a challenge's language block to the item at fault, so a
message can point at ``answer: [...]`` item 2 rather than at ``en:``. When the walk
cannot go further it returns the deepest line it reached: never worse than the
language block.
"""

from __future__ import annotations

from pathlib import Path

from content_packs.source_errors import SourceError, at
from content_packs.source_yaml import Map, Node, Scalar, Seq, load_yaml
from content_packs.sources_format import PACK_FILE
from content_packs.sources_model import Challenge, Tutorial

__all__ = ["Locator", "file_of"]

Step = str | int


def file_of(where: str) -> Path:
    """The file part of a ``file:line`` location."""
    file, _, line = where.rpartition(":")
    return Path(file) if file and line.isdigit() else Path(where)


def _items(node: Node) -> tuple[Node, ...]:
    if isinstance(node, Seq):
        return node.items
    return (node,) if isinstance(node, Scalar) else ()


def _same(text: str, value: str) -> bool:
    written = text.strip()
    return written == value or written.replace(",", ".") == value


def _walk(node: Node, line: int, steps: tuple[Step, ...], value: str | None) -> int:
    for step in steps:
        if isinstance(step, str):
            if not isinstance(node, Map) or step not in node.values:
                return line
            line, node = node.key_lines[step], node.values[step]
        else:
            items = _items(node)
            if step >= len(items):
                return line
            node = items[step]
            line = node.line
    if value is not None:
        for item in _items(node):
            if isinstance(item, Scalar) and _same(item.text, value):
                return item.line
    return line


def _entries(tree: Map, key: str) -> tuple[Map, ...]:
    """The mappings under ``tubes[*].<key>[*]`` of a competence file."""
    found: list[Map] = []
    for tube in _items(tree.values.get("tubes", Seq(0, ()))):
        if isinstance(tube, Map):
            found.extend(e for e in _items(tube.values.get(key, Seq(0, ()))) if isinstance(e, Map))
    return tuple(found)


def _with_id(entries: tuple[Map, ...], ident: str) -> Map | None:
    for entry in entries:
        node = entry.values.get("id")
        if isinstance(node, Scalar) and node.text.strip() == ident:
            return entry
    return None


class Locator:
    """Lines of values in the files of one source folder."""

    def __init__(self, source_dir: Path) -> None:
        self.pack_file = source_dir / PACK_FILE
        self._trees: dict[Path, Map | None] = {}

    def _tree(self, file: Path) -> Map | None:
        if file not in self._trees:
            try:
                self._trees[file] = load_yaml(file)
            except SourceError:
                self._trees[file] = None
        return self._trees[file]

    def key(self, file: Path, key: str) -> str:
        """``file:line`` of a top-level key of ``file`` (line 1 when it is absent)."""
        tree = self._tree(file)
        return at(file, tree.key_lines.get(key, 1) if tree is not None else 1)

    def pack(self, key: str) -> str:
        """``file:line`` of a key of pack.yaml."""
        return self.key(self.pack_file, key)

    def challenge(self, challenge: Challenge, lang: str, *steps: Step, value: str | None = None) -> str:
        """``file:line`` inside the ``lang`` block of ``challenge``.

        Args:
            challenge: the challenge (its ``where`` names the file).
            lang: the language block to start from.
            steps: keys (text) and list positions (numbers) to follow, e.g.
                ``("inputs", 1, "answers")``.
            value: then, the list item written as this text, if any.
        """
        fallback = challenge.texts[lang].where
        file = file_of(challenge.where)
        tree = self._tree(file)
        entry = _with_id(_entries(tree, "challenges"), challenge.id) if tree is not None else None
        if entry is None or lang not in entry.values:
            return fallback
        return at(file, _walk(entry.values[lang], entry.key_lines[lang], steps, value))

    def tutorial(self, tutorial: Tutorial, lang: str, key: str) -> str:
        """``file:line`` of ``key`` (title or body) in the ``lang`` block of ``tutorial``."""
        file = file_of(tutorial.where)
        tree = self._tree(file)
        entry = _with_id(_entries(tree, "tutorials"), tutorial.id) if tree is not None else None
        if entry is None or lang not in entry.values:
            return tutorial.where
        return at(file, _walk(entry.values[lang], entry.key_lines[lang], (key,), None))
