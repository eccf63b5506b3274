"""The webshop's signed order webhooks: authentication, processing once, the reminder they set."""
from __future__ import annotations

import json
import threading
import time
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from chalicelib.domain.signature import sign
from tests.api.fixtures_repurchase import (  # noqa: F401 - fixtures
    ORDER_LINES,
    customer,
    in_days,
    now_iso,
    order_event,
    passport,
    webshop,
)
from tests.conftest import body


def orders_of(api, customer) -> list[dict]:
    return body(api.get(f"/customers/{customer['id']}/orders"))["items"]


def reminders_of(api, customer) -> list[dict]:
    return body(api.get(f"/customers/{customer['id']}/repurchase-reminders"))["items"]


def test_a_signed_webshop_order_creates_then_a_second_order_recomputes_the_reminder(api, webshop, customer, passport):
    # WHEN the webshop reports an order of 1 × 90 per eye, placed 30 days ago
    first = webshop.order(order_event(customer["id"], event_id="evt-a", order_id="100234",
                                      ordered_at=now_iso(days=-30)))
    assert first.status_code == 201, first.body
    placed = body(first)
    assert placed["order_id"] == "100234" and placed["source"] == "webshop" and placed["status"] == "placed"
    # THEN the customer's reminder exists: order day + 90 − 14
    reminder = reminders_of(api, customer)[0]
    assert reminder["source"] == "webshop_order" and reminder["next_reminder_on"] == in_days(-30 + 76)
    assert reminder["cycle_days"] == 90

    # WHEN a second order of 2 × 90 per eye comes in today
    lines = [{**line, "quantity": 2} for line in ORDER_LINES]
    second = webshop.order(order_event(customer["id"], event_id="evt-b", order_id="100299", lines=lines))
    assert second.status_code == 201, second.body
    # THEN the same reminder is re-computed from it
    [again] = reminders_of(api, customer)
    assert again["id"] == reminder["id"] and again["cycle_days"] == 180
    assert again["next_reminder_on"] == in_days(180 - 14) and again["source"] == "webshop_order"
    assert [o["order_id"] for o in orders_of(api, customer)] == ["100299", "100234"]


def test_the_webshop_order_is_visible_to_the_optician(api, webshop, customer, passport):
    placed = body(webshop.order(order_event(customer["id"], delivery="pickup")))
    assert body(api.get(f"/customers/{customer['id']}/orders/{placed['id']}")) == placed
    assert placed["lines"] == ORDER_LINES and placed["delivery"] == "pickup"


@pytest.mark.parametrize("how", ["bad_signature", "wrong_secret", "stale", "future", "missing", "garbled",
                                 "unknown_optician", "tampered_body"])
def test_webhook_refusals_are_all_the_same_401(webshop, api, customer, passport, how):
    payload = order_event(customer["id"])
    kwargs = {
        "bad_signature": {"signature": f"t={int(time.time())},v1={'0' * 64}"},
        "wrong_secret": {"secret": "whsec_not-the-one"},
        "stale": {"timestamp": int(time.time()) - 301},
        "future": {"timestamp": int(time.time()) + 301},
        "missing": {"signature": ""},
        "garbled": {"signature": "v1=abc,t=notanumber"},
        "unknown_optician": {"optician_id": "opt_doesnotexist"},
        "tampered_body": {},
    }[how]
    if how == "tampered_body":
        signed_for = order_event(customer["id"], order_id="1")
        kwargs = {"signature": sign(webshop.secret, json.dumps(signed_for).encode(), int(time.time()))}
    response = webshop.order(payload, **kwargs)
    assert response.status_code == 401
    assert body(response)["error"] == {"code": "unauthorized",
                                       "message": "The request signature is missing, invalid or expired."}
    assert orders_of(api, customer) == []


def test_a_signature_within_300_seconds_is_accepted(webshop, customer, passport):
    assert webshop.order(order_event(customer["id"]), timestamp=int(time.time()) - 290).status_code == 201


def test_the_old_secret_stops_working_after_rotation(api, webshop, customer, passport):
    rotated = body(api.post("/settings/webhook-secret"))["webhook_secret"]
    assert webshop.order(order_event(customer["id"], event_id="e1")).status_code == 401
    assert webshop.order(order_event(customer["id"], event_id="e1"), secret=rotated).status_code == 201


