"""Typed, line-aware reading of source mappings. Layer: authoring.

:class:`Fields` wraps one YAML mapping of a source file: it refuses unknown keys on
creation and hands out required or optional values of the expected type, raising a
:class:`SourceError` at the line of the key (or of the mapping, for a missing key) with
what was expected. The ``as_*`` functions do the same for list items.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Sequence
from pathlib import Path

from content_packs.source_errors import SourceError, at
from content_packs.source_yaml import Map, Node, Scalar, Seq

__all__ = ["Fields", "as_int", "as_map", "as_seq", "as_text", "describe", "localized"]


def describe(node: Node) -> str:
    """How a value reads to an author, for messages: ``text 'abc'``, ``a list``…"""
    if isinstance(node, Map):
        return "a mapping"
    if isinstance(node, Seq):
        return "a list"
    assert isinstance(node, Scalar)
    if node.value is None:
        return "nothing"
    if isinstance(node.value, bool):
        return f"true/false ({node.text})"
    if isinstance(node.value, (int, float)):
        return f"the number {node.text}"
    return f"text {node.text!r}"


def _type_error(node: Node, file: Path, what: str, expected: str) -> SourceError:
    return SourceError(
        "source.type", f"{what}: expected {expected}, got {describe(node)}", at(file, node.line)
    )


def as_text(node: Node, file: Path, what: str) -> str:
    """A non-empty text (numbers are read as written), stripped of outer white space."""
    if not isinstance(node, Scalar) or node.value is None or isinstance(node.value, bool):
        raise _type_error(node, file, what, "text")
    text = node.text.strip()
    if not text:
        raise SourceError("source.value", f"{what} is empty; expected some text", at(file, node.line))
    return text


def as_int(node: Node, file: Path, what: str, low: int | None = None, high: int | None = None) -> int:
    """A whole number, optionally within ``low``..``high`` (a ``source.value`` error outside)."""
    if not isinstance(node, Scalar) or isinstance(node.value, bool) or not isinstance(node.value, int):
        raise _type_error(node, file, what, "a whole number")
    value = node.value
    if (low is not None and value < low) or (high is not None and value > high):
        bounds = f"from {low} to {high}" if high is not None else f"of at least {low}"
        raise SourceError(
            "source.value", f"{what} is {value}; expected a number {bounds}", at(file, node.line)
        )
    return value


def as_map(node: Node, file: Path, what: str) -> Map:
    if not isinstance(node, Map):
        raise _type_error(node, file, what, "a mapping (key: value lines)")
    return node


def as_seq(node: Node, file: Path, what: str) -> Seq:
    if not isinstance(node, Seq):
        raise _type_error(node, file, what, "a list")
    return node


def localized(
    node: Node, file: Path, what: str, languages: Sequence[str], extra_ok: bool = False
) -> dict[str, str]:
    """A text per language, ``{en: …, fr: …}``; every language in ``languages`` is required.

    Other languages are refused unless ``extra_ok`` (shared files such as the framework
    may carry more languages than one pack); the result holds ``languages`` only.
    """
    mapping = as_map(node, file, what)
    if not extra_ok:
        for key, line in mapping.key_lines.items():
            if key not in languages:
                raise SourceError(
                    "source.language",
                    f"{what}: {key!r} is not a language of this pack; expected {', '.join(languages)}",
                    at(file, line),
                )
    texts: dict[str, str] = {}
    for lang in languages:
        if lang not in mapping.values:
            raise SourceError(
                "source.language",
                f"{what} has no {lang!r} version; expected a text for each of {', '.join(languages)}",
                at(file, mapping.line),
            )
        texts[lang] = as_text(mapping.values[lang], file, f"{what} ({lang})")
    return texts


class Fields:
    """One mapping of a source file: ``what`` names it in messages (``challenge 'c-1'``)."""

    def __init__(self, node: Node, file: Path, what: str, allowed: Collection[str]) -> None:
        self.map = as_map(node, file, what)
        self.file = file
        self.what = what
        for key, line in self.map.key_lines.items():
            if key not in allowed:
                raise SourceError(
                    "source.unknown_key",
                    f"unknown key {key!r} in {what}; expected one of {', '.join(sorted(allowed))}",
                    at(file, line),
                )

    @property
    def line(self) -> int:
        return self.map.line

    def where(self, key: str | None = None) -> str:
        """``file:line`` of ``key`` if present, else of the mapping itself."""
        line = self.map.key_lines.get(key, self.map.line) if key is not None else self.map.line
        return at(self.file, line)

    def has(self, key: str) -> bool:
        """True when ``key`` is present with a value (``key:`` with nothing counts as absent)."""
        node = self.map.values.get(key)
        return node is not None and not (isinstance(node, Scalar) and node.value is None)

    def node(self, key: str) -> Node:
        """The value of a required key."""
        if not self.has(key):
            raise SourceError(
                "source.missing", f"{self.what} has no {key!r}; it is required", self.where(key)
            )
        return self.map.values[key]

    def label(self, key: str) -> str:
        return f"{key!r} of {self.what}"

    def text(self, key: str) -> str:
        return as_text(self.node(key), self.file, self.label(key))

    def optional_text(self, key: str, default: str = "") -> str:
        return self.text(key) if self.has(key) else default

    def integer(self, key: str, low: int | None = None, high: int | None = None) -> int:
        return as_int(self.node(key), self.file, self.label(key), low, high)

    def optional_integer(
        self, key: str, default: int, low: int | None = None, high: int | None = None
    ) -> int:
        return self.integer(key, low, high) if self.has(key) else default

    def optional_number(self, key: str, default: float) -> float:
        """A number (whole or decimal), or ``default`` when absent."""
        if not self.has(key):
            return default
        node = self.map.values[key]
        if (
            not isinstance(node, Scalar)
            or isinstance(node.value, bool)
            or not isinstance(node.value, (int, float))
        ):
            raise _type_error(node, self.file, self.label(key), "a number")
        value = float(node.value)
        if not math.isfinite(value):
            raise SourceError(
                "source.value", f"{self.label(key)} is {node.text}; expected a finite number", self.where(key)
            )
        return value

    def boolean(self, key: str, default: bool) -> bool:
        """``true`` or ``false``, or ``default`` when absent."""
        if not self.has(key):
            return default
        node = self.map.values[key]
        if not isinstance(node, Scalar) or not isinstance(node.value, bool):
            raise _type_error(node, self.file, self.label(key), "true or false")
        return node.value

    def choice(
        self, key: str, choices: Sequence[str], default: str | None = None, code: str = "source.value"
    ) -> str:
        """A text among ``choices`` (required when ``default`` is None)."""
        if default is not None and not self.has(key):
            return default
        value = self.text(key)
        if value not in choices:
            raise SourceError(
                code,
                f"{self.label(key)} is {value!r}; expected one of {', '.join(choices)}",
                self.where(key),
            )
        return value

    def seq(self, key: str) -> Seq:
        return as_seq(self.node(key), self.file, self.label(key))

    def optional_seq(self, key: str) -> tuple[Node, ...]:
        return self.seq(key).items if self.has(key) else ()

    def sub(self, key: str, allowed: Collection[str]) -> Fields:
        """A nested mapping, itself checked for unknown keys."""
        return Fields(self.node(key), self.file, self.label(key), allowed)

    def localized(self, key: str, languages: Sequence[str], extra_ok: bool = False) -> dict[str, str]:
        return localized(self.node(key), self.file, self.label(key), languages, extra_ok)
