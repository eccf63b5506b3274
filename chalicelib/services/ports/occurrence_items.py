"""What the scheduling pipeline needs of the scheduled items: read by key, moved, checked, dropped.

Production: ``chalicelib/adapters/dynamo/occurrence_items.py`` (items of every kind, read and
moved generically).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from chalicelib.adapters.dynamo.occurrence_items import DuePage
    from chalicelib.services.ports.writes import Write


class ScheduledItems(Protocol):
    BATCH_GET_LIMIT: int

    def to_plain(self, raw: dict[str, Any]) -> dict[str, Any]:
        """A low-level item as a plain dict."""

    def get(self, pk: str, sk: str) -> dict[str, Any] | None:
        """The item as a plain dict, strongly consistent, or None."""

    def batch_get_raw(self, keys: list[tuple[str, str]]) -> dict[tuple[str, str], dict[str, Any]]:
        """Low-level items for up to ``BATCH_GET_LIMIT`` keys."""

    def query_due(self, shard: str, upper_bound: str, *, limit: int | None = None,
                  start_key: dict[str, Any] | None = None) -> DuePage:
        """One page of the items of ``shard`` due by ``upper_bound``."""

    def move_due(self, pk: str, sk: str, *, occurrence: str, expected_due_at: str, new_due_at: str) -> bool:
        """Set ``due_at`` only, if the item still has ``occurrence`` and ``expected_due_at``."""

    def still_pending_check(self, pk: str, sk: str, *, occurrence: str, due_at: str) -> Write:
        """A ConditionCheck: the item still has ``occurrence`` and ``due_at``."""

    def drop_orphan(self, pk: str, sk: str, *, occurrence: str, due_at: str, delete: bool) -> bool:
        """Take an ownerless item out of the index (or delete it)."""

