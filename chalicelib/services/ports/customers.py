"""What the customers service needs of its store: the customer item (profile, preferences, search
keys) and erasure of everything a customer owns. Customers are still dicts in the adapter's
``to_dict`` shape (a typed record is the next step, issue 14).

Production: ``chalicelib/adapters/dynamo/customers.py``.
"""
from __future__ import annotations

from typing import Any, Protocol


class CustomerStore(Protocol):
    def create(self, optician_id: str, customer_id: str, fields: dict[str, Any],
               topics: dict[str, Any]) -> dict[str, Any]:
        """Store a new customer with their search index entries; the stored customer."""

    def get(self, optician_id: str, customer_id: str) -> dict[str, Any] | None:
        """The customer, or None (another optician's customer is None too)."""

    def update(self, optician_id: str, customer_id: str, fields: dict[str, Any], *,
               topics: dict[str, Any] | None = None, current: dict[str, Any] | None = None) -> dict[str, Any]:
        """Write the changed fields and topic switches of an existing customer; the stored customer."""

    def list_page(self, optician_id: str, *, words: list[str], limit: int,
                  cursor: str | None) -> tuple[list[dict[str, Any]], str | None]:
        """One page of the customers (all, or those found by the query words) and the next cursor."""

    def exists_check(self, optician_id: str, customer_id: str) -> Any:
        """A condition for a transaction (an adapter ``Write``): the customer still exists."""

    def set_email_blocked(self, optician_id: str, customer_id: str, reason: str | None, *,
                          address: str | None = None) -> bool:
        """Block (reason) or unblock (None) the customer's e-mail address, only while it is still
        ``address`` if given; False if refused (erased, address changed)."""

    def erase(self, optician_id: str, customer_id: str) -> int:
        """Delete the customer and everything they own; how many items went."""
