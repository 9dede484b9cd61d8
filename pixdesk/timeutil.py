"""UTC timestamps in signed documents. Layer: core (pure).

Signed documents carry instants as ``YYYY-MM-DDTHH:MM:SSZ`` strings (UTC, second
precision); nothing in a signature depends on the machine's time zone.
"""

from __future__ import annotations

from datetime import UTC, datetime

__all__ = ["format_utc", "parse_utc", "utc_now"]

_FORMAT = "%Y-%m-%dT%H:%M:%SZ"


def utc_now() -> datetime:
    """The current instant, aware, in UTC, truncated to the second."""
    return datetime.now(UTC).replace(microsecond=0)


def format_utc(moment: datetime) -> str:
    """Write an aware datetime as ``YYYY-MM-DDTHH:MM:SSZ``."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime")
    return moment.astimezone(UTC).strftime(_FORMAT)


def parse_utc(text: str) -> datetime:
    """Read ``YYYY-MM-DDTHH:MM:SSZ``; raises ValueError on any other form."""
    if not isinstance(text, str):
        raise ValueError("not a string")
    return datetime.strptime(text, _FORMAT).replace(tzinfo=UTC)
