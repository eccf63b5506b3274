"""One automatic message per kind and *sending* day, and nothing passed over silently (SPEC §4, §6).

Driven through the scheduled function's events with the default send window (Mon–Sat
09:00–19:00, Europe/Zurich): occurrences held back by the window (due Sunday, sent Monday
09:00) count for the day they go out. What coordination passes over is in the history as
``skipped`` with its reason.
"""
from __future__ import annotations

from datetime import timedelta

from tests.api.test_schedules import (  # noqa: F401  (customer: the fixture)
    PASSPORT,
    customer,
    fire,
    history,
    local,
    make_reminder,
    next_weekday,
    sms_outbox,
)
from tests.conftest import body

SUB_LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


def of_kind(api, customer, kind: str) -> list[dict]:
    return [m for m in history(api, customer) if m["kind"] == kind]


def statuses(messages: list[dict]) -> list[tuple[str, str | None]]:
    return sorted((m["status"], m["reason"]) for m in messages)


def test_two_repurchase_reminders_held_over_the_weekend_send_one_on_monday(client, api, customer):
    # GIVEN two passports, reminder A due Sunday (window closed) and B due Monday
    sunday = next_weekday(6)
    monday = sunday + timedelta(days=1)
    a = make_reminder(api, customer, sunday)
    customer["passport"] = body(api.post(f"/customers/{customer['id']}/lens-passports",
                                         {**PASSPORT, "issued_on": "2026-01-12"}))
    b = make_reminder(api, customer, monday)
    # WHEN the schedule runs on Monday at the window's opening (both are due then)
    fire(client, local(monday, "09:00"))
    # THEN one repurchase reminder is sent; the other is recorded skipped, not dropped
    assert len(sms_outbox()) == 1
    assert statuses(of_kind(api, customer, "repurchase_reminder")) == [("sent", None), ("skipped", "coordinated")]
    # AND both series moved on
    for reminder in (a, b):
        shown = body(api.get(f"/customers/{customer['id']}/repurchase-reminders/{reminder['id']}"))
        assert shown["next_reminder_on"] > monday.isoformat()
    # AND a run again later that day changes nothing (recorded once per occurrence)
    fire(client, local(monday, "09:05"))
    assert len(of_kind(api, customer, "repurchase_reminder")) == 2 and len(sms_outbox()) == 1


def test_two_check_up_reminders_sunday_and_monday_send_one_on_monday(client, api, customer):
    sunday = next_weekday(6)
    monday = sunday + timedelta(days=1)
    for on in (sunday, monday):
        created = api.post(f"/customers/{customer['id']}/control-reminders", {"first_reminder_on": on.isoformat()})
        assert created.status_code == 201, created.body
    fire(client, local(sunday, "10:00"))  # closed: nothing
    assert history(api, customer) == []
    fire(client, local(monday, "09:00"))
    assert len(sms_outbox()) == 1
    assert statuses(of_kind(api, customer, "control_reminder")) == [("sent", None), ("skipped", "coordinated")]


def test_a_daily_lens_exchange_reminder_held_over_sunday_is_superseded_by_mondays(client, api, customer):
    # GIVEN daily lenses: a reminder every day at 18:00, starting on a Saturday
    saturday = next_weekday(5)
    sunday, monday = saturday + timedelta(days=1), saturday + timedelta(days=2)
    created = api.post(f"/customers/{customer['id']}/lens-exchange-reminders", {
        "first_reminder_on": saturday.isoformat(), "interval_days": 1, "time_of_day": "18:00"})
    assert created.status_code == 201, created.body
    fire(client, local(saturday, "18:00"))
    fire(client, local(sunday, "18:00"))  # window closed: Sunday's waits for Monday 09:00
    assert len(sms_outbox()) == 1
    # WHEN Monday's window opens, Sunday's held-back reminder is superseded by Monday's own
    fire(client, local(monday, "09:00"))
    assert len(sms_outbox()) == 1
    fire(client, local(monday, "18:00"))
    # THEN Monday gets exactly one lens-exchange reminder, at 18:00; Sunday's is in the history as skipped
    assert len(sms_outbox()) == 2
    messages = of_kind(api, customer, "lens_exchange_reminder")
    assert statuses(messages) == [("sent", None), ("sent", None), ("skipped", "superseded")]
    sent_on_monday = [m for m in messages if m["status"] == "sent" and m["created_at"] >= local(monday, "00:00")
                      .isoformat()]
    assert len(sent_on_monday) == 1
    reminder = body(api.get(f"/customers/{customer['id']}/lens-exchange-reminders"))["items"][0]
    assert reminder["next_reminder_on"] == (monday + timedelta(days=1)).isoformat()


def test_a_lens_exchange_time_after_the_window_still_goes_out_every_morning(client, api, customer):
    # 21:30 is always after the window: each day's reminder goes out the next morning (not superseded)
    tuesday = next_weekday(1)
    api.post(f"/customers/{customer['id']}/lens-exchange-reminders", {
        "first_reminder_on": tuesday.isoformat(), "interval_days": 1, "time_of_day": "21:30"})
    for n in (1, 2, 3):
        fire(client, local(tuesday + timedelta(days=n), "09:00"))
    assert [m["status"] for m in of_kind(api, customer, "lens_exchange_reminder")] == ["sent"] * 3


def test_two_subscriptions_ordering_on_the_same_day_are_each_pre_announced(client, api, customer):
    order_on = next_weekday(2, at_least_days=14)  # a Wednesday; pre-announced the Wednesday before
    for interval in (4, 8):
        created = api.post(f"/customers/{customer['id']}/subscriptions", {
            "lines": SUB_LINES, "interval_weeks": interval, "next_order_on": order_on.isoformat()})
        assert created.status_code == 201, created.body
    fire(client, local(order_on - timedelta(days=7), "09:00"))
    announced = of_kind(api, customer, "subscription_preannouncement")
    assert [m["status"] for m in announced] == ["sent", "sent"]
