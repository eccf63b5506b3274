"""The customer partition's contract (services/ports/customer_partition.py) on emulated DynamoDB and in
memory (tests/fakes/customer_partition.py): one read gives the customer's orders, passports, reminders
(the scheduler's plain items) and subscriptions, each in sort-key order, and nothing of anyone else."""
from __future__ import annotations

from datetime import date
from typing import Any, Callable

import pytest

from chalicelib.domain.customer import Customer
from chalicelib.domain.orders import Order, OrderLine
from chalicelib.domain.passport import LensPassport
from chalicelib.domain.subscription import Subscription
from tests.fakes.customer_partition import InMemoryCustomerPartition, reminder_item

OID, CID = "opt_1", "cus_1"
LINE = OrderLine(product_id="dailies-total1", eye="both", pack_size=90, quantity=2)


def order(order_key: str, customer_id: str = CID, ref: str | None = None) -> Order:
    return Order(id=order_key, customer_id=customer_id, source="webshop", status="placed", delivery="home",
                 lines=(LINE,), ordered_at="2026-11-02T09:15:00+00:00", external_ref=ref,
                 order_id=ref.split("#", 1)[1] if ref else None, history=({"status": "placed", "at": "x"},))


def subscription(subscription_id: str, customer_id: str = CID) -> Subscription:
    return Subscription(id=subscription_id, customer_id=customer_id, lines=(LINE,), interval_weeks=12,
                        next_order_on=date(2026, 12, 7), delivery="home", active=True)


# (customer_id, orders, passports, reminders as (kind, id, occurrence, active), subscriptions)
Records = tuple[str, list[Order], list[LensPassport], list[tuple[str, str, str | None, bool]], list[Subscription]]


@pytest.fixture(params=["dynamodb", "memory"])
def world(request) -> tuple[Any, Callable[..., None]]:
    """(store, add): ``add`` stores a customer's records as their own stores write them."""
    if request.param == "memory":
        fake = InMemoryCustomerPartition()

        def add_in_memory(customer_id, orders, passports, reminders, subscriptions) -> None:
            fake.add(OID, customer_id, orders=tuple(orders), passports=tuple(passports), subscriptions=tuple(subscriptions),
                     reminders=tuple(reminder_item(OID, customer_id, kind, rid, occurrence=occurrence, active=active)
                                     for kind, rid, occurrence, active in reminders))

        return fake, add_in_memory
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import customer_partition, customers, orders as order_store, passports as passport_store
    from chalicelib.adapters.dynamo import reminders as reminder_store, subscriptions as subscription_store

    def add(customer_id, orders, passports, reminders, subscriptions) -> None:
        customers.create(OID, Customer(customer_id, "A", "B", mobile="+41791234567"))
        for each in orders:
            order_store.create(OID, each)
        for each in passports:
            passport_store.save(OID, customer_id, each)
        for kind, rid, occurrence, active in reminders:
            reminder_store.create(OID, customer_id, kind, rid, {"active": active, "next_on": date(2026, 12, 7)},
                                  occurrence=occurrence, due=None)
        for each in subscriptions:
            subscription_store.create(OID, each, None, None)

    return customer_partition, add


def test_one_read_gives_every_record_of_the_customer_in_sort_key_order(world):
    store, add = world
    add(CID, [order("ord_2", ref="WEBSHOP_ORDER#100234"), order("ord_1")],  # the webshop order leaves a back-reference
        [LensPassport("lp_2", date(2026, 2, 1)), LensPassport("lp_1", date(2026, 1, 1))],
        [("repurchase", "rr_1", "2026-12-07", True), ("control", "ctl_1", None, False)],
        [subscription("sub_2"), subscription("sub_1")])
    add("cus_2", [order("ord_9", customer_id="cus_2")], [LensPassport("lp_9", None)],
        [("repurchase", "rr_9", "2026-12-08", True)], [subscription("sub_9", customer_id="cus_2")])
    read = store.read(OID, CID)
    assert [o.id for o in read.orders] == ["ord_1", "ord_2"]
    assert read.orders[1].external_ref == "WEBSHOP_ORDER#100234" and read.orders[0].lines == (LINE,)
    assert [(p.id, p.issued_on) for p in read.passports] == [("lp_1", date(2026, 1, 1)), ("lp_2", date(2026, 2, 1))]
    assert [(r["sk"], r["kind"], r["reminder_id"], r.get("occurrence"), r["active"]) for r in read.reminders] == [
        ("REMINDER#control#ctl_1", "control", "ctl_1", None, False),
        ("REMINDER#repurchase#rr_1", "repurchase", "rr_1", "2026-12-07", True)]
    assert all(r["pk"] == f"OPT#{OID}#CUST#{CID}" and r["customer_id"] == CID for r in read.reminders)
    assert "occurrence" not in read.reminders[0]  # no pending occurrence: the attribute is absent, not None
    assert [(s.id, s.interval_weeks, s.active) for s in read.subscriptions] == [("sub_1", 12, True), ("sub_2", 12, True)]


def test_a_customer_without_records_reads_empty(world):
    store, _ = world
    read = store.read(OID, "cus_none")
    assert (read.orders, read.passports, read.reminders, read.subscriptions) == ([], [], [], [])
