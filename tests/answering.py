"""Answers built from a step's own solutions, for tests that take whole evaluations."""

from __future__ import annotations

from pixdesk.domain.challenge import Challenge, ChallengeBody, Format, Response
from pixdesk.services.attempts import Step

__all__ = ["right_answer", "right_response"]


def right_answer(step: Step) -> Response:
    """A response the matcher accepts as right for the step's challenge."""
    assert step.challenge is not None and step.body is not None
    return right_response(step.challenge, step.body)


def right_response(challenge: Challenge, body: ChallengeBody) -> Response:
    """A response the matcher accepts as right for ``challenge``."""
    if challenge.format is Format.QCU:
        return int(body.solutions[0])
    if challenge.format is Format.QCM:
        return frozenset(body.solutions)
    if challenge.format is Format.QROC:
        return str(next(iter(body.solutions.values()))[0])
    if challenge.format is Format.QROCM_IND:
        return {name: values[0] for name, values in body.solutions.items()}
    # qrocm-dep: one input per group at most (a test may ask for "two of the three")
    return {spec.name: group[0] for spec, group in zip(body.inputs, body.solutions, strict=False)}
