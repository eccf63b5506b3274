"""Every customer's messages of one optician, newest first, from three index views (SPEC §8).

Every filter ``GET /messages`` offers (status, kind, channel, date range and any combination)
is a key condition, so a page reads about as many index entries as it returns, however rare
the wanted messages are among all stored. Each history record carries one partition key per
view; all three are sorted by the record's own sort key ``sk`` = ``MESSAGE#<created_at>#<id>``
(so the date range is a ``BETWEEN`` on it, and no second copy of it is stored):

=========================== ============ ================================================
index (GSI)                 partition    value: ``OPT#<oid>#M#`` + codes of
=========================== ============ ================================================
``messages_by_status``      ``msgs_s``   status, channel
``messages_by_kind``        ``msgs_k``   kind, channel
``messages_by_kind_status`` ``msgs_ks``  kind, status, channel
=========================== ============ ================================================

The values are short codes (``CODES``: status and channel one letter, kind two) because each
receipt rewrites the record and DynamoDB charges a write by the whole item's size: the record
must stay under 1 KB (1 WCU). A message recorded without a channel (skipped, no contact) has
channel ``n``; it is never pending, sent or delivered, so those partitions are not asked for.
A query uses the view whose dimensions include every filter and leave the fewest partitions
open, and merges those newest first: one partition when status, kind and channel are given,
three when only the channel is open, twelve for no filter at all (every status × channel).
Kind and channel never change after the claim; a status change (the claim made final, a
receipt) rewrites the two status views' keys in the same UpdateItem (adapters/dynamo/messages.py)
and DynamoDB moves those two entries (a delete and a put each).

A page: per partition a Query of a share of the page, merged; one BatchGetItem for the records
and their content and one for the customers' names. The cursor holds, per partition, where it
stopped (customer id and the sort key, or that it is exhausted); it is bound to the optician,
the view and the partitions of the query (and the partitions queried are always built from the
caller's optician).

Records written before these views carry none of their keys (or the keys of the first
``messages`` index, ``msgs_pk``/``msgs_sk``): scripts/backfill_message_index.py gives them theirs.
"""
from __future__ import annotations

import base64
import json
import math
from collections import deque
from dataclasses import dataclass, field
from itertools import product
from typing import Any

from chalicelib.adapters.dynamo.base import customer_pk, optician_pk
from chalicelib.adapters.dynamo.customers import PREFIX as CUSTOMER_PREFIX
from chalicelib.adapters.dynamo.customers import CustomerItem
from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
from chalicelib.config import get_config
from chalicelib.domain.channel import CHANNELS
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message import Message
from chalicelib.domain.message_kinds import KINDS

STATUSES = ("pending", "sent", "delivered", "failed", "skipped")
NO_CHANNEL = "none"
SORT_KEY = "sk"
MESSAGE_PREFIX = "MESSAGE#"
DONE = "x"
LEGACY_ATTRIBUTES = ("msgs_pk", "msgs_sk")  # the first ``messages`` index (one partition per status bucket)
DIMENSIONS = {"status": STATUSES, "kind": KINDS, "channel": CHANNELS + (NO_CHANNEL,)}
# Stable codes: stored in keys, so a code never changes; a new kind needs a new code.
CODES = {
    "status": {"pending": "p", "sent": "s", "delivered": "d", "failed": "f", "skipped": "k"},
    "channel": {"sms": "s", "email": "e", NO_CHANNEL: "n"},
    "kind": {"repurchase_reminder": "rr", "control_reminder": "cr", "lens_exchange_reminder": "lr",
             "subscription_confirmation": "sc", "subscription_preannouncement": "sp", "subscription_changed": "sg",
             "subscription_cancelled": "sx", "order_confirmation": "oc", "shipping_confirmation": "sh",
             "pickup_invitation": "pi", "lens_passport": "lp", "webshop_login": "wl", "webapp_install": "wa",
             "repurchase_control_reminder": "rc"},
}
NEVER_WITHOUT_CHANNEL = ("pending", "sent", "delivered")  # only what was never handed to a provider lacks one


@dataclass(frozen=True)
class View:
    """One GSI over the history records: partitioned per optician by ``dims``, sorted by ``sk``."""

    index: str
    attribute: str
    dims: tuple[str, ...]


VIEWS = (View("messages_by_status", "msgs_s", ("status", "channel")),
         View("messages_by_kind", "msgs_k", ("kind", "channel")),
         View("messages_by_kind_status", "msgs_ks", ("kind", "status", "channel")))
STATUS_VIEWS = tuple(view for view in VIEWS if "status" in view.dims)
KEY_ATTRIBUTES = tuple(view.attribute for view in VIEWS)


def _suffix(view: View, values: dict) -> str:
    return "".join(CODES[name][values[name]] for name in view.dims)


def _partition(optician_id: str, suffix: str) -> str:
    return f"{optician_pk(optician_id)}#M#{suffix}"


def index_keys(optician_id: str, *, status: str, kind: str, channel: str | None,
               views: tuple[View, ...] = VIEWS) -> dict[str, str]:
    """The partition keys of a record in ``views`` (default: all; ``STATUS_VIEWS`` for a status change)."""
    values = {"status": status, "kind": kind, "channel": channel or NO_CHANNEL}
    return {view.attribute: _partition(optician_id, _suffix(view, values)) for view in views}


def status_keys(optician_id: str, *, status: str, kind: str, channel: str | None) -> dict[str, str]:
    """The keys that change with the status (the two status views'), for an update of the status."""
    return index_keys(optician_id, status=status, kind=kind, channel=channel, views=STATUS_VIEWS)


