"""An in-memory counter store (the port chalicelib/services/ports/counters.py) for unit tests."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable


def _always() -> bool:
    return True


@dataclass(frozen=True)
class FakeWrite:
    """A prepared write, as the adapters' ``Write``: ``check`` its condition, ``apply`` it. ``make`` does both
    alone (False if the condition refused it); a transaction (tests/fakes/messages.py) checks every write
    before it applies any, as DynamoDB does."""

    apply: Callable[[], None]
    check: Callable[[], bool] = _always

    def make(self) -> bool:
        if not self.check():
            return False
        self.apply()
        return True


class InMemoryCounters:
    """Counters by key with their expiry, counted as the DynamoDB adapter counts them (never above ``maximum``)."""

    def __init__(self) -> None:
        self.hits: dict[tuple[str, str], int] = {}
        self.expires_at: dict[tuple[str, str], int] = {}

    def take_write(self, pk: str, sk: str, maximum: int, expires_at: int) -> FakeWrite:
        def apply() -> None:
            self.hits[(pk, sk)] = self.hits.get((pk, sk), 0) + 1
            self.expires_at[(pk, sk)] = expires_at

        return FakeWrite(apply, check=lambda: self.hits.get((pk, sk), 0) < maximum)

    def give_back_write(self, pk: str, sk: str) -> FakeWrite:
        def apply() -> None:
            self.hits[(pk, sk)] = self.hits.get((pk, sk), 0) - 1

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
