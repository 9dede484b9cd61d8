"""Answer statuses. Layer: domain.

Only ``ok`` counts as a success. ``timedout`` is a correct answer given after the timer;
``focusedOut`` a correct answer after the candidate left a focused challenge, which
only certification counts against them (elsewhere it is a warning).
"""

from __future__ import annotations

from enum import StrEnum

__all__ = ["AnswerStatus"]


class AnswerStatus(StrEnum):
    OK = "ok"
    KO = "ko"
    ABAND = "aband"
    TIMEDOUT = "timedout"
    FOCUSEDOUT = "focusedOut"

    @property
    def success(self) -> bool:
        return self is AnswerStatus.OK
