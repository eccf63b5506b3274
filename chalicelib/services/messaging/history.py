"""Message history (SPEC §4, §8): one customer's, and every customer's of the optician; newest
first, paged, filterable. Each record shows its reason as a stable code and in plain words
(``reason_text``, in the optician's language; domain/reasons.py)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from chalicelib import validation as v
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import KINDS
from chalicelib.domain.sms_parts import format_chf
from chalicelib.services.wiring import stores

STATUSES = ("pending", "sent", "delivered", "failed", "skipped")
MAX_PAGE = 100
DEFAULT_PAGE = 25

# The API shape of a history record, in this order.
PUBLIC_FIELDS = ("id", "customer_id", "kind", "topic", "channel", "to", "subject", "text", "html", "status",
                 "reason", "reason_text", "reason_detail", "parts", "cost_chf", "trigger", "created_at",
                 "updated_at", "sent_at", "delivered_at", "failed_at", "provider_message_id")



def present(record: dict[str, Any], language: str | None = None) -> dict[str, Any]:
    """A stored record as the API shows it: money as a string like ``"0.12"``, the reason in plain
    words in ``language`` (the optician's; default de), no internals."""
    from chalicelib.domain.reasons import reason_text

    shown = {name: record.get(name) for name in PUBLIC_FIELDS}
    shown["cost_chf"] = format_chf(record.get("cost_chf") or Decimal(0))
    shown["parts"] = int(record.get("parts") or 0)
    shown["reason_text"] = reason_text(record.get("reason"), language)
    return shown


def list_messages(optician_id: str, customer_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /customers/{id}/messages?limit=&cursor=&kind=&status=`` → ``{"items", "next_cursor"}``."""
    from chalicelib.services.customers.customers import get_customer
    from chalicelib.services.opticians.opticians import get_settings

    get_customer(optician_id, customer_id)
    kind, status = _kind(params), _status(params)
    items, cursor = stores().messages.list_page(optician_id, customer_id, kind=kind, status=status,
                                       limit=_limit(params), cursor=params.get("cursor") or None)
    language = get_settings(optician_id).language
    return {"items": [present(item, language) for item in items], "next_cursor": cursor}


def list_all_messages(optician_id: str, params: dict[str, Any]) -> dict[str, Any]:
    """``GET /messages?status=&kind=&channel=&from=&to=&limit=&cursor=`` → ``{"messages", "next_cursor"}``:
    every customer's messages, newest first, each with ``customer_name`` (SPEC §8). ``from``/``to``
    are days in the optician's time zone, both included."""
    from chalicelib.domain.channel import CHANNELS
    from chalicelib.services.opticians.opticians import get_settings

    optician = get_settings(optician_id)
    kind, status = _kind(params), _status(params)
    channel = params.get("channel") or None
    if channel is not None and channel not in CHANNELS:
        raise ValidationError(f"'channel' must be one of: {', '.join(CHANNELS)}.", field="channel")
    start, end = _day_range(params, optician.timezone)
    records, cursor, _ = stores().message_index.list_all(optician_id, status=status, kind=kind, channel=channel,
                                                start=start, end=end, limit=_limit(params),
                                                cursor=params.get("cursor") or None)
    language = optician.language
    return {"messages": [{**present(record, language), "customer_name": record.get("customer_name")}
                         for record in records], "next_cursor": cursor}


def _day_range(params: dict[str, Any], timezone_name: str) -> tuple[str | None, str | None]:
    """``created_at`` bounds (UTC ISO, end exclusive) of the days ``from`` … ``to`` in the optician's zone."""
    from datetime import datetime, time, timedelta, timezone
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(timezone_name)
    first = v.parse_iso_date(params["from"], "from") if params.get("from") else None
    last = v.parse_iso_date(params["to"], "to") if params.get("to") else None
    if first and last and last < first:
        raise ValidationError("'to' must not be before 'from'.", field="to")

    def instant(day: date) -> str:
        local = datetime.combine(day, time(0), tzinfo=zone)
        return local.astimezone(timezone.utc).isoformat(timespec="microseconds")

    return (instant(first) if first else None, instant(last + timedelta(days=1)) if last else None)


def _kind(params: dict[str, Any]) -> str | None:
    kind = params.get("kind") or None
    if kind is not None and kind not in KINDS:
        raise ValidationError(f"'kind' must be one of: {', '.join(KINDS)}.", field="kind")
    return kind


def _status(params: dict[str, Any]) -> str | None:
    status = params.get("status") or None
    if status is not None and status not in STATUSES:
        raise ValidationError(f"'status' must be one of: {', '.join(STATUSES)}.", field="status")
    return status


def _limit(params: dict[str, Any]) -> int:
    return v.page_limit(params, default=DEFAULT_PAGE, maximum=MAX_PAGE)
