"""Which reminder an order is credited to (SPEC §10): pure rules, no storage.

A reminder is a message that asks the customer to order or come in: the repurchase
reminder (also combined with the check-up), the check-up reminder and the subscription's
pre-announcement; a webshop login sent by hand counts as ``manual``. When an order is
recorded, the most recent such message sent to the customer at most 30 days before the
order (``ordered_at``; a reminder sent after the order did not cause it) is credited with
the order. Every order is credited to at most one reminder; a reminder may be credited
with several orders (each counts as an order placed within 30 days after it).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Iterable

WINDOW = timedelta(days=30)
MAX_DAYS = WINDOW.days  # days from reminder to order: 0..30

# message kind -> report kind (the "kind" of the conversion report)
REMINDER_KINDS = {
    "repurchase_reminder": "repurchase",
    "repurchase_control_reminder": "repurchase",
    "control_reminder": "control",
    "subscription_preannouncement": "subscription",
}
MANUAL_KINDS = frozenset({"webshop_login"})
MANUAL = "manual"
REPORT_KINDS = ("repurchase", "control", "subscription", MANUAL)


def report_kind(message_kind: str, trigger: str | None) -> str | None:
    """The report kind a sent message counts as, or None when it is no reminder."""
    if message_kind in MANUAL_KINDS and trigger == "manual":
        return MANUAL
    return REMINDER_KINDS.get(message_kind)


@dataclass(frozen=True)
class SentReminder:
    """A reminder the provider accepted: when, which report kind, which channel, in which month it counted."""

    message_id: str
    kind: str
    channel: str
    sent_at: datetime
    month: str


@dataclass(frozen=True)
class Attribution:
    """The reminder credited with an order and the whole days from the reminder to the order."""

    reminder: SentReminder
    days: int

    def as_dict(self) -> dict[str, Any]:
        r = self.reminder
        return {"message_id": r.message_id, "kind": r.kind, "channel": r.channel,
                "sent_at": r.sent_at.isoformat(), "month": r.month, "days_to_order": self.days}


def _second(instant: datetime) -> datetime:
    # Orders are stored to the second, sends to the microsecond: both compare to the second.
    return instant.replace(microsecond=0)


def window_bounds(ordered_at: datetime) -> tuple[datetime, datetime]:
    """The first and last send instants (inclusive, to the microsecond) a reminder credited
    with an order at ``ordered_at`` may have."""
    order_second = _second(ordered_at)
    return order_second - WINDOW, order_second + timedelta(microseconds=999_999)


def in_window(sent_at: datetime, ordered_at: datetime) -> bool:
    """Sent no later than the order and at most 30 days before it, to the second."""
    return _second(ordered_at) - WINDOW <= _second(sent_at) <= _second(ordered_at)


def credit(ordered_at: datetime, reminders: Iterable[SentReminder]) -> Attribution | None:
    """The attribution of an order placed at ``ordered_at`` given the customer's sent reminders.

    The most recent reminder within the window wins; on a tie (same instant) the larger
    message id, so that the answer never depends on the order the reminders are read in.
    """
    if ordered_at.tzinfo is None:
        raise ValueError("ordered_at must be timezone-aware")
    candidates = [r for r in reminders if in_window(r.sent_at, ordered_at)]
    if not candidates:
        return None
    latest = max(candidates, key=lambda r: (r.sent_at, r.message_id))
    return Attribution(latest, days_between(latest.sent_at, ordered_at))


def days_between(sent_at: datetime, ordered_at: datetime) -> int:
    """Whole days elapsed from the reminder to the order (0 on the same day, 30 at the window's end)."""
    return min(MAX_DAYS, max(0, (_second(ordered_at) - _second(sent_at)).days))
