"""Reminders credited with the orders that follow them, and GET /reports/conversion (issue 17).

Reminders go out through the scheduled function (fired at the instant of the test's
choosing); orders come in through the signed webshop webhook at a day offset after the
reminder. The "now" of the order path is moved with them (an order may not lie in the future).
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from tests.api.fixtures_repurchase import Webshop
from tests.api.test_schedules import LINES, PASSPORT, fire, local, next_weekday
from tests.conftest import body

ORDER_LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


@pytest.fixture
def shop(client, optician):
    settings, _ = optician
    return Webshop(client, settings["id"], settings["webhook_secret"])


@pytest.fixture
def clock(monkeypatch):
    """``clock(instant)``: the order path's "now" (orders may not lie in the future)."""
    from chalicelib.services.orders import orders

    def set_to(instant: datetime) -> None:
        monkeypatch.setattr(orders, "_now", lambda: instant.astimezone(timezone.utc))

    return set_to


def new_customer(api, **contact) -> dict:
    contact = contact or {"mobile": "079 123 45 67", "preferred_channel": "sms"}
    customer = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", **contact}))
    passport = api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    assert passport.status_code == 201, passport.body
    customer["passport"] = body(passport)
    return customer


def remind(client, api, customer, on) -> datetime:
    """A repurchase reminder due ``on``, sent by the schedule at 10:00 that day; its ``sent_at``."""
    response = api.post(f"/customers/{customer['id']}/repurchase-reminders", {
        "passport_id": customer["passport"]["id"], "lines": LINES, "first_reminder_on": on.isoformat(),
        "cycle_days": 90})
    assert response.status_code == 201, response.body
    when = local(on, "10:00")
    assert fire(client, when) == 1
    [message] = [m for m in body(api.get(f"/customers/{customer['id']}/messages"))["items"]
                 if m["kind"] == "repurchase_reminder"]
    assert message["status"] == "sent" and message["sent_at"] >= when.isoformat()[:10]
    return datetime.fromisoformat(message["sent_at"])


def order(shop, customer, at: datetime, order_id: str, event_id: str | None = None):
    return shop.order({"event_id": event_id or f"evt-{order_id}", "order_id": order_id,
                       "customer_id": customer["id"], "ordered_at": at.isoformat(), "delivery": "home",
                       "lines": ORDER_LINES})


def report(api, first: str, last: str | None = None) -> dict:
    response = api.get(f"/reports/conversion?from={first}&to={last or first}")
    assert response.status_code == 200, response.body
    return body(response)


def kind_of(report_body: dict, kind: str) -> dict:
    return next(k for k in report_body["kinds"] if k["kind"] == kind)


def test_an_order_5_days_after_a_reminder_is_credited_and_counted_once(client, api, shop, clock):
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(1))
    month = sent_at.strftime("%Y-%m")
    placed_at = sent_at + timedelta(days=5, hours=2)
    clock(placed_at)

    first = order(shop, anna, placed_at, "5001")
    assert first.status_code == 201, first.body
    credited = body(first)["attribution"]
    assert credited["kind"] == "repurchase" and credited["channel"] == "sms" and credited["days_to_order"] == 5
    # the webhook delivered again, and the same order under a new event id: nothing counts twice
    assert order(shop, anna, placed_at, "5001").status_code == 200
    assert order(shop, anna, placed_at, "5001", event_id="evt-other").status_code == 200

    result = report(api, month, (sent_at + timedelta(days=40)).strftime("%Y-%m"))
    assert result["rows"] == [{"month": month, "kind": "repurchase", "channel": "sms", "sent": 1, "converted": 1,
                               "conversion_rate": 1.0, "sms_parts": 1, "sms_cost_chf": "0.12",
                               "cost_per_conversion_chf": "0.12"}]
    assert kind_of(result, "repurchase")["median_days_to_order"] == 5
    assert result["totals"]["sent"] == 1 and result["totals"]["converted"] == 1


def test_an_order_31_days_after_the_reminder_is_not_credited(client, api, shop, clock):
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(2))
    placed_at = sent_at + timedelta(days=30, seconds=1)
    clock(placed_at)
    placed = body(order(shop, anna, placed_at, "6001"))
    assert placed["attribution"] is None
    result = report(api, sent_at.strftime("%Y-%m"), placed_at.strftime("%Y-%m"))
    assert result["totals"]["sent"] == 1 and result["totals"]["converted"] == 0
    assert result["totals"]["conversion_rate"] == 0.0 and result["totals"]["cost_per_conversion_chf"] is None


