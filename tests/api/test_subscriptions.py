"""Order subscriptions (Bestell-Abo) through the back-office API: setup, change, skip, cancel."""
import pytest

from tests.api.fixtures_lifecycles import customer, day, sent  # noqa: F401 - fixtures
from tests.conftest import body

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


def subscribe(api, customer, **overrides):
    payload = {"lines": LINES, "interval_weeks": 12, "next_order_on": day(84), "delivery": "home", **overrides}
    return api.post(f"/customers/{customer['id']}/subscriptions", payload)


def test_a_subscription_is_set_up_and_confirmed_at_once(api, customer, sent):
    response = subscribe(api, customer)
    assert response.status_code == 201
    subscription = body(response)
    assert subscription["lines"] == LINES
    assert (subscription["interval_weeks"], subscription["next_order_on"]) == (12, day(84))
    assert subscription["delivery"] == "home" and subscription["active"] is True
    assert subscription["skipped_on"] is None
    # THEN the customer is told at once, with the product names and the next order date
    assert [c["kind"] for c in sent] == ["subscription_confirmation"]
    assert sent[0]["key"] == f"subscription_confirmation#{subscription['id']}"
    data = sent[0]["data"]["subscription"]
    assert data["next_order_on"] == day(84) and data["lines"][0]["product_name"] == "Biofinity"
    path = f"/customers/{customer['id']}/subscriptions"
    assert body(api.get(path))["items"] == [subscription]
    assert body(api.get(f"{path}/{subscription['id']}")) == subscription


@pytest.mark.parametrize("change, field", [
    ({"lines": []}, "lines"),
    ({"lines": [{**LINES[0], "product_id": "no-such-lens"}]}, "lines[0].product_id"),
    ({"lines": [{**LINES[0], "pack_size": 30}]}, "lines[0].pack_size"),
    ({"lines": [{**LINES[0], "eye": "middle"}]}, "lines[0].eye"),
    ({"lines": [{**LINES[0], "quantity": 0}]}, "lines[0].quantity"),
    ({"interval_weeks": 0}, "interval_weeks"),
    ({"interval_weeks": "12"}, "interval_weeks"),
    ({"next_order_on": day(-1)}, "next_order_on"),
    ({"next_order_on": "01.05.2026"}, "next_order_on"),
    ({"delivery": "drone"}, "delivery"),
    ({"active": False}, "active"),
])
def test_bad_subscriptions_are_422_naming_the_field(api, customer, sent, change, field):
    response = subscribe(api, customer, **change)
    assert response.status_code == 422, response.body
    assert body(response)["error"]["field"] == field
    assert sent == []


def test_postponing_the_next_order_is_confirmed_with_both_dates(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    changed = body(api.patch(path, {"next_order_on": day(91)}))
    assert changed["next_order_on"] == day(91) and changed["skipped_on"] == day(84)
    assert sent[-1]["kind"] == "subscription_changed"
    assert sent[-1]["data"]["subscription"]["next_order_on"] == day(91)
    assert sent[-1]["data"]["subscription"]["skipped_on"] == day(84)


def test_skipping_one_delivery_moves_the_order_by_one_interval(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    skipped = body(api.patch(path, {"skip_next": True}))
    assert skipped["next_order_on"] == day(168) and skipped["skipped_on"] == day(84)
    assert sent[-1]["kind"] == "subscription_changed"
    assert sent[-1]["data"]["subscription"]["skipped_on"] == day(84)


def test_a_changed_subscription_is_confirmed_without_a_moved_date(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    changed = body(api.patch(path, {"delivery": "pickup", "interval_weeks": 8}))
    assert (changed["delivery"], changed["interval_weeks"], changed["next_order_on"]) == ("pickup", 8, day(84))
    assert sent[-1]["kind"] == "subscription_changed"
    assert sent[-1]["data"]["subscription"]["skipped_on"] is None
    # a PATCH that changes nothing sends nothing
    api.patch(path, {"delivery": "pickup"})
    assert len(sent) == 2


def test_cancelling_is_confirmed_and_cancelling_again_is_silent(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    cancelled = body(api.patch(path, {"active": False}))
    assert cancelled["active"] is False
    assert sent[-1]["kind"] == "subscription_cancelled"
    api.patch(path, {"active": False})
    assert len(sent) == 2
    # a cancelled subscription has no delivery to skip
    assert api.patch(path, {"skip_next": True}).status_code == 409


def test_a_cancelled_subscription_can_be_set_up_again(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    api.patch(path, {"active": False})
    again = body(api.patch(path, {"active": True, "next_order_on": day(30)}))
    assert again["active"] is True and again["next_order_on"] == day(30)
    assert sent[-1]["kind"] == "subscription_confirmation"


def test_cancel_goes_alone(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    response = api.patch(path, {"active": False, "delivery": "pickup"})
    assert response.status_code == 422 and body(response)["error"]["field"] == "active"


def test_deleting_an_active_subscription_tells_the_customer(api, customer, sent):
    subscription = body(subscribe(api, customer))
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404
    assert sent[-1]["kind"] == "subscription_cancelled"


def test_another_opticians_subscription_is_404(api, customer, sent, new_optician):
    subscription = body(subscribe(api, customer))
    _, other = new_optician()
    path = f"/customers/{customer['id']}/subscriptions/{subscription['id']}"
    assert other.get(path).status_code == 404
    assert other.patch(path, {"active": False}).status_code == 404
    assert other.delete(path).status_code == 404
    assert api.get(path).status_code == 200
