"""What a customer's scheduled message needs to know, read once per occurrence.

A repurchase reminder asks for the customer's passports (which lenses), last order and
newest passport (the reorder basket), active subscriptions (none may be covered) and
pending check-up reminders (merging); a check-up reminder asks the same the other way
round. ``CustomerRecords`` answers all of it from one Query of the customer's partition
(``stores().customer_partition``), made on the first question — a handler that asks
nothing costs nothing. It is read strongly consistent when the occurrence is processed and
not refreshed: the decisions it feeds are made race-free by the conditional writes of the
send path and coordination, not by the freshness of this read.

Products are looked up through ``find_product``, which the consumer shares across a batch
(an optician's own products are read once per batch; the catalogue is a file).
"""
from __future__ import annotations

from typing import Any, Callable

from chalicelib.domain import orders as order_rules
from chalicelib.domain.orders import Order
from chalicelib.domain.passport import LensPassport, newest
from chalicelib.domain.products import LensProduct
from chalicelib.domain.subscription import Subscription
from chalicelib.services.ports.customer_partition import PartitionRecords
from chalicelib.services.wiring import stores
from chalicelib.services.lenses.products import find_product

ProductFinder = Callable[[str], "LensProduct | None"]


def product_finder(optician_id: str) -> ProductFinder:
    """A product lookup for one optician that reads each own product at most once.

    Own products are only ever created (never changed or deleted), so a found product
    can be kept; one that was not found is asked again next time.
    """
    found: dict[str, LensProduct] = {}

    def find(product_id: str) -> LensProduct | None:
        if product_id not in found:
            product = find_product(optician_id, product_id)
            if product is None:
                return None
            found[product_id] = product
        return found[product_id]

    return find


class CustomerRecords:
    """The customer's orders, passports, reminders and subscriptions (read on first use)."""

    def __init__(self, optician_id: str, customer_id: str, find_product: ProductFinder | None = None):
        self.optician_id, self.customer_id = optician_id, customer_id
        self.find_product: ProductFinder = find_product or product_finder(optician_id)
        self._read: PartitionRecords | None = None

    def _records(self) -> PartitionRecords:
        if self._read is None:
            self._read = stores().customer_partition.read(self.optician_id, self.customer_id)
        return self._read

    def passports(self) -> list[LensPassport]:
        return list(self._records().passports)

    def passport(self, passport_id: str | None) -> LensPassport | None:
        return next((p for p in self._records().passports if p.id == passport_id), None)

    def newest_passport(self) -> LensPassport | None:
        """The most recent passport (latest ``issued_on``, then the later id)."""
        return newest(self._records().passports)

    def orders(self) -> list[Order]:
        return list(self._records().orders)

    def subscriptions(self) -> list[Subscription]:
        return list(self._records().subscriptions)

    def last_order(self) -> Order | None:
        """The most recent order that was not cancelled."""
        return order_rules.last_order(self._records().orders)

    def has_active_subscription(self) -> bool:
        return any(subscription.active for subscription in self._records().subscriptions)

    def pending_reminders(self, kind: str) -> list[dict[str, Any]]:
        """The reminders of ``kind`` (repurchase, control, lens_exchange) with a pending occurrence (plain items)."""
        return [item for item in self._records().reminders
                if item.get("kind") == kind and item.get("occurrence")]
