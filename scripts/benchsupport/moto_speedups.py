"""Speed-ups of the emulator (moto) for the benchmarks: they change how long a call takes, never its result.

See the docstring of scripts/bench_schedules.py for what each one replaces and why.
"""
from __future__ import annotations


def cheap_moto_transactions() -> None:
    """Snapshot only the touched items for moto's transaction rollback (see the module docstring)."""
    import copy

    from moto.dynamodb import models
    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    class _Copy:
        @staticmethod
        def deepcopy(value, memo=None):
            return value if isinstance(value, Table) else copy.deepcopy(value, memo)

    models.copy = _Copy
    original = models.DynamoDBBackend.transact_write_items

    def transact_write_items(self, transact_items):
        saved = []
        for entry in transact_items:
            _, op = next(iter(entry.items()))
            table = self.get_table(op["TableName"])
            key = op.get("Key") or {name: op["Item"][name] for name in (table.hash_key_attr, table.range_key_attr)}
            hash_key, range_key = DynamoType(key[table.hash_key_attr]), DynamoType(key[table.range_key_attr])
            saved.append((table, hash_key, range_key, copy.deepcopy(table.items.get(hash_key, {}).get(range_key))))
        try:
            return original(self, transact_items)
        except Exception:
            for table, hash_key, range_key, item in reversed(saved):
                if item is None:
                    table.items.get(hash_key, {}).pop(range_key, None)
                else:
                    table.items[hash_key][range_key] = item
            raise

    models.DynamoDBBackend.transact_write_items = transact_write_items


def cheap_moto_reads() -> None:
    """Speed up moto's Query and Scan without changing their results.

    moto sorts the whole table on every Query and Scan, comparing DynamoType objects (each
    comparison converts both values through five type checks), and answers a Query on the
    table by filtering every item of the table. Here: a Query on the table looks at its
    partition only, a Query on an index at every item unsorted (moto sorts the matches itself),
    a Scan at every item sorted by the key values as plain strings (the same order: every key
    is a string) once per Scan, each page starting at its start key, and a string's value is
    returned without the type checks.
    """
    import bisect
    import threading

    from moto.dynamodb.models.dynamo_type import DynamoType
    from moto.dynamodb.models.table import Table

    in_query, in_scan = threading.local(), threading.local()
    original_query, original_scan = Table.query, Table.scan
    sorted_cache: dict = {}

    def query(self, hash_key, *args, **kwargs):
        index_name = args[6] if len(args) > 6 else kwargs.get("index_name")
        in_query.partition = None if index_name else hash_key
        in_query.active = True
        try:
            return original_query(self, hash_key, *args, **kwargs)
        finally:
            in_query.active = False

    def scan(self, filters, limit, exclusive_start_key, *args, **kwargs):
        if not exclusive_start_key:
            sorted_cache.pop(id(self), None)  # a new Scan: the table may have changed since the last
        in_scan.start, in_scan.active = exclusive_start_key, True
        try:
            return original_scan(self, filters, limit, exclusive_start_key, *args, **kwargs)
        finally:
            in_scan.active = False

    def every_item(self):
        return [item for hash_set in self.items.values()
                for item in (hash_set.values() if self.range_key_attr else [hash_set])]

    def all_items(self):
        if getattr(in_query, "active", False):
            if in_query.partition is not None:
                found = self.items.get(in_query.partition, {})
                return list(found.values()) if self.range_key_attr else [found]
            return every_item(self)
        if not self.range_key_attr:
            return sorted(every_item(self), key=lambda x: x.hash_key.value)
        if getattr(in_scan, "active", False):
            # The pages of one Scan: sort once, start each page at its start key (moto would
            # otherwise walk past every earlier item again).
            if id(self) not in sorted_cache:
                items = sorted(every_item(self), key=lambda x: (x.hash_key.value, x.range_key.value))
                sorted_cache[id(self)] = ([(x.hash_key.value, x.range_key.value) for x in items], items)
            keys, items = sorted_cache[id(self)]
            start = in_scan.start
            if start:
                at = bisect.bisect_left(keys, (start[self.hash_key_attr]["S"], start[self.range_key_attr]["S"]))
                return items[at:]
            return items
        return sorted(every_item(self), key=lambda x: (x.hash_key.value, x.range_key.value))

    Table.scan = scan
    Table.query = query
    Table.all_items = all_items
    original_cast = DynamoType.cast_value.fget

    def cast_value(self):
        return self.value if self.type == "S" else original_cast(self)

    DynamoType.cast_value = property(cast_value)


def cheap_moto_queue() -> None:
    """moto recounts every message of the queue (with several clock reads each) on every send,
    to build attributes that sending a message to a standard queue reads nothing from."""
    import threading

    from moto.sqs import models

    sending = threading.local()
    original_send = models.SQSBackend.send_message
    original_attributes = models.Queue.attributes.fget

    def send_message(self, *args, **kwargs):
        sending.active = True
        try:
            return original_send(self, *args, **kwargs)
        finally:
            sending.active = False

    def attributes(self):
        if getattr(sending, "active", False) and not self.fifo_queue:
            return {}
        return original_attributes(self)

    models.SQSBackend.send_message = send_message
    models.Queue.attributes = property(attributes)


class SharedPynamoClients:
    """Let PynamoDB Connection objects share one botocore client (counts what it saved)."""

    def __init__(self):
        self.avoided = 0

    def install(self) -> None:
        from pynamodb.connection import base

        original = base.Connection.client
        shared: dict = {}
        outer = self

        def client(connection):
            if connection._client is None:
                key = (connection.region, connection.host)
                if key in shared:
                    outer.avoided += 1
                    connection._client = shared[key]
                else:
                    shared[key] = original.fget(connection)
            return original.fget(connection)

        base.Connection.client = property(client)


def creates_connection_per_call() -> bool:
    """Whether the transactions' connection factory hands out a new Connection per call."""
    from chalicelib.adapters.dynamo import transactions

    factory = getattr(transactions, "connection", None)
    return bool(factory) and factory() is not factory()
