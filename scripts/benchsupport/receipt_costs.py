"""What one piece of work costs in DynamoDB, measured on the emulator (moto).

``measure_receipt(work)`` runs ``work`` with moto's DynamoDB backend watched: every request
(GetItem, UpdateItem, PutItem, DeleteItem, Query, TransactWriteItems) is counted, and the
capacity units are computed by DynamoDB's published rules from the real item sizes: a read
costs 1 RCU per 4 KB of the item (strongly consistent), a write 1 WCU per 1 KB of the larger
of the item before and after. moto reports no capacity of its own, so the sizes are read from
its items (attribute names + values, as DynamoDB counts them). Index writes are not included.
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


@contextmanager
def watching():
    """Watch moto's DynamoDB backend; yields the Cost being filled."""
    from moto.dynamodb.models import DynamoDBBackend
    from moto.dynamodb.responses import DynamoHandler

    cost, calls = Cost(), Counter()
    originals = {name: getattr(DynamoDBBackend, name) for name in ("get_item", "update_item", "put_item",
                                                                   "delete_item", "query", "transact_write_items")}
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

    def update_item(self, table_name, key, *args, **kwargs):
        before = before_size(self, table_name, key)
        item = originals["update_item"](self, table_name, key, *args, **kwargs)
        if measured("update_item"):
            size = max(before, item.size())
            cost.item_bytes.append(size)
            cost.write_units += max(1, math.ceil(size / 1024))
        return item

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

    replacements = {"get_item": get_item, "update_item": update_item, "put_item": put_item,
                    "delete_item": delete_item}
    for name, function in replacements.items():
        setattr(DynamoDBBackend, name, function)
    for name in operations:
        setattr(DynamoHandler, name, handling(name))
    try:
        yield cost
    finally:
        for name, function in originals.items():
            setattr(DynamoDBBackend, name, function)
        for name, function in handlers.items():
            setattr(DynamoHandler, name, function)
        cost.calls = dict(calls)


def measure_receipt(work) -> Cost:
    """The DynamoDB cost of ``work()`` (e.g. one receipt handled)."""
    with watching() as cost:
        work()
    return cost
