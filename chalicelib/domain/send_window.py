"""The optician's send window for scheduled messages (SPEC §1, §4).

Scheduled messages go out only inside the window, in the optician's time zone; outside
it they wait for the next window start. The window is a set of weekdays and a daily
local time range ``start <= t < end`` (default Mon–Sat 09:00–19:00, Europe/Zurich).

Settings JSON: ``{"days": ["mon", ..., "sat"], "start": "09:00", "end": "19:00"}``.

Local wall times are turned into instants with zoneinfo's PEP 495 rules: a wall time
that does not exist (skipped by the spring-forward change) maps forward by the gap
(02:30 → 03:30), and one that occurs twice (autumn) means its first occurrence.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from chalicelib.domain.errors import ValidationError

DAY_NAMES: tuple[str, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
DEFAULT_TIMEZONE = "Europe/Zurich"

_HHMM = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)$")
_WINDOW_KEYS = ("days", "start", "end")
# Files in some zoneinfo directories that load but are not IANA zone names: "localtime"
# is the host's own zone, which differs between a laptop and Lambda.
_NOT_ZONE_NAMES = frozenset({"localtime", "posixrules", "Factory"})


@dataclass(frozen=True)
class SendWindow:
    """Weekdays (0 = Monday) and the local time range ``start <= t < end``."""

    days: frozenset[int]
    start: time
    end: time


DEFAULT_WINDOW = SendWindow(days=frozenset(range(6)), start=time(9, 0), end=time(19, 0))


def parse_hhmm(value: object, field: str) -> time:
    """Parse a ``HH:MM`` (00:00–23:59) string; ValidationError naming ``field`` otherwise."""
    match = _HHMM.match(value) if isinstance(value, str) else None
    if not match:
        raise ValidationError("must be a time HH:MM (00:00–23:59)", field=field)
    return time(int(match.group(1)), int(match.group(2)))


def format_hhmm(value: time) -> str:
    """Format a time as ``HH:MM``."""
    return value.strftime("%H:%M")


def _parse_days(raw: object, field: str) -> frozenset[int]:
    if not isinstance(raw, list) or not raw:
        raise ValidationError(
            f"must be a non-empty list of days ({', '.join(DAY_NAMES)})", field=field
        )
    days: set[int] = set()
    for i, name in enumerate(raw):
        key = name.strip().lower() if isinstance(name, str) else None
        if key not in DAY_NAMES:
            raise ValidationError(f"must be one of: {', '.join(DAY_NAMES)}", field=f"{field}[{i}]")
        index = DAY_NAMES.index(key)
        if index in days:
            raise ValidationError("day listed twice", field=f"{field}[{i}]")
        days.add(index)
    return frozenset(days)


def parse_window(raw: dict[str, Any] | None, field: str = "send_window") -> SendWindow:
    """Validate a send window from settings JSON; None gives DEFAULT_WINDOW.

    Keys left out take the default's value (days Mon–Sat, 09:00, 19:00). Errors name the
    field, e.g. ``send_window.start`` or ``send_window.days[2]``; ``start`` must be
    before ``end``.
    """
    if raw is None:
        return DEFAULT_WINDOW
    if not isinstance(raw, dict):
        raise ValidationError('must be an object {"days", "start", "end"}', field=field)
    for key in raw:
        if key not in _WINDOW_KEYS:
            raise ValidationError("unknown field", field=f"{field}.{key}")
    days = _parse_days(raw["days"], f"{field}.days") if "days" in raw else DEFAULT_WINDOW.days
    start = parse_hhmm(raw["start"], f"{field}.start") if "start" in raw else DEFAULT_WINDOW.start
    end = parse_hhmm(raw["end"], f"{field}.end") if "end" in raw else DEFAULT_WINDOW.end
    if start >= end:
        raise ValidationError("must be later than start", field=f"{field}.end")
    return SendWindow(days=days, start=start, end=end)


def window_to_dict(window: SendWindow) -> dict[str, Any]:
    """The settings JSON for a window, days in week order."""
    return {
        "days": [DAY_NAMES[i] for i in sorted(window.days)],
        "start": format_hhmm(window.start),
        "end": format_hhmm(window.end),
    }


def validate_timezone(name: object, field: str = "timezone") -> str:
    """Check an IANA time zone name (e.g. ``Europe/Zurich``); ValidationError otherwise."""
    if not isinstance(name, str) or not name.strip() or name in _NOT_ZONE_NAMES:
        raise ValidationError("must be an IANA time zone such as Europe/Zurich", field=field)
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        # OSError/ValueError: names like "Europe" (a directory) or "../x" (a path).
        raise ValidationError(
            "unknown time zone; use an IANA name such as Europe/Zurich", field=field
        ) from None
    return name


def local_to_utc(on: date, at: time, tz: str) -> datetime:
    """The UTC instant of local wall time ``on`` ``at`` in ``tz`` (PEP 495 fold=0).

    A skipped wall time maps forward by the gap; a repeated one is its first occurrence.
    """
    local = datetime.combine(on, at.replace(tzinfo=None, fold=0), tzinfo=ZoneInfo(tz))
    return local.astimezone(timezone.utc)


def start_of_next_month(instant: datetime, tz: str) -> datetime:
    """Local midnight on the first of the month after ``instant``'s (in ``tz``), in UTC."""
    _require_aware(instant)
    local = instant.astimezone(ZoneInfo(tz)).date()
    first = date(local.year + local.month // 12, local.month % 12 + 1, 1)
    return local_to_utc(first, time(0, 0), tz)


def _require_aware(instant: datetime) -> None:
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise ValueError("instant must be timezone-aware")


def is_open(window: SendWindow, tz: str, instant: datetime) -> bool:
    """Whether ``instant`` (aware) falls inside the window in time zone ``tz``."""
    _require_aware(instant)
    local = instant.astimezone(ZoneInfo(tz))
    return local.weekday() in window.days and window.start <= local.time() < window.end


def next_open(window: SendWindow, tz: str, instant: datetime) -> datetime:
    """``instant`` (in UTC) if the window is open then, else the next window start."""
    _require_aware(instant)
    instant = instant.astimezone(timezone.utc)
    if is_open(window, tz, instant):
        return instant
    local_day = instant.astimezone(ZoneInfo(tz)).date()
    # Two weeks is ample: every listed weekday recurs within seven days; the extra
    # week only matters if a DST gap swallows a whole one-day window.
    for offset in range(15):
        day = local_day + timedelta(days=offset)
        if day.weekday() not in window.days:
            continue
        candidate = local_to_utc(day, window.start, tz)
        if candidate > instant and is_open(window, tz, candidate):
            return candidate
    raise ValueError("send window never opens")  # unreachable for a parsed window


def due_instant(
    on: date, window: SendWindow, tz: str, time_of_day: time | None = None
) -> datetime:
    """When a scheduled message due on local day ``on`` may go out (aware UTC).

    The first instant at or after ``on`` at ``time_of_day`` (default 00:00) local time
    that lies inside the window: a reminder due on a Sunday goes out Monday 09:00, one
    due at 07:00 goes out at 09:00, one due at 20:00 the next open day at 09:00.
    """
    return next_open(window, tz, local_to_utc(on, time_of_day or time(0, 0), tz))
