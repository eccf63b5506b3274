"""What the subscription services need of their store: the order subscriptions (Bestell-Abo).

Production: ``chalicelib/adapters/dynamo/subscriptions.py``; tests: ``tests/fakes/subscriptions.py``.
``schedule``: ``(occurrence, due attributes)`` to (re)schedule, None to leave the due index,
``KEEP`` to leave the pending occurrence as it is.
"""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from chalicelib.domain.subscription import Subscription


class SubscriptionStore(Protocol):
    KEEP: str

    def keys(self, optician_id: str, customer_id: str, subscription_id: str) -> tuple[str, str]:
        """The item's key (what the due attributes are computed from)."""

    def from_raw(self, raw: Mapping[str, Any]) -> Subscription:
        """The record of the scheduler's plain item."""

    def create(self, optician_id: str, subscription: Subscription, occurrence: str | None,
               due: dict[str, str] | None) -> Subscription:
        """Store a new subscription with its first occurrence."""

    def get(self, optician_id: str, customer_id: str, subscription_id: str) -> Subscription | None:
        """The subscription, or None."""

    def list_all(self, optician_id: str, customer_id: str) -> list[Subscription]:
        """The customer's subscriptions, oldest first."""

    def any_active(self, optician_id: str, customer_id: str) -> bool:
        """Whether the customer has an active subscription."""

    def update(self, optician_id: str, customer_id: str, subscription_id: str, changes: Mapping[str, object], *,
               schedule: tuple[str, dict[str, str]] | str | None, expected_version: int) -> Subscription:
        """Write ``changes``; Conflict (409) if the subscription changed since ``expected_version``."""

    def advance(self, pk: str, sk: str, processed: str, changes: Mapping[str, object], *, occurrence: str | None,
                due: dict[str, str] | None) -> bool:
        """Move to the next occurrence if ``processed`` is still pending; False otherwise."""

    def delete(self, optician_id: str, customer_id: str, subscription_id: str) -> None:
        """Delete it with its pending occurrence."""
