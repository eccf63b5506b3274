"""Order subscription rules: occurrences, intervals, lines."""
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chalicelib.catalogue import load_catalogue
from chalicelib.domain import subscription as rules
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.orders import OrderLine

CATALOGUE = load_catalogue()
LINE = {"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}


def test_a_subscription_far_enough_ahead_starts_with_the_preannouncement():
    occurrence = rules.first_occurrence(date(2026, 5, 8), today=date(2026, 2, 13))
    assert str(occurrence) == "preannouncement#2026-05-08"
    assert occurrence.due_on == date(2026, 5, 1)  # seven days before the order


def test_the_preannouncement_may_be_due_today():
    assert str(rules.first_occurrence(date(2026, 5, 8), today=date(2026, 5, 1))) == "preannouncement#2026-05-08"


def test_when_the_preannouncement_day_is_past_the_order_comes_next():
    occurrence = rules.first_occurrence(date(2026, 5, 8), today=date(2026, 5, 2))
    assert str(occurrence) == "order#2026-05-08" and occurrence.due_on == date(2026, 5, 8)


def test_the_cycle_alternates_and_moves_by_the_interval():
    # GIVEN a 12-week subscription whose next order is on day 84
    preannouncement = rules.Occurrence(rules.PREANNOUNCEMENT, date(2026, 5, 8))
    # WHEN the pre-announcement was sent, THEN the order of the same date is next
    order = rules.after(preannouncement, 12, today=date(2026, 5, 1))
    assert str(order) == "order#2026-05-08"
    # WHEN the order was placed, THEN the next pre-announcement is for 12 weeks later
    following = rules.after(order, 12, today=date(2026, 5, 8))
    assert str(following) == "preannouncement#2026-07-31" and following.due_on == date(2026, 7, 24)


def test_a_one_week_interval_preannounces_on_the_order_day():
    following = rules.after(rules.Occurrence(rules.ORDER, date(2026, 5, 8)), 1, today=date(2026, 5, 8))
    assert str(following) == "preannouncement#2026-05-15"


def test_a_late_order_counts_the_next_date_from_the_scheduled_one():
    # processed three days late (e.g. an outage): no drift, and no stale pre-announcement
    following = rules.after(rules.Occurrence(rules.ORDER, date(2026, 5, 8)), 1, today=date(2026, 5, 11))
    assert str(following) == "order#2026-05-15"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 1, 1)), st.sampled_from(rules.PHASES))
def test_occurrences_round_trip_through_their_string(order_on, phase):
    occurrence = rules.Occurrence(phase, order_on)
    assert rules.parse_occurrence(str(occurrence)) == occurrence


@pytest.mark.parametrize("value", ["2026-05-08", "order", "skip#2026-05-08", "order#08.05.2026"])
def test_foreign_occurrences_are_refused(value):
    with pytest.raises(ValueError):
        rules.parse_occurrence(value)


def test_the_order_identity_is_the_same_for_every_retry():
    assert rules.order_identity("sub_1", date(2026, 5, 8)) == "sub-sub_1-2026-05-08"


def test_lines_are_validated_like_an_orders():
    lines = rules.parse_lines([LINE, {**LINE, "eye": "right", "quantity": 1}], CATALOGUE.get)
    assert lines[1] == OrderLine("biofinity", "right", 6, 1)


@pytest.mark.parametrize("line, field", [
    ({**LINE, "product_id": "nope"}, "lines[0].product_id"),
    ({**LINE, "product_id": None}, "lines[0].product_id"),
    ({**LINE, "eye": "both_eyes"}, "lines[0].eye"),
    ({**LINE, "pack_size": 7}, "lines[0].pack_size"),
    ({**LINE, "pack_size": True}, "lines[0].pack_size"),
    ({**LINE, "quantity": 101}, "lines[0].quantity"),
    ({**LINE, "colour": "blue"}, "lines[0].colour"),
    ("biofinity", "lines[0]"),
])
def test_bad_lines_name_the_field(line, field):
    with pytest.raises(ValidationError) as raised:
        rules.parse_lines([line], CATALOGUE.get)
    assert raised.value.field == field


@pytest.mark.parametrize("value", [0, 53, "4", 2.5, True, None])
def test_intervals_are_whole_weeks_up_to_a_year(value):
    with pytest.raises(ValidationError):
        rules.check_interval(value)


def test_order_dates_are_today_or_later():
    assert rules.check_order_date(date(2026, 5, 1), today=date(2026, 5, 1)) == date(2026, 5, 1)
    with pytest.raises(ValidationError):
        rules.check_order_date(date(2026, 4, 30), today=date(2026, 5, 1))


# Both sides of every limit, and what the optician reads when a value is refused.

@pytest.mark.parametrize("weeks", [rules.MIN_INTERVAL_WEEKS, 4, rules.MAX_INTERVAL_WEEKS])
def test_intervals_from_one_week_to_a_year_are_accepted(weeks):
    assert rules.check_interval(weeks) == weeks


@pytest.mark.parametrize("weeks", [0, 53])
def test_an_interval_outside_one_to_52_weeks_names_the_range(weeks):
    with pytest.raises(ValidationError) as refused:
        rules.check_interval(weeks)
    assert (refused.value.field, refused.value.code) == ("interval_weeks", "invalid_field")
    assert refused.value.message == "'interval_weeks' must be from 1 to 52 weeks."


@pytest.mark.parametrize("weeks", ["4", 2.5, True, None])
def test_an_interval_must_be_a_whole_number_of_weeks(weeks):
    with pytest.raises(ValidationError) as refused:
        rules.check_interval(weeks)
    assert refused.value.field == "interval_weeks"
    assert refused.value.message == "'interval_weeks' must be a whole number of weeks."


def test_a_refused_interval_names_the_field_it_came_in():
    with pytest.raises(ValidationError) as refused:
        rules.check_interval(0, field="subscription.interval_weeks")
    assert refused.value.field == "subscription.interval_weeks"
    assert refused.value.message.startswith("'subscription.interval_weeks' must be from 1 to 52")


TODAY = date(2026, 5, 1)


@pytest.mark.parametrize("order_on", [TODAY, date(2026, 5, 2), TODAY + timedelta(days=rules.MAX_DAYS_AHEAD)])
def test_order_dates_from_today_to_400_days_ahead_are_accepted(order_on):
    assert rules.check_order_date(order_on, today=TODAY) == order_on


def test_an_order_date_in_the_past_is_refused_on_next_order_on():
    with pytest.raises(ValidationError) as refused:
        rules.check_order_date(date(2026, 4, 30), today=TODAY)
    assert (refused.value.field, refused.value.code) == ("next_order_on", "invalid_field")
    assert refused.value.message == "The next order date cannot be in the past."


def test_an_order_date_more_than_400_days_ahead_is_refused():
    with pytest.raises(ValidationError) as refused:
        rules.check_order_date(TODAY + timedelta(days=401), today=TODAY, field="first_order_on")
    assert refused.value.field == "first_order_on"
    assert refused.value.message == "The next order date must be within 400 days."


def test_a_stored_occurrence_that_is_not_one_is_reported_with_its_value():
    with pytest.raises(ValueError, match=r"^not a subscription occurrence: 'refund#2026-05-08'$"):
        rules.parse_occurrence("refund#2026-05-08")


def test_bad_lines_are_named_under_the_field_they_came_in():
    with pytest.raises(ValidationError) as refused:
        rules.parse_lines([{**LINE, "eye": "both_eyes"}], CATALOGUE.get, field="subscription.lines")
    assert refused.value.field == "subscription.lines[0].eye"
