"""When a scheduled occurrence is due, in the optician's time zone and send window."""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any
from zoneinfo import ZoneInfo

from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.wiring import stores
from chalicelib.domain import send_window


def timezone_of(optician: OpticianSettings) -> str:
    return optician.timezone


def local_today(optician: OpticianSettings, now: datetime | None = None) -> date:
    """The optician's local date at ``now`` (default: the wall clock, for API requests only)."""
    now = now or datetime.now(timezone.utc)
    return now.astimezone(ZoneInfo(timezone_of(optician))).date()


def due_instant(optician: OpticianSettings, on: date, at: time | None = None) -> datetime:
    """The first instant at or after local ``on`` ``at`` (default 00:00) inside the send window."""
    return send_window.due_instant(on, optician.send_window, timezone_of(optician), at)


def due_for(optician: OpticianSettings, pk: str, sk: str, on: date, at: time | None = None) -> dict[str, Any]:
    """The ``due_shard``/``due_at`` attributes for an occurrence of local day ``on``."""
    return stores().due.due_attributes(pk, sk, due_instant(optician, on, at))


def parse_time(value: str | None) -> time | None:
    return time.fromisoformat(value) if value else None
