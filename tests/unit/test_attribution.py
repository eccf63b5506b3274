"""The attribution rule (SPEC §10): which reminder an order is credited to."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.domain.attribution import SentReminder, credit, days_between, report_kind, window_bounds

ORDER_AT = datetime(2026, 3, 31, 12, 0, tzinfo=timezone.utc)


def sent(message_id: str, before: timedelta, kind: str = "repurchase", channel: str = "sms") -> SentReminder:
    return SentReminder(message_id, kind, channel, ORDER_AT - before, "2026-03")


@pytest.mark.parametrize("message_kind, trigger, expected", [
    ("repurchase_reminder", "automatic", "repurchase"),
    ("repurchase_control_reminder", "automatic", "repurchase"),
    ("control_reminder", "automatic", "control"),
    ("subscription_preannouncement", "automatic", "subscription"),
    ("webshop_login", "manual", "manual"),
    ("order_confirmation", "automatic", None),
    ("lens_exchange_reminder", "automatic", None),
    ("webapp_install", "manual", None),
    ("subscription_confirmation", "automatic", None),
])
def test_which_messages_are_reminders(message_kind, trigger, expected):
    assert report_kind(message_kind, trigger) == expected


def test_an_order_without_any_reminder_is_credited_to_none():
    assert credit(ORDER_AT, []) is None


def test_a_reminder_exactly_30_days_before_is_credited_one_second_more_is_not():
    edge = sent("msg_edge", timedelta(days=30))
    assert credit(ORDER_AT, [edge]).reminder == edge
    assert credit(ORDER_AT, [edge]).days == 30
    assert credit(ORDER_AT, [sent("msg_old", timedelta(days=30, seconds=1))]) is None


def test_a_reminder_sent_after_the_order_did_not_cause_it():
    later = SentReminder("msg_later", "repurchase", "sms", ORDER_AT + timedelta(seconds=1), "2026-03")
    same_instant = SentReminder("msg_same", "control", "email", ORDER_AT, "2026-03")
    assert credit(ORDER_AT, [later]) is None
    assert credit(ORDER_AT, [later, same_instant]).reminder == same_instant
    assert credit(ORDER_AT, [same_instant]).days == 0


def test_of_several_reminders_the_most_recent_in_the_window_wins():
    repurchase = sent("msg_a", timedelta(days=20), "repurchase")
    control = sent("msg_b", timedelta(days=3), "control", "email")
    too_old = sent("msg_c", timedelta(days=45), "subscription")
    credited = credit(ORDER_AT, [control, too_old, repurchase])
    assert credited.reminder == control and credited.days == 3
    assert credited.as_dict() == {"message_id": "msg_b", "kind": "control", "channel": "email",
                                  "sent_at": "2026-03-28T12:00:00+00:00", "month": "2026-03", "days_to_order": 3}


def test_a_manual_login_message_is_credited_like_a_reminder():
    manual = sent("msg_m", timedelta(hours=5), "manual")
    credited = credit(ORDER_AT, [sent("msg_r", timedelta(days=2)), manual])
    assert credited.reminder.kind == "manual" and credited.days == 0


def test_two_reminders_at_the_same_instant_give_the_same_answer_in_any_order():
    first, second = sent("msg_1", timedelta(days=1)), sent("msg_2", timedelta(days=1))
    assert credit(ORDER_AT, [first, second]).reminder == credit(ORDER_AT, [second, first]).reminder == second


def test_the_same_reminder_read_twice_is_still_one_credit():
    # a re-delivered webhook attributes again from the same index: same reminder, same days
    reminder = sent("msg_x", timedelta(days=7, hours=23))
    assert credit(ORDER_AT, [reminder, reminder]) == credit(ORDER_AT, [reminder])
    assert credit(ORDER_AT, [reminder]).days == 7


def test_days_are_whole_days_elapsed():
    assert days_between(ORDER_AT - timedelta(hours=23, minutes=59), ORDER_AT) == 0
    assert days_between(ORDER_AT - timedelta(days=1), ORDER_AT) == 1
    assert days_between(ORDER_AT - timedelta(days=29, hours=23), ORDER_AT) == 29


def test_a_naive_order_time_is_a_programming_error():
    with pytest.raises(ValueError):
        credit(ORDER_AT.replace(tzinfo=None), [])


def test_instants_compare_to_the_second_as_orders_are_stored():
    sent_late_in_second = SentReminder("msg_us", "repurchase", "sms", ORDER_AT - timedelta(days=30) + timedelta(
        microseconds=900_000), "2026-03")
    assert credit(ORDER_AT, [sent_late_in_second]).days == 30
    same_second = SentReminder("msg_same_s", "repurchase", "sms", ORDER_AT + timedelta(microseconds=500_000), "2026-03")
    assert credit(ORDER_AT, [same_second]).days == 0


def test_the_window_to_read_reminders_in_covers_30_days_before_the_orders_second_to_its_last_microsecond():
    # What the store queries (sends are kept to the microsecond, orders to the second).
    first, last = window_bounds(datetime(2026, 3, 31, 10, 0, 0, 500_000, tzinfo=timezone.utc))

    assert first == datetime(2026, 3, 1, 10, 0, 0, tzinfo=timezone.utc)
    assert last == datetime(2026, 3, 31, 10, 0, 0, 999_999, tzinfo=timezone.utc)


def test_a_naive_order_time_is_refused_with_a_reason():
    with pytest.raises(ValueError, match="^ordered_at must be timezone-aware$"):
        credit(datetime(2026, 3, 31, 10, 0), [])
