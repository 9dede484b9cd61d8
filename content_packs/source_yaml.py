"""Line-aware YAML for pack sources. Layer: authoring.

A source file is parsed with a :class:`SourceLoader` (a ``yaml.SafeLoader`` subclass,
never the unsafe loader) into a small tree of :class:`Map`, :class:`Seq` and
:class:`Scalar` nodes that remember their line, so every later check can name
``file:line``. Deliberate differences from plain PyYAML:

* implicit types follow the YAML 1.2 core schema: only ``true``/``false`` are booleans
  (``yes``, ``no``, ``on``, ``off`` stay text, so ``answer: [no]`` means the word), no
  dates, no octal, hexadecimal or sexagesimal numbers, no ``.inf`` or ``.nan``;
* a scalar keeps the text it was written with (``1.10`` stays ``"1.10"`` where text is
  expected); all text is normalised to Unicode NFC;
* duplicate keys, anchors and aliases, merge keys and explicit tags are refused.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from content_packs.source_errors import SourceError, at

__all__ = ["Map", "Node", "Scalar", "Seq", "SourceLoader", "load_yaml", "parse_yaml"]

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_BOOL = "tag:yaml.org,2002:bool"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Refused(yaml.MarkedYAMLError):
    """Valid YAML that the source format refuses (an alias), with its position."""


class SourceLoader(yaml.SafeLoader):
    """A SafeLoader resolving plain scalars with the YAML 1.2 core schema only, refusing aliases."""

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 (PyYAML's class-level registry)

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()  # type: ignore[no-untyped-call]
            raise _Refused(
                problem="anchors and aliases (&name, *name) are not supported; write the value out",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


for _tag, _pattern, _first in (
    (_BOOL, r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    (_INT, r"^[-+]?[0-9]+$", "-+0123456789"),
    (_FLOAT, r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$", "-+0123456789."),
    (_NULL, r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
):
    SourceLoader.add_implicit_resolver(_tag, re.compile(_pattern), list(_first))


@dataclass(frozen=True)
class Node:
    """A parsed YAML value and the 1-based line where it starts."""

    line: int


@dataclass(frozen=True)
class Scalar(Node):
    """A single value: ``value`` typed by the core schema, ``text`` as written (NFC)."""

    value: str | int | float | bool | None
    text: str


@dataclass(frozen=True)
class Seq(Node):
    """A list of nodes."""

    items: tuple[Node, ...]


@dataclass(frozen=True)
class Map(Node):
    """A mapping from keys (always text) to nodes, with the line of each key."""

    values: dict[str, Node]
    key_lines: dict[str, int]


def _scalar(node: yaml.ScalarNode, file: Path, line: int) -> Scalar:
    text = unicodedata.normalize("NFC", str(node.value))
    tag = node.tag
    value: str | int | float | bool | None
    if tag == _STR:
        value = text
    elif tag == _NULL:
        value = None
    elif tag == _BOOL:
        value = text.lower() == "true"
    elif tag == _INT:
        value = int(text)
    elif tag == _FLOAT:
        value = float(text)
    else:
        raise SourceError(
            "source.syntax", f"YAML tag {tag!r} is not supported; write plain values", at(file, line)
        )
    return Scalar(line, value, text)


class _Converter:
    """Turns composed PyYAML nodes into the tree above."""

    def __init__(self, file: Path) -> None:
        self.file = file

    def convert(self, node: yaml.Node) -> Node:
        line = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node, self.file, line)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                raise SourceError(
                    "source.syntax", f"YAML tag {node.tag!r} is not supported", at(self.file, line)
                )
            return Seq(line, tuple(self.convert(item) for item in node.value))
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, line)
        raise SourceError("source.syntax", "unexpected YAML node", at(self.file, line))

    def _mapping(self, node: yaml.MappingNode, line: int) -> Map:
        if node.tag != _MAP:
            raise SourceError("source.syntax", f"YAML tag {node.tag!r} is not supported", at(self.file, line))
        values: dict[str, Node] = {}
        key_lines: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _INT, _FLOAT):
                raise SourceError(
                    "source.syntax", "a key must be a plain name followed by ':'", at(self.file, key_line)
                )
            key = unicodedata.normalize("NFC", str(key_node.value))
            if key in values:
                raise SourceError(
                    "source.duplicate_key",
                    f"key {key!r} appears twice in the same mapping (first on line {key_lines[key]});"
                    " expected each key once",
                    at(self.file, key_line),
                )
            key_lines[key] = key_line
            values[key] = self.convert(value_node)
        return Map(line, values, key_lines)


def parse_yaml(text: str, file: Path) -> Map:
    """Parse the text of ``file`` (used only in messages) into a top-level :class:`Map`.

    Raises:
        SourceError: invalid YAML, refused YAML features, or a top level that is not a mapping.
    """
    loader = SourceLoader(text)
    try:
        node = loader.get_single_node()
    except _Refused as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark is not None else 1
        raise SourceError("source.syntax", str(exc.problem), at(file, line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else 1
        detail = exc.problem or exc.context or "syntax error"
        if "'\\t'" in detail:
            detail += " (indent with spaces, not tabs)"
        raise SourceError(
            "source.syntax", f"invalid YAML: {detail}; expected well-formed YAML", at(file, line)
        ) from None
    except yaml.YAMLError as exc:
        raise SourceError("source.syntax", f"invalid YAML: {exc}", at(file, 1)) from None
    finally:
        loader.dispose()
    if node is None:
        raise SourceError("source.syntax", "the file is empty; expected a mapping of fields", at(file, 1))
    tree = _Converter(file).convert(node)
    if not isinstance(tree, Map):
        raise SourceError(
            "source.type", "the file must be a mapping of fields (key: value lines)", at(file, tree.line)
        )
    return tree


def load_yaml(file: Path) -> Map:
    """Read and parse one source file (UTF-8, an optional byte-order mark is ignored).

    Raises:
        SourceError: the file is missing, unreadable, not UTF-8 or not valid YAML.
    """
    try:
        data = file.read_bytes()
    except FileNotFoundError:
        raise SourceError("source.file", "file not found", str(file)) from None
    except OSError as exc:
        raise SourceError("source.file", f"cannot read: {exc.strerror}", str(file)) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            "source.syntax", "the file is not UTF-8 text; save it as UTF-8", at(file, line)
        ) from None
    return parse_yaml(text, file)
