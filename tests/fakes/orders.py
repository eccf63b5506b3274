"""An in-memory order store (the port chalicelib/services/ports/orders.py) for unit tests.

Orders by customer and id, and the pointers that keep external ids unique, refused as the DynamoDB
adapter refuses them (its transaction): an order only while its customer exists (``customers``: the
``(optician_id, customer_id)`` that do), an external id only once, a subscription's order only while the
subscription is as its order day read it (``subscriptions``: the in-memory subscription store, if any).
The contract: tests/integration/test_order_store_contract.py.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Mapping

from chalicelib.domain.errors import Conflict
from chalicelib.domain.orders import Order
from tests.fakes.subscriptions import InMemorySubscriptions

REF_PREFIXES = {"webshop": "WEBSHOP_ORDER#", "subscription": "SUBSCRIPTION_ORDER#", "backoffice": "BACKOFFICE_ORDER#"}


class ReferenceTaken(Exception):
    """Another order carries this external id."""


class CustomerGone(Exception):
    """The customer does not exist (any more)."""


class SubscriptionChanged(Exception):
    """The subscription is no longer as its order day read it."""


class InMemoryOrders:
    CustomerGone = CustomerGone
    ReferenceTaken = ReferenceTaken
    SubscriptionChanged = SubscriptionChanged

    def __init__(self, subscriptions: InMemorySubscriptions | None = None) -> None:
        self.customers: set[tuple[str, str]] = set()
        self.subscriptions = subscriptions
        self.orders: dict[tuple[str, str, str], Order] = {}  # (optician, customer, order id)
        self.pointers: dict[tuple[str, str], tuple[str, str]] = {}  # (optician, ref) -> (customer, order id)
        self.counted: list[Any] = []  # the ``counted`` writes made with a new order
        self.stamps = iter(f"2026-01-01T00:00:{n:02d}+00:00" for n in range(10**6))

    def ref_sort_key(self, source: str, external_id: str) -> str:
        return REF_PREFIXES[source] + external_id

    def _subscription_as_read(self, optician_id: str, customer_id: str, read: Mapping[str, Any]) -> bool:
        if self.subscriptions is None:
            return True
        stored = self.subscriptions.items.get(self.subscriptions.keys(optician_id, customer_id, read["id"]))
        return (stored is not None and stored.active
                and (read.get("occurrence") is None or stored.occurrence == read["occurrence"])
                and (read.get("version") is None or stored.version == int(read["version"])))

    def create(self, optician_id: str, order: Order, *, subscription: Mapping[str, Any] | None = None,
               counted: Any = None) -> Order:
        key = (optician_id, order.customer_id, order.id)
        if (optician_id, order.customer_id) not in self.customers:
            raise CustomerGone(order.customer_id)
        if key in self.orders:
            raise RuntimeError("order id collision")  # the adapter's put is conditional on a new key
        if order.external_ref and (optician_id, order.external_ref) in self.pointers:
            raise ReferenceTaken(order.external_ref)
        if subscription is not None and not self._subscription_as_read(optician_id, order.customer_id, subscription):
            raise SubscriptionChanged(subscription["id"])
        now = next(self.stamps)
        stored = replace(order, version=1, created_at=now, updated_at=now)
        self.orders[key] = stored
        if order.external_ref:
            self.pointers[(optician_id, order.external_ref)] = (order.customer_id, order.id)
        if counted is not None:
            self.counted.append(counted)
        return stored

    def find_by_ref(self, optician_id: str, ref_sk: str) -> tuple[str, str] | None:
        return self.pointers.get((optician_id, ref_sk))

    def get(self, optician_id: str, customer_id: str, order_key: str) -> Order | None:
        return self.orders.get((optician_id, customer_id, order_key))

    def list_all(self, optician_id: str, customer_id: str) -> list[Order]:
        return [order for (oid, cid, _), order in sorted(self.orders.items()) if (oid, cid) == (optician_id, customer_id)]

    def update_status(self, optician_id: str, customer_id: str, order_key: str, *, status: str,
                      history: tuple[dict[str, Any], ...], tracking_url: str | None,
                      expected_version: int) -> Order:
        key = (optician_id, customer_id, order_key)
        current = self.orders.get(key)
        if current is None or current.version != expected_version:
            raise Conflict("The order was changed at the same time; load it again and retry.")
        changed = replace(current, status=status, history=tuple(history), version=current.version + 1,
                          updated_at=next(self.stamps),
                          tracking_url=tracking_url if tracking_url is not None else current.tracking_url)
        self.orders[key] = changed
        return changed