def test_a_replayed_event_answers_the_same_and_changes_nothing(api, webshop, customer, passport):
    event = order_event(customer["id"], event_id="evt-replay")
    first = webshop.order(event)
    assert first.status_code == 201
    reminder = reminders_of(api, customer)[0]
    # WHEN the webshop delivers the same event again (freshly signed, as a retry would be)
    replay = webshop.order(event)
    # THEN 200 with the same result, and no second order
    assert replay.status_code == 200 and body(replay) == body(first)
    assert len(orders_of(api, customer)) == 1
    assert reminders_of(api, customer) == [reminder]


def test_the_same_order_id_with_a_new_event_makes_no_second_order(api, webshop, customer, passport):
    ordered_at = now_iso()
    first = body(webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234", ordered_at=ordered_at)))
    again = webshop.order(order_event(customer["id"], event_id="evt-2", order_id="100234", ordered_at=ordered_at))
    assert again.status_code == 200 and body(again)["id"] == first["id"]
    assert len(orders_of(api, customer)) == 1


def test_the_same_order_written_differently_is_the_same_order(api, webshop, customer, passport):
    # GIVEN an order with two lines, placed at 09:30 UTC
    lines = [{**ORDER_LINES[0], "quantity": 1}, {**ORDER_LINES[0], "quantity": 2}]
    instant = datetime.now(timezone.utc).replace(microsecond=0) - timedelta(hours=1)
    first = body(webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234",
                                           ordered_at=instant.isoformat(), lines=lines)))
    # WHEN the webshop sends it again: lines in another order, the time with the Zurich offset
    again = webshop.order(order_event(customer["id"], event_id="evt-2", order_id="100234", lines=lines[::-1],
                                      ordered_at=instant.astimezone(ZoneInfo("Europe/Zurich")).isoformat()))
    # THEN it is the order placed before
    assert again.status_code == 200 and body(again)["id"] == first["id"]


@pytest.mark.parametrize("change", [
    {"delivery": "pickup"},
    {"lines": [{**ORDER_LINES[0], "quantity": 5}]},
    {"ordered_at": "2026-01-02T10:00:00+01:00"},
])
def test_another_order_under_a_known_order_id_is_409_not_silently_dropped(api, webshop, customer, passport, change):
    # GIVEN order 100234 was placed
    ordered_at = now_iso(hours=-1)
    placed = body(webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234",
                                            ordered_at=ordered_at)))
    # WHEN a new event brings a different, valid order under the same order_id
    response = webshop.order({**order_event(customer["id"], event_id="evt-2", order_id="100234",
                                            ordered_at=ordered_at), **change})
    # THEN 409 naming order_id; the stored order is unchanged
    assert response.status_code == 409, response.body
    assert body(response)["error"]["field"] == "order_id"
    assert [o | {"history": None} for o in orders_of(api, customer)] == [placed | {"history": None}]
    # AND the event is not used up: once right, it is the order placed before
    retry = webshop.order(order_event(customer["id"], event_id="evt-2", order_id="100234", ordered_at=ordered_at))
    assert retry.status_code == 200 and body(retry)["id"] == placed["id"]


@pytest.mark.parametrize("change, field", [
    ({"lines": [{**ORDER_LINES[0], "pack_size": 31}]}, "lines[0].pack_size"),
    ({"lines": []}, "lines"),
    ({"delivery": "mail"}, "delivery"),
    ({"ordered_at": "yesterday"}, "ordered_at"),
    ({"customer_id": 5}, "customer_id"),
])
@pytest.mark.parametrize("event_id", ["evt-1", "evt-2"])
def test_a_malformed_body_under_ids_seen_before_is_422(api, webshop, customer, passport, change, field, event_id):
    # GIVEN event evt-1 placed order 100234
    first = webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234"))
    assert first.status_code == 201
    # WHEN a malformed body comes under the same order_id, with the same event_id or a new one
    response = webshop.order({**order_event(customer["id"], event_id=event_id, order_id="100234"), **change})
    # THEN it is refused naming the field, not answered with the stored order (200) or as a reused id
    assert response.status_code == 422, response.body
    assert body(response)["error"]["field"] == field
    assert len(orders_of(api, customer)) == 1


def test_a_malformed_status_event_under_an_event_id_seen_before_is_422(api, webshop, customer, passport):
    webshop.order(order_event(customer["id"], order_id="W-55", delivery="home"))
    assert webshop.status("W-55", {"event_id": "evt-s", "status": "shipped"}).status_code == 200

    for bad, field in (({"status": "lost"}, "status"), ({"status": "shipped", "tracking_url": "x"}, "tracking_url")):
        response = webshop.status("W-55", {"event_id": "evt-s", **bad})
        assert response.status_code == 422 and body(response)["error"]["field"] == field, response.body