def _possible(values: dict) -> bool:
    return not (values.get("channel") == NO_CHANNEL and values.get("status") in NEVER_WITHOUT_CHANNEL)


def plan(filters: dict) -> tuple[View, list[dict]]:
    """The view for ``filters`` (dimension → value; None = not filtered) and the value combinations of the
    partitions to merge: the view covering every filter with the fewest partitions to ask."""
    given = {name: value for name, value in filters.items() if value is not None}

    def combos(view: View) -> list[dict]:
        open_dims = [name for name in view.dims if name not in given]
        every = ({**given, **dict(zip(open_dims, values))} for values in product(*(DIMENSIONS[d] for d in open_dims)))
        return [values for values in every if _possible(values)]

    view = min((v for v in VIEWS if set(given) <= set(v.dims)), key=lambda v: len(combos(v)))
    return view, combos(view)


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
        self.last = {name: entry[name] for name in ("pk", "sk", self.view.attribute)}
        return entry

    def live(self) -> bool:
        return bool(self.buffer) or not self.exhausted

    def position(self):
        if not self.live():
            return DONE
        if self.last is None:
            return None
        return [self.last["pk"]["S"].rsplit("#", 1)[1], self.last["sk"]["S"][len(MESSAGE_PREFIX):]]

    def _fetch(self, batch: int) -> None:
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
             end: str | None, limit: int,
             cursor: str | None) -> tuple[list[tuple[Message, str | None]], str | None, Reads]:
    """One page of the optician's messages (records with content, each with its customer's name), the next
    cursor, and what it read. ``start``/``end``: ``created_at`` bounds (ISO UTC; end exclusive)."""
    reads = Reads()
    view, combos = plan({"status": status, "kind": kind, "channel": channel})
    suffixes = {_suffix(view, values): values for values in combos}
    positions = _decode(cursor, optician_id, view, set(suffixes))
    condition, condition_values = "#p = :p", {}
    if start or end:
        condition += " AND #s BETWEEN :start AND :end"
        condition_values = {":start": {"S": MESSAGE_PREFIX + (start or "0")},
                            ":end": {"S": MESSAGE_PREFIX + (end or "9")}}
    streams = [_Stream(view, _partition(optician_id, suffix), values,
                       _start_key(optician_id, view, suffix, positions.get(suffix)), condition, condition_values, reads)
               for suffix, values in suffixes.items() if positions.get(suffix) != DONE]
    records: list[tuple[Message, str | None]] = []
    while len(records) < limit:
        chosen: list[tuple[dict[str, Any], _Stream]] = []
        while len(chosen) < limit - len(records):
            wanted = limit - len(records) - len(chosen)
            # Each partition reads its share of what the page still needs (plus one, to see its end).
            share = math.ceil(wanted / max(1, sum(1 for stream in streams if stream.live()))) + 1
            peeked = [(stream.peek(share), stream) for stream in streams]
            heads = [(entry, stream) for entry, stream in peeked if entry is not None]
            if not heads:
                break
            _, stream = max(heads, key=lambda pair: pair[0][SORT_KEY]["S"])
            chosen.append((stream.pop(), stream))
        if not chosen:
            break
        for listed, stream in _read_records(optician_id, chosen, reads):
            # The index lags the table a little: an entry of a status the record has left is stale.
            if "status" not in stream.values or listed[0].status == stream.values["status"]:
                records.append(listed)
    state = {suffix: DONE for suffix in suffixes}
    state.update({_suffix(view, stream.values): stream.position() for stream in streams})
    next_cursor = None if all(value == DONE for value in state.values()) else _encode(optician_id, view, state)
    return records, next_cursor, reads


def _start_key(optician_id: str, view: View, suffix: str, position) -> dict | None:
    if not position:
        return None
    customer_id, created_and_id = position
    return {"pk": {"S": customer_pk(optician_id, customer_id)}, "sk": {"S": MESSAGE_PREFIX + created_and_id},
            view.attribute: {"S": _partition(optician_id, suffix)}}


def _read_records(optician_id: str, chosen: list[tuple[dict, _Stream]],
                  reads: Reads) -> list[tuple[tuple[Message, str | None], _Stream]]:
    """The records of the chosen index entries (in their order), with content and the customer's name."""
    # why: messages imports this module at its header (its writes carry the index keys)
    from chalicelib.adapters.dynamo.messages import MessageItem, _with_bodies

    keys = [(entry["pk"]["S"], entry["sk"]["S"]) for entry, _ in chosen]
    heads = {(item.pk, item.sk): item for item in MessageItem.batch_get(keys)}
    reads.items_by_key += len(keys)
    found = [heads[key] for key in keys if key in heads]
    with_content = {(item.pk, item.sk): record for item, record in zip(found, _with_bodies(found))}
    reads.items_by_key += sum(1 for item in found if item.text is None and item.html is None)
    customer_ids = sorted({record.customer_id for record in with_content.values()})
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
            result.append(((record, names.get(record.customer_id)), stream))
    return result


def _encode(optician_id: str, view: View, state: dict) -> str:
    raw = json.dumps({"o": optician_id, "v": view.index, "p": state}, sort_keys=True, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode(cursor: str | None, optician_id: str, view: View, suffixes: set[str]) -> dict:
    """Per partition (its suffix): ``[customer id, sort key without MESSAGE#]`` to continue after, DONE, or None (from the
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
