"""Instants read from the outside (queue messages, scheduled events): ISO 8601 with a time zone."""
from __future__ import annotations

from datetime import datetime, timezone


def parse_instant(value: object) -> datetime:
    """An ISO 8601 timestamp (``Z`` or offset) as an aware UTC datetime; ValueError otherwise."""
    if not isinstance(value, str):
        raise ValueError("timestamp must be a string")
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise ValueError("timestamp must carry a time zone")
    return parsed.astimezone(timezone.utc)
