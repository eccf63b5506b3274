"""Cycles of the control and lens-exchange reminders; the merge window."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.catalogue import load_catalogue
from chalicelib.domain import reminder_cycles as cycles
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.passport import LensPassport, PassportEye

CATALOGUE = load_catalogue()


def eyes(right: str | None = None, left: str | None = None) -> LensPassport:
    """A passport naming these lens products (an empty string: an eye without a product)."""
    return LensPassport(id="lp", issued_on=date(2026, 1, 1), right=None if right is None else PassportEye(right),
                        left=None if left is None else PassportEye(left))


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
    passport = eyes(right="biofinity", left="biofinity")
    assert cycles.default_interval_days(passport, CATALOGUE.get) == 30


def test_with_two_different_lenses_the_shorter_life_sets_the_rhythm():
    passport = eyes(right="biofinity", left="acuvue-oasys-1-day")
    assert cycles.default_interval_days(passport, CATALOGUE.get) == 1


def test_without_a_passport_there_is_no_default_interval():
    assert cycles.default_interval_days(None, CATALOGUE.get) is None
    assert cycles.default_interval_days(eyes(right="gone"), CATALOGUE.get) is None


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


# Both sides of every limit, and what the optician reads when a value is refused.

@pytest.mark.parametrize("months", [cycles.MIN_CYCLE_MONTHS, 12, cycles.MAX_CYCLE_MONTHS])
def test_control_cycles_from_one_month_to_five_years_are_accepted(months):
    assert cycles.check_cycle_months(months) == months


@pytest.mark.parametrize("months", [0, 61, -1])
def test_a_control_cycle_outside_one_to_sixty_months_names_the_range(months):
    with pytest.raises(ValidationError) as refused:
        cycles.check_cycle_months(months)
    assert (refused.value.field, refused.value.code) == ("cycle_months", "invalid_field")
    assert refused.value.message == "'cycle_months' must be from 1 to 60."


@pytest.mark.parametrize("months", ["12", 1.0, True, None])
def test_a_control_cycle_must_be_a_whole_number_of_months(months):
    with pytest.raises(ValidationError) as refused:
        cycles.check_cycle_months(months, field="control.cycle_months")
    assert refused.value.field == "control.cycle_months"
    assert refused.value.message == "'control.cycle_months' must be a whole number of months."


@pytest.mark.parametrize("days", [cycles.MIN_INTERVAL_DAYS, 30, cycles.MAX_INTERVAL_DAYS])
def test_exchange_intervals_from_one_day_to_a_year_are_accepted(days):
    assert cycles.check_interval_days(days) == days


@pytest.mark.parametrize("days", [0, 366, -30])
def test_an_exchange_interval_outside_one_to_365_days_names_the_range(days):
    with pytest.raises(ValidationError) as refused:
        cycles.check_interval_days(days)
    assert (refused.value.field, refused.value.code) == ("interval_days", "invalid_field")
    assert refused.value.message == "'interval_days' must be from 1 to 365."


@pytest.mark.parametrize("days", ["14", 1.5, False])
def test_an_exchange_interval_must_be_a_whole_number_of_days(days):
    with pytest.raises(ValidationError) as refused:
        cycles.check_interval_days(days, field="exchange.interval_days")
    assert refused.value.field == "exchange.interval_days"
    assert refused.value.message == "'exchange.interval_days' must be a whole number of days."


TODAY = date(2026, 3, 10)


@pytest.mark.parametrize("day", [TODAY, date(2026, 3, 11), date(9000, 12, 31)])
def test_a_reminder_date_from_today_up_to_the_year_9000_is_accepted(day):
    assert cycles.check_reminder_date(day, TODAY, field="next_on") == day


def test_a_reminder_date_before_today_is_refused_on_its_field():
    with pytest.raises(ValidationError) as refused:
        cycles.check_reminder_date(date(2026, 3, 9), TODAY, field="control.next_on")
    assert (refused.value.field, refused.value.code) == ("control.next_on", "invalid_field")
    assert refused.value.message == "The reminder date cannot be in the past."


def test_a_reminder_date_after_the_year_9000_is_refused_as_too_far():
    with pytest.raises(ValidationError) as refused:
        cycles.check_reminder_date(date(9001, 1, 1), TODAY, field="next_on")
    assert refused.value.field == "next_on"
    assert refused.value.message == "The reminder date is too far in the future."


def test_a_hopelessly_late_exchange_series_jumps_ahead_in_one_go_after_400_steps():
    # GIVEN every candidate is past (a clock far ahead) WHEN the next date is sought
    # THEN the search stops after its bound instead of looping on: 400 skipped steps, one jump
    assert cycles.next_exchange_date(date(2026, 1, 1), 1, is_past=lambda d: True) == date(2026, 1, 1) + timedelta(days=401)


def test_a_passport_with_only_the_right_lens_sets_the_interval():
    assert cycles.default_interval_days(eyes(right="biofinity"), CATALOGUE.get) == 30


def test_an_eye_without_a_lens_is_not_looked_up_in_the_catalogue():
    looked_up = []

    def find(product_id):
        looked_up.append(product_id)
        return CATALOGUE.get(product_id)

    assert cycles.default_interval_days(eyes(right="", left="biofinity"), find) == 30
    assert looked_up == ["biofinity"]
