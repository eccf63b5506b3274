"""Every customer's messages of one optician, newest first, from the ``messages`` index (SPEC §8).

Each history record carries the index keys ``msgs_pk`` = ``OPT#<oid>#MSG#<bucket>`` and
``msgs_sk`` = ``<created_at>#<id>`` (adapters/dynamo/messages.py). The buckets are
``pending``, ``sent`` (sent and delivered), ``failed`` and ``skipped``: a delivery receipt
keeps the record in its bucket, so it never writes the index, and the failed messages an
optician looks for are one partition of their own. The index projects the keys plus
``kind`` and ``channel`` (never changed after the claim), so those filters are applied on
the index, before any record is read.

A page is a merge, newest first, of one Query per bucket asked for (date range as key
condition), then one BatchGetItem for the records and their content and one for the
customers' names: O(page) items, never a scan. ``delivered`` and ``sent`` share a bucket
and are told apart on the record. The cursor holds, per bucket, the index key of the last
entry used (or that the bucket is exhausted); it is bound to the optician and to the
buckets of the query.
"""
from __future__ import annotations

import base64
import json
from collections import deque
from dataclasses import dataclass, field

from chalicelib.adapters.dynamo.base import customer_pk, optician_pk
from chalicelib.domain.errors import ValidationError

INDEX_NAME = "messages"
DONE = "x"


@dataclass
class Reads:
    """What one page cost: index entries read (Query) and items read by key (BatchGetItem)."""

    index_items: int = 0
    queries: int = 0
    items_by_key: int = 0


@dataclass
class _Stream:
    """One bucket's entries, newest first, read a Query page at a time."""

    partition: str
    start_key: dict | None
    key_condition: str
    values: dict
    names: dict
    filter_expression: str | None
    page_size: int
    reads: Reads
    buffer: deque = field(default_factory=deque)
    next_key: dict | None = None
    exhausted: bool = False
    last: dict | None = None

    def __post_init__(self):
        self.next_key = self.start_key
        self.last = self.start_key

    def peek(self) -> dict | None:
        while not self.buffer and not self.exhausted:
            self._fetch()
        return self.buffer[0] if self.buffer else None

    def pop(self) -> dict:
        entry = self.buffer.popleft()
        self.last = {name: entry[name] for name in ("pk", "sk", "msgs_pk", "msgs_sk")}
        return entry

    def position(self):
        return DONE if self.exhausted and not self.buffer else self.last

    def _fetch(self) -> None:
        from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
        from chalicelib.config import get_config

        params = {"TableName": get_config().table_name, "IndexName": INDEX_NAME, "ScanIndexForward": False,
                  "KeyConditionExpression": self.key_condition, "Limit": self.page_size,
                  "ExpressionAttributeValues": {":p": {"S": self.partition}, **self.values}}
        if self.names:
            params["ExpressionAttributeNames"] = self.names
        if self.filter_expression:
            params["FilterExpression"] = self.filter_expression
        if self.next_key:
            params["ExclusiveStartKey"] = self.next_key
        response = get_dynamodb_client().query(**params)
        self.reads.queries += 1
        self.reads.index_items += int(response.get("ScannedCount", 0))
        self.buffer.extend(response.get("Items", []))
        self.next_key = response.get("LastEvaluatedKey")
        self.exhausted = self.next_key is None


