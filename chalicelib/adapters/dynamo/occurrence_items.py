"""Schedulable items read and written generically: the due index and raw item access.

The scheduling pipeline does not know the models of the items it schedules (reminders of
every kind, subscriptions): it queries the sparse ``due`` index, reads items as plain
dicts (attribute name → Python value, numbers as Decimal) and moves ``due_at``. The
handler of each kind (``services/scheduling/registry.py``) does the kind-specific writes.

A low-level boto3 client is used here because the index is KEYS_ONLY and the pipeline
needs ``ScannedCount`` and raw items; every read is strongly consistent (the item may
have been advanced a moment ago by another worker).
"""
from __future__ import annotations

import functools
import time
from dataclasses import dataclass, field
from typing import Any

from pynamodb.attributes import UnicodeAttribute

from chalicelib.adapters.dynamo import customers, due, opticians
from chalicelib.adapters.dynamo.base import KontaktModel, is_condition_failure, optician_pk
from chalicelib.config import get_config
from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings
from chalicelib.observability import logger
from chalicelib.adapters.dynamo.transactions import CHECK, Write

BATCH_GET_LIMIT = 100  # BatchGetItem takes at most a hundred keys
_UNPROCESSED_RETRIES = 8


@dataclass
class DuePage:
    """One page of a due-index query: keys of due items and what DynamoDB read for it."""

    keys: list[tuple[str, str, str]] = field(default_factory=list)  # (pk, sk, due_at)
    scanned_count: int = 0
    next_key: dict | None = None


@dataclass
class BatchRead:
    """What ``read_batch`` found (services/ports/occurrence_items.py): a key missing from a mapping
    was not read or not understood, and is read singly by the caller."""

    items: dict[tuple[str, str], dict | None] = field(default_factory=dict)
    opticians: dict[str, OpticianSettings | None] = field(default_factory=dict)
    customers: dict[tuple[str, str], Customer | None] = field(default_factory=dict)


def owner_of(pk: str) -> tuple[str, str] | None:
    """(optician_id, customer_id) of a customer partition key ``OPT#<oid>#CUST#<cid>``; None otherwise."""
    if not pk.startswith("OPT#") or "#CUST#" not in pk:
        return None
    optician_id, customer_id = pk[len("OPT#"):].split("#CUST#", 1)
    return (optician_id, customer_id) if optician_id and customer_id else None


