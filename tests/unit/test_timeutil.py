"""Signed documents' timestamps: exactly YYYY-MM-DDTHH:MM:SSZ, read back as aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from pixdesk.timeutil import format_utc, parse_utc


def test_round_trip_in_utc_whatever_the_zone_of_the_moment() -> None:
    moment = datetime(2026, 11, 26, 15, 4, 5, tzinfo=timezone(timedelta(hours=1)))
    assert format_utc(moment) == "2026-11-26T14:04:05Z"
    assert parse_utc("2026-11-26T14:04:05Z") == datetime(2026, 11, 26, 14, 4, 5, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "2026-11-26 14:04:05Z",
        "2026-11-26T14:04:05",
        "2026-11-26T14:04:05+00:00",
        "2026-11-26T14:04:05.1Z",
        "2026-13-26T14:04:05Z",
        "2026-11-26T24:04:05Z",
        "2026-11-26T14:4:055Z",
        "２０26-11-26T14:04:05Z",
        "",
    ],
)
def test_any_other_form_is_refused(text: str) -> None:
    with pytest.raises(ValueError):
        parse_utc(text)


def test_naive_datetimes_are_refused() -> None:
    with pytest.raises(ValueError):
        format_utc(datetime(2026, 1, 1))
