"""Answer matching: is a response well formed, is it right, and its status. Layer: domain.

Owns the rules of REFERENCE_RULES.md, "Challenge formats and answer matching", applied to
a :class:`~pixdesk.domain.challenge.Challenge`, its
:class:`~pixdesk.domain.challenge.ChallengeBody` and a response (value types in the
docstring of :mod:`pixdesk.domain.challenge`). Text rewriting lives in
:mod:`pixdesk.domain.normalise`; :func:`normalise` and :func:`levenshtein` are re-exported.

* qcu: the proposal number equals the solution. qcm: the set of numbers equals the
  solution set, order free.
* qroc, qrocm-ind: each input is compared with its own accepted variants, and for
  qrocm-ind every input must match. By input kind:

  - ``text``: :func:`normalise` both sides (pre-treatment, then T1, T2 when on); equal,
    or with T3 on :func:`~pixdesk.domain.normalise.close_enough`. An answer that is empty
    after treatment is never correct.
  - ``number``: both sides read by :func:`~pixdesk.domain.normalise.parse_number` and
    compared as decimals; an answer that is not a number is wrong (not an error). The
    switches do not apply.
  - ``select``: no treatment at all: the option text must equal a variant exactly.
  - any other kind is treated as ``text``.
* qrocm-dep: every answer must match a group (any variant of it, with the rules of its
  input's kind) and no group may serve two answers: a bipartite matching, found with
  augmenting paths, so ``{"a", "b"}`` against groups ``[["a", "b"], ["a"]]`` is right.

Matching never looks at I/O, the clock or the learner: the same inputs give the same result.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, InputSpec, Matching, Response
from pixdesk.domain.normalise import close_enough, levenshtein, normalise, parse_number
from pixdesk.errors import PixdeskError

__all__ = [
    "ResponseError",
    "answer_status",
    "evaluate",
    "is_correct",
    "levenshtein",
    "normalise",
    "validate_response",
]

_DEFAULT_QROC_INPUT = InputSpec(name="answer", label="", input="text")


class ResponseError(PixdeskError, ValueError):
    """A response of the wrong shape for its challenge (a bug or tampering, not a wrong answer).

    Attributes:
        code: one of ``response.wrong_type`` (not the value type of the format),
            ``response.qcu_not_a_proposal`` / ``response.qcm_not_a_proposal`` (a number
            outside 1..len(proposals)), ``response.qcm_duplicate`` (a number given twice),
            ``response.unknown_input``, ``response.missing_input`` (qrocm input names),
            ``response.not_an_option`` (a drop-down value that is not one of its options).
        path: the input name concerned, if any.
        message: English text for the log.
    """


def _numbers(values: Any) -> tuple[int, ...]:
    return tuple(int(v) for v in values)


def _check_proposal(body: ChallengeBody, number: object, code: str) -> int:
    if not isinstance(number, int) or isinstance(number, bool):
        raise ResponseError("response.wrong_type", f"a proposal number is expected, got {number!r}")
    if not 1 <= number <= len(body.proposals):
        raise ResponseError(code, f"{number} is not a proposal number: expected 1 to {len(body.proposals)}")
    return number


def _qcm_numbers(body: ChallengeBody, response: object) -> list[int]:
    if isinstance(response, str | bytes | Mapping) or not isinstance(response, Iterable):
        raise ResponseError("response.wrong_type", f"a set of proposal numbers is expected, got {response!r}")
    numbers = [_check_proposal(body, n, "response.qcm_not_a_proposal") for n in response]
    if len(set(numbers)) != len(numbers):
        raise ResponseError("response.qcm_duplicate", f"a proposal is given twice in {sorted(numbers)}")
    return numbers


def _qroc_input(body: ChallengeBody) -> InputSpec:
    return body.inputs[0] if body.inputs else _DEFAULT_QROC_INPUT


def _check_value(spec: InputSpec, value: object) -> str:
    if not isinstance(value, str):
        raise ResponseError("response.wrong_type", f"a text is expected, got {value!r}", spec.name)
    if spec.input == "select" and value not in spec.options:
        raise ResponseError("response.not_an_option", f"{value!r} is not one of the options", spec.name)
    return value


def _check_fields(body: ChallengeBody, response: object) -> Mapping[str, str]:
    if not isinstance(response, Mapping):
        raise ResponseError("response.wrong_type", f"a mapping of input names is expected, got {response!r}")
    names = [spec.name for spec in body.inputs]
    for name in response:
        if name not in names:
            raise ResponseError("response.unknown_input", f"there is no input named {name!r}", str(name))
    for spec in body.inputs:
        if spec.name not in response:
            raise ResponseError("response.missing_input", "no answer for this input", spec.name)
        _check_value(spec, response[spec.name])
    return response


def validate_response(challenge: Challenge, body: ChallengeBody, response: Response) -> None:
    """Check that a response has the shape the challenge's format expects.

    A skip (None) is always valid. A wrong answer is valid: only its shape is checked.

    Args:
        challenge: the challenge answered (its format decides the shape).
        body: the body shown to the learner (proposals, inputs and their options).
        response: the learner's response.

    Raises:
        ResponseError: the response does not fit; ``code`` says how.
    """
    if response is None:
        return
    if challenge.format is Format.QCU:
        _check_proposal(body, response, "response.qcu_not_a_proposal")
    elif challenge.format is Format.QCM:
        _qcm_numbers(body, response)
    elif challenge.format is Format.QROC:
        _check_value(_qroc_input(body), response)
    else:
        _check_fields(body, response)


def _value_matches(
    spec: InputSpec, value: str, variants: Iterable[str], matching: Matching, language: str | None = None
) -> bool:
    if spec.input == "select":
        return value in variants
    if spec.input == "number":
        number = parse_number(value, language)
        return number is not None and any(parse_number(v) == number for v in variants)
    answer = normalise(value, matching)
    if not answer:
        return False
    for variant in variants:
        solution = normalise(variant, matching)
        if answer == solution or (matching.t3 and close_enough(answer, solution)):
            return True
    return False


def _assign_all(candidates: Sequence[Sequence[int]], group_count: int) -> bool:
    """Tell whether every answer gets its own group (Kuhn's augmenting paths)."""
    owner: list[int | None] = [None] * group_count

    def place(answer: int, visited: set[int]) -> bool:
        for group in candidates[answer]:
            if group in visited:
                continue
            visited.add(group)
            holder = owner[group]
            if holder is None or place(holder, visited):
                owner[group] = answer
                return True
        return False

    return all(place(answer, set()) for answer in range(len(candidates)))


def _matches(
    challenge: Challenge, body: ChallengeBody, response: object, language: str | None = None
) -> bool:
    """Compare a validated, non-skipped response with the solutions."""
    matching = challenge.matching
    if challenge.format is Format.QCU:
        return response in _numbers(body.solutions)
    if challenge.format is Format.QCM:
        return set(_qcm_numbers(body, response)) == set(_numbers(body.solutions))
    if challenge.format is Format.QROC:
        spec = _qroc_input(body)
        return _value_matches(spec, str(response), body.solutions.get(spec.name, ()), matching, language)
    fields = _check_fields(body, response)
    if challenge.format is Format.QROCM_IND:
        return all(
            _value_matches(spec, fields[spec.name], body.solutions.get(spec.name, ()), matching, language)
            for spec in body.inputs
        )
    groups: Sequence[Sequence[str]] = body.solutions
    candidates = [
        [
            g
            for g, group in enumerate(groups)
            if _value_matches(spec, fields[spec.name], group, matching, language)
        ]
        for spec in body.inputs
    ]
    return _assign_all(candidates, len(groups))


def is_correct(
    challenge: Challenge, body: ChallengeBody, response: Response, language: str | None = None
) -> bool:
    """Tell whether a response is right (module docstring: the rules by format).

    Args:
        challenge: the challenge answered (format and matching switches).
        body: the body shown, with its solutions.
        response: the learner's response; None (skipped) is never correct.

    Returns:
        True when the response matches the solutions.

    Raises:
        ResponseError: the response does not fit the challenge (see :func:`validate_response`).
    """
    if response is None:
        return False
    validate_response(challenge, body, response)
    return _matches(challenge, body, response, language)


def answer_status(
    response_given: bool,
    correct: bool,
    *,
    timed_out: bool = False,
    focused_out: bool = False,
    certification: bool = False,
) -> AnswerStatus:
    """Give the status of an answer; the first rule that applies wins.

    1. no response → ``aband`` (whatever ``correct`` says);
    2. not correct → ``ko`` (a wrong answer stays ``ko`` when late or unfocused);
    3. after the timer → ``timedout`` (also when focus was lost: the timer comes first);
    4. focus lost during a certification → ``focusedOut``; elsewhere a focus loss is
       only a warning and the answer stays ``ok``;
    5. otherwise ``ok``.

    Args:
        response_given: the learner answered (False for a skip).
        correct: the answer matched.
        timed_out: it was given after the challenge's timer ran out.
        focused_out: the learner left the focused challenge before answering.
        certification: the answer belongs to a certification test.

    Returns:
        The status; only ``ok`` counts as a success.
    """
    if not response_given:
        return AnswerStatus.ABAND
    if not correct:
        return AnswerStatus.KO
    if timed_out:
        return AnswerStatus.TIMEDOUT
    if focused_out and certification:
        return AnswerStatus.FOCUSEDOUT
    return AnswerStatus.OK


def evaluate(
    challenge: Challenge,
    body: ChallengeBody,
    response: Response,
    *,
    timed_out: bool = False,
    focused_out: bool = False,
    certification: bool = False,
    language: str | None = None,
) -> AnswerStatus:
    """Validate a response, match it and give its status (:func:`answer_status`).

    A focus loss only counts on a challenge marked ``focused`` (the rule is about leaving
    a focused challenge): on any other challenge ``focused_out`` is ignored.

    Args:
        challenge: the challenge answered.
        body: the body shown, with its solutions.
        response: the learner's response, None for a skip.
        timed_out: it was given after the challenge's timer ran out.
        focused_out: the learner left the challenge before answering.
        certification: the answer belongs to a certification test.
        language: the language of the body shown (English reads "8,000" as 8000).

    Returns:
        The answer's status.

    Raises:
        ResponseError: the response does not fit the challenge.
    """
    validate_response(challenge, body, response)
    correct = response is not None and _matches(challenge, body, response, language)
    return answer_status(
        response is not None,
        correct,
        timed_out=timed_out,
        focused_out=focused_out and challenge.focused,
        certification=certification,
    )
