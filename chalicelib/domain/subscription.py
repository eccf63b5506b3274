"""Order subscription (Bestell-Abo) rules: lines, intervals and the occurrence cycle.

Pure: no AWS. A subscription alternates between two scheduled occurrences per order date:

- ``preannouncement#<order date>`` due 7 days before the order date (the customer is told);
- ``order#<order date>`` due on the order date (the service places the order).

After an order the next order date is ``order date + interval_weeks``; a subscription set up
(or moved) so late that the pre-announcement day is already past goes straight to the order
occurrence.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Callable

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.orders import OrderLine
from chalicelib.domain.orders import parse_lines as parse_order_lines
from chalicelib.domain.products import LensProduct

PREANNOUNCE_DAYS = 7
PREANNOUNCEMENT = "preannouncement"
ORDER = "order"
PHASES = (PREANNOUNCEMENT, ORDER)
DELIVERIES = ("home", "pickup")
MIN_INTERVAL_WEEKS = 1
MAX_INTERVAL_WEEKS = 52
# How far ahead an order may be scheduled: a year and a bit is plenty for lenses.
MAX_DAYS_AHEAD = 400



@dataclass(frozen=True, slots=True)
class Subscription:
    """A stored subscription, as the services work with it.

    ``version`` (the optimistic lock of the back office's edits) and ``occurrence`` (the
    scheduler's pending occurrence, ``str(Occurrence)``) are bookkeeping, never shown.
    """

    id: str
    customer_id: str
    lines: tuple[OrderLine, ...]
    interval_weeks: int
    next_order_on: date
    delivery: str
    active: bool
    skipped_on: date | None = None  # the order date a skip or postponement moved away from
    version: int = 1
    occurrence: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


@dataclass(frozen=True)
class Occurrence:
    """One pending occurrence of a subscription: its phase and the order date it belongs to."""

    phase: str  # preannouncement | order
    order_on: date

    @property
    def due_on(self) -> date:
        """The local day the occurrence is due: 7 days before the order, or the order day."""
        if self.phase == PREANNOUNCEMENT:
            return self.order_on - timedelta(days=PREANNOUNCE_DAYS)
        return self.order_on

    def __str__(self) -> str:
        return f"{self.phase}#{self.order_on.isoformat()}"


def parse_occurrence(value: str) -> Occurrence:
    """``"order#2026-05-08"`` → Occurrence; ValueError for anything else (a stored bug)."""
    phase, _, day = str(value).partition("#")
    if phase not in PHASES:
        raise ValueError(f"not a subscription occurrence: {value!r}")
    return Occurrence(phase, date.fromisoformat(day))


def first_occurrence(order_on: date, today: date) -> Occurrence:
    """The occurrence to schedule for a (new or moved) order date, seen on local day ``today``.

    The pre-announcement if its day (order − 7) is today or later, else straight the order.
    """
    announce_on = order_on - timedelta(days=PREANNOUNCE_DAYS)
    return Occurrence(PREANNOUNCEMENT if announce_on >= today else ORDER, order_on)


def after(occurrence: Occurrence, interval_weeks: int, today: date) -> Occurrence:
    """The occurrence that follows ``occurrence`` once it has been processed.

    A pre-announcement is followed by its order; an order by the next order date's
    pre-announcement (or its order directly, when that pre-announcement day is past).
    """
    if occurrence.phase == PREANNOUNCEMENT:
        return Occurrence(ORDER, occurrence.order_on)
    return first_occurrence(next_order_date(occurrence.order_on, interval_weeks), today)


def next_order_date(order_on: date, interval_weeks: int) -> date:
    """The order date after ``order_on``: counted from the scheduled date, so it never drifts."""
    return order_on + timedelta(weeks=interval_weeks)


def order_identity(subscription_id: str, order_on: date) -> str:
    """The id of the order a subscription places on ``order_on``: the same on every retry."""
    return f"sub-{subscription_id}-{order_on.isoformat()}"


def check_order_date(value: date, today: date, field: str = "next_order_on") -> date:
    """An order date must be today or later (local day) and not absurdly far ahead."""
    if value < today:
        raise ValidationError("The next order date cannot be in the past.", field=field)
    if value > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError(f"The next order date must be within {MAX_DAYS_AHEAD} days.", field=field)
    return value


def check_interval(value: Any, field: str = "interval_weeks") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"'{field}' must be a whole number of weeks.", field=field)
    if not MIN_INTERVAL_WEEKS <= value <= MAX_INTERVAL_WEEKS:
        raise ValidationError(
            f"'{field}' must be from {MIN_INTERVAL_WEEKS} to {MAX_INTERVAL_WEEKS} weeks.", field=field
        )
    return value


def parse_lines(raw: Any, find_product: Callable[[str], LensProduct | None],
                field: str = "lines") -> list[OrderLine]:
    """Validate the lines of a subscription exactly like an order's (domain/orders.py).

    ``[{"product_id", "eye", "pack_size", "quantity"}]``: a product known to the optician,
    an eye (``right`` | ``left`` | ``both``), a pack size it is sold in, 1–100 packs;
    errors name the field, e.g. ``lines[1].pack_size``. The subscription places exactly
    these lines as its orders, so they must pass as an order's lines.
    """
    return parse_order_lines(raw, find_product, field)
