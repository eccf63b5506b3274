"""Calendar arithmetic for reminder cycles."""
from datetime import date

import pytest

from chalicelib.domain.calendar import (
    add_days,
    add_months,
    add_weeks,
    next_month_cycle_after,
    nth_month_after,
)


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 1, 10), 12, date(2027, 1, 10)),
        (date(2028, 2, 29), 12, date(2029, 2, 28)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 1, 15), -1, date(2025, 12, 15)),
        (date(2026, 5, 5), 0, date(2026, 5, 5)),
    ],
)
def test_add_months_clamps_to_month_end(start, months, expected):
    assert add_months(start, months) == expected


def test_successive_steps_do_not_bounce_back_but_anchor_steps_do():
    # GIVEN a monthly reminder anchored on Jan 31
    anchor = date(2026, 1, 31)
    # WHEN stepping from the previous date, the clamp sticks
    feb = add_months(anchor, 1)
    assert (feb, add_months(feb, 1)) == (date(2026, 2, 28), date(2026, 3, 28))
    # THEN computing from the anchor keeps the 31st wherever it exists
    assert [nth_month_after(anchor, n) for n in range(5)] == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30), date(2026, 5, 31),
    ]


def test_add_months_out_of_range():
    with pytest.raises(ValueError):
        add_months(date(9999, 12, 1), 1)


def test_day_and_week_helpers():
    assert add_days(date(2026, 2, 27), 2) == date(2026, 3, 1)
    assert add_days(date(2026, 1, 1), -1) == date(2025, 12, 31)
    assert add_weeks(date(2026, 12, 28), 1) == date(2027, 1, 4)


@pytest.mark.parametrize(
    "after, expected",
    [
        (date(2026, 1, 30), date(2026, 1, 31)),  # before the anchor: the anchor itself
        (date(2026, 1, 31), date(2026, 7, 31)),
        (date(2026, 7, 30), date(2026, 7, 31)),
        (date(2026, 7, 31), date(2027, 1, 31)),
        (date(2027, 1, 31), date(2027, 7, 31)),
        (date(2030, 3, 1), date(2030, 7, 31)),
    ],
)
def test_next_month_cycle_after_stays_on_the_anchor_day(after, expected):
    assert next_month_cycle_after(date(2026, 1, 31), 6, after) == expected


def test_next_month_cycle_after_with_clamped_occurrence():
    # anchor Aug 31, every 6 months: Feb 28 (clamped), then Aug 31 again
    anchor = date(2026, 8, 31)
    assert next_month_cycle_after(anchor, 6, date(2026, 8, 31)) == date(2027, 2, 28)
    assert next_month_cycle_after(anchor, 6, date(2027, 2, 28)) == date(2027, 8, 31)


def test_next_month_cycle_after_rejects_zero_cycle():
    with pytest.raises(ValueError):
        next_month_cycle_after(date(2026, 1, 1), 0, date(2026, 1, 1))


def test_months_reach_from_year_1_to_year_9999_and_no_further():
    assert add_months(date(1, 2, 28), -1) == date(1, 1, 28)
    assert add_months(date(9999, 11, 30), 1) == date(9999, 12, 30)
    for start, months in ((date(1, 1, 31), -1), (date(9999, 12, 1), 1)):
        with pytest.raises(ValueError, match="^date out of range$"):
            add_months(start, months)


def test_next_month_cycle_after_a_date_years_later_stays_on_the_series():
    anchor = date(2026, 1, 15)
    assert next_month_cycle_after(anchor, 1, date(2028, 3, 20)) == date(2028, 4, 15)
    assert next_month_cycle_after(anchor, 1, date(2028, 3, 10)) == date(2028, 3, 15)
    assert next_month_cycle_after(anchor, 6, date(2030, 8, 1)) == date(2031, 1, 15)


def test_a_cycle_of_zero_months_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="^cycle_months must be at least 1$"):
        next_month_cycle_after(date(2026, 1, 15), 0, date(2026, 2, 1))
