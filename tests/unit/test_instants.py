"""Instants read from queue messages and scheduled events (domain/instants.py)."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from chalicelib.domain.instants import day_or_none, iso_day, parse_instant


def test_an_instant_with_an_offset_comes_back_in_utc_whatever_the_servers_zone(server_zone):
    server_zone("Pacific/Auckland")

    parsed = parse_instant("2026-03-30T09:05:00+02:00")

    assert parsed.isoformat() == "2026-03-30T07:05:00+00:00"
    assert parse_instant("2026-03-30T07:05:00Z") == datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)


@pytest.mark.parametrize("value, message", [
    (1774854300, "timestamp must be a string"),
    (None, "timestamp must be a string"),
    ("2026-03-30T07:05:00", "timestamp must carry a time zone"),
])
def test_a_timestamp_that_is_not_a_zoned_iso_string_is_refused_saying_why(value, message):
    with pytest.raises(ValueError, match=f"^{message}$"):
        parse_instant(value)


def test_only_an_upper_case_z_stands_for_utc():
    # What EventBridge and the scanner write; a lower-case "z" is no ISO 8601 form Python reads, refused as such.
    with pytest.raises(ValueError, match="Invalid isoformat string"):
        parse_instant("2026-03-30T07:05:00z")


def test_a_day_is_stored_and_shown_as_its_iso_day_and_a_missing_one_as_none():
    assert iso_day(date(2027, 3, 1)) == "2027-03-01"
    assert iso_day(None) is None


def test_a_stored_day_reads_back_and_a_missing_or_empty_one_is_none():
    assert day_or_none("2027-03-01") == date(2027, 3, 1)
    assert day_or_none(None) is None
    assert day_or_none("") is None