def test_an_order_id_of_another_customer_is_409(api, webshop, customer, passport):
    webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234"))
    other = body(api.post("/customers", {"first_name": "Beat", "last_name": "Bühler", "mobile": "079 765 43 21"}))
    response = webshop.order(order_event(other["id"], event_id="evt-2", order_id="100234"))
    assert response.status_code == 409 and body(response)["error"]["field"] == "order_id"


def test_an_event_id_reused_for_another_request_is_409(api, webshop, customer, passport):
    webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234"))
    response = webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100999"))
    assert response.status_code == 409 and body(response)["error"]["field"] == "event_id"
    assert len(orders_of(api, customer)) == 1


def test_two_racing_deliveries_of_one_event_make_one_order(api, optician, customer, passport, monkeypatch):
    # GIVEN the first delivery is held inside order placement while the second one arrives
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.orders import WebhookOrder
    from chalicelib.services.orders import orders
    from chalicelib.services.webshop import webhooks

    real_place = orders.place
    inside, release = threading.Event(), threading.Event()

    def held_place(*args, **kwargs):
        if not inside.is_set():
            inside.set()
            assert release.wait(10)
        return real_place(*args, **kwargs)

    monkeypatch.setattr(orders, "place", held_place)
    monkeypatch.setattr(webhooks, "WAIT_SECONDS", 60.0)  # a slow test machine must not turn the wait into a 409
    optician_id = optician[0]["id"]
    event = order_event(customer["id"], event_id="evt-race")
    answers: dict[str, tuple] = {}

    def deliver(name: str) -> None:
        answers[name] = webhooks.order_event(optician_id, dict(event), decode(event, WebhookOrder))

    first = threading.Thread(target=deliver, args=("first",))
    first.start()
    assert inside.wait(10)
    second = threading.Thread(target=deliver, args=("second",))
    second.start()
    time.sleep(0.5)  # the second delivery finds the event pending and waits for its answer
    release.set()
    first.join(20)
    second.join(20)
    # THEN both answer the same order, and there is one
    assert answers["first"][0] == 201 and answers["second"][0] == 200
    assert answers["first"][1] == answers["second"][1]
    assert len(orders_of(api, customer)) == 1


def test_a_delivery_racing_past_the_order_id_check_gets_the_existing_order(api, optician, webshop, customer, passport,
                                                                          monkeypatch):
    # GIVEN a second event for the same order whose look-up ran before the first one's write
    from chalicelib.services.orders import orders

    first = body(webshop.order(order_event(customer["id"], event_id="evt-1", order_id="100234")))
    real_existing = orders._existing
    calls = []

    def missed_once(*args):
        calls.append(args)
        return None if len(calls) == 1 else real_existing(*args)

    monkeypatch.setattr(orders, "_existing", missed_once)
    # WHEN it is processed, the pointer's conditional write fails
    again = webshop.order(order_event(customer["id"], event_id="evt-2", order_id="100234"))
    # THEN it answers the existing order instead of making a second one
    assert again.status_code == 200 and body(again)["id"] == first["id"]
    assert len(orders_of(api, customer)) == 1


@pytest.mark.parametrize("change, field", [
    ({"customer_id": "cus_unknown"}, "customer_id"),
    ({"customer_id": None}, "customer_id"),
    ({"event_id": None}, "event_id"),
    ({"event_id": ""}, "event_id"),
    ({"order_id": None}, "order_id"),
    ({"order_id": 17}, "order_id"),
    ({"ordered_at": None}, "ordered_at"),
    ({"ordered_at": "yesterday"}, "ordered_at"),
    ({"delivery": "mail"}, "delivery"),
    ({"lines": [{**ORDER_LINES[0], "pack_size": 31}]}, "lines[0].pack_size"),
    ({"lines": "x"}, "lines"),
])
def test_bad_webhook_orders_are_422_naming_the_field(api, webshop, customer, passport, change, field):
    response = webshop.order({**order_event(customer["id"]), **change})
    assert response.status_code == 422, response.body
    assert body(response)["error"]["field"] == field
    assert orders_of(api, customer) == []


def test_a_refused_event_can_be_delivered_again_once_it_is_valid(api, webshop, customer, passport):
    # GIVEN the webshop sent an order with a pack size the product is not sold in (refused, nothing done)
    bad = {**order_event(customer["id"], event_id="evt-1"), "lines": [{**ORDER_LINES[0], "pack_size": 31}]}
    assert webshop.order(bad).status_code == 422
    # THEN the event id was not used up
    assert webshop.order(order_event(customer["id"], event_id="evt-1")).status_code == 201


