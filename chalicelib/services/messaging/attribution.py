"""Crediting orders to the reminders that preceded them (SPEC §10); the rule is domain/attribution.py.

Two hooks, each adding writes to a transaction that happens anyway:
- ``sent_writes``: when the send path records a reminder ``sent`` (services/messaging/send.py), its
  index item and the month's ``sent``/parts/cost counters go into that transaction;
- ``attribute_order`` + ``converted_write``: before an order is stored
  (services/orders/orders.py), the newest reminder in the window is read (one item), stored with
  the order, and its month's ``converted`` counter goes into the order's transaction.
Both transactions are conditional (the message still pending; the order new), so a retried
send or a re-delivered webhook never counts twice.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from chalicelib.domain import attribution as rules
from chalicelib.domain.message import Message
from chalicelib.services.wiring import stores

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write



def sent_writes(optician_id: str, customer_id: str, record: Message, message_sk: str, sent_at: datetime,
                month: str) -> list[Write]:
    """The writes that count a message the provider accepted; none if it is no reminder."""
    kind = rules.report_kind(record.kind, record.trigger)
    if kind is None or not record.channel:
        return []
    reminder = rules.SentReminder(message_id=record.id, kind=kind, channel=record.channel, sent_at=sent_at,
                                  month=month)
    sms = record.channel == "sms"
    # the conversions store belongs to the reports package (its port comes with it): typed by what it returns
    writes: list[Write] = stores().conversions.sent_writes(
        optician_id, customer_id, reminder, message_sk, sms_parts=record.parts if sms else 0,
        sms_cost=record.cost_chf if sms else Decimal(0))
    return writes


def attribute_order(optician_id: str, customer_id: str, ordered_at: datetime) -> rules.Attribution | None:
    """The reminder an order placed at ``ordered_at`` is credited to (None: no reminder in the 30 days before)."""
    latest = stores().conversions.latest_sent(optician_id, customer_id, *rules.window_bounds(ordered_at))
    return rules.credit(ordered_at, [latest] if latest else [])


def converted_write(optician_id: str, credited: dict[str, Any]) -> Write:
    """The counter write for a new order credited with ``credited`` (an ``Attribution.as_dict()``)."""
    write: Write = stores().conversions.converted_write(optician_id, credited["kind"], credited["channel"],
                                                        credited["month"], int(credited["days_to_order"]))
    return write
