"""Counting the DynamoDB items every call of a process reads (what a request costs in reads).

An ``after-call`` handler is registered on every botocore client as it is created (boto3's and
PynamoDB's alike): a Query or Scan counts its ``ScannedCount`` (items read before any filter),
a GetItem the item it returned, a BatchGetItem every item it returned, a TransactGetItems
likewise. Install it before the first client exists.
"""
from __future__ import annotations


class ItemsRead:
    def __init__(self):
        self.items = 0
        self.calls = 0

    def install(self) -> None:
        import botocore.session

        original = botocore.session.Session.create_client
        counter = self

        def create_client(session, *args, **kwargs):
            client = original(session, *args, **kwargs)
            client.meta.events.register("after-call.dynamodb", counter._on_call)
            return client

        botocore.session.Session.create_client = create_client

    def _on_call(self, parsed=None, model=None, **kwargs):
        if not isinstance(parsed, dict) or model is None:
            return
        name = model.name
        if name in ("Query", "Scan"):
            self.items += int(parsed.get("ScannedCount", len(parsed.get("Items", []))))
        elif name == "GetItem":
            self.items += 1 if parsed.get("Item") else 0
        elif name == "BatchGetItem":
            self.items += sum(len(found) for found in (parsed.get("Responses") or {}).values())
        elif name == "TransactGetItems":
            self.items += sum(1 for response in parsed.get("Responses", []) if response.get("Item"))
        else:
            return
        self.calls += 1

    def reset(self) -> None:
        self.items = self.calls = 0
