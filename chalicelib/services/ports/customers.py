"""What the customers service needs of its store: the customer (profile, preferences, search
keys) as the record ``Customer`` and erasure of everything a customer owns.

Production: ``chalicelib/adapters/dynamo/customers.py``; tests: ``tests/fakes/customers.py``.
"""
from __future__ import annotations

from typing import Any, Mapping, Protocol

from chalicelib.domain.customer import Customer


class CustomerStore(Protocol):
    def create(self, optician_id: str, customer: Customer) -> Customer:
        """Store a new customer with their search index entries; the stored customer (timestamps set)."""

    def get(self, optician_id: str, customer_id: str) -> Customer | None:
        """The customer, or None (another optician's customer is None too)."""

    def update(self, optician_id: str, customer_id: str, fields: Mapping[str, Any], *,
               topics: Mapping[str, bool] | None = None, current: Customer | None = None) -> Customer:
        """Write the changed profile ``fields`` (None removes one) and topic switches of an existing
        customer (a changed e-mail address lifts its block); the stored customer. NotFound if erased."""

    def list_page(self, optician_id: str, *, words: list[str], limit: int,
                  cursor: str | None) -> tuple[list[Customer], str | None]:
        """One page of the customers (all, or those found by the query words) and the next cursor."""

    def exists_check(self, optician_id: str, customer_id: str) -> Any:
        """A condition for a transaction (an adapter ``Write``): the customer still exists."""

    def set_email_blocked(self, optician_id: str, customer_id: str, reason: str | None, *,
                          address: str | None = None) -> bool:
        """Block (reason) or unblock (None) the customer's e-mail address, only while it is still
        ``address`` if given; False if refused (erased, address changed)."""

    def erase(self, optician_id: str, customer_id: str) -> int:
        """Delete the customer and everything they own; how many items went."""
