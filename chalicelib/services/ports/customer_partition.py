"""What a scheduled occurrence needs of the customer's partition: every record of the customer in one read.

Production: ``chalicelib/adapters/dynamo/customer_partition.py`` (one Query of the range holding the
orders, passports, reminders and subscriptions).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.adapters.dynamo.customer_partition import PartitionRecords


class CustomerPartition(Protocol):
    def read(self, optician_id: str, customer_id: str) -> PartitionRecords:
        """The customer's orders, passports, reminders (plain items) and subscriptions."""
