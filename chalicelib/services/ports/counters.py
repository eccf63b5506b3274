"""What the rate limits and the daily cap of transactional messages need of their store: counters.

Production: ``chalicelib/adapters/dynamo/counters.py``; tests: ``tests/fakes/counters.py``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write


class CounterStore(Protocol):
    def take(self, pk: str, sk: str, maximum: int, expires_at: int) -> bool:
        """Count one more unless ``maximum`` is reached; whether it was counted."""

    def give_back_write(self, pk: str, sk: str) -> Write:
        """The write taking one back."""

    def daily_cap_write(self, optician_id: str, customer_id: str, day: str, cap: int, expires_at: int) -> Write:
        """The write counting a transactional message against the customer's cap of ``day``."""

    def daily_cap_give_back(self, optician_id: str, customer_id: str, day: str) -> Write:
        """The write giving one of ``day``'s cap back."""