@functools.cache
def get_dynamodb_client():
    """The low-level DynamoDB client of this process (created on first use)."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"mode": "standard", "max_attempts": 4}, connect_timeout=2, read_timeout=5)
    return boto3.client("dynamodb", region_name=get_config().region, config=config)


@functools.cache
def _deserializer():
    from boto3.dynamodb.types import TypeDeserializer

    return TypeDeserializer()


def to_plain(raw: dict) -> dict:
    """A low-level item (``{"S": ...}`` values) as a plain dict."""
    deserialize = _deserializer().deserialize
    return {name: deserialize(value) for name, value in raw.items()}


def query_due(shard: str, upper_bound: str, *, limit: int | None = None,
              start_key: dict | None = None) -> DuePage:
    """One page of the items of ``shard`` whose ``due_at`` is at or before ``upper_bound``.

    A Query on the sparse index: it reads only items that are due (O(due)), oldest first.
    """
    params: dict[str, Any] = {
        "TableName": get_config().table_name,
        "IndexName": due.INDEX_NAME,
        "KeyConditionExpression": "due_shard = :shard AND due_at <= :bound",
        "ExpressionAttributeValues": {":shard": {"S": shard}, ":bound": {"S": upper_bound}},
    }
    if limit:
        params["Limit"] = limit
    if start_key:
        params["ExclusiveStartKey"] = start_key
    response = get_dynamodb_client().query(**params)
    keys = [(i["pk"]["S"], i["sk"]["S"], i["due_at"]["S"]) for i in response.get("Items", [])]
    return DuePage(keys=keys, scanned_count=int(response.get("ScannedCount", len(keys))),
                   next_key=response.get("LastEvaluatedKey"))


def get_raw(pk: str, sk: str) -> dict | None:
    """The low-level item at (pk, sk), strongly consistent, or None."""
    response = get_dynamodb_client().get_item(
        TableName=get_config().table_name, Key={"pk": {"S": pk}, "sk": {"S": sk}}, ConsistentRead=True,
    )
    return response.get("Item")


def get(pk: str, sk: str) -> dict | None:
    """The item at (pk, sk) as a plain dict, or None."""
    raw = get_raw(pk, sk)
    return to_plain(raw) if raw is not None else None


def batch_get_raw(keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict]:
    """Low-level items for up to 100 distinct keys in one BatchGetItem (more only for unprocessed keys).

    Keys that do not exist are absent from the result.
    """
    unique = list(dict.fromkeys(keys))
    if len(unique) > BATCH_GET_LIMIT:
        raise ValueError(f"at most {BATCH_GET_LIMIT} keys per batch")
    table = get_config().table_name
    found: dict[tuple[str, str], dict] = {}
    request = {table: {"Keys": [{"pk": {"S": pk}, "sk": {"S": sk}} for pk, sk in unique],
                       "ConsistentRead": True}}
    attempt = 0
    while request and unique:
        response = get_dynamodb_client().batch_get_item(RequestItems=request)
        for raw in response.get("Responses", {}).get(table, []):
            found[(raw["pk"]["S"], raw["sk"]["S"])] = raw
        request = response.get("UnprocessedKeys") or {}
        if request:
            # DynamoDB throttled part of the batch: back off before asking for the rest.
            attempt += 1
            if attempt > _UNPROCESSED_RETRIES:
                raise RuntimeError("DynamoDB left keys unprocessed after retries")
            time.sleep(min(0.05 * 2 ** attempt, 1.0))
    return found


def read_batch(keys: list[tuple[str, str]]) -> BatchRead:
    """The items at ``keys`` with the optician profile and customer item owning each, in one
    BatchGetItem per hundred keys (up to ten occurrences: thirty keys, one call), converted as the
    opticians' and customers' adapters convert them. An item that does not convert is left out
    (the caller reads it singly, the normal way, and sees the error there)."""
    item_keys = list(dict.fromkeys(keys))
    owners = list(dict.fromkeys(owner for owner in (owner_of(pk) for pk, _ in item_keys) if owner))
    profiles = {oid: (optician_pk(oid), opticians.PROFILE) for oid, _ in owners}
    people = {owner: (optician_pk(owner[0]), customers.PREFIX + owner[1]) for owner in owners}
    wanted = list(dict.fromkeys([*item_keys, *profiles.values(), *people.values()]))
    raw: dict[tuple[str, str], dict] = {}
    for start in range(0, len(wanted), BATCH_GET_LIMIT):
        raw.update(batch_get_raw(wanted[start:start + BATCH_GET_LIMIT]))
    found = BatchRead(items={key: to_plain(raw[key]) if key in raw else None for key in item_keys})
    for oid, key in profiles.items():
        try:
            found.opticians[oid] = opticians.to_record(opticians.OpticianItem.from_raw_data(raw[key])) \
                if key in raw else None
        except Exception:  # noqa: BLE001 - the item's shape changed: the caller reads it the normal way
            logger.warning("batch optician conversion failed; reading singly")
    for owner, key in people.items():
        try:
            found.customers[owner] = customers.from_raw(raw[key]) if key in raw else None
        except Exception:  # noqa: BLE001 - as above
            logger.warning("batch customer conversion failed; reading singly")
    return found


def move_due(pk: str, sk: str, *, occurrence: str, expected_due_at: str, new_due_at: str) -> bool:
    """Set ``due_at`` only, if the item still has ``occurrence`` and ``expected_due_at``.

    Used when an occurrence must wait for the send window. False when the item changed
    meanwhile (advanced, edited, deactivated): whoever changed it owns the next step.
    """
    from botocore.exceptions import ClientError

    try:
        get_dynamodb_client().update_item(
            TableName=get_config().table_name,
            Key={"pk": {"S": pk}, "sk": {"S": sk}},
            UpdateExpression="SET due_at = :new",
            ConditionExpression="occurrence = :occurrence AND due_at = :expected",
            ExpressionAttributeValues={
                ":new": {"S": new_due_at},
                ":occurrence": {"S": occurrence},
                ":expected": {"S": expected_due_at},
            },
        )
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


class ScheduledItem(KontaktModel):
    """Any schedulable item (reminder of any kind, subscription), for conditions on its occurrence."""

    occurrence = UnicodeAttribute(null=True)
    due_at = UnicodeAttribute(null=True)


def still_pending_check(pk: str, sk: str, *, occurrence: str, due_at: str):
    """A ConditionCheck for a send's claim transaction: the item (any kind) still exists with the
    ``occurrence`` and ``due_at`` the consumer processed — not deactivated, edited, advanced or
    erased since it was read (transactions.Write, action ``check``)."""
    return Write(CHECK, ScheduledItem(pk, sk),
                 condition=(ScheduledItem.occurrence == occurrence) & (ScheduledItem.due_at == due_at))


def drop_orphan(pk: str, sk: str, *, occurrence: str, due_at: str, delete: bool) -> bool:
    """An item whose owner is gone: delete it (``delete``) or remove its due attributes, so the
    index never offers it again; only if it still has ``occurrence`` and ``due_at``. False
    when it changed meanwhile (whoever changed it owns it)."""
    from botocore.exceptions import ClientError

    common = {
        "TableName": get_config().table_name,
        "Key": {"pk": {"S": pk}, "sk": {"S": sk}},
        "ConditionExpression": "occurrence = :occurrence AND due_at = :due_at",
        "ExpressionAttributeValues": {":occurrence": {"S": occurrence}, ":due_at": {"S": due_at}},
    }
    client = get_dynamodb_client()
    try:
        if delete:
            client.delete_item(**common)
        else:
            client.update_item(UpdateExpression="REMOVE due_shard, due_at, due_owner", **common)
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
