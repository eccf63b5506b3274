"""Repurchase reminders sent by the scheduled function, driven through its events (issue 5, done-when).

Time is driven through the events' ``time``: the schedule runs as EventBridge would run it
at that instant, and the queued work is delivered to the SQS consumer before the test
goes on. SMS go to the emulated SNS; what it accepted is the outbox.
"""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.fixtures_messaging import as_stored
from tests.conftest import body

ZURICH = ZoneInfo("Europe/Zurich")
PASSPORT = {"right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25},
            "left": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.5},
            "issued_on": "2026-01-10"}
LINES = [{"eye": "both", "pack_size": 6, "quantity": 2}]


def next_weekday(weekday: int, at_least_days: int = 7) -> date:
    """The first given weekday (0 = Monday) at least ``at_least_days`` after today (Zurich)."""
    start = datetime.now(ZURICH).date() + timedelta(days=at_least_days)
    return start + timedelta(days=(weekday - start.weekday()) % 7)


def local(on: date, hhmm: str) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime(on.year, on.month, on.day, hour, minute, tzinfo=ZURICH)


def fire(client, when: datetime) -> int:
    """Run the schedule with the event of ``when``, then deliver what it queued; messages processed."""
    from app import app
    from local.emulator import drain_queues
    from local.schedules import event_time, scheduled_event

    client.lambda_.invoke("due_reminders", scheduled_event("due_reminders", event_time(when)))
    return drain_queues(app)


def sms_outbox() -> list[dict]:
    from local.outbox import outbox_messages

    return [m for m in outbox_messages() if m["channel"] == "sms"]


@pytest.fixture
def customer(api):
    customer = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
                                            "preferred_channel": "sms"}))
    passport = api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    assert passport.status_code == 201, passport.body
    customer["passport"] = body(passport)
    return customer


def make_reminder(api, customer, first_on: date, cycle_days: int = 90) -> dict:
    response = api.post(f"/customers/{customer['id']}/repurchase-reminders", {
        "passport_id": customer["passport"]["id"], "lines": LINES,
        "first_reminder_on": first_on.isoformat(), "cycle_days": cycle_days})
    assert response.status_code == 201, response.body
    return body(response)


def reminder_now(api, customer, reminder) -> dict:
    return body(api.get(f"/customers/{customer['id']}/repurchase-reminders/{reminder['id']}"))


def history(api, customer) -> list[dict]:
    return body(api.get(f"/customers/{customer['id']}/messages"))["items"]


@pytest.fixture
def throttle_sns(monkeypatch):
    """``throttle_sns(code, times)``: the next ``times`` SMS publishes fail with provider error ``code``."""
    from botocore.exceptions import ClientError

    from chalicelib.adapters.sms import get_sns_client

    sns = get_sns_client()
    real_publish = sns.publish
    failures: list[str] = []

    def publish(**kwargs):
        if failures:
            code = failures.pop(0)
            status = 400
            raise ClientError({"Error": {"Code": code, "Message": "injected"},
                               "ResponseMetadata": {"HTTPStatusCode": status}}, "Publish")
        return real_publish(**kwargs)

    monkeypatch.setattr(sns, "publish", publish)

    def fail(code: str, times: int = 1) -> None:
        failures.extend([code] * times)

    return fail


def test_a_reminder_due_on_d_is_sent_on_d_inside_the_window_and_not_before(client, api, customer):
    d = next_weekday(2)  # a Wednesday
    reminder = make_reminder(api, customer, d, cycle_days=90)
    # GIVEN the days before, and D before the window opens: nothing
    fire(client, local(d - timedelta(days=1), "18:55"))
    fire(client, local(d, "08:55"))
    assert sms_outbox() == [] and history(api, customer) == []
    # WHEN the schedule runs on D at 09:00 (the window opens)
    assert fire(client, local(d, "09:00")) == 1
    # THEN one SMS in the optician's name, recorded in the history
    (sms,) = sms_outbox()
    assert sms["to"] == "+41791234567" and sms["sender"] == "OptikMuster"
    (message,) = history(api, customer)
    assert (message["kind"], message["status"], message["trigger"]) == ("repurchase_reminder", "sent", "automatic")
    assert message["text"] == as_stored(sms["text"])
    # AND the reminder moved on by its cycle
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (d + timedelta(days=90)).isoformat()
    # AND later runs that day send nothing more
    fire(client, local(d, "09:05"))
    fire(client, local(d, "18:00"))
    assert len(sms_outbox()) == 1


def test_firing_the_same_time_twice_sends_once(client, api, customer):
    d = next_weekday(3)
    make_reminder(api, customer, d)
    fire(client, local(d, "10:00"))
    fire(client, local(d, "10:00"))
    assert len(sms_outbox()) == 1 and len(history(api, customer)) == 1


def test_two_concurrent_runs_of_the_same_time_send_once(client, api, customer):
    from app import app
    from local.emulator import drain_queues
    from local.schedules import event_time, scheduled_event

    d = next_weekday(3)
    make_reminder(api, customer, d)
    event = scheduled_event("due_reminders", event_time(local(d, "10:00")))
    start, errors = threading.Barrier(2), []

    def run():
        start.wait()
        try:
            client.lambda_.invoke("due_reminders", event)
            drain_queues(app)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=run) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    drain_queues(app)  # whatever a loser was told to retry
    assert errors == []
    assert len(sms_outbox()) == 1 and len(history(api, customer)) == 1


def test_a_throttled_send_is_retried_and_sent_once(client, api, customer, throttle_sns):
    d = next_weekday(1)
    reminder = make_reminder(api, customer, d, cycle_days=30)
    # GIVEN SNS throttles the first attempt
    throttle_sns("Throttling")
    fire(client, local(d, "09:00"))
    # THEN the retry sent it, once; one history entry; the reminder moved on
    assert len(sms_outbox()) == 1
    assert [(m["status"], m["kind"]) for m in history(api, customer)] == [("sent", "repurchase_reminder")]
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (d + timedelta(days=30)).isoformat()


def test_an_invalid_number_is_failed_and_the_reminder_still_moves_on(client, api, customer, throttle_sns):
    d = next_weekday(4)
    reminder = make_reminder(api, customer, d, cycle_days=60)
    throttle_sns("InvalidParameter")  # SNS: the number cannot receive SMS
    fire(client, local(d, "11:00"))
    assert sms_outbox() == []
    (message,) = history(api, customer)
    assert (message["status"], message["reason"]) == ("failed", "invalid_number")
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (d + timedelta(days=60)).isoformat()
    # and it is not tried again
    fire(client, local(d, "12:00"))
    assert len(history(api, customer)) == 1


def test_a_sunday_due_date_goes_out_monday_morning_once(client, api, customer):
    sunday = next_weekday(6)
    reminder = make_reminder(api, customer, sunday, cycle_days=90)
    # the window is closed all Sunday
    for hhmm in ("00:05", "09:00", "12:00", "18:55"):
        fire(client, local(sunday, hhmm))
    assert sms_outbox() == []
    monday = sunday + timedelta(days=1)
    fire(client, local(monday, "08:55"))
    assert sms_outbox() == []
    fire(client, local(monday, "09:00"))
    fire(client, local(monday, "09:05"))
    assert len(sms_outbox()) == 1
    # the cycle counts from the due date, not from the Monday it went out
    assert reminder_now(api, customer, reminder)["next_reminder_on"] == (sunday + timedelta(days=90)).isoformat()
