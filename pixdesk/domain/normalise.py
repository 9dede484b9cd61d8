"""Text treatments, edit distance and numbers for answer matching. Layer: domain.

Owns the rewriting of free-text answers before they are compared (REFERENCE_RULES.md,
"Challenge formats and answer matching"), the Levenshtein distance behind the typo
tolerance, and the reading of numeric answers. Pure functions: no I/O.

The answer and every accepted variant go through the same steps, in this order:

1. Pre-treatment, always: no-break spaces (U+00A0, U+202F narrow, U+2007 figure) become
   plain spaces, then Unicode NFC, so that a composed "é" and "e" + U+0301 are one text.
2. T1, when switched on: trim, lowercase, strip diacritics (NFD, then drop the
   nonspacing marks), remove all whitespace, NFC again.
   ``"  Élève "`` → ``"eleve"``; ``"New  York"`` → ``"newyork"``.
3. T2, when switched on: any whitespace becomes a space; keep only ASCII letters, digits
   and spaces; collapse runs of spaces into one; trim.
   With T1: ``"New-York !"`` → ``"newyork"``. Alone: ``"New  York !"`` → ``"New York"``.
4. T3, when switched on, rewrites nothing: it is the comparison :func:`close_enough`.

T1 comes before T2 because T1 turns "É" into "e", which T2 then keeps; the other way
round T2 would delete accented letters ("élève" → "lve"). The price is that with T1 on,
T2's space collapsing has nothing left to do (T1 removed every space); it matters only
when T1 is off. T2 keeps capitals (``[A-Za-z0-9 ]``): with T1 on there are none left, so
this is exactly the rule's ``[a-z0-9 ]``; with T1 off it stops "Paris" and "Xaris"
from both becoming "aris". Accented letters are still dropped by T2 without T1.
"""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

from pixdesk.domain.challenge import Matching

__all__ = ["close_enough", "levenshtein", "normalise", "parse_number", "pretreat"]

_NO_BREAK_SPACES = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2007": " "})
_NOT_KEPT_BY_T2 = re.compile(r"[^A-Za-z0-9 ]+")
_SPACE_RUNS = re.compile(r" {2,}")
_NUMBER = re.compile(
    r"""
    [+-]?
    (?:
        [0-9]{1,3}(?:\ [0-9]{3})+  # thousands separated by one space: 10 000
        | [0-9]+
    )?
    (?:[.,][0-9]+)?
    """,
    re.VERBOSE,
)


def pretreat(text: str) -> str:
    """Apply the treatment every text answer gets: no-break spaces → spaces, then NFC.

    Args:
        text: an answer or an accepted variant, as typed.

    Returns:
        The same text in NFC with plain spaces.
    """
    return unicodedata.normalize("NFC", text.translate(_NO_BREAK_SPACES))


def _t1(text: str) -> str:
    lowered = text.strip().lower()
    decomposed = unicodedata.normalize("NFD", lowered)
    bare = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", "".join(bare.split()))


def _t2(text: str) -> str:
    spaced = "".join(" " if c.isspace() else c for c in text)
    kept = _NOT_KEPT_BY_T2.sub("", spaced)
    return _SPACE_RUNS.sub(" ", kept).strip(" ")


def normalise(text: str, matching: Matching) -> str:
    """Rewrite a text answer (or an accepted variant) before comparison.

    The pre-treatment always applies, then T1 and T2 when ``matching`` switches them on,
    in that order (see the module docstring for why). T3 is not a rewrite: see
    :func:`close_enough`. Drop-down values must not go through this function.

    Args:
        text: the text as typed or as stored in the pack.
        matching: the challenge's switches.

    Returns:
        The treated text; applying the function again changes nothing.
    """
    result = pretreat(text)
    if matching.t1:
        result = _t1(result)
    if matching.t2:
        result = _t2(result)
    return result


def levenshtein(a: str, b: str) -> int:
    """Count the insertions, deletions and substitutions of characters turning ``a`` into ``b``.

    Args:
        a: first text (compared code point by code point).
        b: second text.

    Returns:
        The edit distance: 0 iff the texts are equal, at most ``max(len(a), len(b))``.
    """
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i]
        for j, char_b in enumerate(b, start=1):
            current.append(
                min(
                    previous[j] + 1,  # delete char_a
                    current[j - 1] + 1,  # insert char_b
                    previous[j - 1] + (char_a != char_b),  # substitute (or keep)
                )
            )
        previous = current
    return previous[-1]


def close_enough(answer: str, solution: str) -> bool:
    """Tell whether T3 accepts a treated answer: distance / len(answer) ≤ 0.25.

    An empty answer is never close enough (the ratio has no meaning), even to an empty
    solution. The ratio is computed exactly, in integers: 2 typos in 8 characters pass,
    2 in 7 do not.

    Args:
        answer: the learner's answer after :func:`normalise`.
        solution: one accepted variant after :func:`normalise`.

    Returns:
        True when the answer is within the tolerance.
    """
    if not answer:
        return False
    if 4 * abs(len(answer) - len(solution)) > len(answer):  # the distance is at least that
        return False
    return 4 * levenshtein(answer, solution) <= len(answer)


_EN_THOUSANDS = re.compile(r"[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


def parse_number(text: str, language: str | None = None) -> Decimal | None:
    """Read a numeric answer the way a French or English speaker writes it.

    Accepted, around the number: spaces (no-break ones too). In it: an optional ``+`` or
    ``-``; a decimal point or comma (``"24,2"`` is 24.2; a comma is never a thousands
    separator); thousands separated by single spaces in groups of three (``"10 000"``,
    also with U+202F as French typography writes it). Refused: exponents, ``inf``/``nan``,
    non-ASCII digits, badly grouped spaces (``"1 5"``), several separators (``"1.000,5"``),
    a separator without digits after it (``"5."``).

    In English (``language="en"``) a comma followed by groups of exactly three digits is a
    thousands separator, as English speakers write it: ``"8,000"`` is 8000 and
    ``"1,234.5"`` is 1234.5 (``"8,5"`` is still 8.5). Other languages keep the comma as the
    decimal separator.

    Args:
        text: the answer as typed, or a stored solution (``"24.2"``).
        language: the language of the challenge shown, when known.

    Returns:
        The number (``Decimal``, so ``24.20 == 24.2``), or None when it is not one.
    """
    candidate = pretreat(text).strip()
    if language == "en" and _EN_THOUSANDS.fullmatch(candidate):
        candidate = candidate.replace(",", "")
    match = _NUMBER.fullmatch(candidate)
    if match is None or not any(c.isdigit() for c in candidate):
        return None
    return Decimal(candidate.replace(" ", "").replace(",", "."))
