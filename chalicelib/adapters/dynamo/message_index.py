"""Every customer's messages of one optician, newest first, from four index views (SPEC §8).

Every filter ``GET /messages`` offers (status, kind, channel, date range and any combination)
is a key condition, so a page reads about as many index entries as it returns, however rare
the wanted messages are among all stored. Each history record carries one partition key per
view, all sharing the sort key ``msgs_sk`` = ``<created_at>#<id>`` (so the date range is a
``BETWEEN`` on it):

=========================== ====================== =============================================
index (GSI)                 partition attribute    value ``OPT#<oid>#MSG#`` + …
=========================== ====================== =============================================
``messages``                ``msgs_pk``            ``<channel>``
``messages_by_status``      ``msgs_status``        ``<status>#<channel>``
``messages_by_kind``        ``msgs_kind``          ``<kind>#<channel>``
``messages_by_kind_status`` ``msgs_kind_status``   ``<kind>#<status>#<channel>``
=========================== ====================== =============================================

``channel`` is ``sms``, ``email`` or ``none`` (a message recorded without a channel: skipped,
no contact). A query uses the view whose dimensions include every filter and leave the fewest
values open; the open ones are merged, newest first: never more than three partitions
(the channels), one when status, kind and channel are all given. Kind and channel never change
after the claim; a status change (the claim made final, a receipt) rewrites the two status
views' keys in the same UpdateItem (adapters/dynamo/messages.py), and DynamoDB moves those two
entries (a delete and a put each).

A page: per partition a Query of a share of the page (``msgs_sk BETWEEN`` for the days),
merged; one BatchGetItem for the records and their content and one for the customers' names.
The cursor holds, per partition, where it stopped (customer id and ``msgs_sk``, or that it is
exhausted); it is bound to the optician, the view and the partitions of the query (and the
partitions queried are always built from the caller's optician).
"""
from __future__ import annotations

import base64
import json
import math
from collections import deque
from dataclasses import dataclass, field
from itertools import product

from chalicelib.adapters.dynamo.base import customer_pk, optician_pk
from chalicelib.domain.channel import CHANNELS
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import KINDS

STATUSES = ("pending", "sent", "delivered", "failed", "skipped")
NO_CHANNEL = "none"
SORT_KEY = "msgs_sk"
DONE = "x"
DIMENSIONS = {"status": STATUSES, "kind": KINDS, "channel": CHANNELS + (NO_CHANNEL,)}


@dataclass(frozen=True)
class View:
    """One GSI over the history records: partitioned per optician by ``dims``, sorted by ``msgs_sk``."""

    index: str
    attribute: str
    dims: tuple[str, ...]


VIEWS = (View("messages", "msgs_pk", ("channel",)),
         View("messages_by_status", "msgs_status", ("status", "channel")),
         View("messages_by_kind", "msgs_kind", ("kind", "channel")),
         View("messages_by_kind_status", "msgs_kind_status", ("kind", "status", "channel")))
STATUS_VIEWS = tuple(view for view in VIEWS if "status" in view.dims)
KEY_ATTRIBUTES = tuple(view.attribute for view in VIEWS) + (SORT_KEY,)


def _suffix(view: View, values: dict) -> str:
    return "#".join(values[name] for name in view.dims)


def _partition(optician_id: str, view: View, suffix: str) -> str:
    return f"{optician_pk(optician_id)}#MSG#{suffix}"


def index_keys(optician_id: str, sk: str, *, status: str, kind: str, channel: str | None) -> dict[str, str]:
    """Every view's keys of a record (``sk``: its table sort key ``MESSAGE#<created>#<id>``)."""
    values = {"status": status, "kind": kind, "channel": channel or NO_CHANNEL}
    keys = {view.attribute: _partition(optician_id, view, _suffix(view, values)) for view in VIEWS}
    keys[SORT_KEY] = sk.split("#", 1)[1]
    return keys


def status_keys(optician_id: str, *, status: str, kind: str, channel: str | None) -> dict[str, str]:
    """The keys that change with the status (the two status views'), for an update of the status."""
    values = {"status": status, "kind": kind, "channel": channel or NO_CHANNEL}
    return {view.attribute: _partition(optician_id, view, _suffix(view, values)) for view in STATUS_VIEWS}


def plan(filters: dict) -> tuple[View, list[dict]]:
    """The view for ``filters`` (dimension → value, only those given) and the value combinations of its
    partitions to merge: the view covering every filter with the fewest open values."""
    given = {name: value for name, value in filters.items() if value is not None}
    candidates = [view for view in VIEWS if set(given) <= set(view.dims)]
    view = min(candidates, key=lambda v: math.prod(len(DIMENSIONS[d]) for d in v.dims if d not in given))
    open_dims = [name for name in view.dims if name not in given]
    combos = [{**given, **dict(zip(open_dims, values))} for values in product(*(DIMENSIONS[d] for d in open_dims))]
    return view, combos


@dataclass
class Reads:
    """What one page cost: index entries read (Query) and items read by key (BatchGetItem)."""

    index_items: int = 0
    queries: int = 0
    items_by_key: int = 0