def test_a_webshop_order_the_lens_passport_does_not_cover_stands_and_is_confirmed(api, webshop, customer):
    # GIVEN a customer without a lens passport (or wearing other lenses)
    # WHEN the webshop reports what it has sold
    response = webshop.order(order_event(customer["id"], event_id="evt-np", order_id="100777"))
    # THEN the order is recorded and confirmed to the customer; only no repurchase reminder can follow from it
    assert response.status_code == 201, response.body
    placed = body(response)
    assert placed["order_id"] == "100777" and placed["passport_id"] is None
    assert [o["id"] for o in orders_of(api, customer)] == [placed["id"]]
    assert reminders_of(api, customer) == []
    history = body(api.get(f"/customers/{customer['id']}/messages"))["items"]
    assert [(m["kind"], m["status"]) for m in history] == [("order_confirmation", "sent")]


def test_an_order_the_optician_enters_must_match_the_lens_passport(api, customer):
    response = api.post(f"/customers/{customer['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"})
    assert response.status_code == 422 and body(response)["error"]["field"] == "lines"


def test_a_customer_of_another_optician_is_unknown(api, new_optician, webshop, customer, passport):
    _, other_api = new_optician(name="Optik Fremd")
    stranger = body(other_api.post("/customers", {"first_name": "C", "last_name": "D", "mobile": "079 111 22 33"}))
    response = webshop.order(order_event(stranger["id"]))
    assert response.status_code == 422 and body(response)["error"]["field"] == "customer_id"


def test_a_malformed_body_with_a_valid_signature_is_400(webshop):
    assert webshop.order(b"{not json").status_code == 400
    assert webshop.order(b"[1, 2]").status_code == 400


def test_the_status_webhook_moves_the_order_found_by_the_webshops_id(api, webshop, customer, passport):
    placed = body(webshop.order(order_event(customer["id"], order_id="W-77", delivery="home")))
    shipped = webshop.status("W-77", {"event_id": "evt-s1", "status": "shipped",
                                      "tracking_url": "https://track.example/W-77"})
    assert shipped.status_code == 200, shipped.body
    result = body(shipped)
    assert result["id"] == placed["id"] and result["status"] == "shipped"
    assert result["tracking_url"] == "https://track.example/W-77"
    assert body(api.get(f"/customers/{customer['id']}/orders/{placed['id']}"))["status"] == "shipped"
    # a replay answers the same
    replay = webshop.status("W-77", {"event_id": "evt-s1", "status": "shipped",
                                     "tracking_url": "https://track.example/W-77"})
    assert replay.status_code == 200 and body(replay) == result


def test_a_replayed_status_event_after_a_later_one_changes_nothing(api, webshop, customer, passport):
    placed = body(webshop.order(order_event(customer["id"], order_id="W-88", delivery="pickup")))
    ready = body(webshop.status("W-88", {"event_id": "evt-r", "status": "ready_for_pickup"}))
    assert body(webshop.status("W-88", {"event_id": "evt-p", "status": "picked_up"}))["status"] == "picked_up"
    # WHEN the "ready" event is delivered again
    replay = webshop.status("W-88", {"event_id": "evt-r", "status": "ready_for_pickup"})
    # THEN it answers what it answered then, and the order stays picked up
    assert replay.status_code == 200 and body(replay) == ready
    assert body(api.get(f"/customers/{customer['id']}/orders/{placed['id']}"))["status"] == "picked_up"


def test_status_webhook_refusals(api, webshop, customer, passport):
    webshop.order(order_event(customer["id"], order_id="W-99", delivery="home"))
    assert webshop.status("W-99", {"event_id": "e1", "status": "shipped"}, secret="whsec_wrong").status_code == 401
    unknown = webshop.status("W-404", {"event_id": "e2", "status": "shipped"})
    assert unknown.status_code == 404 and body(unknown)["error"]["field"] == "order_id"
    wrong = webshop.status("W-99", {"event_id": "e3", "status": "ready_for_pickup"})
    assert wrong.status_code == 409 and body(wrong)["error"]["field"] == "status"
    bad = webshop.status("W-99", {"event_id": "e4", "status": "lost"})
    assert bad.status_code == 422 and body(bad)["error"]["field"] == "status"
    assert orders_of(api, customer)[0]["status"] == "placed"
