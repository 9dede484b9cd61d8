"""Answers built from a step's own solutions, for tests that take whole evaluations."""

from __future__ import annotations

from pixdesk.domain.challenge import Format, Response
from pixdesk.services.attempts import Step

__all__ = ["right_answer"]


def right_answer(step: Step) -> Response:
    """A response the matcher accepts as right for the step's challenge."""
    challenge, body = step.challenge, step.body
    assert challenge is not None and body is not None
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
