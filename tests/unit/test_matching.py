"""Answer matching by format, response validation and answer statuses (pure domain)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, InputSpec, Matching
from pixdesk.domain.ids import ChallengeId, CompetenceCode, SkillId, TubeId
from pixdesk.domain.matching import (
    ResponseError,
    answer_status,
    evaluate,
    is_correct,
    validate_response,
)

NONE = Matching(t1=False, t2=False, t3=False)
T1 = Matching(t1=True, t2=False, t3=False)
T2 = Matching(t1=False, t2=True, t3=False)
T1_T2 = Matching(t1=True, t2=True, t3=False)
T3 = Matching(t1=False, t2=False, t3=True)
ALL = Matching()

ELEVE_NFC = "\u00c9l\u00e8ve"
ELEVE_NFD = "E\u0301le\u0300ve"

OK, KO, ABAND = AnswerStatus.OK, AnswerStatus.KO, AnswerStatus.ABAND
TIMEDOUT, FOCUSEDOUT = AnswerStatus.TIMEDOUT, AnswerStatus.FOCUSEDOUT


# --- builders ---------------------------------------------------------------------------


def make_challenge(
    format_: Format, matching: Matching = ALL, *, focused: bool = False, timer: int | None = None
) -> Challenge:
    return Challenge(
        id=ChallengeId("c-test-001"),
        skill_id=SkillId("@test2"),
        tube_id=TubeId("test"),
        competence=CompetenceCode("1.1"),
        level=2,
        format=format_,
        timer_seconds=timer,
        focused=focused,
        matching=matching,
    )


def make_body(
    solutions: Any, proposals: tuple[str, ...] = (), inputs: tuple[InputSpec, ...] = ()
) -> ChallengeBody:
    return ChallengeBody(
        instruction="Question?",
        proposals=proposals,
        inputs=inputs,
        solutions=solutions,
        explanation="",
        media=(),
    )


FOUR = ("one", "two", "three", "four")
QCU_BODY = make_body((2,), proposals=FOUR)
QCM_BODY = make_body((1, 3), proposals=FOUR)


def qroc_body(accepted: tuple[str, ...], kind: str = "text", options: tuple[str, ...] = ()) -> ChallengeBody:
    return make_body({"answer": accepted}, inputs=(InputSpec("answer", "", kind, options),))


def text_input(name: str) -> InputSpec:
    return InputSpec(name, name.capitalize(), "text")


# --- qcu, qcm -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        pytest.param(2, True, id="right"),
        pytest.param(1, False, id="wrong-first"),
        pytest.param(4, False, id="wrong-last"),
    ],
)
def test_qcu(response: int, expected: bool) -> None:
    assert is_correct(make_challenge(Format.QCU), QCU_BODY, response) is expected


@pytest.mark.parametrize(
    ("response", "expected"),
    [
        pytest.param(frozenset({1, 3}), True, id="right-frozenset"),
        pytest.param([3, 1], True, id="right-list-any-order"),
        pytest.param((1, 3), True, id="right-tuple"),
        pytest.param(frozenset({1}), False, id="subset"),
        pytest.param(frozenset({1, 2, 3}), False, id="superset"),
        pytest.param(frozenset({2, 4}), False, id="disjoint"),
        pytest.param(frozenset(), False, id="nothing-ticked"),
    ],
)
def test_qcm(response: Any, expected: bool) -> None:
    assert is_correct(make_challenge(Format.QCM), QCM_BODY, response) is expected


# --- qroc: text ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "accepted", "matching", "expected"),
    [
        pytest.param("Paris", ("Paris",), NONE, True, id="exact"),
        pytest.param("Lyon", ("Paris", "Lyon"), NONE, True, id="second-variant"),
        pytest.param("Lille", ("Paris", "Lyon"), ALL, False, id="no-variant"),
        # case
        pytest.param("PARIS", ("Paris",), ALL, True, id="case-all"),
        pytest.param("PARIS", ("Paris",), T1, True, id="case-t1"),
        pytest.param("PARIS", ("Paris",), NONE, False, id="case-off"),
        pytest.param("PARIS", ("Paris",), T2, False, id="case-t2-alone-keeps-case"),
        # accents
        pytest.param(ELEVE_NFC, ("eleve",), T1, True, id="accents-t1"),
        pytest.param("eleve", (ELEVE_NFC,), T1, True, id="accents-in-solution-t1"),
        pytest.param(ELEVE_NFC, ("eleve",), NONE, False, id="accents-off"),
        pytest.param(ELEVE_NFC, ("eleve",), T2, False, id="accents-t2-alone"),
        pytest.param(ELEVE_NFC, ("eleve",), T3, False, id="accents-t3-two-in-five"),
        # Unicode forms and no-break spaces: the pre-treatment always applies
        pytest.param(ELEVE_NFD, (ELEVE_NFC,), NONE, True, id="nfd-answer-nfc-solution"),
        pytest.param(ELEVE_NFC, (ELEVE_NFD,), NONE, True, id="nfc-answer-nfd-solution"),
        pytest.param("New\u00a0York", ("New York",), NONE, True, id="no-break-space"),
        pytest.param("Mont\u202fBlanc", ("Mont Blanc",), NONE, True, id="narrow-no-break-space"),
        # spaces
        pytest.param("New   York", ("new york",), T1, True, id="inner-spaces-t1"),
        pytest.param("NewYork", ("New York",), T1, True, id="no-space-t1"),
        pytest.param("New   York", ("New York",), T2, True, id="inner-spaces-t2-collapses"),
        pytest.param("New   York", ("New York",), NONE, False, id="inner-spaces-off"),
        pytest.param("  paris ", ("paris",), T1, True, id="outer-spaces-t1"),
        pytest.param("  paris ", ("paris",), T2, True, id="outer-spaces-t2"),
        pytest.param("  paris ", ("paris",), NONE, False, id="outer-spaces-off"),
        # punctuation
        pytest.param("Paris !", ("Paris",), T2, True, id="punctuation-t2"),
        pytest.param("New-York", ("new york",), T1_T2, True, id="dash-t1t2"),
        pytest.param("New-York", ("new york",), T1, False, id="dash-t1-alone"),
        pytest.param("C'est-à-dire", ("c est a dire",), T1_T2, True, id="apostrophe-accent-t1t2"),
        # typos (T3): distance / len(answer) <= 0.25
        pytest.param("keybaord", ("keyboard",), ALL, True, id="t3-two-in-eight-exactly-quarter"),
        pytest.param("keybaord", ("keyboard",), T1_T2, False, id="t3-off-two-in-eight"),
        pytest.param("fierfox", ("firefox",), ALL, False, id="t3-two-in-seven-just-above"),
        pytest.param("Pariss", ("Paris",), ALL, True, id="t3-one-in-six"),
        pytest.param("keyboa", ("keyboard",), ALL, False, id="t3-short-answer-counts-its-own-length"),
        pytest.param("KEYBAORD !", ("keyboard",), ALL, True, id="t3-after-t1-t2"),
        # empty answers are never right
        pytest.param("", ("paris",), ALL, False, id="empty"),
        pytest.param("   ", ("paris",), ALL, False, id="blank-t1"),
        pytest.param("?!", ("?!",), ALL, False, id="empty-after-t2-even-if-solution-too"),
        pytest.param("", ("",), NONE, False, id="empty-equal-empty-solution"),
    ],
)
def test_qroc_text(response: str, accepted: tuple[str, ...], matching: Matching, expected: bool) -> None:
    assert is_correct(make_challenge(Format.QROC, matching), qroc_body(accepted), response) is expected


# --- qroc: number -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("response", "accepted", "expected"),
    [
        pytest.param("24.2", ("24.2",), True, id="point"),
        pytest.param("24,2", ("24.2",), True, id="comma"),
        pytest.param("24,20", ("24.2",), True, id="trailing-zero"),
        pytest.param(" 24.2\u00a0", ("24.2",), True, id="surrounding-spaces"),
        pytest.param("+24.2", ("24.2",), True, id="plus-sign"),
        pytest.param("0024.2", ("24.2",), True, id="leading-zeros"),
        pytest.param("-5", ("-5.0",), True, id="negative"),
        pytest.param("10 000", ("10000",), True, id="thousands-space"),
        pytest.param("10\u202f000", ("10000",), True, id="thousands-narrow-no-break-space"),
        pytest.param("3,1416", ("3.14", "3.1416"), True, id="second-variant"),
        pytest.param("24.3", ("24.2",), False, id="other-number"),
        pytest.param("24.21", ("24.2",), False, id="no-typo-tolerance"),
        pytest.param("1 0000", ("10000",), False, id="bad-grouping-is-not-a-number"),
        pytest.param("abc", ("24.2",), False, id="word"),
        pytest.param("24,2 km", ("24.2",), False, id="with-unit"),
        pytest.param("", ("24.2",), False, id="empty"),
    ],
)
@pytest.mark.parametrize("matching", [ALL, NONE], ids=["switches-on", "switches-off"])
def test_qroc_number(response: str, accepted: tuple[str, ...], expected: bool, matching: Matching) -> None:
    challenge = make_challenge(Format.QROC, matching)

    assert is_correct(challenge, qroc_body(accepted, "number"), response) is expected


# --- qroc: select -------------------------------------------------------------------------

SELECT_OPTIONS = ("Paris", "paris", "Paris ", ELEVE_NFC, ELEVE_NFD, "Lyon")


@pytest.mark.parametrize(
    ("response", "accepted", "expected"),
    [
        pytest.param("Paris", ("Paris",), True, id="exact"),
        pytest.param("Lyon", ("Paris",), False, id="other-option"),
        pytest.param("paris", ("Paris",), False, id="case-is-not-treated"),
        pytest.param("Paris ", ("Paris",), False, id="spaces-are-not-treated"),
        pytest.param(ELEVE_NFD, (ELEVE_NFC,), False, id="unicode-form-is-not-treated"),
        pytest.param(ELEVE_NFC, (ELEVE_NFC,), True, id="accented-exact"),
    ],
)
def test_qroc_select_gets_no_treatment(response: str, accepted: tuple[str, ...], expected: bool) -> None:
    body = qroc_body(accepted, "select", SELECT_OPTIONS)

    assert is_correct(make_challenge(Format.QROC, ALL), body, response) is expected


def test_qroc_uses_the_name_of_its_input() -> None:
    body = make_body({"year": ("1989",)}, inputs=(InputSpec("year", "Year", "number"),))

    assert is_correct(make_challenge(Format.QROC), body, "1989")


# --- qrocm-ind ----------------------------------------------------------------------------

IND_BODY = make_body(
    {"city": ("Paris", "Lutèce"), "year": ("1889",), "unit": ("m",)},
    inputs=(
        text_input("city"),
        InputSpec("year", "Year", "number"),
        InputSpec("unit", "Unit", "select", ("m", "M", "km")),
    ),
)


@pytest.mark.parametrize(
    ("response", "matching", "expected"),
    [
        pytest.param({"city": "Paris", "year": "1889", "unit": "m"}, ALL, True, id="all-right"),
        pytest.param({"unit": "m", "year": "1889", "city": "Paris"}, ALL, True, id="key-order-is-free"),
        pytest.param({"city": "lutece", "year": "18 89", "unit": "m"}, ALL, False, id="bad-number-grouping"),
        pytest.param({"city": "LUTECE", "year": "1889,0", "unit": "m"}, ALL, True, id="each-input-own-rules"),
        pytest.param({"city": "LUTECE", "year": "1889", "unit": "m"}, NONE, False, id="text-untreated"),
        pytest.param({"city": "Paris", "year": "1889", "unit": "M"}, ALL, False, id="select-untreated"),
        pytest.param({"city": "Paris", "year": "1890", "unit": "m"}, ALL, False, id="one-wrong"),
        pytest.param({"city": "Pariss", "year": "1889", "unit": "m"}, ALL, True, id="typo-in-text"),
        pytest.param({"city": "", "year": "1889", "unit": "m"}, ALL, False, id="one-empty"),
    ],
)
def test_qrocm_ind(response: dict[str, str], matching: Matching, expected: bool) -> None:
    assert is_correct(make_challenge(Format.QROCM_IND, matching), IND_BODY, response) is expected


def test_qrocm_ind_variants_belong_to_their_own_input() -> None:
    body = make_body(
        {"first": ("alpha",), "second": ("beta",)}, inputs=(text_input("first"), text_input("second"))
    )
    challenge = make_challenge(Format.QROCM_IND)

    assert is_correct(challenge, body, {"first": "alpha", "second": "beta"})
    assert not is_correct(challenge, body, {"first": "beta", "second": "alpha"})


# --- qrocm-dep ----------------------------------------------------------------------------


def dep_body(groups: list[list[str]], inputs: int) -> ChallengeBody:
    names = tuple(text_input(f"i{n}") for n in range(inputs))
    return make_body(tuple(tuple(g) for g in groups), inputs=names)


@pytest.mark.parametrize(
    ("answers", "groups", "matching", "expected"),
    [
        pytest.param(["a", "b"], [["a", "b"], ["a"]], NONE, True, id="greedy-would-fail"),
        pytest.param(["b", "a"], [["a", "b"], ["a"]], NONE, True, id="greedy-would-fail-swapped"),
        pytest.param(
            ["b", "c", "a"], [["a", "b"], ["b", "c"], ["c"]], NONE, True, id="augmenting-path-of-two"
        ),
        pytest.param(["a", "a"], [["a"], ["b"]], NONE, False, id="duplicate-cannot-share-a-group"),
        pytest.param(["a", "a"], [["a"], ["a", "b"]], NONE, True, id="duplicate-two-groups-accept-it"),
        pytest.param(["a", "a"], [["a", "b"], ["b"]], NONE, False, id="duplicate-one-group-accepts-it"),
        pytest.param(["b", "a"], [["a"], ["b"]], NONE, True, id="order-free"),
        pytest.param(["a", "x"], [["a"], ["b"]], NONE, False, id="one-matches-nothing"),
        pytest.param(["a", "c"], [["a"], ["b"], ["c"]], NONE, True, id="spare-group-unused"),
        pytest.param(["a", "a", "a"], [["a"], ["a", "b"], ["b"]], NONE, False, id="two-groups-for-three"),
        pytest.param(
            ["a", "b", "c"], [["a", "b", "c"], ["a"], ["b"]], NONE, True, id="wide-group-for-the-last"
        ),
        pytest.param(["LYON", "paris"], [["Paris"], ["Lyon"]], ALL, True, id="treated"),
        pytest.param(["LYON", "paris"], [["Paris"], ["Lyon"]], NONE, False, id="untreated"),
        pytest.param(["Lyonn", "Pariss"], [["Paris"], ["Lyon"]], ALL, True, id="typos"),
        pytest.param(["", "Paris"], [["Paris"], [""]], ALL, False, id="empty-never-right"),
    ],
)
def test_qrocm_dep(answers: list[str], groups: list[list[str]], matching: Matching, expected: bool) -> None:
    body = dep_body(groups, len(answers))
    response = {f"i{n}": answer for n, answer in enumerate(answers)}

    assert is_correct(make_challenge(Format.QROCM_DEP, matching), body, response) is expected


# --- response validation ------------------------------------------------------------------

QROC_SELECT_BODY = qroc_body(("Paris",), "select", ("Paris", "Lyon"))
DEP_BODY = dep_body([["a"], ["b"]], 2)


@pytest.mark.parametrize(
    ("format_", "body", "response", "code", "path"),
    [
        pytest.param(Format.QCU, QCU_BODY, 0, "response.qcu_not_a_proposal", None, id="qcu-zero"),
        pytest.param(Format.QCU, QCU_BODY, 5, "response.qcu_not_a_proposal", None, id="qcu-too-big"),
        pytest.param(Format.QCU, QCU_BODY, -1, "response.qcu_not_a_proposal", None, id="qcu-negative"),
        pytest.param(Format.QCU, QCU_BODY, "2", "response.wrong_type", None, id="qcu-text"),
        pytest.param(Format.QCU, QCU_BODY, True, "response.wrong_type", None, id="qcu-bool"),
        pytest.param(Format.QCU, QCU_BODY, 2.0, "response.wrong_type", None, id="qcu-float"),
        pytest.param(Format.QCU, QCU_BODY, frozenset({2}), "response.wrong_type", None, id="qcu-set"),
        pytest.param(Format.QCM, QCM_BODY, [1, 1], "response.qcm_duplicate", None, id="qcm-duplicate"),
        pytest.param(
            Format.QCM, QCM_BODY, frozenset({0}), "response.qcm_not_a_proposal", None, id="qcm-zero"
        ),
        pytest.param(Format.QCM, QCM_BODY, [1, 5], "response.qcm_not_a_proposal", None, id="qcm-too-big"),
        pytest.param(Format.QCM, QCM_BODY, 1, "response.wrong_type", None, id="qcm-int"),
        pytest.param(Format.QCM, QCM_BODY, "13", "response.wrong_type", None, id="qcm-text"),
        pytest.param(Format.QCM, QCM_BODY, [1, "3"], "response.wrong_type", None, id="qcm-text-member"),
        pytest.param(Format.QCM, QCM_BODY, {1: "x"}, "response.wrong_type", None, id="qcm-mapping"),
        pytest.param(Format.QROC, qroc_body(("x",)), 42, "response.wrong_type", "answer", id="qroc-int"),
        pytest.param(
            Format.QROC,
            qroc_body(("x",)),
            {"answer": "x"},
            "response.wrong_type",
            "answer",
            id="qroc-mapping",
        ),
        pytest.param(
            Format.QROC,
            QROC_SELECT_BODY,
            "paris",
            "response.not_an_option",
            "answer",
            id="qroc-not-an-option",
        ),
        pytest.param(Format.QROCM_IND, IND_BODY, "Paris", "response.wrong_type", None, id="ind-text"),
        pytest.param(
            Format.QROCM_IND,
            IND_BODY,
            {"city": "Paris", "year": "1889", "unit": "m", "extra": "x"},
            "response.unknown_input",
            "extra",
            id="ind-unknown-input",
        ),
        pytest.param(
            Format.QROCM_IND,
            IND_BODY,
            {"city": "Paris", "unit": "m"},
            "response.missing_input",
            "year",
            id="ind-missing-input",
        ),
        pytest.param(
            Format.QROCM_IND,
            IND_BODY,
            {"city": "Paris", "year": 1889, "unit": "m"},
            "response.wrong_type",
            "year",
            id="ind-number-not-text",
        ),
        pytest.param(
            Format.QROCM_IND,
            IND_BODY,
            {"city": "Paris", "year": "1889", "unit": "cm"},
            "response.not_an_option",
            "unit",
            id="ind-not-an-option",
        ),
        pytest.param(
            Format.QROCM_DEP, DEP_BODY, {"i0": "a"}, "response.missing_input", "i1", id="dep-missing"
        ),
        pytest.param(
            Format.QROCM_DEP,
            DEP_BODY,
            {"i0": "a", "i9": "b"},
            "response.unknown_input",
            "i9",
            id="dep-unknown",
        ),
        pytest.param(Format.QROCM_DEP, DEP_BODY, ["a", "b"], "response.wrong_type", None, id="dep-list"),
    ],
)
def test_malformed_responses_are_refused(
    format_: Format, body: ChallengeBody, response: Any, code: str, path: str | None
) -> None:
    challenge = make_challenge(format_)
    for check in (validate_response, is_correct, evaluate):
        with pytest.raises(ResponseError) as caught:
            check(challenge, body, response)

        assert caught.value.code == code
        assert caught.value.path == path
        assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize(
    ("format_", "body"),
    [
        pytest.param(Format.QCU, QCU_BODY, id="qcu"),
        pytest.param(Format.QCM, QCM_BODY, id="qcm"),
        pytest.param(Format.QROC, QROC_SELECT_BODY, id="qroc"),
        pytest.param(Format.QROCM_IND, IND_BODY, id="qrocm-ind"),
        pytest.param(Format.QROCM_DEP, DEP_BODY, id="qrocm-dep"),
    ],
)
def test_a_skip_is_valid_never_correct_and_abandoned(format_: Format, body: ChallengeBody) -> None:
    challenge = make_challenge(format_)

    validate_response(challenge, body, None)
    assert not is_correct(challenge, body, None)
    assert evaluate(challenge, body, None) is ABAND


@pytest.mark.parametrize(
    ("format_", "body", "response"),
    [
        pytest.param(Format.QCU, QCU_BODY, 4, id="qcu-wrong"),
        pytest.param(Format.QCM, QCM_BODY, frozenset(), id="qcm-empty"),
        pytest.param(Format.QROC, qroc_body(("1",), "number"), "not a number", id="qroc-number-word"),
        pytest.param(Format.QROC, QROC_SELECT_BODY, "Lyon", id="qroc-select-other-option"),
    ],
)
def test_a_wrong_answer_is_valid(format_: Format, body: ChallengeBody, response: Any) -> None:
    challenge = make_challenge(format_)

    validate_response(challenge, body, response)
    assert evaluate(challenge, body, response) is KO


# --- statuses -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given_", "correct", "timed_out", "focused_out", "certification", "expected"),
    [
        pytest.param(False, False, False, False, False, ABAND, id="skip"),
        pytest.param(False, True, True, True, True, ABAND, id="skip-beats-everything"),
        pytest.param(True, False, False, False, False, KO, id="wrong"),
        pytest.param(True, False, True, False, False, KO, id="wrong-and-late"),
        pytest.param(True, False, False, True, True, KO, id="wrong-and-focused-out"),
        pytest.param(True, True, False, False, False, OK, id="right"),
        pytest.param(True, True, True, False, False, TIMEDOUT, id="right-late"),
        pytest.param(True, True, True, False, True, TIMEDOUT, id="right-late-certification"),
        pytest.param(True, True, False, True, True, FOCUSEDOUT, id="right-focused-out-certification"),
        pytest.param(True, True, False, True, False, OK, id="right-focused-out-elsewhere-is-a-warning"),
        pytest.param(True, True, True, True, True, TIMEDOUT, id="timer-beats-focus"),
        pytest.param(True, True, False, False, True, OK, id="right-certification"),
    ],
)
def test_answer_status(
    given_: bool,
    correct: bool,
    timed_out: bool,
    focused_out: bool,
    certification: bool,
    expected: AnswerStatus,
) -> None:
    status = answer_status(
        given_, correct, timed_out=timed_out, focused_out=focused_out, certification=certification
    )

    assert status is expected
    assert status.success is (expected is OK)


@pytest.mark.parametrize(
    ("response", "focused", "flags", "expected"),
    [
        pytest.param(2, False, {}, OK, id="right"),
        pytest.param(3, False, {}, KO, id="wrong"),
        pytest.param(None, False, {"timed_out": True}, ABAND, id="skip-after-timer"),
        pytest.param(2, False, {"timed_out": True}, TIMEDOUT, id="right-after-timer"),
        pytest.param(3, False, {"timed_out": True}, KO, id="wrong-after-timer"),
        pytest.param(2, True, {"focused_out": True, "certification": True}, FOCUSEDOUT, id="focused-out"),
        pytest.param(2, True, {"focused_out": True}, OK, id="focused-out-outside-certification"),
        pytest.param(
            2, False, {"focused_out": True, "certification": True}, OK, id="focus-loss-on-unfocused-challenge"
        ),
        pytest.param(
            2, True, {"timed_out": True, "focused_out": True, "certification": True}, TIMEDOUT, id="both"
        ),
    ],
)
def test_evaluate(
    response: int | None, focused: bool, flags: dict[str, bool], expected: AnswerStatus
) -> None:
    challenge = make_challenge(Format.QCU, focused=focused, timer=60)

    assert evaluate(challenge, QCU_BODY, response, **flags) is expected


# --- properties ---------------------------------------------------------------------------

matchings = st.builds(Matching, t1=st.booleans(), t2=st.booleans(), t3=st.booleans())
# Any text with at least one ASCII letter or digit, so that no treatment can empty it.
variants = st.builds(
    lambda before, core, after: before + core + after,
    st.text(max_size=8),
    st.sampled_from("abcXYZ019"),
    st.text(max_size=8),
)
numbers = st.decimals(
    allow_nan=False, allow_infinity=False, places=2, min_value=-(10**6), max_value=10**6
).map(lambda d: format(d, "f"))


@st.composite
def accepted_input(draw: st.DrawFn, name: str) -> tuple[InputSpec, tuple[str, ...]]:
    """An input of any kind with its accepted variants."""
    kind = draw(st.sampled_from(["text", "number", "select"]))
    accepted = tuple(draw(st.lists(numbers if kind == "number" else variants, min_size=1, max_size=3)))
    options = (*accepted, *draw(st.lists(variants, max_size=2))) if kind == "select" else ()
    return InputSpec(name, name, kind, options), accepted


@given(
    proposals=st.integers(min_value=1, max_value=8),
    data=st.data(),
)
def test_qcm_correctness_does_not_depend_on_order(proposals: int, data: st.DataObject) -> None:
    numbers_ = list(range(1, proposals + 1))
    solution = tuple(sorted(data.draw(st.sets(st.sampled_from(numbers_), min_size=1))))
    chosen: Any = data.draw(st.lists(st.sampled_from(numbers_), unique=True))  # lists are accepted too
    shuffled: Any = data.draw(st.permutations(chosen))
    body = make_body(solution, proposals=tuple(f"p{n}" for n in numbers_))
    challenge = make_challenge(Format.QCM)

    expected = set(chosen) == set(solution)
    assert is_correct(challenge, body, chosen) is expected
    assert is_correct(challenge, body, shuffled) is expected
    assert is_correct(challenge, body, frozenset(chosen)) is expected


@given(data=st.data(), matching=matchings)
def test_any_accepted_qroc_answer_given_verbatim_is_right(data: st.DataObject, matching: Matching) -> None:
    spec, accepted = data.draw(accepted_input("answer"))
    body = make_body({"answer": accepted}, inputs=(spec,))

    for variant in accepted:
        assert is_correct(make_challenge(Format.QROC, matching), body, variant)


@given(data=st.data(), matching=matchings, count=st.integers(min_value=1, max_value=4))
def test_accepted_qrocm_ind_answers_given_verbatim_are_right(
    data: st.DataObject, matching: Matching, count: int
) -> None:
    drawn = [data.draw(accepted_input(f"i{n}")) for n in range(count)]
    body = make_body({spec.name: accepted for spec, accepted in drawn}, inputs=tuple(s for s, _ in drawn))
    response = {spec.name: data.draw(st.sampled_from(accepted)) for spec, accepted in drawn}

    assert is_correct(make_challenge(Format.QROCM_IND, matching), body, response)


@given(data=st.data(), matching=matchings, count=st.integers(min_value=1, max_value=5))
def test_accepted_qrocm_dep_answers_given_verbatim_are_right(
    data: st.DataObject, matching: Matching, count: int
) -> None:
    groups = [data.draw(st.lists(variants, min_size=1, max_size=3)) for _ in range(count)]
    spare = data.draw(st.lists(st.lists(variants, min_size=1, max_size=2), max_size=2))
    answers = data.draw(st.permutations([data.draw(st.sampled_from(group)) for group in groups]))
    body = dep_body(groups + spare, count)
    response = {f"i{n}": answer for n, answer in enumerate(answers)}

    assert is_correct(make_challenge(Format.QROCM_DEP, matching), body, response)


@given(number=numbers, comma=st.booleans())
def test_a_number_is_right_however_its_decimal_separator_is_written(number: str, comma: bool) -> None:
    written = number.replace(".", ",") if comma else number
    body = qroc_body((format(Decimal(number).normalize(), "f"),), "number")

    assert is_correct(make_challenge(Format.QROC), body, written)