def test_an_order_on_day_30_is_credited_and_the_median_covers_several_orders(client, api, shop, clock):
    anna, beat = new_customer(api), new_customer(api, mobile="079 765 43 21", preferred_channel="sms")
    day = next_weekday(3)
    sent_a = remind(client, api, anna, day)
    sent_b = remind(client, api, beat, day + timedelta(days=7))
    clock(sent_b + timedelta(days=30))
    assert body(order(shop, anna, sent_a + timedelta(days=30), "7001"))["attribution"]["days_to_order"] == 30
    assert body(order(shop, beat, sent_b + timedelta(days=2), "7002"))["attribution"]["days_to_order"] == 2
    assert body(order(shop, beat, sent_b + timedelta(days=6), "7003"))["attribution"]["days_to_order"] == 6
    result = report(api, sent_a.strftime("%Y-%m"), sent_b.strftime("%Y-%m"))
    repurchase = kind_of(result, "repurchase")
    assert repurchase["sent"] == 2 and repurchase["converted"] == 3 and repurchase["median_days_to_order"] == 6
    assert repurchase["conversion_rate"] == 1.5 and repurchase["cost_per_conversion_chf"] == "0.08"


def test_the_most_recent_reminder_wins_and_a_manual_login_counts_as_manual(client, api, shop, clock):
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(4))
    clock(sent_at + timedelta(days=3))
    # a login link sent by hand now (the wall clock: before the scheduled reminder) does not
    # come after the reminder, so the reminder stays the most recent one
    login = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})
    assert login.status_code == 201 and body(login)["status"] == "sent"
    placed = body(order(shop, anna, sent_at + timedelta(days=3), "8001"))
    assert placed["attribution"]["kind"] == "repurchase"
    # an order placed now (before the reminder went out) is credited to the login link
    back_office = api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "pickup",
                                                               "ordered_at": datetime.now(timezone.utc).isoformat()})
    assert back_office.status_code == 201, back_office.body
    assert body(back_office)["attribution"]["kind"] == "manual"
    manual = kind_of(report(api, body(login)["sent_at"][:7]), "manual")
    assert manual["sent"] == 1 and manual["converted"] == 1


def test_an_order_without_any_reminder_is_stored_without_attribution(api, shop):
    anna = new_customer(api)
    placed = order(shop, anna, datetime.now(timezone.utc), "9001")
    assert placed.status_code == 201 and body(placed)["attribution"] is None
    stored = body(api.get(f"/customers/{anna['id']}/orders"))["items"][0]
    assert stored["attribution"] is None


def test_firing_the_schedule_again_and_a_retried_manual_send_count_once(client, api):
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(1))
    fire(client, sent_at)  # the same run again: the occurrence was dealt with, nothing goes out twice
    assert report(api, sent_at.strftime("%Y-%m"))["totals"]["sent"] == 1
    headers = {"Idempotency-Key": "login-once"}
    first = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}, headers=headers)
    again = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}, headers=headers)
    assert body(first)["id"] == body(again)["id"]
    assert kind_of(report(api, body(first)["sent_at"][:7]), "manual")["sent"] == 1


def test_another_opticians_report_counts_nothing_of_this_one(client, api, new_optician):
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(2))
    _, other = new_optician(name="Lunetterie du Lac", sender_name="Lunetterie")
    result = body(other.get(f"/reports/conversion?from={sent_at:%Y-%m}&to={sent_at:%Y-%m}"))
    assert result["rows"] == [] and result["totals"]["sent"] == 0


@pytest.mark.parametrize("query, field", [("from=2026-13&to=2026-12", "from"), ("from=2026-01&to=2026", "to"),
                                          ("from=2026-05&to=2026-04", "from"), ("from=2024-01&to=2026-01", "to")])
def test_bad_ranges_are_422_naming_the_field(api, query, field):
    response = api.get(f"/reports/conversion?{query}")
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_the_default_range_is_the_last_12_months(api):
    result = body(api.get("/reports/conversion"))
    this_month = datetime.now(timezone.utc).strftime("%Y-%m")
    assert result["to"] in (this_month, (datetime.now(timezone.utc) + timedelta(days=1)).strftime("%Y-%m"))
    assert result["from"] < result["to"] and int(result["to"][:4]) * 12 + int(result["to"][5:]) - (
        int(result["from"][:4]) * 12 + int(result["from"][5:])) == 11
    assert [k["kind"] for k in result["kinds"]] == ["repurchase", "control", "subscription", "manual"]


def test_the_report_and_an_attributed_order_answer_as_documented(client, api, shop, clock):
    from tests.api.openapi_conformance import Conformance

    conformance = Conformance(body(client.http.get("/openapi.json")))
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(2))
    clock(sent_at + timedelta(days=1))
    placed = order(shop, anna, sent_at + timedelta(days=1), "9901")
    conformance.response("POST", "/webhooks/opt/orders", placed)
    listed = api.get(f"/customers/{anna['id']}/orders")
    conformance.response("GET", f"/customers/{anna['id']}/orders", listed)
    path = f"/reports/conversion?from={sent_at:%Y-%m}&to={sent_at:%Y-%m}"
    conformance.response("GET", path, api.get(path))
    conformance.response("GET", "/reports/conversion?from=x", api.get("/reports/conversion?from=x"))
