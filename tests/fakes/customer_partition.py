"""An in-memory customer partition (the port chalicelib/services/ports/customer_partition.py) for unit tests.

In production the records are written by their own stores (orders, passports, reminders,
subscriptions) and read here in one Query; here a test ``add``s them. Reminders are the scheduler's
plain items (``pk``, ``sk``, ``reminder_id``, ``kind``, ``active``, ``occurrence``, ...), as the
adapter reads them. The contract: tests/integration/test_customer_partition_contract.py.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from chalicelib.domain.orders import Order
from chalicelib.domain.passport import LensPassport
from chalicelib.domain.subscription import Subscription


@dataclass
class FakePartitionRecords:
    orders: list[Order] = field(default_factory=list)
    passports: list[LensPassport] = field(default_factory=list)
    reminders: list[dict[str, Any]] = field(default_factory=list)
    subscriptions: list[Subscription] = field(default_factory=list)


def reminder_item(optician_id: str, customer_id: str, kind: str, reminder_id: str, *, occurrence: str | None,
                  active: bool = True, **fields: Any) -> dict[str, Any]:
    """A stored reminder as the scheduler reads it (an attribute without a value is absent, as in DynamoDB)."""
    item = {"pk": f"OPT#{optician_id}#CUST#{customer_id}", "sk": f"REMINDER#{kind}#{reminder_id}",
            "reminder_id": reminder_id, "customer_id": customer_id, "kind": kind, "active": active,
            "occurrence": occurrence, "version": 1, **fields}
    return {name: value for name, value in item.items() if value is not None}


class InMemoryCustomerPartition:
    def __init__(self) -> None:
        self.records: dict[tuple[str, str], FakePartitionRecords] = {}
        self.reads = 0

    def add(self, optician_id: str, customer_id: str, *, orders: tuple[Order, ...] = (),
            passports: tuple[LensPassport, ...] = (), reminders: tuple[dict[str, Any], ...] = (),
            subscriptions: tuple[Subscription, ...] = ()) -> None:
        held = self.records.setdefault((optician_id, customer_id), FakePartitionRecords())
        held.orders += orders
        held.passports += passports
        held.reminders += [dict(item) for item in reminders]
        held.subscriptions += subscriptions

    def read(self, optician_id: str, customer_id: str) -> FakePartitionRecords:
        self.reads += 1
        held = self.records.get((optician_id, customer_id), FakePartitionRecords())
        return FakePartitionRecords(  # each list in sort-key order, as the Query returns them
            orders=sorted(held.orders, key=lambda o: o.id), passports=sorted(held.passports, key=lambda p: p.id),
            reminders=sorted((dict(item) for item in held.reminders), key=lambda item: item["sk"]),
            subscriptions=sorted(held.subscriptions, key=lambda s: s.id))
