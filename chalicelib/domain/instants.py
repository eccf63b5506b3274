"""Instants read from the outside (queue messages, scheduled events): ISO 8601 with a time zone;
calendar days as the table and the API write them (``YYYY-MM-DD``)."""
from __future__ import annotations

from datetime import date, datetime, timezone


def iso_day(value: date | None) -> str | None:
    """A day as stored and shown (``YYYY-MM-DD``), None as None."""
    return value.isoformat() if value is not None else None


def day_or_none(value: str | None) -> date | None:
    """A stored ``YYYY-MM-DD`` as a day; a missing or empty value as None."""
    return date.fromisoformat(value) if value else None


def parse_instant(value: object) -> datetime:
    """An ISO 8601 timestamp (``Z`` or offset) as an aware UTC datetime; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError("timestamp must be a string")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("timestamp must carry a time zone")
    return parsed.astimezone(timezone.utc)
