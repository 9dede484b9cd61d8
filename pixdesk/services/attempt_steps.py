"""What the attempt service returns to a screen. Layer: services (data only)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pixdesk.domain.answers import AnswerStatus
from pixdesk.domain.challenge import Challenge, ChallengeBody, Response
from pixdesk.domain.ids import AttemptId
from pixdesk.errors import PixdeskError

__all__ = ["AttemptError", "Feedback", "Step"]


class AttemptError(PixdeskError):
    """A test action that cannot be done (unknown attempt, not the current question…)."""


@dataclass(frozen=True)
class Feedback:
    """One corrected answer, for a checkpoint screen."""

    challenge: Challenge
    body: ChallengeBody
    response: Response
    status: AnswerStatus


@dataclass(frozen=True)
class Step:
    """What the UI shows next. ``challenge`` is None once the attempt is finished.

    ``checkpoint`` is non-empty when a correction checkpoint is due before this
    question (every 5 answers outside certification): the last 5 answers corrected.
    """

    attempt_id: AttemptId
    kind: str
    answered: int
    total: int | None
    challenge: Challenge | None
    body: ChallengeBody | None
    timer_seconds: float | None
    checkpoint: tuple[Feedback, ...]
    finished: bool
    result: Mapping[str, Any] | None
    spent_seconds: float = 0.0  # time this question was already on screen (before a restart)
