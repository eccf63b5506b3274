"""Orders entered in the back office: validation, status, the repurchase reminder they set, the reorder basket."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from tests.api.fixtures_repurchase import (  # noqa: F401 - fixtures
    DAILY_PASSPORT,
    MONTHLY_PASSPORT,
    ORDER_LINES,
    SPEC_LINES,
    customer,
    in_days,
    now_iso,
    passport,
    pinned_today,
    reminder_item,
    today,
)
from tests.conftest import body


def orders(customer) -> str:
    return f"/customers/{customer['id']}/orders"


def reminders(customer) -> str:
    return f"/customers/{customer['id']}/repurchase-reminders"


def order(**changes) -> dict:
    return {"lines": ORDER_LINES, "delivery": "home", **changes}


def test_an_order_is_stored_with_its_status_history(api, customer, passport):
    response = api.post(orders(customer), order(ordered_at="2026-11-02T10:15:00+01:00"))
    assert response.status_code == 201, response.body
    placed = body(response)
    assert placed["source"] == "backoffice" and placed["order_id"] is None and placed["status"] == "placed"
    assert placed["lines"] == ORDER_LINES and placed["delivery"] == "home"
    assert placed["ordered_at"] == "2026-11-02T09:15:00+00:00" and placed["passport_id"] == passport["id"]
    assert placed["status_history"] == [{"status": "placed", "at": "2026-11-02T09:15:00+00:00"}]
    assert body(api.get(f"{orders(customer)}/{placed['id']}")) == placed


def test_orders_are_listed_newest_first(api, customer, passport):
    older = body(api.post(orders(customer), order(ordered_at="2026-10-01T09:00:00+02:00")))
    newer = body(api.post(orders(customer), order(ordered_at="2026-11-01T09:00:00+01:00")))
    oldest = body(api.post(orders(customer), order(ordered_at="2026-09-01T09:00:00+02:00")))
    assert [o["id"] for o in body(api.get(orders(customer)))["items"]] == [newer["id"], older["id"], oldest["id"]]


def test_an_order_creates_the_repurchase_reminder(api, optician, customer, passport):
    # WHEN the optician enters an order of 1 × 90 per eye today
    placed = body(api.post(orders(customer), order()))
    # THEN the customer has a repurchase reminder: today + 90 − 14, every 90 days
    items = body(api.get(reminders(customer)))["items"]
    assert len(items) == 1
    reminder = items[0]
    assert reminder["source"] == "backoffice_order" and reminder["active"] is True
    assert reminder["next_reminder_on"] == in_days(76) and reminder["cycle_days"] == 90
    assert reminder["passport_id"] == passport["id"] and reminder["no_stock"] is False
    assert reminder["lines"] == SPEC_LINES and reminder["purchased_on"] == today().isoformat()
    assert placed["passport_id"] == passport["id"]
    assert reminder_item(optician[0]["id"], customer["id"], reminder["id"])["occurrence"] == in_days(76)


def test_an_order_reactivates_and_recomputes_keeping_usage(api, customer, passport, pinned_today):
    # GIVEN a manual reminder for reduced wearing, deactivated
    manual = body(api.post(reminders(customer), {"passport_id": passport["id"], "lines": SPEC_LINES,
                                                 "usage": "5_per_week", "no_stock": True}))
    api.patch(f"{reminders(customer)}/{manual['id']}", {"active": False})
    # WHEN an order comes in
    api.post(orders(customer), order(lines=[{**ORDER_LINES[0], "eye": "both", "quantity": 2}]))
    # THEN the same reminder is active again, re-computed from the order with its usage
    again = body(api.get(f"{reminders(customer)}/{manual['id']}"))
    assert again["active"] is True and again["usage"] == "5_per_week" and again["no_stock"] is False
    assert again["cycle_days"] == 117 and again["next_reminder_on"] == in_days(117 - 14)
    assert again["source"] == "backoffice_order" and again["lines"] == [{"eye": "both", "pack_size": 90, "quantity": 2}]


def test_an_older_order_entered_later_does_not_move_the_reminder_back(api, customer, passport):
    api.post(orders(customer), order())
    before = body(api.get(reminders(customer)))["items"][0]
    api.post(orders(customer), order(ordered_at=now_iso(days=-40)))
    assert body(api.get(reminders(customer)))["items"][0]["next_reminder_on"] == before["next_reminder_on"]


def test_an_order_for_a_new_prescription_supersedes_the_old_passports_reminder(api, customer, passport):
    old = body(api.post(reminders(customer), {"passport_id": passport["id"], "lines": SPEC_LINES}))
    monthly = body(api.post(f"/customers/{customer['id']}/lens-passports", {**MONTHLY_PASSPORT, "issued_on": in_days(0)}))
    api.post(orders(customer), order(lines=[{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]))
    by_passport = {r["passport_id"]: r for r in body(api.get(reminders(customer)))["items"]}
    assert by_passport[monthly["id"]]["active"] is True and by_passport[monthly["id"]]["cycle_days"] == 180
    assert by_passport[passport["id"]]["active"] is False and by_passport[passport["id"]]["id"] == old["id"]


def test_an_order_for_a_new_prescription_keeps_how_the_customer_wears_lenses(api, customer, passport, pinned_today):
    # GIVEN a customer who wears daily lenses 5 days a week, with a reminder for their passport
    api.post(reminders(customer), {"passport_id": passport["id"], "lines": SPEC_LINES, "usage": "5_per_week"})
    # AND a new prescription of the same daily lenses after the yearly check-up
    newer = body(api.post(f"/customers/{customer['id']}/lens-passports", {**DAILY_PASSPORT, "issued_on": in_days(0)}))
    # WHEN they order 1 × 90 per eye
    api.post(orders(customer), order())
    # THEN the new passport's reminder keeps the 5-days-a-week usage: 117 days, not 90
    by_passport = {r["passport_id"]: r for r in body(api.get(reminders(customer)))["items"]}
    assert by_passport[newer["id"]]["usage"] == "5_per_week" and by_passport[newer["id"]]["cycle_days"] == 117
    assert by_passport[newer["id"]]["next_reminder_on"] == in_days(117 - 14)


@pytest.mark.parametrize("change, field", [
    ({"lines": []}, "lines"),
    ({"lines": [{**ORDER_LINES[0], "product_id": "no-such-lens"}]}, "lines[0].product_id"),
    ({"lines": [ORDER_LINES[0], {**ORDER_LINES[1], "pack_size": 45}]}, "lines[1].pack_size"),
    ({"lines": [{**ORDER_LINES[0], "quantity": 0}]}, "lines[0].quantity"),
    ({"lines": [{**ORDER_LINES[0], "eye": "third"}]}, "lines[0].eye"),
    ({"lines": [{**ORDER_LINES[0], "price": 12}]}, "lines[0].price"),
    ({"lines": [{**ORDER_LINES[0], "product_id": "biofinity", "pack_size": 6}]}, "lines[0].product_id"),  # not the passport's
    ({"delivery": "drone"}, "delivery"),
    ({"delivery": None}, "delivery"),
    ({"ordered_at": "2026-11-02"}, "ordered_at"),
    ({"ordered_at": "2026-11-02T10:00:00"}, "ordered_at"),  # no offset
    ({"ordered_at": now_iso(days=3)}, "ordered_at"),
    ({"order_id": "100"}, "order_id"),
])
def test_bad_orders_are_422_naming_the_field(api, customer, passport, change, field):
    response = api.post(orders(customer), order(**change))
    assert response.status_code == 422, response.body
    assert body(response)["error"]["field"] == field
    assert body(api.get(orders(customer)))["items"] == []
    assert body(api.get(reminders(customer)))["items"] == []


def test_an_order_for_a_customer_without_passport_is_422(api, customer):
    response = api.post(orders(customer), order())
    assert response.status_code == 422 and body(response)["error"]["field"] == "lines"


def test_own_products_of_the_optician_can_be_ordered_but_not_another_opticians(api, new_optician, customer):
    own = body(api.post("/products", {"brand": "Hausmarke", "name": "Tageslinse", "replacement": "daily",
                                      "pack_sizes": [30]}))
    eye = {"product_id": own["id"], "base_curve": 8.6, "sphere": -1.0}
    api.post(f"/customers/{customer['id']}/lens-passports", {"right": eye, "left": eye, "issued_on": "2026-01-01"})
    line = {"product_id": own["id"], "eye": "both", "pack_size": 30, "quantity": 2}
    assert api.post(orders(customer), order(lines=[line])).status_code == 201
    _, other_api = new_optician(name="Optik Fremd")
    stranger = body(other_api.post("/customers", {"first_name": "C", "last_name": "D", "mobile": "079 111 22 33"}))
    refused = other_api.post(orders(stranger), order(lines=[line]))
    assert refused.status_code == 422 and body(refused)["error"]["field"] == "lines[0].product_id"


def test_home_delivery_is_shipped_with_a_tracking_url(api, customer, passport):
    placed = body(api.post(orders(customer), order()))
    one = f"{orders(customer)}/{placed['id']}"
    shipped = api.patch(one, {"status": "shipped", "tracking_url": "https://track.example/123"})
    assert shipped.status_code == 200, shipped.body
    result = body(shipped)
    assert result["status"] == "shipped" and result["tracking_url"] == "https://track.example/123"
    assert [h["status"] for h in result["status_history"]] == ["placed", "shipped"]
    assert result["status_history"][1]["tracking_url"] == "https://track.example/123"
    datetime.fromisoformat(result["status_history"][1]["at"])  # a timestamp with offset
    # the same status again changes nothing
    assert body(api.patch(one, {"status": "shipped"})) == result
    # a shipped order cannot be cancelled or offered for pickup
    for status in ("cancelled", "ready_for_pickup", "picked_up"):
        refused = api.patch(one, {"status": status})
        assert refused.status_code == 409 and body(refused)["error"]["field"] == "status"


def test_pickup_orders_are_ready_then_picked_up(api, customer, passport):
    placed = body(api.post(orders(customer), order(delivery="pickup")))
    one = f"{orders(customer)}/{placed['id']}"
    assert api.patch(one, {"status": "shipped"}).status_code == 409
    assert body(api.patch(one, {"status": "ready_for_pickup"}))["status"] == "ready_for_pickup"
    done = body(api.patch(one, {"status": "picked_up"}))
    assert [h["status"] for h in done["status_history"]] == ["placed", "ready_for_pickup", "picked_up"]
    assert api.patch(one, {"status": "ready_for_pickup"}).status_code == 409


def test_an_order_is_cancelled(api, customer, passport):
    placed = body(api.post(orders(customer), order(delivery="pickup")))
    one = f"{orders(customer)}/{placed['id']}"
    assert body(api.patch(one, {"status": "cancelled"}))["status"] == "cancelled"
    assert api.patch(one, {"status": "picked_up"}).status_code == 409


@pytest.mark.parametrize("change, field", [
    ({"status": "delivered"}, "status"),
    ({"status": "placed"}, "status"),
    ({}, "status"),
    ({"status": "cancelled", "tracking_url": "https://track.example/1"}, "tracking_url"),
    ({"status": "shipped", "tracking_url": "not a url"}, "tracking_url"),
    ({"status": "shipped", "note": "x"}, "note"),
])
def test_bad_status_changes_are_422(api, customer, passport, change, field):
    placed = body(api.post(orders(customer), order()))
    response = api.patch(f"{orders(customer)}/{placed['id']}", change)
    assert response.status_code == 422 and body(response)["error"]["field"] == field
    assert body(api.get(f"{orders(customer)}/{placed['id']}"))["status"] == "placed"


def test_another_opticians_staff_get_404(api, new_optician, customer, passport):
    placed = body(api.post(orders(customer), order()))
    _, intruder = new_optician(name="Optik Fremd")
    one = f"{orders(customer)}/{placed['id']}"
    assert intruder.get(orders(customer)).status_code == 404
    assert intruder.post(orders(customer), order()).status_code == 404
    assert intruder.get(one).status_code == 404
    assert intruder.patch(one, {"status": "shipped"}).status_code == 404
    assert intruder.get(f"/customers/{customer['id']}/reorder-basket").status_code == 404
    assert body(api.get(one))["status"] == "placed" and len(body(api.get(orders(customer)))["items"]) == 1


def test_unknown_order_is_404(api, customer):
    assert api.get(f"{orders(customer)}/ord_nope").status_code == 404
    assert api.patch(f"{orders(customer)}/ord_nope", {"status": "shipped"}).status_code == 404


def test_the_reorder_basket_follows_passport_and_last_order(api, customer):
    path = f"/customers/{customer['id']}/reorder-basket"
    assert body(api.get(path)) == {"lines": []}  # no passport yet
    api.post(f"/customers/{customer['id']}/lens-passports", DAILY_PASSPORT)
    fresh = body(api.get(path))["lines"]
    assert [(l["eye"], l["pack_size"], l["quantity"]) for l in fresh] == [("right", 90, 1), ("left", 90, 1)]
    assert all(l["product_name"] == "Dailies Total1" and l["product_id"] == "dailies-total1" for l in fresh)
    api.post(orders(customer), order(lines=[{"product_id": "dailies-total1", "eye": "both", "pack_size": 30,
                                             "quantity": 4}]))
    assert body(api.get(path))["lines"] == [{"product_id": "dailies-total1", "eye": "both", "pack_size": 30,
                                             "quantity": 4, "product_name": "Dailies Total1", "brand": "Alcon"}]


def test_the_order_service_is_idempotent_for_external_ids(api, optician, customer, passport):
    # The subscription area places its orders with a derived id: a retry finds the same order.
    from chalicelib.services.orders.orders import place_order

    oid = optician[0]["id"]
    first = place_order(oid, customer["id"], lines=ORDER_LINES, delivery="home", source="subscription",
                        ordered_at=datetime.now(timezone.utc), order_id="sub-sub_1-2026-12-01")
    again = place_order(oid, customer["id"], lines=ORDER_LINES, delivery="home", source="subscription",
                        ordered_at=datetime.now(timezone.utc), order_id="sub-sub_1-2026-12-01")
    assert again == first and first.source == "subscription" and first.order_id is None
    assert len(body(api.get(orders(customer)))["items"]) == 1
    assert body(api.get(reminders(customer)))["items"][0]["source"] == "subscription_order"
