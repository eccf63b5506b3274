"""An in-memory customer store (the port chalicelib/services/ports/customers.py) and the agenda's
copy of customer facts (chalicelib/services/ports/agenda.py ``AgendaFactsStore``), for unit tests
of the customers service without moto.

The store keeps what the DynamoDB adapter keeps and answers the way it does: customers listed by
id (the adapter's sort key), a search by the beginnings of the customers' search keys in key order
(domain/customer_search.py, as the search index answers it), a next cursor after a full page (of
the plain list only if more customers follow), writes of a customer that does not exist (any more)
refused. tests/integration/test_customer_store.py runs both through the same checks.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any, Callable, Mapping

from chalicelib.domain.customer import Customer
from chalicelib.domain.customer_search import is_hit, lead_word, search_keys
from chalicelib.domain.errors import NotFound, ValidationError


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _keys(customer: Customer) -> list[str]:
    return search_keys(customer.first_name, customer.last_name, customer.email, customer.mobile)


class InMemoryCustomers:
    """Customers per optician; a search reads the keys of each customer's current profile (the
    adapter rewrites its index entries in the same transaction as every change of them)."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str], Customer] = {}
        self.erased: list[tuple[str, str]] = []  # (optician, customer) of every erase call, in order

    def create(self, optician_id: str, customer: Customer) -> Customer:
        if (optician_id, customer.id) in self._items:  # the adapter's put is conditional on a new id
            raise RuntimeError("customer id collision")
        now = _now()
        stored = replace(customer, topics=dict(customer.topics), email_blocked=False, email_blocked_reason=None,
                         created_at=now, updated_at=now)
        self._items[(optician_id, customer.id)] = stored
        return stored

    def get(self, optician_id: str, customer_id: str) -> Customer | None:
        return self._items.get((optician_id, customer_id))

    def update(self, optician_id: str, customer_id: str, fields: Mapping[str, Any], *,
               topics: Mapping[str, bool] | None = None, current: Customer | None = None) -> Customer:
        stored = self._items.get((optician_id, customer_id))
        if stored is None:  # erased: an update never re-creates a customer
            raise NotFound("No customer with this id.", field="customer_id")
        changed = replace(stored, **fields, updated_at=_now())
        if "email" in fields and fields["email"] != stored.email:  # a new address is not blocked
            changed = replace(changed, email_blocked=False, email_blocked_reason=None)
        if topics:
            changed = replace(changed, topics={**stored.topics, **{name: bool(on) for name, on in topics.items()}})
        self._items[(optician_id, customer_id)] = changed
        return changed

    def list_page(self, optician_id: str, *, words: list[str], limit: int,
                  cursor: str | None) -> tuple[list[Customer], str | None]:
        mine = sorted((customer for (oid, _), customer in self._items.items() if oid == optician_id),
                      key=lambda customer: customer.id)
        if words:
            lead = lead_word(words)
            entries = sorted((f"{key}#{customer.id}", customer) for customer in mine for key in _keys(customer)
                             if key.startswith(lead) and is_hit(key, _keys(customer), words))
        else:
            entries = [(customer.id, customer) for customer in mine]
        after = self._position(cursor, optician_id, words)
        rest = [(position, customer) for position, customer in entries if after is None or position > after]
        page = rest[:limit]
        # A full page of a search has a cursor even if nothing follows (the index is read until the
        # page is full); the plain list stops where the customers end.
        full = len(page) == limit and (bool(words) or len(rest) > limit)
        next_cursor = f"{optician_id}|{' '.join(words)}|{page[-1][0]}" if full else None
        return [customer for _, customer in page], next_cursor

    @staticmethod
    def _position(cursor: str | None, optician_id: str, words: list[str]) -> str | None:
        """Where the page after ``cursor`` starts; a cursor of another optician or list is refused
        (the adapter answers 422 for it too)."""
        if not cursor:
            return None
        parts = cursor.split("|", 2)
        if len(parts) != 3 or parts[:2] != [optician_id, " ".join(words)]:
            raise ValidationError("'cursor' is not valid for this list.", field="cursor")
        return parts[2]

    def exists_check(self, optician_id: str, customer_id: str) -> Callable[[], None]:
        def check() -> None:
            if (optician_id, customer_id) not in self._items:
                raise NotFound("No customer with this id.", field="customer_id")
        return check

    def set_email_blocked(self, optician_id: str, customer_id: str, reason: str | None, *,
                          address: str | None = None) -> bool:
        stored = self._items.get((optician_id, customer_id))
        if stored is None or (address is not None and stored.email != address):
            return False
        self._items[(optician_id, customer_id)] = replace(stored, email_blocked=reason is not None,
                                                          email_blocked_reason=reason or None)
        return True

    def erase(self, optician_id: str, customer_id: str) -> int:
        """The customer goes; what else they own is kept by other stores (the adapter sweeps their
        partition), so only the customer item is counted."""
        self.erased.append((optician_id, customer_id))
        self._items.pop((optician_id, customer_id), None)
        return 1


class InMemoryAgendaFacts:
    """The facts each scheduled item of a customer carries, written by ``agenda_facts.refresh``.
    Reads the customer from ``customers``; ``schedule`` adds an item (a reminder or subscription)."""

    def __init__(self, customers: InMemoryCustomers) -> None:
        self._customers = customers
        self.items: dict[tuple[str, str], dict[str, Any]] = {}  # (pk, sk) -> {pk, sk, active, facts, rev}

    def schedule(self, optician_id: str, customer_id: str, sk: str, *, active: bool = True) -> tuple[str, str]:
        pk = f"OPT#{optician_id}#CUST#{customer_id}"
        self.items[(pk, sk)] = {"pk": pk, "sk": sk, "active": active, "facts": None, "rev": None}
        return pk, sk

    def customer(self, optician_id: str, customer_id: str) -> Customer | None:
        return self._customers.get(optician_id, customer_id)

    def scheduled_items(self, optician_id: str, customer_id: str) -> list[dict[str, Any]]:
        pk = f"OPT#{optician_id}#CUST#{customer_id}"
        return [{"pk": item["pk"], "sk": item["sk"], "active": item["active"]}
                for (item_pk, _), item in sorted(self.items.items()) if item_pk == pk]

    def write(self, pk: str, sk: str, facts: str, rev: str) -> bool:
        item = self.items.get((pk, sk))
        if item is None or (item["rev"] is not None and item["rev"] > rev):
            return False
        item.update(facts=facts, rev=rev)
        return True
