"""Cycles of the check-up (control) and lens-exchange reminders, and when reminders merge.

Pure: no AWS.

Control reminders repeat every ``cycle_months`` calendar months counted from their
*anchor* (the first reminder date, or the date the optician last set by hand), with
:func:`chalicelib.domain.calendar.nth_month_after`: an anchor of 31 January with a
1-month cycle gives 28 (29) February, 31 March, 30 April, 31 May … — a short month
clamps to its last day, and the series returns to the 31st where the month has one.

Lens-exchange reminders repeat every ``interval_days`` days at a chosen local time.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Callable

from chalicelib.domain.calendar import next_month_cycle_after, nth_month_after
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.passport import LensPassport
from chalicelib.domain.products import LensProduct

MIN_CYCLE_MONTHS = 1
MAX_CYCLE_MONTHS = 60
MIN_INTERVAL_DAYS = 1
MAX_INTERVAL_DAYS = 365
# A repurchase and a check-up reminder whose dates are at most this many days apart go
# out as one message (repurchase_control_reminder), see docs/lifecycles.md.
MERGE_WINDOW_DAYS = 3


def check_cycle_months(value: object, field: str = "cycle_months") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"'{field}' must be a whole number of months.", field=field)
    if not MIN_CYCLE_MONTHS <= value <= MAX_CYCLE_MONTHS:
        raise ValidationError(f"'{field}' must be from {MIN_CYCLE_MONTHS} to {MAX_CYCLE_MONTHS}.", field=field)
    return value


def check_interval_days(value: object, field: str = "interval_days") -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationError(f"'{field}' must be a whole number of days.", field=field)
    if not MIN_INTERVAL_DAYS <= value <= MAX_INTERVAL_DAYS:
        raise ValidationError(f"'{field}' must be from {MIN_INTERVAL_DAYS} to {MAX_INTERVAL_DAYS}.", field=field)
    return value


def check_reminder_date(value: date, today: date, field: str) -> date:
    """A (next) reminder date is today or later in the optician's time zone."""
    if value < today:
        raise ValidationError("The reminder date cannot be in the past.", field=field)
    if value.year > 9000:
        raise ValidationError("The reminder date is too far in the future.", field=field)
    return value


def control_dates(anchor: date, cycle_months: int, count: int) -> list[date]:
    """The first ``count`` dates of a control series (for docs and previews)."""
    return [nth_month_after(anchor, k * cycle_months) for k in range(count)]


def next_control_date(anchor: date, cycle_months: int, after: date) -> date:
    """The control date that follows ``after`` (the one just processed, or today when catching up)."""
    return next_month_cycle_after(anchor, cycle_months, after)


def next_exchange_date(previous: date, interval_days: int, is_past: Callable[[date], bool]) -> date:
    """The lens-exchange date after ``previous``, skipping dates already past.

    ``is_past(d)`` tells whether the occurrence of day ``d`` could no longer go out on time
    (its due instant is not after now): a late run sends one reminder, not a burst of stale ones.
    """
    candidate = previous + timedelta(days=interval_days)
    # Bounded: at most one year of daily catch-up steps; then jump in one go.
    for _ in range(400):
        if not is_past(candidate):
            return candidate
        candidate += timedelta(days=interval_days)
    return candidate


def default_interval_days(passport: LensPassport | None,
                          find_product: Callable[[str], LensProduct | None]) -> int | None:
    """``days_per_lens`` of the passport's lens; the shorter one when the eyes differ.

    Lenses are changed together, so the eye whose lens expires first sets the rhythm.
    None when there is no passport or its products are unknown.
    """
    days = []
    for eye in ("right", "left"):
        product_id = passport.product_of(eye) if passport is not None else None
        product = find_product(product_id) if product_id else None
        if product is not None:
            days.append(product.days_per_lens)
    return min(days) if days else None


def within_merge_window(first: date, second: date) -> bool:
    """Whether two reminder dates are close enough to go out as one message."""
    return abs((first - second).days) <= MERGE_WINDOW_DAYS
