"""Errors in pack sources, each naming the file and line at fault. Layer: authoring.

Every problem an author can make in a source folder is a :class:`SourceError` whose
``path`` is ``file:line`` (the line of the key or item at fault, 1-based) and whose
message says what is wrong and what was expected, so ``pixdesk pack build`` prints one
line an author can act on.
"""

from __future__ import annotations

from pathlib import Path

from pixdesk.errors import PixdeskError

__all__ = ["SourceError", "at"]


class SourceError(PixdeskError):
    """A pack source is malformed. ``code`` is one of ``source.*``:

    ``source.file`` (missing or unreadable file), ``source.syntax`` (not valid YAML, or
    YAML features the format refuses), ``source.duplicate_key``, ``source.unknown_key``,
    ``source.missing`` (required field), ``source.type`` (wrong type), ``source.value``
    (bad value), ``source.kind``, ``source.format`` (unknown challenge format),
    ``source.answer``, ``source.level``, ``source.language``, ``source.translation``
    (languages disagree), ``source.media``, ``source.duplicate`` (id used twice) and
    ``source.reference`` (unknown competence, skill or tutorial).
    """


def at(file: Path, line: int) -> str:
    """The ``path`` of an error: ``file:line``."""
    return f"{file}:{line}"