@dataclass
class _Stream:
    """One partition's entries, newest first, read a Query at a time."""

    view: View
    partition: str
    values: dict  # the partition's dimension values
    start_key: dict | None
    condition: str
    condition_values: dict
    reads: Reads
    buffer: deque = field(default_factory=deque)
    next_key: dict | None = None
    exhausted: bool = False
    last: dict | None = None

    def __post_init__(self):
        self.next_key = self.start_key
        self.last = self.start_key

    def peek(self, batch: int) -> dict | None:
        """The newest entry not used yet; reads ``batch`` more entries if none is buffered."""
        while not self.buffer and not self.exhausted:
            self._fetch(batch)
        return self.buffer[0] if self.buffer else None

    def pop(self) -> dict:
        entry = self.buffer.popleft()
        self.last = {name: entry[name] for name in ("pk", "sk", self.view.attribute, SORT_KEY)}
        return entry

    def live(self) -> bool:
        return bool(self.buffer) or not self.exhausted

    def position(self):
        if not self.live():
            return DONE
        if self.last is None:
            return None
        return [self.last["pk"]["S"].rsplit("#", 1)[1], self.last[SORT_KEY]["S"]]

    def _fetch(self, batch: int) -> None:
        from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
        from chalicelib.config import get_config

        params = {"TableName": get_config().table_name, "IndexName": self.view.index, "ScanIndexForward": False,
                  "KeyConditionExpression": self.condition, "Limit": max(1, batch),
                  "ExpressionAttributeNames": {"#p": self.view.attribute,
                                               **({"#s": SORT_KEY} if "#s" in self.condition else {})},
                  "ExpressionAttributeValues": {":p": {"S": self.partition}, **self.condition_values}}
        if self.next_key:
            params["ExclusiveStartKey"] = self.next_key
        response = get_dynamodb_client().query(**params)
        self.reads.queries += 1
        self.reads.index_items += int(response.get("ScannedCount", 0))
        self.buffer.extend(response.get("Items", []))
        self.next_key = response.get("LastEvaluatedKey")
        self.exhausted = self.next_key is None


def list_all(optician_id: str, *, status: str | None, kind: str | None, channel: str | None, start: str | None,
             end: str | None, limit: int, cursor: str | None) -> tuple[list[dict], str | None, Reads]:
    """One page of the optician's messages (records with content and ``customer_name``), the next cursor,
    and what it read. ``start``/``end``: ``created_at`` bounds (ISO UTC; end exclusive)."""
    reads = Reads()
    view, combos = plan({"status": status, "kind": kind, "channel": channel})
    suffixes = {_suffix(view, values): values for values in combos}
    positions = _decode(cursor, optician_id, view, set(suffixes))
    condition, condition_values = "#p = :p", {}
    if start or end:
        condition += " AND #s BETWEEN :start AND :end"
        condition_values = {":start": {"S": start or "0"}, ":end": {"S": end or "9"}}
    streams = [_Stream(view, _partition(optician_id, view, suffix), values,
                       _start_key(optician_id, view, suffix, positions.get(suffix)), condition, condition_values, reads)
               for suffix, values in suffixes.items() if positions.get(suffix) != DONE]
    records: list[dict] = []
    while len(records) < limit:
        chosen = []
        while len(chosen) < limit - len(records):
            wanted = limit - len(records) - len(chosen)
            # Each partition reads its share of what the page still needs (plus one, to see its end).
            share = math.ceil(wanted / max(1, sum(1 for stream in streams if stream.live()))) + 1
            heads = [(stream.peek(share), stream) for stream in streams]
            heads = [(entry, stream) for entry, stream in heads if entry is not None]
            if not heads:
                break
            _, stream = max(heads, key=lambda pair: pair[0][SORT_KEY]["S"])
            chosen.append((stream.pop(), stream))
        if not chosen:
            break
        for record, stream in _read_records(optician_id, chosen, reads):
            # The index lags the table a little: an entry of a status the record has left is stale.
            if "status" not in stream.values or record["status"] == stream.values["status"]:
                records.append(record)
    state = {suffix: DONE for suffix in suffixes}
    state.update({_suffix(view, stream.values): stream.position() for stream in streams})
    next_cursor = None if all(value == DONE for value in state.values()) else _encode(optician_id, view, state)
    return records, next_cursor, reads


def _start_key(optician_id: str, view: View, suffix: str, position) -> dict | None:
    from chalicelib.adapters.dynamo.messages import MESSAGE_PREFIX

    if not position:
        return None
    customer_id, sort_value = position
    return {"pk": {"S": customer_pk(optician_id, customer_id)}, "sk": {"S": MESSAGE_PREFIX + sort_value},
            view.attribute: {"S": _partition(optician_id, view, suffix)}, SORT_KEY: {"S": sort_value}}


def _read_records(optician_id: str, chosen: list[tuple[dict, _Stream]], reads: Reads) -> list[tuple[dict, _Stream]]:
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
    for (entry, stream), key in zip(chosen, keys):
        record = with_content.get(key)
        if record is not None:
            result.append(({**record, "customer_name": names.get(record["customer_id"])}, stream))
    return result


def _encode(optician_id: str, view: View, state: dict) -> str:
    raw = json.dumps({"o": optician_id, "v": view.index, "p": state}, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None, optician_id: str, view: View, suffixes: set[str]) -> dict:
    """Per partition (its suffix): ``[customer id, msgs_sk]`` to continue after, DONE, or None (from the
    newest). Refused (422, ``cursor``) unless made by the same query."""
    if not cursor:
        return {}
    invalid = ValidationError("'cursor' is not valid for this list.", field="cursor")
    try:
        state = json.loads(base64.urlsafe_b64decode((cursor + "=" * (-len(cursor) % 4)).encode()))
    except ValueError:
        raise invalid from None
    if not isinstance(state, dict) or state.get("o") != optician_id or state.get("v") != view.index \
            or not isinstance(state.get("p"), dict):
        raise invalid
    positions = state["p"]
    if set(positions) != suffixes:
        raise invalid
    for position in positions.values():
        if position is None or position == DONE:
            continue
        if not isinstance(position, list) or len(position) != 2 or \
                not all(isinstance(part, str) and part for part in position) or "#" in position[0]:
            raise invalid
    return positions
