"""Message history (SPEC §4, §8): one customer's, and every customer's of the optician; newest
first, paged, filterable. Each record shows its reason as a stable code and in plain words
(``reason_text``, in the optician's language; domain/reasons.py). The filters, day range and page
size arrive checked by their query models (chalicelib/schemas/messages.py)."""
from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from typing import TYPE_CHECKING, Any

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message import Message
from chalicelib.domain.sms_parts import format_chf
from chalicelib.services.wiring import stores
from chalicelib.domain.reasons import reason_text
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from chalicelib.schemas.messages import AllMessagesQuery, HistoryQuery

# The API shape of a history record, in this order.
PUBLIC_FIELDS = ("id", "customer_id", "kind", "topic", "channel", "to", "subject", "text", "html", "status",
                 "reason", "reason_text", "reason_detail", "parts", "cost_chf", "trigger", "created_at",
                 "updated_at", "sent_at", "delivered_at", "failed_at", "provider_message_id")


def present(message: Message, language: str | None = None) -> dict[str, Any]:
    """A history record as the API shows it (the one place its shape is made): money as a string like
    ``"0.12"``, the reason in plain words in ``language`` (the optician's; default de), no internals."""
    shown: dict[str, Any] = {}
    for name in PUBLIC_FIELDS:
        if name == "cost_chf":
            shown[name] = format_chf(message.cost_chf)
        elif name == "reason_text":
            shown[name] = reason_text(message.reason, language)
        else:
            shown[name] = getattr(message, name)
    return shown


def list_messages(optician_id: str, customer_id: str, query: HistoryQuery) -> dict[str, Any]:
    """``GET /customers/{id}/messages?limit=&cursor=&kind=&status=`` → ``{"items", "next_cursor"}``."""
    get_customer(optician_id, customer_id)
    items, cursor = stores().messages.list_page(optician_id, customer_id, kind=query.kind, status=query.status,
                                                limit=query.limit, cursor=query.cursor)
    language = get_settings(optician_id).language
    return {"items": [present(item, language) for item in items], "next_cursor": cursor}


def list_all_messages(optician_id: str, query: AllMessagesQuery) -> dict[str, Any]:
    """``GET /messages?status=&kind=&channel=&from=&to=&limit=&cursor=`` → ``{"messages", "next_cursor"}``:
    every customer's messages, newest first, each with ``customer_name`` (SPEC §8). ``from``/``to``
    are days in the optician's time zone, both included."""
    optician = get_settings(optician_id)
    if query.first_day and query.last_day and query.last_day < query.first_day:
        raise ValidationError("'to' must not be before 'from'.", field="to")
    start, end = _day_range(query.first_day, query.last_day, optician.timezone)
    records, cursor, _ = stores().message_index.list_all(optician_id, status=query.status, kind=query.kind,
                                                         channel=query.channel, start=start, end=end,
                                                         limit=query.limit, cursor=query.cursor)
    language = optician.language
    return {"messages": [{**present(record, language), "customer_name": customer_name}
                         for record, customer_name in records], "next_cursor": cursor}


def _day_range(first: date | None, last: date | None, timezone_name: str) -> tuple[str | None, str | None]:
    """``created_at`` bounds (UTC ISO, end exclusive) of the days ``first`` … ``last`` in the optician's zone."""
    zone = ZoneInfo(timezone_name)

    def instant(day: date) -> str:
        local = datetime.combine(day, time(0), tzinfo=zone)
        return local.astimezone(timezone.utc).isoformat(timespec="microseconds")

    return (instant(first) if first else None, instant(last + timedelta(days=1)) if last else None)
