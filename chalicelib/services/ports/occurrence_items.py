"""What the scheduling pipeline needs of the scheduled items: read by key (alone or a batch with their
owners), moved, checked, dropped.

Production: ``chalicelib/adapters/dynamo/occurrence_items.py`` (items of every kind, read and
moved generically); tests: ``tests/fakes/occurrence_items.py``. An item is a plain dict (attribute
name → value, numbers as Decimal) with at least ``pk``, ``sk`` and, while an occurrence is pending,
``occurrence`` and ``due_at``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Protocol

from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write

Key = tuple[str, str]


class DuePage(Protocol):
    """One page of a due-index query."""

    @property
    def keys(self) -> list[tuple[str, str, str]]:
        """``(pk, sk, due_at)`` of each due item, oldest first."""

    @property
    def scanned_count(self) -> int:
        """How many index items the store read for the page (what it costs)."""

    @property
    def next_key(self) -> dict[str, Any] | None:
        """Where the next page starts; None after the last."""


class BatchRead(Protocol):
    """What one batch read found for a batch of due items. A key missing from a mapping was not
    read (or could not be understood): the caller reads that one singly."""

    @property
    def items(self) -> Mapping[Key, dict[str, Any] | None]:
        """Each asked item (None: it does not exist)."""

    @property
    def opticians(self) -> Mapping[str, OpticianSettings | None]:
        """The optician owning each item, by id (None: gone)."""

    @property
    def customers(self) -> Mapping[Key, Customer | None]:
        """The customer owning each item, by ``(optician_id, customer_id)`` (None: erased)."""


class ScheduledItems(Protocol):
    def owner_of(self, pk: str) -> tuple[str, str] | None:
        """``(optician_id, customer_id)`` of the customer whose partition ``pk`` is; None for another key."""

    def get(self, pk: str, sk: str) -> dict[str, Any] | None:
        """The item as a plain dict, strongly consistent, or None."""

    def read_batch(self, keys: list[Key]) -> BatchRead:
        """The items at ``keys`` with their opticians and customers, strongly consistent, in as few
        reads as the store allows."""

    def query_due(self, shard: str, upper_bound: str, *, limit: int | None = None,
                  start_key: dict[str, Any] | None = None) -> DuePage:
        """One page of the items of ``shard`` due by ``upper_bound``."""

    def move_due(self, pk: str, sk: str, *, occurrence: str, expected_due_at: str, new_due_at: str) -> bool:
        """Set ``due_at`` only, if the item still has ``occurrence`` and ``expected_due_at``."""

    def still_pending_check(self, pk: str, sk: str, *, occurrence: str, due_at: str) -> Write:
        """A ConditionCheck: the item still has ``occurrence`` and ``due_at``."""

    def drop_orphan(self, pk: str, sk: str, *, occurrence: str, due_at: str, delete: bool) -> bool:
        """Take an ownerless item out of the index (or delete it)."""

    def is_condition_failure(self, exc: BaseException) -> bool:
        """Whether ``exc`` is a store refusing a conditional write because the item changed meanwhile
        (the stores raise their client's errors for it, of several types)."""
