"""Calendar arithmetic for reminder cycles (days, weeks, months).

Month steps clamp to the end of a short month: Jan 31 + 1 month = Feb 28 (29 in a leap
year). A clamped date does not bounce back if the next step starts from it:
Jan 31 → Feb 28 → Mar 28. To keep a series on its day of month, compute every
occurrence from the series' anchor with :func:`nth_month_after` (Jan 31 → Feb 28 →
Mar 31 → Apr 30), which is what recurring monthly reminders should store and use.
"""
from __future__ import annotations

import calendar as _stdlib_calendar
from datetime import date, timedelta


def add_days(d: date, days: int) -> date:
    """``d`` plus ``days`` days (may be negative)."""
    return d + timedelta(days=days)


def add_weeks(d: date, weeks: int) -> date:
    """``d`` plus ``weeks`` weeks (may be negative)."""
    return d + timedelta(weeks=weeks)


def add_months(d: date, months: int) -> date:
    """``d`` plus ``months`` calendar months, clamped to the target month's last day.

    Raises ValueError if the result falls outside the years 1–9999.
    """
    month_index = d.year * 12 + (d.month - 1) + months
    year, month0 = divmod(month_index, 12)
    if not 1 <= year <= 9999:
        raise ValueError("date out of range")
    last_day = _stdlib_calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(d.day, last_day))


def nth_month_after(anchor: date, n: int) -> date:
    """The date ``n`` months after ``anchor``, computed from the anchor itself.

    Unlike repeatedly applying ``add_months`` to the previous result, this keeps the
    anchor's day of month wherever it exists: Jan 31 → Feb 28 → Mar 31.
    For a cycle of ``c`` months the k-th occurrence is ``nth_month_after(anchor, k * c)``.
    """
    return add_months(anchor, n)


def next_month_cycle_after(anchor: date, cycle_months: int, after: date) -> date:
    """The first occurrence ``anchor + k × cycle_months`` (k ≥ 0) strictly after ``after``.

    Lets a schedule move a monthly reminder on past a date (e.g. the one just sent)
    without drifting off the anchor's day of month.
    """
    if cycle_months < 1:
        raise ValueError("cycle_months must be at least 1")
    if anchor > after:
        return anchor
    months_between = (after.year - anchor.year) * 12 + (after.month - anchor.month)
    k = max(months_between // cycle_months, 0)
    candidate = nth_month_after(anchor, k * cycle_months)
    while candidate <= after:
        k += 1
        candidate = nth_month_after(anchor, k * cycle_months)
    return candidate
