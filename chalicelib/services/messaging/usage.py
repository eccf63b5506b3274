"""Usage per optician and month (SPEC §4): SMS messages, parts and CHF; e-mails (free).

A message counts in the month in which it was sent, in the optician's time zone (an SMS
sent at 00:30 on 1 March in Zurich is March's, although it is still February in UTC).
The counters are added in the same transaction that records the message as sent, so each
sent message counts exactly once; an SMS's CHF already with its claim (the spend limit's
atomic check, adapters/dynamo/messages.py), given back if it is not sent after all. The sum
is exact decimal arithmetic. The answer also shows the optician's ``sms_monthly_limit_chf``
and how much of it is used (the web app warns from 80 %).
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from chalicelib.domain.sms_parts import format_chf
from chalicelib.domain.spend_limit import WARN_AT_PERCENT, monthly_limit, used_percent
from chalicelib.services.wiring import stores
from zoneinfo import ZoneInfo
from chalicelib.services.opticians.opticians import get_settings

if TYPE_CHECKING:
    from chalicelib.schemas.messages import UsageQuery



def month_of(instant: datetime, timezone_name: str | None) -> str:
    """``YYYY-MM`` of ``instant`` in the optician's time zone (default Europe/Zurich)."""
    if instant.tzinfo is None:
        raise ValueError("instant must be timezone-aware")
    return instant.astimezone(ZoneInfo(timezone_name or "Europe/Zurich")).strftime("%Y-%m")


def get_usage(optician_id: str, query: UsageQuery, now: datetime | None = None) -> dict[str, Any]:
    """``GET /usage?month=YYYY-MM`` (default: the current month of the optician)."""
    settings = get_settings(optician_id)
    month = query.month or month_of(now or datetime.now(timezone.utc), settings.timezone)
    counters = stores().messages.get_usage(optician_id, month)
    limit = monthly_limit(settings.sms_monthly_limit_chf)
    percent = used_percent(counters.sms_cost_chf, limit)
    return {
        "month": month,
        "sms_messages": counters.sms_messages,
        "sms_parts": counters.sms_parts,
        "sms_cost_chf": format_chf(counters.sms_cost_chf),
        "emails": counters.emails,
        # The spend limit (SPEC §9): the optician's current limit and how much of it the month used.
        "sms_monthly_limit_chf": format_chf(limit),
        "sms_limit_used_percent": percent,
        "sms_limit_warning": percent >= WARN_AT_PERCENT,
    }
