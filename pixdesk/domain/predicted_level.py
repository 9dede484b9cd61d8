"""Layer: domain. The predicted level of a learner during an adaptive evaluation.

The rule of the national platform (REFERENCE_RULES.md, "Adaptive competence
evaluation"): the predicted level is the value ``L`` of the grid 0.5, 1.0, …, 7.5 that
minimises ``|Σ (outcome − σ(L − difficulty))|`` over the learner's *direct* answers plus
two virtual ones — a success at difficulty 0 and a failure at difficulty 7 — where
``outcome`` is 1 for a success, 0 otherwise, and ``σ`` is the logistic function. The
virtual answers keep the estimate finite: with no answer at all it is 3.5, the centre
of the scale.

The sum decreases strictly as ``L`` grows, so the best grid point is where it changes
sign. An exact tie between two grid points (the sign change exactly half-way between
them) only happens for particular answer sets; it goes to the *lower* level — the
first of the grid, as on the national platform — and "exact" allows for a rounding
error of :data:`TIE_TOLERANCE`, so that two mathematically equal gaps never pick a level
by a floating-point accident.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

__all__ = ["LEVEL_GRID", "TIE_TOLERANCE", "VIRTUAL_ANSWERS", "predicted_level", "sigmoid"]

LEVEL_GRID: tuple[float, ...] = tuple(step / 2 for step in range(1, 16))  # 0.5, 1.0, … 7.5
VIRTUAL_ANSWERS: tuple[tuple[int, bool], ...] = ((0, True), (7, False))
TIE_TOLERANCE = 1e-12


def sigmoid(x: float) -> float:
    """The logistic function ``1 / (1 + e^(−x))``."""
    return 1.0 / (1.0 + math.exp(-x))


def _gap(level: float, answers: Sequence[tuple[int, bool]]) -> float:
    return abs(
        math.fsum((1.0 if success else 0.0) - sigmoid(level - difficulty) for difficulty, success in answers)
    )


def predicted_level(direct_answers: Sequence[tuple[int, bool]]) -> float:
    """The learner's predicted level from their direct answers.

    Args:
        direct_answers: ``(skill level, success)`` of each direct answer; the order
            does not matter.

    Returns:
        A value of :data:`LEVEL_GRID`; ties go to the lower level.
    """
    answers = (*direct_answers, *VIRTUAL_ANSWERS)
    best_level = LEVEL_GRID[0]
    best_gap = _gap(best_level, answers)
    for level in LEVEL_GRID[1:]:
        gap = _gap(level, answers)
        if gap < best_gap - TIE_TOLERANCE:
            best_level, best_gap = level, gap
    return best_level
