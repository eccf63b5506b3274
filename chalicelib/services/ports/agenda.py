"""What the agenda and its facts need of their stores: the optician's due index, and the copy of
customer facts on each scheduled item.

Production: ``chalicelib/adapters/dynamo/agenda.py`` and ``agenda_facts.py``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol

from chalicelib.domain.customer import Customer


class AgendaPage(Protocol):
    # (pk, sk, due_at, occurrence, stored facts) of each listed item, oldest first
    @property
    def entries(self) -> list[tuple[str, str, str, str | None, str | None]]: ...
    @property
    def next_cursor(self) -> str | None: ...


class AgendaIndex(Protocol):
    def query(self, optician_id: str, until: datetime, *, limit: int, cursor: str | None) -> AgendaPage:
        """One page of the optician's scheduled items due until ``until``, oldest first."""


class AgendaFactsStore(Protocol):
    def customer(self, optician_id: str, customer_id: str) -> Customer | None:
        """The customer (strongly consistent), or None if erased."""

    def customers_by_id(self, optician_id: str, customer_ids: set[str]) -> dict[str, Customer]:
        """The listed customers that exist, by id (a batch read)."""

    def scheduled_items(self, optician_id: str, customer_id: str) -> list[dict[str, Any]]:
        """The customer's reminders and subscriptions: ``pk``, ``sk``, ``active``."""

    def write(self, pk: str, sk: str, facts: str, rev: str) -> bool:
        """Set the facts unless a refresh that began later wrote them; False if refused."""
