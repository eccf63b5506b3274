"""In-memory scheduled items (the port chalicelib/services/ports/occurrence_items.py) for unit tests.

Items are plain dicts keyed ``(pk, sk)``, with the due attributes the real index reads
(``due_shard``, ``due_at``); the opticians and customers that ``read_batch`` returns with them are
kept beside. Conditional writes refuse as DynamoDB's do (the contract:
tests/integration/test_occurrence_items_contract.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings

Key = tuple[str, str]


class ConditionFailed(Exception):
    """What a conditional write of the fake raises when refused (the adapters raise their client's errors)."""


@dataclass
class FakeDuePage:
    keys: list[tuple[str, str, str]] = field(default_factory=list)
    scanned_count: int = 0
    next_key: dict[str, Any] | None = None


@dataclass
class FakeBatchRead:
    items: dict[Key, dict[str, Any] | None] = field(default_factory=dict)
    opticians: dict[str, OpticianSettings | None] = field(default_factory=dict)
    customers: dict[Key, Customer | None] = field(default_factory=dict)


@dataclass(frozen=True)
class FakeCheck:
    """A ConditionCheck for a claim's transaction: ``holds()`` says whether it would pass now."""

    holds: Callable[[], bool]


class InMemoryScheduledItems:
    ConditionFailed = ConditionFailed

    def __init__(self) -> None:
        self.items: dict[Key, dict[str, Any]] = {}
        self.opticians: dict[str, OpticianSettings] = {}
        self.customers: dict[Key, Customer] = {}
        self.batch_reads: list[list[Key]] = []  # the keys of each read_batch call

    # What tests store (the production items are written by the reminders' and subscriptions' adapters).
    def put(self, item: dict[str, Any]) -> None:
        self.items[(item["pk"], item["sk"])] = dict(item)

    def owner_of(self, pk: str) -> tuple[str, str] | None:
        if not pk.startswith("OPT#") or "#CUST#" not in pk:
            return None
        optician_id, customer_id = pk[len("OPT#"):].split("#CUST#", 1)
        return (optician_id, customer_id) if optician_id and customer_id else None

    def get(self, pk: str, sk: str) -> dict[str, Any] | None:
        item = self.items.get((pk, sk))
        return dict(item) if item is not None else None

    def read_batch(self, keys: list[Key]) -> FakeBatchRead:
        self.batch_reads.append(list(keys))
        found = FakeBatchRead(items={key: self.get(*key) for key in keys})
        for owner in filter(None, (self.owner_of(pk) for pk, _ in keys)):
            found.opticians[owner[0]] = self.opticians.get(owner[0])
            customer = self.customers.get(owner)
            found.customers[owner] = customer
        return found

    def query_due(self, shard: str, upper_bound: str, *, limit: int | None = None,
                  start_key: dict[str, Any] | None = None) -> FakeDuePage:
        due = sorted((item["due_at"], item["pk"], item["sk"]) for item in self.items.values()
                     if item.get("due_shard") == shard and item.get("due_at") and item["due_at"] <= upper_bound)
        if start_key:
            due = [entry for entry in due if entry[0] > start_key["due_at"]]
        page = due[:limit] if limit else due
        more = len(page) < len(due)
        return FakeDuePage(keys=[(pk, sk, due_at) for due_at, pk, sk in page], scanned_count=len(page),
                           next_key={"due_at": page[-1][0]} if more and page else None)

    def _pending(self, pk: str, sk: str, occurrence: str, due_at: str) -> dict[str, Any] | None:
        item = self.items.get((pk, sk))
        if item is None or item.get("occurrence") != occurrence or item.get("due_at") != due_at:
            return None
        return item

    def move_due(self, pk: str, sk: str, *, occurrence: str, expected_due_at: str, new_due_at: str) -> bool:
        item = self._pending(pk, sk, occurrence, expected_due_at)
        if item is None:
            return False
        item["due_at"] = new_due_at
        return True

    def still_pending_check(self, pk: str, sk: str, *, occurrence: str, due_at: str) -> FakeCheck:
        return FakeCheck(lambda: self._pending(pk, sk, occurrence, due_at) is not None)

    def drop_orphan(self, pk: str, sk: str, *, occurrence: str, due_at: str, delete: bool) -> bool:
        item = self._pending(pk, sk, occurrence, due_at)
        if item is None:
            return False
        if delete:
            del self.items[(pk, sk)]
        else:
            for name in ("due_shard", "due_at", "due_owner"):
                item.pop(name, None)
        return True

    def is_condition_failure(self, exc: BaseException) -> bool:
        return isinstance(exc, ConditionFailed)
