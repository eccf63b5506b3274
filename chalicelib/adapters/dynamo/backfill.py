"""The one-off backfills' reads and writes (services/ports/backfill.py; docs/reports.md, docs/data-model.md).

Maintenance commands run by an operator, never on a request path: opticians are listed by a Scan
for ``PROFILE`` items, a customer's partition is read whole (one paged Query), with DynamoDB's
low-level client (the items are read as plain dicts, whatever their model). The backfills' writes
of the conversion report and of orders are their adapters' (re-exported here, so the port names
one store).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from botocore.exceptions import ClientError

from chalicelib.adapters.dynamo import conversions, customers, messages, orders, reminders, subscriptions
from chalicelib.adapters.dynamo.base import customer_pk, is_condition_failure, optician_pk
from chalicelib.adapters.dynamo.conversions import BACKFILL as BACKFILL
from chalicelib.adapters.dynamo.conversions import backfill_counters as backfill_counters
from chalicelib.adapters.dynamo.conversions import put_backfilled_sent as put_backfilled_sent
from chalicelib.adapters.dynamo.conversions import set_backfill_counter as set_backfill_counter
from chalicelib.adapters.dynamo.due import owner_of
from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client, to_plain
from chalicelib.adapters.dynamo.orders import set_backfilled_attribution as set_backfilled_attribution
from chalicelib.adapters.dynamo.opticians import PROFILE
from chalicelib.config import get_config

Item = dict[str, Any]


@dataclass
class CustomerItems:
    """A customer's partition by kind of item (the port's ``CustomerItems``)."""

    messages: list[Item] = field(default_factory=list)
    sent_reminders: list[Item] = field(default_factory=list)
    orders: list[Item] = field(default_factory=list)
    scheduled: list[Item] = field(default_factory=list)


def _query_all(pk: str, prefix: str | None = None) -> list[Item]:
    values: dict[str, Any] = {":pk": {"S": pk}}
    condition = "pk = :pk"
    if prefix:
        condition += " AND begins_with(sk, :prefix)"
        values[":prefix"] = {"S": prefix}
    params: dict[str, Any] = {"TableName": get_config().table_name, "KeyConditionExpression": condition,
                              "ExpressionAttributeValues": values}
    items: list[Item] = []
    while True:
        response = get_dynamodb_client().query(**params)
        items += [to_plain(raw) for raw in response.get("Items", [])]
        if not response.get("LastEvaluatedKey"):
            return items
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def optician_ids() -> list[str]:
    """Every optician (a Scan for ``PROFILE`` items: acceptable for a one-off command only)."""
    params: dict[str, Any] = {"TableName": get_config().table_name, "FilterExpression": "sk = :profile",
                              "ExpressionAttributeValues": {":profile": {"S": PROFILE}}, "ProjectionExpression": "pk"}
    ids = []
    while True:
        response = get_dynamodb_client().scan(**params)
        ids += [raw["pk"]["S"][len("OPT#"):] for raw in response.get("Items", []) if "#" not in raw["pk"]["S"][4:]]
        if not response.get("LastEvaluatedKey"):
            return sorted(ids)
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def customer_ids(optician_id: str) -> list[str]:
    """Every customer of the optician (a paged Query of their customer items)."""
    return [item["customer_id"] for item in _query_all(optician_pk(optician_id), customers.PREFIX)]


def customer_items(optician_id: str, customer_id: str) -> CustomerItems:
    """The customer's partition, sorted into the kinds the backfills read (the rest is left out)."""
    found = CustomerItems()
    for item in _query_all(customer_pk(optician_id, customer_id)):
        sk = item["sk"]
        if sk.startswith(messages.MESSAGE_PREFIX):
            found.messages.append(item)
        elif sk.startswith(conversions.SENT_PREFIX):
            found.sent_reminders.append(item)
        elif sk.startswith(orders.PREFIX):
            found.orders.append(item)
        elif sk.startswith((reminders.PREFIX, subscriptions.PREFIX)):
            found.scheduled.append(item)
    return found


def set_due_owner(items: list[Item]) -> int:
    """``due_owner`` on scheduled items that have ``due_at`` but not it (conditional on ``due_at`` unchanged)."""
    done = 0
    for item in items:
        if not item.get("due_at") or item.get("due_owner"):
            continue
        try:
            get_dynamodb_client().update_item(
                TableName=get_config().table_name, Key={"pk": {"S": item["pk"]}, "sk": {"S": item["sk"]}},
                UpdateExpression="SET due_owner = :owner", ConditionExpression="due_at = :due_at",
                ExpressionAttributeValues={":owner": {"S": owner_of(item["pk"])}, ":due_at": {"S": item["due_at"]}})
            done += 1
        except ClientError as exc:
            if not is_condition_failure(exc):
                raise  # a condition failure: the item moved on meanwhile and got due_owner with it
    return done


def reindex_customers(optician_id: str, *, dry_run: bool = False) -> tuple[int, int]:
    """Search entries rewritten where they differ from the computed ones (customers.reindex_all)."""
    return customers.reindex_all(optician_id, dry_run=dry_run)
