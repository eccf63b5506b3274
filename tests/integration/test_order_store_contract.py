"""The order store's contract (services/ports/orders.py) on emulated DynamoDB and in memory
(tests/fakes/orders.py), so unit tests on the fake say what the adapter does: an order only while its
customer exists, an external id only once, a subscription's order only while the subscription is as
read, status changes only at the version read. What only DynamoDB shows (the pointer's back-reference
and erasure) stays in test_order_store.py."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, Callable

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import Conflict
from chalicelib.domain.orders import Order, OrderLine
from chalicelib.domain.subscription import Subscription
from tests.fakes.orders import InMemoryOrders
from tests.fakes.subscriptions import InMemorySubscriptions

OID, CID = "opt_1", "cus_1"
LINE = OrderLine(product_id="dailies-total1", eye="both", pack_size=90, quantity=2)
SUBSCRIPTION = Subscription(id="sub_1", customer_id=CID, lines=(LINE,), interval_weeks=12,
                            next_order_on=date(2026, 12, 7), delivery="home", active=True)


def an_order(order_key: str = "ord_1", ref: str | None = "WEBSHOP_ORDER#100234", customer_id: str = CID) -> Order:
    return Order(id=order_key, customer_id=customer_id, order_id="100234" if ref else None, external_ref=ref,
                 source="webshop", status="placed", delivery="home", ordered_at="2026-11-02T09:15:00+00:00",
                 lines=(LINE,), passport_id="lp_1", history=({"status": "placed", "at": "2026-11-02T09:15:00+00:00"},))


@dataclass
class World:
    store: Any
    add_customer: Callable[[str], None]
    add_subscription: Callable[[Subscription, str], Subscription]  # with its pending occurrence
    cancel_subscription: Callable[[Subscription], None]


@pytest.fixture(params=["dynamodb", "memory"])
def world(request) -> World:
    if request.param == "memory":
        subscriptions = InMemorySubscriptions()
        fake = InMemoryOrders(subscriptions)

        def cancel(sub: Subscription) -> None:
            subscriptions.update(OID, CID, sub.id, {"active": False}, schedule=None, expected_version=sub.version)

        return World(fake, lambda cid: fake.customers.add((OID, cid)),
                     lambda sub, occurrence: subscriptions.create(OID, sub, occurrence, None), cancel)
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import customers, orders, subscriptions as stored_subscriptions

    def add_customer(customer_id: str) -> None:
        customers.create(OID, Customer(customer_id, "A", "B", mobile="+41791234567"))

    def cancel(sub: Subscription) -> None:
        stored_subscriptions.update(OID, CID, sub.id, {"active": False}, schedule=None, expected_version=sub.version)

    return World(orders, add_customer, lambda sub, occurrence: stored_subscriptions.create(OID, sub, occurrence, None),
                 cancel)


def test_an_order_for_a_customer_that_does_not_exist_is_refused(world):
    with pytest.raises(world.store.CustomerGone):
        world.store.create(OID, an_order())
    assert world.store.find_by_ref(OID, "WEBSHOP_ORDER#100234") is None and world.store.list_all(OID, CID) == []


def test_an_order_with_a_webshop_id_is_found_by_it(world):
    world.add_customer(CID)
    stored = world.store.create(OID, an_order())
    assert stored.lines[0].quantity == 2 and stored.version == 1
    assert stored.status == "placed" and stored.ordered_at == "2026-11-02T09:15:00+00:00"
    assert world.store.find_by_ref(OID, world.store.ref_sort_key("webshop", "100234")) == (CID, "ord_1")
    assert world.store.get(OID, CID, "ord_1") == stored
    assert world.store.list_all(OID, CID) == [stored]
    assert world.store.get(OID, CID, "ord_2") is None and world.store.find_by_ref("opt_2", "WEBSHOP_ORDER#100234") is None


def test_the_same_external_id_never_makes_a_second_order(world):
    world.add_customer(CID)
    world.add_customer("cus_2")
    world.store.create(OID, an_order())
    with pytest.raises(world.store.ReferenceTaken):
        world.store.create(OID, an_order("ord_2", customer_id="cus_2"))
    assert world.store.list_all(OID, "cus_2") == []  # nothing of it was written
    assert world.store.find_by_ref(OID, "WEBSHOP_ORDER#100234") == (CID, "ord_1")


def test_orders_without_external_id_need_no_pointer_and_are_listed_per_customer(world):
    world.add_customer(CID)
    world.add_customer("cus_2")
    world.store.create(OID, an_order("ord_1", ref=None))
    world.store.create(OID, an_order("ord_2", ref=None))
    world.store.create(OID, an_order("ord_3", ref=None, customer_id="cus_2"))
    assert sorted(o.id for o in world.store.list_all(OID, CID)) == ["ord_1", "ord_2"]


def test_a_subscriptions_order_is_placed_only_while_the_subscription_is_as_read(world):
    world.add_customer(CID)
    sub = world.add_subscription(SUBSCRIPTION, "order#2026-12-07")
    as_read = {"id": sub.id, "occurrence": "order#2026-12-07", "version": sub.version}
    ref = world.store.ref_sort_key("subscription", "sub_1-2026-12-07")
    with pytest.raises(world.store.SubscriptionChanged):  # another occurrence is pending
        world.store.create(OID, an_order("ord_0", ref=ref), subscription={**as_read, "occurrence": "order#2026-11-30"})
    with pytest.raises(world.store.SubscriptionChanged):  # another version
        world.store.create(OID, an_order("ord_0", ref=ref), subscription={**as_read, "version": sub.version + 1})
    placed = world.store.create(OID, an_order("ord_1", ref=ref), subscription=as_read)
    assert world.store.find_by_ref(OID, ref) == (CID, placed.id)
    world.cancel_subscription(sub)
    with pytest.raises(world.store.SubscriptionChanged):  # cancelled meanwhile
        world.store.create(OID, an_order("ord_2", ref=None), subscription={"id": sub.id})
    assert [o.id for o in world.store.list_all(OID, CID)] == ["ord_1"]


def test_a_status_write_on_a_stale_version_is_refused(world):
    world.add_customer(CID)
    world.store.create(OID, an_order())
    history = ({"status": "placed", "at": "x"}, {"status": "shipped", "at": "y"})
    shipped = world.store.update_status(OID, CID, "ord_1", status="shipped", history=history,
                                        tracking_url="https://t.example/1", expected_version=1)
    assert (shipped.status, shipped.tracking_url, shipped.history, shipped.version) == (
        "shipped", "https://t.example/1", history, 2)
    with pytest.raises(Conflict):
        world.store.update_status(OID, CID, "ord_1", status="cancelled", history=(), tracking_url=None,
                                  expected_version=1)
    kept = world.store.update_status(OID, CID, "ord_1", status="delivered", history=history, tracking_url=None,
                                     expected_version=2)
    assert kept.tracking_url == "https://t.example/1"  # no new URL: the old one stays
    assert world.store.get(OID, CID, "ord_1") == kept
