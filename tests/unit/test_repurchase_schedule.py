"""How a repurchase reminder's dates move: catching up after a pause or a late run."""
from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.services.reminders.repurchase_occurrences import next_after, runs_out_on
from chalicelib.services.reminders.repurchase_reminders import roll_forward

TODAY = date(2026, 11, 23)


def test_the_next_reminder_is_one_cycle_later():
    assert next_after(date(2026, 3, 27), 90, date(2026, 3, 27)) == date(2026, 6, 25)


def test_a_late_run_skips_to_the_first_date_not_past():
    # processed 200 days late: one reminder was sent; the next date of the series is not in the past
    assert next_after(date(2026, 3, 27), 90, date(2026, 10, 13)) == date(2026, 12, 22)
    assert next_after(date(2026, 3, 27), 90, date(2026, 12, 22)) == date(2026, 12, 22)


def test_roll_forward_keeps_future_dates_and_continues_the_cycle():
    assert roll_forward(date(2026, 12, 1), 90, TODAY) == date(2026, 12, 1)
    assert roll_forward(TODAY, 90, TODAY) == TODAY
    assert roll_forward(date(2026, 3, 27), 90, date(2026, 4, 2)) == date(2026, 6, 25)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.integers(1, 3660),
       st.integers(0, 4000))
def test_the_next_date_is_in_the_series_after_the_previous_and_not_past(previous, cycle, late_days):
    today = previous + timedelta(days=late_days)
    following = next_after(previous, cycle, today)
    assert following > previous and following >= today
    assert (following - previous).days % cycle == 0
    assert following - timedelta(days=cycle) < max(today, previous + timedelta(days=cycle))


def test_a_cycle_must_be_positive():
    with pytest.raises(ValueError):
        next_after(TODAY, 0, TODAY)


def test_runs_out_on_is_named_only_while_ahead():
    assert runs_out_on({"runs_out_on": "2026-04-10"}, date(2026, 3, 27)) == "2026-04-10"
    assert runs_out_on({"runs_out_on": "2026-04-10"}, date(2026, 4, 11)) is None
    assert runs_out_on({}, date(2026, 3, 27)) is None
