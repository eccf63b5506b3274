"""What the scheduling pipeline needs of the sparse ``due`` index: its keys and shards.

Production: ``chalicelib/adapters/dynamo/due.py``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Protocol


class DueIndex(Protocol):
    def due_attributes(self, pk: str, sk: str, instant: datetime) -> dict[str, str]:
        """The index attributes of an occurrence due at ``instant``."""

    def due_upper_bound(self, now: datetime) -> str:
        """The bound selecting every occurrence due at or before ``now``."""

    def all_shards(self, shards: int | None = None) -> list[str]:
        """Every shard of the index."""

    def instant_key(self, instant: datetime) -> str:
        """An instant as the index writes it."""

    def parse_due_at(self, value: str) -> datetime:
        """The instant of a ``due_at`` value."""
