"""Retrying a request that failed for a reason that is not the request's. Layer: sync.

Network errors, 5xx answers and 429 are retried with exponential backoff and full
jitter ("AWS full jitter": a random wait between 0 and base × 2^n, capped), so that a
school's thirty machines reconnecting together do not all knock at the same second.
A ``Retry-After`` from the server is honoured (never waited less), unless it is longer
than :attr:`Backoff.max_wait`: then the round gives up and the next one tries again.
The number of tries per request is bounded; the state lives in the database, so a
round that gives up loses nothing. Sleep and randomness are injected: tests never sleep.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["Backoff", "parse_retry_after"]


@dataclass(frozen=True)
class Backoff:
    """How long to wait before try ``n + 1`` of one request, and how many tries at most.

    Attributes:
        base: Seconds of the first window.
        cap: No window is longer than this.
        tries: Tries per request, the first included.
        max_wait: A ``Retry-After`` longer than this ends the round instead of waiting.
    """

    base: float = 1.0
    cap: float = 60.0
    tries: int = 5
    max_wait: float = 300.0

    def delay(self, failed: int, retry_after: float | None, rand: Callable[[], float] | None = None) -> float:
        """Seconds to wait after the ``failed``-th failure (1 for the first); ``rand`` in [0, 1)."""
        if rand is None:
            import random  # here: the desktop app imports this module on its way to the first screen

            rand = random.random
        window = min(self.cap, self.base * (2 ** (failed - 1)))
        wait = window * rand()
        if retry_after is not None:
            wait = retry_after + min(1.0, window) * rand()  # honoured, plus a little spread
        return float(wait)

    def gives_up(self, failed: int, retry_after: float | None) -> bool:
        """No more tries after this failure."""
        return failed >= self.tries or (retry_after is not None and retry_after > self.max_wait)


def parse_retry_after(value: str | None, now: datetime) -> float | None:
    """Seconds from a ``Retry-After`` header (delta-seconds or an HTTP date), or None."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    from email.utils import parsedate_to_datetime

    try:
        moment = parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if moment.tzinfo is None:
        return None
    return max(0.0, (moment - now).total_seconds())
