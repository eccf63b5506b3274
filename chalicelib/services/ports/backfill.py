"""What the one-off backfills (services/backfills/) need of the table: every optician and customer,
a customer's whole partition, and the writes each backfill makes.

Production: ``chalicelib/adapters/dynamo/backfill.py``. Maintenance commands run by an operator
(scripts/backfill_*.py), never on a request path: their reads may be Scans and whole partitions.
"""
from __future__ import annotations

from typing import Any, Protocol

from chalicelib.domain.attribution import SentReminder
from chalicelib.domain.conversion_report import Counter

Item = dict[str, Any]  # a stored item as a plain dict (attribute name -> value, numbers as Decimal)
CounterKey = tuple[str, str, str]  # (month, kind, channel)


class CustomerItems(Protocol):
    """A customer's partition by kind of item."""

    @property
    def messages(self) -> list[Item]:
        """History records (``sk`` is the record's ``message_sk``)."""

    @property
    def sent_reminders(self) -> list[Item]:
        """The reports' index of sent reminders (``message_id``, ``kind``, ``channel``, ``sent_at``,
        ``month``, ``origin``)."""

    @property
    def orders(self) -> list[Item]:
        """Orders (``order_key``, ``ordered_at``, ``attribution`` as stored JSON)."""

    @property
    def scheduled(self) -> list[Item]:
        """Reminders and subscriptions (``pk``, ``sk``, ``due_at``, ``due_owner``, ``agenda_facts``)."""


class BackfillStore(Protocol):
    BACKFILL: str  # the origin of what a backfill wrote (a sent reminder, an order's credit)

    def optician_ids(self) -> list[str]:
        """Every optician, sorted (a Scan)."""

    def customer_ids(self, optician_id: str) -> list[str]:
        """Every customer of the optician."""

    def customer_items(self, optician_id: str, customer_id: str) -> CustomerItems:
        """The customer's whole partition."""

    def set_due_owner(self, items: list[Item]) -> int:
        """Give scheduled items that have ``due_at`` but no ``due_owner`` one (unless ``due_at`` changed
        meanwhile); how many were written."""

    def reindex_customers(self, optician_id: str, *, dry_run: bool = False) -> tuple[int, int]:
        """Rewrite the search entries of the optician's customers whose stored keys are not the computed
        ones: (customers seen, customers reindexed)."""

    def backfill_counters(self, optician_id: str) -> dict[CounterKey, Counter]:
        """The optician's counters of the ``backfill`` origin."""

    def set_backfill_counter(self, optician_id: str, month: str, kind: str, channel: str, counter: Counter) -> None:
        """Overwrite one ``backfill`` counter (the live counters are never touched)."""

    def put_backfilled_sent(self, optician_id: str, customer_id: str, reminder: SentReminder, message_sk: str) -> None:
        """Index a reminder sent before the index existed (origin ``backfill``)."""

    def set_backfilled_attribution(self, optician_id: str, customer_id: str, order_key: str,
                                   attribution: dict[str, Any]) -> bool:
        """Store the backfill's credit on an order without a live one; False if it has one or is gone."""
