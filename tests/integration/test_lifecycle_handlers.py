"""The lifecycle handlers on the emulator: exactly-once orders, claims, stale occurrences."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from chalicelib.adapters.dynamo import occurrence_items
from chalicelib.api.bodies import decode
from chalicelib.schemas.subscriptions import SubscriptionInput, SubscriptionPatch
from chalicelib.services import wiring
from chalicelib.services.scheduling import coordination
from chalicelib.services.subscriptions import subscription_occurrences, subscriptions
from tests.integration.fixtures_messaging import gold, make_customer, make_optician, providers  # noqa: F401

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


@pytest.fixture
def subscribed(gold, make_customer, providers):
    """A customer with a subscription whose next order (in 30 days) is the pending occurrence."""
    customer = make_customer(gold)
    order_on = datetime.now(timezone.utc).date() + timedelta(days=30)
    created = subscriptions.create_subscription(gold.id, customer.id, decode({
        "lines": LINES, "interval_weeks": 4, "next_order_on": order_on.isoformat(), "delivery": "home"},
        SubscriptionInput))
    return gold, customer, created, order_on


def raw_item(optician, customer, subscription) -> dict:
    from chalicelib.adapters.dynamo import subscriptions as store

    return occurrence_items.get(*store.keys(optician.id, customer.id, subscription.id))


def orders_of(optician, customer) -> list:
    from chalicelib.services.orders.orders import list_orders

    return list_orders(optician.id, customer.id)


def test_an_order_day_processed_twice_places_one_order_and_moves_once(subscribed):
    optician, customer, subscription, order_on = subscribed
    item = raw_item(optician, customer, subscription)
    assert item["occurrence"] == f"preannouncement#{order_on}"
    # GIVEN the pre-announcement went out, the order occurrence is pending
    subscription_occurrences.advance(optician, item, datetime.now(timezone.utc))
    item = raw_item(optician, customer, subscription)
    assert item["occurrence"] == f"order#{order_on}"
    now = datetime.combine(order_on, datetime.min.time(), tzinfo=timezone.utc).replace(hour=8)
    # WHEN a worker places the order but crashes before moving on, and the occurrence is retried
    subscription_occurrences.place_order(optician, wiring.stores().subscriptions.from_raw(item), order_on, now)
    subscription_occurrences.advance(optician, item, now)
    # ... and a late duplicate of the same occurrence arrives with the old item
    subscription_occurrences.advance(optician, item, now)
    # THEN there is one order, and the next order date moved by one interval only
    assert len(orders_of(optician, customer)) == 1
    shown = subscriptions.get_subscription(optician.id, customer.id, subscription.id)
    assert shown.next_order_on == order_on + timedelta(weeks=4)
    assert raw_item(optician, customer, subscription)["occurrence"] == f"preannouncement#{order_on + timedelta(weeks=4)}"


def test_a_postponement_meanwhile_wins_over_a_stale_occurrence(subscribed):
    optician, customer, subscription, order_on = subscribed
    stale = raw_item(optician, customer, subscription)
    subscriptions.update_subscription(optician.id, customer.id, subscription.id,
                                      SubscriptionPatch(next_order_on=order_on + timedelta(days=10)))
    subscription_occurrences.advance(optician, stale, datetime.now(timezone.utc))
    item = raw_item(optician, customer, subscription)
    assert item["occurrence"] == f"preannouncement#{order_on + timedelta(days=10)}"


def test_a_cancelled_subscription_has_no_pending_occurrence(subscribed):
    optician, customer, subscription, _ = subscribed
    subscriptions.update_subscription(optician.id, customer.id, subscription.id, SubscriptionPatch(active=False))
    item = raw_item(optician, customer, subscription)
    assert "occurrence" not in item and "due_at" not in item and "due_shard" not in item
    assert subscriptions.has_active_subscription(optician.id, customer.id) is False


def test_has_active_subscription(subscribed, make_customer):
    optician, customer, _, _ = subscribed
    assert subscriptions.has_active_subscription(optician.id, customer.id) is True
    other = make_customer(optician)
    assert subscriptions.has_active_subscription(optician.id, other.id) is False


def test_a_daily_slot_belongs_to_the_first_claimant_and_again_to_it_on_retry(gold, make_customer):
    customer = make_customer(gold)
    on = date(2026, 5, 4)
    first = coordination.claim_daily(gold.id, customer.id, "control_reminder", on, "REMINDER#control#a#2026-05-04")
    second = coordination.claim_daily(gold.id, customer.id, "control_reminder", on, "REMINDER#control#b#2026-05-04")
    retry = coordination.claim_daily(gold.id, customer.id, "control_reminder", on, "REMINDER#control#a#2026-05-04")
    other_day = coordination.claim_daily(gold.id, customer.id, "control_reminder", on + timedelta(days=1),
                                         "REMINDER#control#b#2026-05-05")
    assert (first, second, retry, other_day) == (True, False, True, True)


def test_claims_are_erased_with_the_customer(gold, make_customer):
    from chalicelib.adapters.dynamo import coordination as claims
    from chalicelib.services.customers.customers import delete_customer

    customer = make_customer(gold)
    coordination.claim_daily(gold.id, customer.id, "control_reminder", date(2026, 5, 4), "x")
    delete_customer(gold.id, customer.id)
    assert claims.owner_of(gold.id, customer.id, "DAILY#control_reminder#2026-05-04") is None
