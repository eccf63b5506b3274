"""The optimistic lock of the back office's edits (``versioned_update``, chalicelib/adapters/dynamo/base.py),
which the order, reminder and subscription stores share, on emulated DynamoDB."""
from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest

from chalicelib.adapters.dynamo import customers, orders
from chalicelib.adapters.dynamo.base import customer_pk, versioned_update
from chalicelib.adapters.dynamo.orders import OrderItem
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import Conflict
from tests.integration.test_order_store import CID, OID, an_order

STALE = "The order was changed at the same time; load it again and retry."


@pytest.fixture
def order(aws):
    customers.create(OID, Customer(CID, "A", "B", mobile="+41791234567"))
    return orders.create(OID, an_order(ref=None))


def item() -> OrderItem:
    return OrderItem(customer_pk(OID, CID), orders.PREFIX + "ord_1")


def test_the_actions_are_written_with_the_next_version_and_a_fresh_stamp(order):
    before = datetime.now(timezone.utc).replace(microsecond=0)

    versioned_update(item(), [OrderItem.status.set("shipped")], expected_version=order.version, what="order")

    stored = orders.get(OID, CID, "ord_1")
    assert (stored.status, stored.version) == ("shipped", order.version + 1)
    assert datetime.fromisoformat(stored.updated_at) >= before
    assert stored.lines == order.lines  # what the actions leave alone stays


def test_a_stale_version_is_409_naming_the_thing_and_writes_nothing(order):
    versioned_update(item(), [OrderItem.status.set("shipped")], expected_version=1, what="order")

    with pytest.raises(Conflict) as refused:  # a second edit made from the same read
        versioned_update(item(), [OrderItem.status.set("cancelled")], expected_version=1, what="order")

    assert refused.value.message == STALE and refused.value.status == 409
    stored = orders.get(OID, CID, "ord_1")
    assert (stored.status, stored.version) == ("shipped", 2)


def test_an_item_that_vanished_is_409_and_is_not_recreated(order):
    item().delete()

    with pytest.raises(Conflict):
        versioned_update(item(), [OrderItem.status.set("shipped")], expected_version=1, what="order")

    assert orders.get(OID, CID, "ord_1") is None


def test_the_order_store_uses_it(order):
    history = (*order.history, {"status": "shipped", "at": "2026-11-03T10:00:00+00:00"})
    shipped = orders.update_status(OID, CID, "ord_1", status="shipped", history=history, tracking_url=None,
                                   expected_version=1)
    assert (shipped.status, shipped.version, shipped.history) == ("shipped", 2, history)
    with pytest.raises(Conflict, match="The order was changed"):
        orders.update_status(OID, CID, "ord_1", status="cancelled", history=tuple(json.loads(json.dumps(history))),
                             tracking_url=None, expected_version=1)