def list_all(optician_id: str, *, buckets: tuple[str, ...], statuses: tuple[str, ...] | None, kind: str | None,
             channel: str | None, start: str | None, end: str | None, limit: int,
             cursor: str | None) -> tuple[list[dict], str | None, Reads]:
    """One page of the optician's messages (records with content and ``customer_name``), the next cursor,
    and what it read. ``start``/``end``: ``created_at`` bounds (ISO UTC; end exclusive)."""
    from chalicelib.adapters.dynamo.messages import BUCKETS, index_pk

    reads = Reads()
    positions = _decode(cursor, optician_id, buckets)
    condition, values = "msgs_pk = :p", {}
    if start or end:
        condition += " AND msgs_sk BETWEEN :start AND :end"
        values = {":start": {"S": start or "0"}, ":end": {"S": end or "9"}}
    filters, names = [], {}
    if kind:
        filters.append("#kind = :kind")
        names["#kind"], values[":kind"] = "kind", {"S": kind}
    if channel:
        filters.append("#channel = :channel")
        names["#channel"], values[":channel"] = "channel", {"S": channel}
    streams = {bucket: _Stream(index_pk(optician_id, bucket), positions.get(bucket), condition, values, names,
                               " AND ".join(filters) or None, limit + 1, reads)
               for bucket in buckets if positions.get(bucket) != DONE}
    done = {bucket for bucket in buckets if positions.get(bucket) == DONE}
    records: list[dict] = []
    while len(records) < limit:
        chosen = []
        while len(chosen) < limit - len(records):
            heads = [(stream.peek(), bucket) for bucket, stream in streams.items()]
            heads = [(entry, bucket) for entry, bucket in heads if entry is not None]
            if not heads:
                break
            _, bucket = max(heads, key=lambda pair: pair[0]["msgs_sk"]["S"])
            chosen.append((streams[bucket].pop(), bucket))
        if not chosen:
            break
        for record, bucket in _read_records(optician_id, chosen, reads):
            # The index lags the table a little: an entry of a bucket the record has left is stale.
            if BUCKETS[record["status"]] == bucket and (statuses is None or record["status"] in statuses):
                records.append(record)
    state = {bucket: stream.position() for bucket, stream in streams.items()}
    state.update({bucket: DONE for bucket in done})
    next_cursor = None if all(value == DONE for value in state.values()) else _encode(state)
    return records, next_cursor, reads


def _read_records(optician_id: str, chosen: list[tuple[dict, str]], reads: Reads) -> list[tuple[dict, str]]:
    """The records of the chosen index entries (in their order), with content and the customer's name."""
    from chalicelib.adapters.dynamo.customers import PREFIX as CUSTOMER_PREFIX
    from chalicelib.adapters.dynamo.customers import CustomerItem
    from chalicelib.adapters.dynamo.messages import MessageItem, _with_bodies

    keys = [(entry["pk"]["S"], entry["sk"]["S"]) for entry, _ in chosen]
    heads = {(item.pk, item.sk): item for item in MessageItem.batch_get(keys)}
    reads.items_by_key += len(keys)
    found = [heads[key] for key in keys if key in heads]
    with_content = {(record_pk, record["message_sk"]): record
                    for record_pk, record in zip((item.pk for item in found), _with_bodies(found))}
    reads.items_by_key += sum(1 for item in found if item.text is None and item.html is None)
    customer_ids = sorted({record["customer_id"] for record in with_content.values()})
    names = {}
    if customer_ids:
        customer_keys = [(optician_pk(optician_id), CUSTOMER_PREFIX + cid) for cid in customer_ids]
        for customer in CustomerItem.batch_get(customer_keys, attributes_to_get=["customer_id", "first_name",
                                                                                  "last_name"]):
            names[customer.customer_id] = f"{customer.first_name} {customer.last_name}".strip()
        reads.items_by_key += len(customer_keys)
    result = []
    for (entry, bucket), key in zip(chosen, keys):
        record = with_content.get(key)
        if record is not None:
            result.append(({**record, "customer_name": names.get(record["customer_id"])}, bucket))
    return result


def _encode(state: dict) -> str:
    raw = json.dumps(state, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None, optician_id: str, buckets: tuple[str, ...]) -> dict:
    """Per bucket: the index key to continue after, DONE, or absent (start at the newest)."""
    from chalicelib.adapters.dynamo.messages import MESSAGE_PREFIX, index_pk

    if not cursor:
        return {}
    invalid = ValidationError("'cursor' is not valid for this list.", field="cursor")
    try:
        state = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except ValueError:
        raise invalid from None
    if not isinstance(state, dict) or set(state) != set(buckets):
        raise invalid
    customers = customer_pk(optician_id, "")
    for bucket, key in state.items():
        if key == DONE:
            continue
        if key is None:
            continue
        if not isinstance(key, dict) or set(key) != {"pk", "sk", "msgs_pk", "msgs_sk"} or \
                any(not isinstance(value, dict) or set(value) != {"S"} or not isinstance(value["S"], str)
                    for value in key.values()):
            raise invalid
        if key["msgs_pk"]["S"] != index_pk(optician_id, bucket) or not key["pk"]["S"].startswith(customers) \
                or not key["sk"]["S"].startswith(MESSAGE_PREFIX):
            raise invalid
    return state
