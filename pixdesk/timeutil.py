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
    # fromisoformat, not strptime: strptime imports the locale machinery (~6 ms at start-up)
    if len(text) != 20 or text[10] != "T" or text[19] != "Z" or not text.isascii():
        raise ValueError(f"not YYYY-MM-DDTHH:MM:SSZ: {text!r}")
    digits = text[0:4] + text[5:7] + text[8:10] + text[11:13] + text[14:16] + text[17:19]
    if not digits.isdigit() or (text[4], text[7], text[13], text[16]) != ("-", "-", ":", ":"):
        raise ValueError(f"not YYYY-MM-DDTHH:MM:SSZ: {text!r}")
    return datetime.fromisoformat(text[:19]).replace(tzinfo=UTC)
