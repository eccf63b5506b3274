"""One read of a customer's records: orders, lens passports, reminders and subscriptions.

They all live in the customer's partition, and their sort-key prefixes ``ORDER#``,
``PASSPORT#``, ``REMINDER#`` and ``SUBSCRIPTION#`` sort next to each other, so one Query of
the range ``ORDER#`` … ``SUBSCRIPTION#\\uffff`` reads all of them (strongly consistent,
paginated). The only other items in that range are back-references (``REF#…``: one per
link token, webhook event and webshop order pointer), which a filter keeps out of the
answer. Message history (``MESSAGE#``), send claims (``CLAIM#``) and coordination claims
(``COORD#``) sort before ``ORDER#`` and are not read at all.

The scheduling pipeline reads this once per occurrence instead of one Query each for the
passports, the last order, the subscriptions and the partner reminders.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from chalicelib.adapters.dynamo import orders, passports, reminders, subscriptions
from chalicelib.adapters.dynamo.base import customer_pk
from chalicelib.domain.orders import Order
from chalicelib.domain.passport import LensPassport
from chalicelib.domain.subscription import Subscription
from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client, to_plain
from chalicelib.config import get_config

RECORD_PREFIXES = (orders.PREFIX, passports.PREFIX, reminders.PREFIX, subscriptions.PREFIX)
RANGE_START = min(RECORD_PREFIXES)
RANGE_END = max(RECORD_PREFIXES) + "\uffff"
BACK_REFERENCE_PREFIX = "REF#"  # in the range; filtered out (attribute ``ref_pk``)


@dataclass
class PartitionRecords:
    """The records, each list in sort-key order."""

    orders: list[Order] = field(default_factory=list)
    passports: list[LensPassport] = field(default_factory=list)
    reminders: list[dict] = field(default_factory=list)      # plain items (the scheduler's shape)
    subscriptions: list[Subscription] = field(default_factory=list)


def read(optician_id: str, customer_id: str) -> PartitionRecords:
    """Every order, passport, reminder and subscription of the customer (one Query per 1 MB)."""
    pages = get_dynamodb_client().get_paginator("query").paginate(
        TableName=get_config().table_name, ConsistentRead=True,
        KeyConditionExpression="pk = :pk AND sk BETWEEN :start AND :end",
        FilterExpression="attribute_not_exists(ref_pk)",
        ExpressionAttributeValues={":pk": {"S": customer_pk(optician_id, customer_id)},
                                   ":start": {"S": RANGE_START}, ":end": {"S": RANGE_END}},
    )
    records = PartitionRecords()
    for page in pages:
        for raw in page.get("Items", []):
            sk = raw["sk"]["S"]
            if sk.startswith(orders.PREFIX):
                records.orders.append(orders.to_record(orders.OrderItem.from_raw_data(raw)))
            elif sk.startswith(passports.PREFIX):
                records.passports.append(passports.from_item(passports.PassportItem.from_raw_data(raw)))
            elif sk.startswith(reminders.PREFIX):
                records.reminders.append(to_plain(raw))
            elif sk.startswith(subscriptions.PREFIX):
                records.subscriptions.append(subscriptions.to_record(subscriptions.SubscriptionItem.from_raw_data(raw)))
    return records
