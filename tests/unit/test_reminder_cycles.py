"""Cycles of the control and lens-exchange reminders; the merge window."""
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.catalogue import load_catalogue
from chalicelib.domain import reminder_cycles as cycles
from chalicelib.domain.errors import ValidationError

CATALOGUE = load_catalogue()


def test_a_monthly_control_series_from_the_31st_clamps_and_returns():
    assert cycles.control_dates(date(2026, 1, 31), 1, 4) == [
        date(2026, 1, 31), date(2026, 2, 28), date(2026, 3, 31), date(2026, 4, 30)]


def test_a_yearly_control_reminder_comes_back_a_year_later():
    assert cycles.next_control_date(date(2026, 3, 2), 12, after=date(2026, 3, 2)) == date(2027, 3, 2)


def test_a_late_control_run_moves_past_today_on_the_anchor_day():
    # the series is anchored on the 31st; processed late, the next date is still a 31st/last day
    assert cycles.next_control_date(date(2026, 1, 31), 1, after=date(2026, 3, 5)) == date(2026, 3, 31)


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2090, 1, 1)), st.integers(1, 60),
       st.integers(0, 400))
def test_the_next_control_date_is_after_and_on_the_series(anchor, cycle, offset):
    after = date.fromordinal(anchor.toordinal() + offset)
    following = cycles.next_control_date(anchor, cycle, after)
    assert following > after
    assert following in cycles.control_dates(anchor, cycle, (offset // 28) // cycle + 3)


def test_lens_exchange_dates_step_by_the_interval_and_skip_the_past():
    assert cycles.next_exchange_date(date(2026, 3, 1), 14, is_past=lambda d: False) == date(2026, 3, 15)
    # two occurrences could no longer go out on time: the next one that can is chosen
    assert cycles.next_exchange_date(date(2026, 3, 1), 1, is_past=lambda d: d <= date(2026, 3, 3)) == date(2026, 3, 4)


def test_the_default_interval_is_the_passports_lens_life():
    passport = {"right": {"product_id": "biofinity"}, "left": {"product_id": "biofinity"}}
    assert cycles.default_interval_days(passport, CATALOGUE.get) == 30


def test_with_two_different_lenses_the_shorter_life_sets_the_rhythm():
    passport = {"right": {"product_id": "biofinity"}, "left": {"product_id": "acuvue-oasys-1-day"}}
    assert cycles.default_interval_days(passport, CATALOGUE.get) == 1


def test_without_a_passport_there_is_no_default_interval():
    assert cycles.default_interval_days(None, CATALOGUE.get) is None
    assert cycles.default_interval_days({"right": {"product_id": "gone"}}, CATALOGUE.get) is None


@pytest.mark.parametrize("first, second, merged", [
    (date(2026, 3, 1), date(2026, 3, 1), True),
    (date(2026, 3, 1), date(2026, 3, 4), True),
    (date(2026, 3, 4), date(2026, 3, 1), True),
    (date(2026, 3, 1), date(2026, 3, 5), False),
])
def test_reminders_at_most_three_days_apart_merge(first, second, merged):
    assert cycles.within_merge_window(first, second) is merged


@pytest.mark.parametrize("check, value", [
    (cycles.check_cycle_months, 0), (cycles.check_cycle_months, 61), (cycles.check_cycle_months, "12"),
    (cycles.check_interval_days, 0), (cycles.check_interval_days, 366), (cycles.check_interval_days, 1.5),
])
def test_cycles_out_of_range_are_refused(check, value):
    with pytest.raises(ValidationError):
        check(value)
