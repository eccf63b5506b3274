"""What goes out in the next days (SPEC §10, ``GET /agenda``): pure rules, no storage.

An entry is a scheduled item's pending occurrence (a reminder, a subscription's
pre-announcement or order day) with the instant it becomes due. Whether it would be held
is decided as the send path would decide it now: the topic switched off, a repurchase
reminder covered by an active subscription, no contact on an allowed channel, or an
instant outside the optician's current send window (it then waits for the next window).
"""
from __future__ import annotations

from chalicelib.domain.errors import ValidationError

DEFAULT_DAYS = 14
MAX_DAYS = 60
DEFAULT_LIMIT = 100
MAX_LIMIT = 200

# sort-key prefix of the scheduled item -> agenda kind
REMINDER_KINDS = {
    "REMINDER#repurchase#": "repurchase_reminder",
    "REMINDER#control#": "control_reminder",
    "REMINDER#lens_exchange#": "lens_exchange_reminder",
}
SUBSCRIPTION_PREFIX = "SUBSCRIPTION#"
SUBSCRIPTION_ORDER = "subscription_order"  # the order day: the order is placed and confirmed
# the message an agenda kind sends (for its topic and channel)
MESSAGE_KIND = {SUBSCRIPTION_ORDER: "order_confirmation"}

TOPIC_OFF, SUBSCRIPTION, NO_CONTACT, OUTSIDE_WINDOW = "topic_off", "subscription", "no_contact", "outside_send_window"
HOLD_REASONS = (TOPIC_OFF, SUBSCRIPTION, NO_CONTACT, OUTSIDE_WINDOW)


def _whole_number(raw: object, field: str, low: int, high: int, default: int) -> int:
    if raw is None or raw == "":
        return default
    text = str(raw).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise ValidationError(f"'{field}' must be a whole number from {low} to {high}.", field=field)
    return int(text)


def parse_days(raw: object) -> int:
    """``?days=`` : 1–60, default 14; 422 naming ``days`` otherwise."""
    return _whole_number(raw, "days", 1, MAX_DAYS, DEFAULT_DAYS)


def parse_limit(raw: object) -> int:
    """``?limit=`` : entries per page, 1–200, default 100."""
    return _whole_number(raw, "limit", 1, MAX_LIMIT, DEFAULT_LIMIT)


def entry_kind(sk: str, phase: str | None) -> str | None:
    """The agenda kind of a scheduled item (``phase``: a subscription occurrence's); None if unknown."""
    for prefix, kind in REMINDER_KINDS.items():
        if sk.startswith(prefix):
            return kind
    if sk.startswith(SUBSCRIPTION_PREFIX):
        return "subscription_preannouncement" if phase == "preannouncement" else SUBSCRIPTION_ORDER
    return None


def message_kind(kind: str) -> str:
    """The message an entry of ``kind`` would send."""
    return MESSAGE_KIND.get(kind, kind)


def hold_reason(*, topic_on: bool, covered_by_subscription: bool, channel: str | None,
                window_open: bool) -> str | None:
    """Why the entry would not go out as listed (the first that applies), or None."""
    if not topic_on:
        return TOPIC_OFF
    if covered_by_subscription:
        return SUBSCRIPTION
    if channel is None:
        return NO_CONTACT
    if not window_open:
        return OUTSIDE_WINDOW
    return None
