"""The order and webhook-event stores on emulated DynamoDB: erasure of an order's pointer, event claims.
The order store's rules run on the adapter and the fake in test_order_store_contract.py."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.adapters.dynamo import customers, orders, webhook_events
from chalicelib.adapters.dynamo.base import OwnedRef, customer_pk, optician_pk
from chalicelib.domain.customer import Customer
from chalicelib.domain.orders import Order, OrderLine
from tests.fakes.webhook_events import InMemoryWebhookEvents

OID, CID = "opt_1", "cus_1"
EXPIRES = datetime.now(timezone.utc) + timedelta(days=14)


def an_order(order_key: str = "ord_1", ref: str | None = "WEBSHOP_ORDER#100234") -> Order:
    return Order(id=order_key, customer_id=CID, order_id="100234" if ref else None, external_ref=ref,
                 source="webshop", status="placed", delivery="home", ordered_at="2026-11-02T09:15:00+00:00",
                 lines=(OrderLine("dailies-total1", "both", 90, 2),),
                 passport_id="lp_1", history=({"status": "placed", "at": "2026-11-02T09:15:00+00:00"},))


@pytest.fixture
def customer(aws):
    """The order's customer exists (orders are written only while it does)."""
    customers.create(OID, Customer(CID, "A", "B", mobile="+41791234567"))


def test_erasing_the_customer_erases_the_pointer(customer):
    orders.create(OID, an_order())
    refs = list(OwnedRef.query(customer_pk(OID, CID), OwnedRef.sk.startswith("REF#")))
    assert [(r.ref_pk, r.ref_sk) for r in refs] == [(optician_pk(OID), "WEBSHOP_ORDER#100234")]
    customers.erase(OID, CID)
    assert orders.find_by_ref(OID, "WEBSHOP_ORDER#100234") is None
    assert orders.list_all(OID, CID) == []


def test_an_orders_lines_are_stored_as_the_json_they_always_were(customer):
    # Items written before lines were records must read back, and new items look the same.
    orders.create(OID, an_order(ref=None))
    item = orders.OrderItem.get(customer_pk(OID, CID), orders.PREFIX + "ord_1")
    assert item.lines == '[{"product_id": "dailies-total1", "eye": "both", "pack_size": 90, "quantity": 2}]'
    assert orders.to_record(item).lines == (OrderLine("dailies-total1", "both", 90, 2),)


@pytest.fixture(params=["dynamodb", "memory"])
def events(request):
    """The webhook event store: the adapter on moto, or the in-memory fake of the unit tests."""
    if request.param == "memory":
        return InMemoryWebhookEvents()
    request.getfixturevalue("aws")
    return webhook_events


def claim(store, event_id: str = "evt-1", attempt: str = "a1", fingerprint: str = "f1",
          lease_until: int = 2**31) -> bool:
    return store.claim(OID, event_id, attempt=attempt, fingerprint=fingerprint, lease_until=lease_until,
                       expires_at=EXPIRES)


def test_an_event_is_claimed_once_and_its_answer_kept(events):
    assert claim(events)
    assert not claim(events, attempt="a2")  # a second delivery finds it
    assert claim(events, "evt-2") and events.claim("opt_2", "evt-1", attempt="a1", fingerprint="f1",
                                                   lease_until=2**31, expires_at=EXPIRES)  # other keys
    pending = events.get(OID, "evt-1")
    assert pending.state == "pending" and pending.attempt == "a1"
    assert not events.finish(OID, "evt-1", attempt="a2", status_code=201, response="{}", customer_id=CID,
                             expires_at=EXPIRES)
    assert events.finish(OID, "evt-1", attempt="a1", status_code=201, response='{"id": "ord_1"}',
                         customer_id=CID, expires_at=EXPIRES)
    done = events.get(OID, "evt-1")
    assert done.state == events.DONE and done.status_code == 201 and done.response == '{"id": "ord_1"}'


def test_a_finished_event_keeps_a_back_reference_for_erasure(aws):
    claim(webhook_events)
    webhook_events.finish(OID, "evt-1", attempt="a1", status_code=201, response="{}", customer_id=CID,
                          expires_at=EXPIRES)
    refs = list(OwnedRef.query(customer_pk(OID, CID), OwnedRef.sk.startswith("REF#")))
    assert [(r.ref_pk, r.ref_sk) for r in refs] == [(optician_pk(OID), "EVENT#evt-1")]


def test_a_released_event_can_be_claimed_again(events):
    claim(events)
    events.release(OID, "evt-1", attempt="someone-else")  # not theirs: nothing happens
    assert events.get(OID, "evt-1") is not None
    events.release(OID, "evt-1", attempt="a1")
    assert events.get(OID, "evt-1") is None
    assert claim(events, attempt="a2")


def test_an_abandoned_claim_is_taken_over_by_one_delivery_only(events):
    claim(events, lease_until=1)
    assert events.take_over(OID, "evt-1", abandoned_attempt="a1", attempt="b", lease_until=2**31)
    assert not events.take_over(OID, "evt-1", abandoned_attempt="a1", attempt="c", lease_until=2**31)
    assert events.get(OID, "evt-1").attempt == "b"
