"""GET /agenda: the scheduled messages due in the next days, from the agenda index (issue 17)."""
from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.api.test_conversion_report import LINES, new_customer
from tests.conftest import OPTICIAN_SETTINGS, body

ZURICH = ZoneInfo("Europe/Zurich")
SUB_LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


def weekday_in(days: int):
    """A Monday–Friday date at least ``days`` days from today (Zurich)."""
    on = datetime.now(ZURICH).date() + timedelta(days=days)
    while on.weekday() >= 5:
        on += timedelta(days=1)
    return on


def repurchase(api, customer, on) -> dict:
    response = api.post(f"/customers/{customer['id']}/repurchase-reminders", {
        "passport_id": customer["passport"]["id"], "lines": LINES, "first_reminder_on": on.isoformat(),
        "cycle_days": 90})
    assert response.status_code == 201, response.body
    return body(response)


def agenda(api, query: str = "") -> dict:
    response = api.get(f"/agenda{query}")
    assert response.status_code == 200, response.body
    return body(response)


def test_a_reminder_due_in_the_window_is_listed_with_customer_channel_and_date(api):
    anna = new_customer(api)
    on = weekday_in(3)
    repurchase(api, anna, on)
    [entry] = agenda(api, "?days=14")["items"]
    assert entry == {"due_at": entry["due_at"], "date": on.isoformat(), "kind": "repurchase_reminder",
                     "customer_id": anna["id"], "customer_name": "Anna Aebi", "channel": "sms", "held": False,
                     "held_reason": None}
    assert datetime.fromisoformat(entry["due_at"]).astimezone(ZURICH).hour == 9  # the window opens at 09:00


def test_only_what_falls_due_within_the_days_asked_is_listed_oldest_first(api):
    anna, beat = new_customer(api), new_customer(api, email="beat@example.ch", preferred_channel="email")
    soon, later = weekday_in(2), weekday_in(20)
    repurchase(api, anna, later)
    control = api.post(f"/customers/{beat['id']}/control-reminders", {"first_reminder_on": soon.isoformat(),
                                                                       "cycle_months": 12})
    assert control.status_code == 201, control.body
    assert [(e["kind"], e["channel"]) for e in agenda(api)["items"]] == [("control_reminder", "email")]
    listed = agenda(api, "?days=30")["items"]
    assert [(e["kind"], e["date"]) for e in listed] == [("control_reminder", soon.isoformat()),
                                                        ("repurchase_reminder", later.isoformat())]


def test_held_entries_say_why(api):
    anna, beat = new_customer(api), new_customer(api, mobile="079 765 43 21", preferred_channel="sms")
    repurchase(api, anna, weekday_in(2))
    repurchase(api, beat, weekday_in(3))
    assert api.put(f"/customers/{anna['id']}/preferences", {"topics": {"repurchase": False}}).status_code == 200
    subscription = api.post(f"/customers/{beat['id']}/subscriptions", {
        "lines": SUB_LINES, "interval_weeks": 12, "next_order_on": weekday_in(10).isoformat(), "delivery": "home"})
    assert subscription.status_code == 201, subscription.body
    entries = {(e["customer_id"], e["kind"]): e for e in agenda(api)["items"]}
    assert entries[(anna["id"], "repurchase_reminder")]["held_reason"] == "topic_off"
    assert entries[(beat["id"], "repurchase_reminder")]["held_reason"] == "subscription"
    announcement = entries[(beat["id"], "subscription_preannouncement")]
    assert announcement["held"] is False, announcement["held_reason"]
    assert announcement["date"] == (weekday_in(10) - timedelta(days=7)).isoformat()


def test_a_mobile_outside_the_sms_countries_is_held_as_the_send_would_fail(api):
    # GIVEN a customer whose only contact is a German mobile, and an optician sending SMS to CH/LI
    german = new_customer(api, mobile="+49 151 12345678", preferred_channel="sms")
    repurchase(api, german, weekday_in(2))
    # THEN the agenda shows the entry held for the reason the send would record
    entry = next(e for e in agenda(api)["items"] if e["customer_id"] == german["id"])
    assert (entry["channel"], entry["held"], entry["held_reason"]) == (None, True, "country_not_allowed")


def test_an_entry_outside_a_send_window_changed_since_is_held_until_the_window(api):
    anna = new_customer(api)
    repurchase(api, anna, weekday_in(3))
    narrower = {**OPTICIAN_SETTINGS, "send_window": {"days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                                                      "start": "14:00", "end": "18:00"}}
    assert api.put("/settings", narrower).status_code == 200
    [entry] = agenda(api)["items"]
    assert entry["held"] is True and entry["held_reason"] == "outside_send_window"


def test_a_long_agenda_pages_and_another_optician_sees_none_of_it(api, new_optician):
    for n in range(3):
        repurchase(api, new_customer(api, mobile=f"079 555 00 0{n}", preferred_channel="sms"), weekday_in(2 + n))
    first = agenda(api, "?limit=2")
    assert len(first["items"]) == 2 and first["next_cursor"]
    second = agenda(api, f"?limit=2&cursor={first['next_cursor']}")
    assert len(second["items"]) == 1 and second["next_cursor"] is None
    assert [e["due_at"] for e in first["items"] + second["items"]] == sorted(
        e["due_at"] for e in first["items"] + second["items"])
    _, other = new_optician(name="Lunetterie du Lac", sender_name="Lunetterie")
    assert body(other.get("/agenda?days=60"))["items"] == []
    assert other.get(f"/agenda?cursor={first['next_cursor']}").status_code == 422


@pytest.mark.parametrize("query, field", [("?days=0", "days"), ("?days=61", "days"), ("?days=two", "days"),
                                          ("?limit=0", "limit"), ("?cursor=%%%", "cursor")])
def test_bad_queries_are_422_naming_the_field(api, query, field):
    response = api.get(f"/agenda{query}")
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_an_erased_customer_leaves_the_agenda(api):
    anna = new_customer(api)
    repurchase(api, anna, weekday_in(2))
    assert api.delete(f"/customers/{anna['id']}").status_code == 204
    assert agenda(api)["items"] == []
