"""``agenda_facts`` on a customer's scheduled items: what GET /agenda needs of the customer.

Each reminder (``REMINDER#…``) and subscription (``SUBSCRIPTION#…``) item of a customer
carries ``agenda_facts`` (domain/agenda.py ``customer_facts``, canonical JSON) and
``agenda_rev`` (the UTC instant, to the microsecond, at which the refresh that wrote it began
reading). The ``agenda`` index projects ``agenda_facts``, so listing an entry reads only its
index item. The other writes of these items (edits, the scheduler's advances) are
UpdateItems of their own attributes and leave the facts alone.
"""
from __future__ import annotations

from botocore.exceptions import ClientError

from chalicelib.adapters.dynamo import customers, occurrence_items
from chalicelib.adapters.dynamo.base import customer_pk, is_condition_failure, optician_pk
from chalicelib.config import get_config
from chalicelib.domain.customer import Customer

SCHEDULED_PREFIXES = ("REMINDER#", "SUBSCRIPTION#")


def customer(optician_id: str, customer_id: str) -> Customer | None:
    """The customer (strongly consistent: a change made a moment ago must be seen), or None."""
    raw = occurrence_items.get_raw(optician_pk(optician_id), customers.PREFIX + customer_id)
    return customers.from_raw(raw) if raw else None


def customers_by_id(optician_id: str, customer_ids: set[str]) -> dict[str, Customer]:
    """The listed customers that exist, by id, each read once (BatchGetItem of up to 100 keys a call)."""
    keys = [(optician_pk(optician_id), customers.PREFIX + cid) for cid in sorted(customer_ids)]
    found: dict[str, Customer] = {}
    for start in range(0, len(keys), occurrence_items.BATCH_GET_LIMIT):
        for raw in occurrence_items.batch_get_raw(keys[start:start + occurrence_items.BATCH_GET_LIMIT]).values():
            customer = customers.from_raw(raw)
            found[customer.id] = customer
    return found


def scheduled_items(optician_id: str, customer_id: str) -> list[dict]:
    """The customer's reminders and subscriptions: ``pk``, ``sk``, ``active``
    (one strongly consistent Query per prefix, only these attributes)."""
    pk = customer_pk(optician_id, customer_id)
    client = occurrence_items.get_dynamodb_client()
    found = []
    for prefix in SCHEDULED_PREFIXES:
        params = {"TableName": get_config().table_name, "ConsistentRead": True,
                  "KeyConditionExpression": "pk = :pk AND begins_with(sk, :prefix)",
                  "ExpressionAttributeValues": {":pk": {"S": pk}, ":prefix": {"S": prefix}},
                  "ProjectionExpression": "pk, sk, #active", "ExpressionAttributeNames": {"#active": "active"}}
        while True:
            response = client.query(**params)
            found += [occurrence_items.to_plain(raw) for raw in response.get("Items", [])]
            if not response.get("LastEvaluatedKey"):
                break
            params["ExclusiveStartKey"] = response["LastEvaluatedKey"]
    return found


def write(pk: str, sk: str, facts: str, rev: str) -> bool:
    """Set the facts if the item exists and no refresh that began later wrote it; False if refused."""
    try:
        occurrence_items.get_dynamodb_client().update_item(
            TableName=get_config().table_name, Key={"pk": {"S": pk}, "sk": {"S": sk}},
            UpdateExpression="SET agenda_facts = :facts, agenda_rev = :rev",
            ConditionExpression="attribute_exists(pk) AND (attribute_not_exists(agenda_rev) OR agenda_rev <= :rev)",
            ExpressionAttributeValues={":facts": {"S": facts}, ":rev": {"S": rev}})
    except ClientError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
