"""The ``agenda`` index: an optician's scheduled occurrences in the order they fall due.

Every item in the sparse ``due`` index (adapters/dynamo/due.py) also carries
``due_owner`` = ``OPT#<oid>``; the ``agenda`` index is keyed ``due_owner`` / ``due_at`` and
projects the item's ``occurrence`` and ``agenda_facts`` (what the entry needs of its customer,
adapters/dynamo/agenda_facts.py). A Query ``due_owner = OPT#<oid> AND due_at <= <end>#~``
reads exactly the optician's occurrences due until ``end``, oldest first: O(listed items),
whatever other opticians have scheduled. An item without a pending occurrence has no
``due_at`` and is not in the index (sparse).
"""
from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import datetime

from chalicelib.adapters.dynamo import due, occurrence_items
from chalicelib.adapters.dynamo.base import optician_pk
from chalicelib.adapters.dynamo.paging import encode_cursor
from chalicelib.config import get_config
from chalicelib.domain.errors import ValidationError

INDEX_NAME = "agenda"
_KEY_NAMES = {"pk", "sk", "due_owner", "due_at"}


@dataclass
class AgendaPage:
    """One page of the index: (pk, sk, due_at, occurrence, agenda_facts) per entry, what was read,
    the next cursor."""

    entries: list[tuple[str, str, str, str | None, str | None]] = field(default_factory=list)
    items_read: int = 0
    next_cursor: str | None = None


def _decode(cursor: str | None, owner: str) -> dict | None:
    """The start key of a cursor of this optician's agenda; 422 naming ``cursor`` otherwise."""
    if not cursor:
        return None
    try:
        key = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
        if not isinstance(key, dict) or set(key) != _KEY_NAMES or key["due_owner"] != {"S": owner}:
            raise ValueError("not a cursor of this agenda")
        if any(set(value) != {"S"} or not isinstance(value["S"], str) for value in key.values()):
            raise ValueError("malformed key")
    except (ValueError, TypeError, AttributeError):
        raise ValidationError("'cursor' is not valid for this list.", field="cursor") from None
    return key


def query(optician_id: str, until: datetime, *, limit: int, cursor: str | None) -> AgendaPage:
    """The optician's occurrences due at or before ``until``, oldest first, at most ``limit``."""
    owner = optician_pk(optician_id)
    params = {
        "TableName": get_config().table_name,
        "IndexName": INDEX_NAME,
        "KeyConditionExpression": "due_owner = :owner AND due_at <= :bound",
        "ExpressionAttributeValues": {":owner": {"S": owner}, ":bound": {"S": due.due_upper_bound(until)}},
        "Limit": limit,
    }
    start = _decode(cursor, owner)
    if start:
        params["ExclusiveStartKey"] = start
    response = occurrence_items.get_dynamodb_client().query(**params)
    items = response.get("Items", [])
    entries = [(i["pk"]["S"], i["sk"]["S"], i["due_at"]["S"], i.get("occurrence", {}).get("S"),
                i.get("agenda_facts", {}).get("S")) for i in items]
    next_key = response.get("LastEvaluatedKey") if len(items) == limit else None
    return AgendaPage(entries, int(response.get("ScannedCount", len(items))), encode_cursor(next_key))

