"""Findings of the content lint: codes, severities, and how they print. Layer: authoring.

A :class:`Problem` is one finding of ``pixdesk pack lint``: where it is (``file:line``),
how bad it is (``error`` fails the lint, ``warning`` does not), a stable code and a
message saying what is wrong and what was expected. Codes ``source.*`` are the
loader's schema errors (content_packs/source_errors.py); codes ``lint.*`` are the
lint's own checks, each with one fixed severity listed in :data:`CODES` (the same
table is in content_packs/SOURCES.md, "Lint").

:class:`Problems` collects findings in any order, keeps each once (the loader's first
error may be found again when each file is read on its own), and hands them back
sorted by file and line, so the output reads top to bottom.
"""

from __future__ import annotations

from dataclasses import dataclass

from content_packs.source_errors import SourceError

__all__ = ["CODES", "ERROR", "WARNING", "Problem", "Problems", "plural"]

ERROR = "error"
WARNING = "warning"

CODES: dict[str, tuple[str, str]] = {
    # pack and sibling
    "lint.languages": (ERROR, "the pack lacks a language every pack must have (en, fr)"),
    "lint.max_open_level": (ERROR, "max_open_level is below the levels that must be reachable"),
    "lint.sibling": (ERROR, "certification: the practice pack to compare with is missing or unreadable"),
    "lint.sibling_partial": (WARNING, "certification: only part of the practice pack could be read"),
    "lint.shared_id": (ERROR, "certification: a challenge id also used by the practice pack"),
    "lint.shared_instruction": (ERROR, "certification: an instruction identical to a practice one"),
    # coverage
    "lint.coverage": (ERROR, "a pack-wide count is below its threshold"),
    "lint.competence_challenges": (ERROR, "a competence has fewer challenges than required"),
    "lint.tubes": (ERROR, "a competence has too few or too many tubes"),
    "lint.unreachable_level": (ERROR, "levels no learner can reach: too few skills for their pix"),
    "lint.level_span": (ERROR, "certification: a level of a competence has no challenge"),
    "lint.level_gap": (WARNING, "a level of a competence has no active skill"),
    "lint.skill_without_challenge": (ERROR, "an active skill has no challenge"),
    "lint.no_tutorial": (ERROR, "no tutorial teaches any skill of a tube"),
    # texts
    "lint.no_explanation": (ERROR, "a challenge has no explanation in a language"),
    "lint.missing_translation": (ERROR, "a text is given in some languages only"),
    "lint.untranslated": (WARNING, "a text is identical in two languages"),
    "lint.duplicate_instruction": (WARNING, "two challenges of the pack have the same instruction"),
    "lint.short_tutorial": (WARNING, "a tutorial body is shorter than the expected number of words"),
    # answers
    "lint.answer_not_a_proposal": (ERROR, "a qcu/qcm answer names no proposal"),
    "lint.duplicate_proposal": (ERROR, "two proposals are the same once normalised"),
    "lint.solution_refused": (ERROR, "the matcher refuses an accepted answer"),
    "lint.redundant_variant": (WARNING, "two accepted variants normalise to the same text"),
    "lint.option_accepted": (ERROR, "a proposal or option that is not a solution is accepted"),
    "lint.distractor_accepted": (ERROR, "a distractor (plausible wrong answer) is accepted"),
    "lint.groups_overlap": (ERROR, "qrocm-dep: one answer typed twice fills two groups"),
    "lint.no_distractors": (WARNING, "a text input has no distractors to check the matching with"),
    # media
    "lint.alt_text": (ERROR, "a Markdown image has no alt text"),
    "lint.weak_alt_text": (WARNING, "an alt text is too short or only repeats the file name"),
    "lint.remote_media": (ERROR, "a Markdown image on the network: not available offline"),
    "lint.missing_file": (ERROR, "a file named in Markdown does not exist"),
    "lint.unpacked_file": (ERROR, "a file named in Markdown exists but does not go into the pack"),
    "lint.empty_file": (ERROR, "a media file is empty"),
    "lint.unused_file": (WARNING, "a media file of the source is used by no challenge"),
}


def plural(count: int, noun: str) -> str:
    """``1 error``, ``2 errors``: a count and its noun, for messages."""
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _sort_key(where: str) -> tuple[str, int]:
    file, _, line = where.rpartition(":")
    return (file, int(line)) if file and line.isdigit() else (where, 0)


@dataclass(frozen=True)
class Problem:
    """One finding: ``where`` is ``file:line``; ``severity`` is ``error`` or ``warning``."""

    where: str
    severity: str
    code: str
    message: str

    def line(self) -> str:
        """The printed form: ``file:line: error: code: message``."""
        return f"{self.where}: {self.severity}: {self.code}: {self.message}"


class Problems:
    """Findings collected by the checks; the same finding twice is kept once."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], Problem] = {}

    def add(self, code: str, where: str, message: str) -> None:
        """Record a finding; its severity comes from :data:`CODES` (``source.*`` are errors).

        Raises:
            KeyError: ``code`` is not a known lint code (a bug in a check).
        """
        severity = ERROR if code.startswith("source.") else CODES[code][0]
        self._items.setdefault((where, code, message), Problem(where, severity, code, message))

    def add_source_error(self, exc: SourceError) -> None:
        """Record a schema error raised by the loader."""
        self.add(exc.code, exc.path or "?", exc.message)

    def sorted(self) -> tuple[Problem, ...]:
        """Every finding, by file, then line, then code."""
        return tuple(sorted(self._items.values(), key=lambda p: (*_sort_key(p.where), p.code)))
