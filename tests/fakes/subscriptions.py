"""An in-memory subscription store (the port chalicelib/services/ports/subscriptions.py) for unit tests."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, Mapping

from chalicelib.adapters.dynamo.subscriptions import from_raw as adapter_from_raw
from chalicelib.domain.errors import Conflict
from chalicelib.domain.subscription import Subscription

FIELDS = ("lines", "interval_weeks", "next_order_on", "delivery", "active", "skipped_on")


class InMemorySubscriptions:
    """Subscriptions by key with their pending occurrence, written as the DynamoDB adapter writes them:
    edits only at the version read, the scheduler's moves only while the processed occurrence is pending."""

    KEEP = "keep"

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], Subscription] = {}
        self.due: dict[tuple[str, str], dict[str, str]] = {}
        self.stamps = iter(f"2026-01-01T00:00:{n:02d}+00:00" for n in range(10**6))

    def keys(self, optician_id: str, customer_id: str, subscription_id: str) -> tuple[str, str]:
        return f"OPT#{optician_id}#CUST#{customer_id}", f"SUBSCRIPTION#{subscription_id}"

    def from_raw(self, raw: Mapping[str, Any]) -> Subscription:
        return adapter_from_raw(raw)

    def create(self, optician_id: str, subscription: Subscription, occurrence: str | None,
               due: dict[str, str] | None) -> Subscription:
        key = self.keys(optician_id, subscription.customer_id, subscription.id)
        if key in self.items:
            raise RuntimeError("subscription id collision")
        now = next(self.stamps)
        stored = replace(subscription, version=1, occurrence=occurrence, created_at=now, updated_at=now)
        self.items[key] = stored
        self._schedule(key, occurrence, due)
        return stored

    def get(self, optician_id: str, customer_id: str, subscription_id: str) -> Subscription | None:
        return self.items.get(self.keys(optician_id, customer_id, subscription_id))

    def list_all(self, optician_id: str, customer_id: str) -> list[Subscription]:
        pk = self.keys(optician_id, customer_id, "")[0]
        return [self.items[key] for key in sorted(self.items) if key[0] == pk]

    def any_active(self, optician_id: str, customer_id: str) -> bool:
        return any(subscription.active for subscription in self.list_all(optician_id, customer_id))

    def update(self, optician_id: str, customer_id: str, subscription_id: str, changes: Mapping[str, object], *,
               schedule: tuple[str, dict[str, str]] | str | None, expected_version: int) -> Subscription:
        key = self.keys(optician_id, customer_id, subscription_id)
        current = self.items.get(key)
        if current is None or current.version != expected_version:
            raise Conflict("The subscription was changed at the same time; load it again and retry.")
        self._write(key, changes)
        if schedule != self.KEEP:
            occurrence, due = schedule if isinstance(schedule, tuple) else (None, None)
            self.items[key] = replace(self.items[key], occurrence=occurrence)
            self._schedule(key, occurrence, due)
        return self.items[key]

    def advance(self, pk: str, sk: str, processed: str, changes: Mapping[str, object], *, occurrence: str | None,
                due: dict[str, str] | None) -> bool:
        current = self.items.get((pk, sk))
        if current is None or current.occurrence != processed:
            return False
        self._write((pk, sk), changes)
        scheduled = occurrence if occurrence and due else None
        self.items[(pk, sk)] = replace(self.items[(pk, sk)], occurrence=scheduled)
        self._schedule((pk, sk), scheduled, due)
        return True

    def delete(self, optician_id: str, customer_id: str, subscription_id: str) -> None:
        key = self.keys(optician_id, customer_id, subscription_id)
        self.items.pop(key, None)
        self.due.pop(key, None)

    def _write(self, key: tuple[str, str], changes: Mapping[str, object]) -> None:
        unknown = set(changes) - set(FIELDS)
        if unknown:
            raise ValueError(f"unknown subscription field {sorted(unknown)[0]!r}")
        values: dict[str, Any] = dict(changes)
        if "lines" in values:
            values["lines"] = tuple(values["lines"])  # type: ignore[arg-type]
        for name in ("next_order_on", "skipped_on"):
            if isinstance(values.get(name), str):
                values[name] = date.fromisoformat(values[name])
        current = self.items[key]
        self.items[key] = replace(current, **values, version=current.version + 1, updated_at=next(self.stamps))

    def _schedule(self, key: tuple[str, str], occurrence: str | None, due: dict[str, str] | None) -> None:
        if occurrence and due:
            self.due[key] = dict(due)
        else:
            self.due.pop(key, None)
