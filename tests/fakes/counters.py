"""An in-memory counter store (the port chalicelib/services/ports/counters.py) for unit tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True)
class FakeWrite:
    """A prepared write made alone (``make``), as the adapters' ``Write``; False if its condition refused it."""

    apply: Callable[[], bool]

    def make(self) -> bool:
        return self.apply()


class InMemoryCounters:
    """Counters by key with their expiry, counted as the DynamoDB adapter counts them (never above ``maximum``)."""

    def __init__(self) -> None:
        self.hits: dict[tuple[str, str], int] = {}
        self.expires_at: dict[tuple[str, str], int] = {}

    def take_write(self, pk: str, sk: str, maximum: int, expires_at: int) -> FakeWrite:
        def apply() -> bool:
            if self.hits.get((pk, sk), 0) >= maximum:
                return False
            self.hits[(pk, sk)] = self.hits.get((pk, sk), 0) + 1
            self.expires_at[(pk, sk)] = expires_at
            return True

        return FakeWrite(apply)

    def give_back_write(self, pk: str, sk: str) -> FakeWrite:
        def apply() -> bool:
            self.hits[(pk, sk)] = self.hits.get((pk, sk), 0) - 1
            return True

        return FakeWrite(apply)

    def take(self, pk: str, sk: str, maximum: int, expires_at: int) -> bool:
        return self.take_write(pk, sk, maximum, expires_at).make()

    def count(self, pk: str, sk: str) -> int:
        """How many were counted (the adapter's ``hits``)."""
        return self.hits.get((pk, sk), 0)

    def daily_cap_write(self, optician_id: str, customer_id: str, day: str, cap: int, expires_at: int) -> FakeWrite:
        return self.take_write(f"OPT#{optician_id}#CUST#{customer_id}", f"CAP#{day}", cap, expires_at)

    def daily_cap_give_back(self, optician_id: str, customer_id: str, day: str) -> FakeWrite:
        return self.give_back_write(f"OPT#{optician_id}#CUST#{customer_id}", f"CAP#{day}")
