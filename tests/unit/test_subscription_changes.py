"""What a PATCH of a subscription changes (services/subscriptions/subscriptions.py), on the record alone:
skipping moves the order date by one interval, a new date or a skip remembers the date it moved away
from, a cancellation comes alone, only what differs is written. No store is read (the products come
from the catalogue)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from chalicelib.domain.orders import OrderLine
from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.subscription import Subscription
from chalicelib.schemas.subscriptions import SubscriptionPatch
from chalicelib.services import wiring
from chalicelib.services.subscriptions.subscriptions import _changes
from tests.fakes.products import InMemoryProducts

TODAY = date(2026, 5, 1)
LINE = OrderLine(product_id="biofinity", eye="both", pack_size=6, quantity=2)
CURRENT = Subscription(id="sub_1", customer_id="cus_1", lines=(LINE,), interval_weeks=4,
                       next_order_on=date(2026, 5, 8), delivery="home", active=True)


@pytest.fixture(autouse=True)
def no_own_products():
    with wiring.override(products=InMemoryProducts()):
        yield


def changes(given: SubscriptionPatch, current: Subscription = CURRENT):
    return _changes("opt_1", current, given, TODAY)


def test_skipping_moves_the_order_by_one_interval_and_remembers_the_skipped_date():
    assert changes(SubscriptionPatch(skip_next=True)) == (
        {"next_order_on": date(2026, 6, 5), "skipped_on": date(2026, 5, 8)}, date(2026, 5, 8))


def test_skipping_with_a_new_interval_moves_by_the_new_interval():
    moved, _ = changes(SubscriptionPatch(skip_next=True, interval_weeks=2))
    assert moved == {"interval_weeks": 2, "next_order_on": date(2026, 5, 22), "skipped_on": date(2026, 5, 8)}


def test_a_new_order_date_is_checked_and_remembers_the_old_one():
    assert changes(SubscriptionPatch(next_order_on=date(2026, 5, 20))) == (
        {"next_order_on": date(2026, 5, 20), "skipped_on": date(2026, 5, 8)}, date(2026, 5, 8))
    with pytest.raises(ValidationError) as refused:
        changes(SubscriptionPatch(next_order_on=date(2026, 4, 30)))
    assert refused.value.field == "next_order_on"


def test_only_what_differs_is_a_change():
    assert changes(SubscriptionPatch(interval_weeks=4, delivery="home", active=True)) == ({}, None)
    assert changes(SubscriptionPatch(delivery="pickup")) == ({"delivery": "pickup"}, None)


def test_nothing_to_change_is_refused():
    with pytest.raises(ValidationError) as refused:
        changes(SubscriptionPatch())
    assert (refused.value.field, refused.value.message) == ("active", "Nothing to change.")


def test_a_cancellation_comes_alone():
    assert changes(SubscriptionPatch(active=False)) == ({"active": False}, None)
    with pytest.raises(ValidationError) as refused:
        changes(SubscriptionPatch(active=False, interval_weeks=2))
    assert refused.value.field == "active"


def test_skip_and_a_new_date_together_are_refused():
    with pytest.raises(ValidationError) as refused:
        changes(SubscriptionPatch(skip_next=True, next_order_on=date(2026, 5, 20)))
    assert refused.value.field == "skip_next"


def test_a_cancelled_subscription_has_no_delivery_to_skip_unless_it_is_reactivated():
    cancelled = replace(CURRENT, active=False)
    with pytest.raises(Conflict) as refused:
        changes(SubscriptionPatch(skip_next=True), cancelled)
    assert refused.value.field == "skip_next"
    moved, _ = changes(SubscriptionPatch(skip_next=True, active=True), cancelled)
    assert moved["active"] is True and moved["next_order_on"] == date(2026, 6, 5)


def test_reactivating_after_the_order_date_needs_a_new_date():
    past = replace(CURRENT, active=False, next_order_on=date(2026, 4, 20))
    with pytest.raises(ValidationError) as refused:
        changes(SubscriptionPatch(active=True), past)
    assert refused.value.field == "next_order_on"
    assert changes(SubscriptionPatch(active=True, next_order_on=date(2026, 5, 15)), past)[0] == {
        "active": True, "next_order_on": date(2026, 5, 15), "skipped_on": date(2026, 4, 20)}


def test_new_lines_are_checked_against_the_products():
    from chalicelib.schemas.subscriptions import SubscriptionLine

    new = SubscriptionLine(product_id="biofinity", eye="right", pack_size=6, quantity=1)
    moved, _ = changes(SubscriptionPatch(lines=[new]))
    assert moved == {"lines": (OrderLine("biofinity", "right", 6, 1),)}
    unknown = SubscriptionLine(product_id="nope", eye="right", pack_size=6, quantity=1)
    with pytest.raises(ValidationError) as refused:
        changes(SubscriptionPatch(lines=[unknown]))
    assert refused.value.field == "lines[0].product_id"
