"""What one piece of work costs in DynamoDB, measured on the emulator (moto).

``measure_receipt(work)`` runs ``work`` with moto's DynamoDB backend watched: every request
(GetItem, UpdateItem, PutItem, DeleteItem, Query, TransactWriteItems) is counted, and the
capacity units are computed by DynamoDB's published rules from the real item sizes: a read
costs 1 RCU per 4 KB of the item (strongly consistent), a write 1 WCU per 1 KB of the larger
of the item before and after. moto reports no capacity of its own, so the sizes are read from
its items (attribute names + values, as DynamoDB counts them). A transaction's writes count twice
(TransactWriteItems: 2 WCU per KB of each item, condition checks included); BatchGetItem and Query
reads are strongly consistent here (1 RCU per 4 KB; a Query by the summed size of what it read).
``index_writes``: writes to the ``messages`` index views a change made (per view whose key changed:
a delete of the old entry and a put of the new one; adapters/dynamo/message_index.py).
"""
from __future__ import annotations

import math
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field


@dataclass
class Cost:
    calls: dict = field(default_factory=dict)
    read_units: float = 0.0
    write_units: float = 0.0
    item_bytes: list = field(default_factory=list)  # sizes of the items written
    index_writes: int = 0


@contextmanager
def watching():
    """Watch moto's DynamoDB backend; yields the Cost being filled."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    cost, calls = Cost(), Counter()
    originals = {name: getattr(DynamoDBBackend, name) for name in ("get_item", "update_item", "put_item",
                                                                   "delete_item", "query", "transact_write_items")}
    originals["batch_get_item"] = getattr(DynamoDBBackend, "batch_get_item", None)
    # Requests are counted where moto answers them (its handler also reads items internally,
    # e.g. for ReturnValues); units only for the backend call the request itself makes.
    operations = {"get_item": "GetItem", "update_item": "UpdateItem", "put_item": "PutItem",
                  "delete_item": "DeleteItem", "query": "Query", "batch_get_item": "BatchGetItem",
                  "transact_write_items": "TransactWriteItems"}
    handlers = {name: getattr(DynamoHandler, name) for name in operations}
    current: list[str] = []

    def handling(name):
        def handle(self, *args, **kwargs):
            calls[operations[name]] += 1
            current.append(name)
            try:
                return handlers[name](self, *args, **kwargs)
            finally:
                current.pop()
        return handle

    def measured(name) -> bool:
        return bool(current) and current[-1] == name

    def before_size(backend, table_name, key) -> int:
        table = backend.get_table(table_name)
        hash_key, range_key = backend.get_keys_value(table, key)
        item = table.get_item(hash_key, range_key)
        return item.size() if item is not None else 0

    def get_item(self, table_name, keys, *args, **kwargs):
        item = originals["get_item"](self, table_name, keys, *args, **kwargs)
        if measured("get_item"):
            cost.read_units += max(1, math.ceil((item.size() if item is not None else 0) / 4096))
        return item

    def index_key(backend, table_name, key):
        from chalicelib.adapters.dynamo.message_index import VIEWS

        table = backend.get_table(table_name)
        hash_key, range_key = backend.get_keys_value(table, key)
        item = table.get_item(hash_key, range_key)
        values = [item.attrs.get(view.attribute) if item is not None else None for view in VIEWS]
        return tuple(value.value if value is not None else None for value in values)

    def moved(before: tuple, after: tuple) -> int:
        """Index writes: per view whose key changed, the old entry's delete and the new one's put."""
        return sum((1 if old else 0) + (1 if new else 0) for old, new in zip(before, after) if old != new)

    def update_item(self, table_name, key, *args, **kwargs):
        before = before_size(self, table_name, key)
        index_before = index_key(self, table_name, key)
        item = originals["update_item"](self, table_name, key, *args, **kwargs)
        if measured("update_item"):
            size = max(before, item.size())
            cost.item_bytes.append(size)
            cost.write_units += max(1, math.ceil(size / 1024))
            cost.index_writes += moved(index_before, index_key(self, table_name, key))
        return item

    def transact_write_items(self, transact_items, *args, **kwargs):
        sized = []
        for entry in transact_items:
            (kind, body), = entry.items()
            table_name = body["TableName"]
            key = body.get("Key") or {name: body["Item"][name] for name in ("pk", "sk")}
            sized.append((kind, table_name, key, before_size(self, table_name, key),
                          index_key(self, table_name, key)))
        result = originals["transact_write_items"](self, transact_items, *args, **kwargs)
        if measured("transact_write_items"):
            for kind, table_name, key, before, index_before in sized:
                after = before_size(self, table_name, key)
                cost.write_units += 2 * max(1, math.ceil(max(before, after) / 1024))
                cost.index_writes += moved(index_before, index_key(self, table_name, key))
        return result

    def query(self, *args, **kwargs):
        result = originals["query"](self, *args, **kwargs)
        if measured("query"):
            items = result[0] if isinstance(result, tuple) else []
            cost.read_units += max(1, math.ceil(sum(item.size() for item in items) / 4096))
        return result

    def put_item(self, table_name, item_attrs, *args, **kwargs):
        result = originals["put_item"](self, table_name, item_attrs, *args, **kwargs)
        if measured("put_item"):
            cost.item_bytes.append(result.size())
            cost.write_units += max(1, math.ceil(result.size() / 1024))
        return result

    def delete_item(self, table_name, key, *args, **kwargs):
        if measured("delete_item"):
            cost.write_units += max(1, math.ceil(before_size(self, table_name, key) / 1024))
        return originals["delete_item"](self, table_name, key, *args, **kwargs)

    def batch_get(handler):
        def handle(self, *args, **kwargs):
            calls["BatchGetItem"] += 1
            current.append("batch_get_item")
            try:
                return handler(self, *args, **kwargs)
            finally:
                current.pop()
        return handle

    def get_item_any(self, table_name, keys, *args, **kwargs):
        item = originals["get_item"](self, table_name, keys, *args, **kwargs)
        if measured("get_item") or measured("batch_get_item"):
            cost.read_units += max(1, math.ceil((item.size() if item is not None else 0) / 4096))
        return item

    replacements = {"get_item": get_item_any, "update_item": update_item, "put_item": put_item,
                    "delete_item": delete_item, "transact_write_items": transact_write_items, "query": query}
    for name, function in replacements.items():
        setattr(DynamoDBBackend, name, function)
    for name in operations:
        setattr(DynamoHandler, name, batch_get(handlers[name]) if name == "batch_get_item" else handling(name))
    try:
        yield cost
    finally:
        for name, function in originals.items():
            if function is not None:
                setattr(DynamoDBBackend, name, function)
        for name, function in handlers.items():
            setattr(DynamoHandler, name, function)
        cost.calls = dict(calls)


def measure_receipt(work) -> Cost:
    """The DynamoDB cost of ``work()`` (e.g. one receipt handled)."""
    with watching() as cost:
        work()
    return cost
