"""Order messages: confirmation when placed, shipping confirmation (home) and pickup invitation
(pickup) when the status changes — each once per order and status, through the one send path."""
from __future__ import annotations

import uuid

from tests.api.fixtures_messaging import moto_sms, signed_post
from tests.api.fixtures_repurchase import DAILY_PASSPORT, ORDER_LINES, now_iso
from tests.conftest import body

TRACKING = "https://service.post.ch/ekp-web/ui/entry/search/99.00.123456.12345678"


def customer_with_passport(api) -> dict:
    customer = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67",
                                            "preferred_channel": "sms"}))
    assert api.post(f"/customers/{customer['id']}/lens-passports", DAILY_PASSPORT).status_code == 201
    return customer


def messages(api, customer, kind=None) -> list[dict]:
    query = f"?kind={kind}" if kind else ""
    return body(api.get(f"/customers/{customer['id']}/messages{query}"))["items"]


def test_a_back_office_order_is_confirmed_once(api):
    anna = customer_with_passport(api)

    order = body(api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"}))

    [confirmation] = messages(api, anna)
    assert confirmation["kind"] == "order_confirmation" and confirmation["status"] == "sent"
    assert confirmation["trigger"] == "automatic" and confirmation["topic"] == "orders"
    assert confirmation["text"].startswith("Hallo Anna")
    assert "vielen Dank für Ihre Bestellung" in confirmation["text"] and order["status"] == "placed"
    assert len(moto_sms()) == 1


def test_shipping_a_home_delivery_sends_the_tracking_link_once(api):
    anna = customer_with_passport(api)
    order = body(api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"}))

    api.patch(f"/customers/{anna['id']}/orders/{order['id']}", {"status": "shipped", "tracking_url": TRACKING})
    api.patch(f"/customers/{anna['id']}/orders/{order['id']}", {"status": "shipped", "tracking_url": TRACKING})

    [shipping] = messages(api, anna, "shipping_confirmation")
    assert TRACKING in shipping["text"] and shipping["status"] == "sent"
    assert [m["kind"] for m in messages(api, anna)] == ["shipping_confirmation", "order_confirmation"]


def test_a_pickup_order_ready_in_the_shop_sends_the_invitation_with_the_address(api):
    anna = customer_with_passport(api)
    order = body(api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "pickup"}))

    api.patch(f"/customers/{anna['id']}/orders/{order['id']}", {"status": "ready_for_pickup"})
    api.patch(f"/customers/{anna['id']}/orders/{order['id']}", {"status": "picked_up"})

    [invitation] = messages(api, anna, "pickup_invitation")
    assert "Bahnhofstrasse 1" in invitation["text"]
    assert [m["kind"] for m in messages(api, anna)] == ["pickup_invitation", "order_confirmation"]


def test_a_webshop_order_delivered_twice_is_confirmed_once(api, optician):
    settings, _ = optician
    anna = customer_with_passport(api)
    event = {"event_id": str(uuid.uuid4()), "order_id": "WS-10042", "customer_id": anna["id"],
             "ordered_at": now_iso(), "delivery": "home", "lines": ORDER_LINES}

    first = signed_post(api, f"/webhooks/{settings['id']}/orders", event, settings["webhook_secret"])
    again = signed_post(api, f"/webhooks/{settings['id']}/orders", {**event, "event_id": str(uuid.uuid4())},
                        settings["webhook_secret"])

    assert first.status_code in (200, 201) and again.status_code in (200, 201)
    [confirmation] = messages(api, anna, "order_confirmation")
    assert "WS-10042" in confirmation["text"]
    assert len(moto_sms()) == 1


def test_the_orders_topic_switched_off_records_the_confirmation_skipped(api):
    anna = customer_with_passport(api)
    api.put(f"/customers/{anna['id']}/preferences", {"topics": {"orders": False}})

    api.post(f"/customers/{anna['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"})

    [skipped] = messages(api, anna)
    assert skipped["kind"] == "order_confirmation" and skipped["status"] == "skipped"
    assert moto_sms() == []
