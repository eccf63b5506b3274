"""What a scheduled occurrence needs of the customer's partition: every record of the customer in one read.

Production: ``chalicelib/adapters/dynamo/customer_partition.py`` (one Query of the range holding the
orders, passports, reminders and subscriptions); tests: ``tests/fakes/customer_partition.py``.
"""
from __future__ import annotations

from typing import Any, Protocol

from chalicelib.domain.orders import Order
from chalicelib.domain.passport import LensPassport
from chalicelib.domain.subscription import Subscription


class PartitionRecords(Protocol):
    """The customer's records, each list in sort-key order."""

    @property
    def orders(self) -> list[Order]: ...

    @property
    def passports(self) -> list[LensPassport]: ...

    @property
    def reminders(self) -> list[dict[str, Any]]:
        """Plain items (the scheduler's shape: ``pk``, ``sk``, ``kind``, ``occurrence``, ...)."""

    @property
    def subscriptions(self) -> list[Subscription]: ...


class CustomerPartition(Protocol):
    def read(self, optician_id: str, customer_id: str) -> PartitionRecords:
        """The customer's orders, passports, reminders and subscriptions."""
