"""Text treatments, edit distance and numbers behind answer matching (pure domain)."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain import matching as matching_module
from pixdesk.domain.challenge import Matching
from pixdesk.domain.normalise import close_enough, levenshtein, normalise, parse_number, pretreat

NONE = Matching(t1=False, t2=False, t3=False)
T1 = Matching(t1=True, t2=False, t3=False)
T2 = Matching(t1=False, t2=True, t3=False)
T1_T2 = Matching(t1=True, t2=True, t3=False)
ALL = Matching()

ELEVE_NFC = "\u00c9l\u00e8ve"  # É, l, è, v, e: composed
ELEVE_NFD = "E\u0301le\u0300ve"  # E + combining acute, l, e + combining grave, v, e

matchings = st.builds(Matching, t1=st.booleans(), t2=st.booleans(), t3=st.booleans())


def test_the_matching_module_re_exports_normalise_and_levenshtein() -> None:
    assert matching_module.normalise is normalise
    assert matching_module.levenshtein is levenshtein


@pytest.mark.parametrize(
    ("text", "matching", "expected"),
    [
        # Pre-treatment only: NFC and plain spaces, nothing else.
        pytest.param(ELEVE_NFD, NONE, ELEVE_NFC, id="pre-nfd-becomes-nfc"),
        pytest.param(ELEVE_NFC, NONE, ELEVE_NFC, id="pre-nfc-unchanged"),
        pytest.param("New\u00a0York", NONE, "New York", id="pre-no-break-space"),
        pytest.param("10\u202f000", NONE, "10 000", id="pre-narrow-no-break-space"),
        pytest.param("10\u2007000", NONE, "10 000", id="pre-figure-space"),
        pytest.param("  Paris ! ", NONE, "  Paris ! ", id="pre-no-trim-no-case"),
        # T1: trim, lowercase, strip diacritics, remove every whitespace.
        pytest.param(ELEVE_NFC, T1, "eleve", id="t1-accents-nfc"),
        pytest.param(ELEVE_NFD, T1, "eleve", id="t1-accents-nfd"),
        pytest.param("  PARIS  ", T1, "paris", id="t1-trim-and-case"),
        pytest.param("New  York", T1, "newyork", id="t1-inner-spaces"),
        pytest.param("New\tYork\n", T1, "newyork", id="t1-tabs-and-newlines"),
        pytest.param("a\u00a0b\u202fc", T1, "abc", id="t1-no-break-spaces"),
        pytest.param("C'est-à-dire", T1, "c'est-a-dire", id="t1-keeps-punctuation"),
        pytest.param("ÇA", T1, "ca", id="t1-cedilla"),
        pytest.param("İstanbul", T1, "istanbul", id="t1-dotted-capital-i"),
        pytest.param("Œuvre", T1, "œuvre", id="t1-ligature-is-not-a-diacritic"),
        # T2 alone: keep ASCII letters (either case), digits, spaces; collapse; trim.
        pytest.param("New  York !", T2, "New York", id="t2-collapse-and-punctuation"),
        pytest.param("Paris.", T2, "Paris", id="t2-final-dot"),
        pytest.param("a\tb\nc", T2, "a b c", id="t2-whitespace-becomes-space"),
        pytest.param("a - b", T2, "a b", id="t2-dash-between-spaces"),
        pytest.param("\u00a0Paris\u202f", T2, "Paris", id="t2-no-break-spaces-trimmed"),
        pytest.param(ELEVE_NFC, T2, "lve", id="t2-without-t1-drops-accented-letters"),
        # T1 then T2: spaces are gone before T2 runs; accents survive as plain letters.
        pytest.param("New-York !", T1_T2, "newyork", id="t1t2-dash-and-bang"),
        pytest.param(" New  York ", T1_T2, "newyork", id="t1t2-spaces"),
        pytest.param(ELEVE_NFD, T1_T2, "eleve", id="t1t2-accents"),
        pytest.param("C'est-à-dire", T1_T2, "cestadire", id="t1t2-apostrophe-and-dashes"),
        pytest.param("3,14", T1_T2, "314", id="t1t2-comma-in-text"),
        pytest.param("L'Œuvre", T1_T2, "luvre", id="t1t2-ligature-dropped"),
        # T3 rewrites nothing.
        pytest.param("New-York !", ALL, "newyork", id="all-same-as-t1t2"),
        pytest.param(
            "New  York", Matching(t1=False, t2=False, t3=True), "New  York", id="t3-alone-no-rewrite"
        ),
    ],
)
def test_normalise(text: str, matching: Matching, expected: str) -> None:
    assert normalise(text, matching) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param(ELEVE_NFD, ELEVE_NFC, id="nfc"),
        pytest.param("a\u00a0b\u202fc\u2007d", "a b c d", id="no-break-spaces"),
        pytest.param(" x ", " x ", id="no-trim"),
    ],
)
def test_pretreat(text: str, expected: str) -> None:
    assert pretreat(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("24.2", Decimal("24.2"), id="point"),
        pytest.param("24,2", Decimal("24.2"), id="comma"),
        pytest.param(" 24,20 ", Decimal("24.2"), id="spaces-and-trailing-zero"),
        pytest.param("\u00a024.2\u202f", Decimal("24.2"), id="no-break-spaces-around"),
        pytest.param("+5", Decimal(5), id="plus"),
        pytest.param("-3,5", Decimal("-3.5"), id="minus"),
        pytest.param("007", Decimal(7), id="leading-zeros"),
        pytest.param(",5", Decimal("0.5"), id="no-integer-part"),
        pytest.param("10 000", Decimal(10000), id="thousands-space"),
        pytest.param("10\u202f000", Decimal(10000), id="thousands-narrow-no-break-space"),
        pytest.param("10\u00a0000,5", Decimal("10000.5"), id="thousands-no-break-space-and-comma"),
        pytest.param("1 000 000", Decimal(1000000), id="thousands-two-groups"),
        pytest.param("1,000", Decimal(1), id="comma-is-never-thousands"),
    ],
)
def test_parse_number_reads(text: str, expected: Decimal) -> None:
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("", id="empty"),
        pytest.param("   ", id="blank"),
        pytest.param("+", id="sign-only"),
        pytest.param(",", id="separator-only"),
        pytest.param("abc", id="word"),
        pytest.param("1 5", id="bad-grouping"),
        pytest.param("10 00", id="short-group"),
        pytest.param("1  000", id="double-space"),
        pytest.param("1.000,5", id="two-separators"),
        pytest.param("1,000.5", id="two-separators-english"),
        pytest.param("5.", id="trailing-separator"),
        pytest.param("1e3", id="exponent"),
        pytest.param("inf", id="infinity"),
        pytest.param("NaN", id="nan"),
        pytest.param("--1", id="double-sign"),
        pytest.param("\u0663", id="arabic-indic-digit"),
        pytest.param("½", id="vulgar-fraction"),
        pytest.param("12 €", id="unit"),
    ],
)
def test_parse_number_refuses(text: str) -> None:
    assert parse_number(text) is None


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        pytest.param("", "", 0, id="empty"),
        pytest.param("abc", "", 3, id="to-empty"),
        pytest.param("abc", "abc", 0, id="equal"),
        pytest.param("kitten", "sitting", 3, id="kitten-sitting"),
        pytest.param("flaw", "lawn", 2, id="flaw-lawn"),
        pytest.param("ab", "ba", 2, id="transposition-costs-two"),
        pytest.param("\u00e9", "e", 1, id="accent-is-one-substitution"),
        pytest.param("keybaord", "keyboard", 2, id="keyboard-swap"),
    ],
)
def test_levenshtein(a: str, b: str, distance: int) -> None:
    assert levenshtein(a, b) == distance
    assert levenshtein(b, a) == distance


@pytest.mark.parametrize(
    ("answer", "solution", "accepted"),
    [
        pytest.param("keyboard", "keyboard", True, id="equal"),
        pytest.param("keybaord", "keyboard", True, id="two-in-eight-exactly-quarter"),
        pytest.param("fierfox", "firefox", False, id="two-in-seven-just-above"),
        pytest.param("abcd", "abce", True, id="one-in-four"),
        pytest.param("abc", "abd", False, id="one-in-three"),
        pytest.param("keyboardss", "keyboard", True, id="longer-answer-two-in-ten"),
        pytest.param("keyboa", "keyboard", False, id="shorter-answer-two-in-six"),
        pytest.param("aaaaaaaa", "aaaaaaaaaa", True, id="insertions-two-in-eight"),
        pytest.param("aaaaaaa", "aaaaaaaaa", False, id="insertions-two-in-seven"),
        pytest.param("", "", False, id="empty-answer-empty-solution"),
        pytest.param("", "a", False, id="empty-answer"),
        pytest.param("a", "", False, id="empty-solution"),
    ],
)
def test_close_enough(answer: str, solution: str, accepted: bool) -> None:
    assert close_enough(answer, solution) is accepted


@given(text=st.text(), matching=matchings)
def test_normalise_is_idempotent(text: str, matching: Matching) -> None:
    once = normalise(text, matching)

    assert normalise(once, matching) == once


@given(text=st.text(), matching=matchings)
def test_normalise_does_not_care_about_the_normal_form_of_its_input(text: str, matching: Matching) -> None:
    for form in ("NFC", "NFD"):
        assert normalise(unicodedata.normalize(form, text), matching) == normalise(text, matching)


@given(text=st.text())
def test_t1_leaves_no_whitespace_and_no_capitals(text: str) -> None:
    result = normalise(text, T1)

    assert not any(c.isspace() for c in result)
    assert result == result.lower()


@given(text=st.text(), t1=st.booleans())
def test_t2_leaves_only_ascii_letters_digits_and_single_inner_spaces(text: str, t1: bool) -> None:
    result = normalise(text, Matching(t1=t1, t2=True, t3=False))

    assert re.fullmatch(r"(?:[A-Za-z0-9]+(?: [A-Za-z0-9]+)*)?", result)


@given(a=st.text(max_size=30), b=st.text(max_size=30))
def test_levenshtein_is_symmetric_zero_iff_equal_and_bounded(a: str, b: str) -> None:
    distance = levenshtein(a, b)

    assert distance == levenshtein(b, a)
    assert (distance == 0) is (a == b)
    assert abs(len(a) - len(b)) <= distance <= max(len(a), len(b))


@given(a=st.text(max_size=15), b=st.text(max_size=15), c=st.text(max_size=15))
def test_levenshtein_triangle_inequality(a: str, b: str, c: str) -> None:
    assert levenshtein(a, c) <= levenshtein(a, b) + levenshtein(b, c)


@given(answer=st.text(max_size=30), solution=st.text(max_size=30))
def test_close_enough_is_the_quarter_rule(answer: str, solution: str) -> None:
    expected = bool(answer) and levenshtein(answer, solution) / len(answer) <= 0.25

    assert close_enough(answer, solution) is expected


@given(
    number=st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-(10**9), max_value=10**9),
    comma=st.booleans(),
)
def test_parse_number_reads_what_it_is_written(number: Decimal, comma: bool) -> None:
    written = format(number, "f")
    if comma:
        written = written.replace(".", ",")

    assert parse_number(written) == number
    assert parse_number(f" +{written} ".replace("+-", "-")) == number


@pytest.mark.parametrize(
    ("text", "language", "expected"),
    [
        pytest.param("8,000", "en", Decimal("8000"), id="en-thousands"),
        pytest.param("1,234,567.5", "en", Decimal("1234567.5"), id="en-thousands-and-point"),
        pytest.param("8,5", "en", Decimal("8.5"), id="en-short-comma-is-decimal"),
        pytest.param("8,000", "fr", Decimal("8.000"), id="fr-comma-is-decimal"),
        pytest.param("8,000", None, Decimal("8.000"), id="unknown-language-comma-is-decimal"),
        pytest.param("8,00,0", "en", None, id="en-bad-grouping"),
    ],
)
def test_english_reads_a_comma_before_three_digits_as_thousands(
    text: str, language: str | None, expected: Decimal | None
) -> None:
    assert parse_number(text, language) == expected
