"""What the optician's message list needs of the message index views (``GET /messages``).

Production: ``chalicelib/adapters/dynamo/message_index.py``.
"""
from __future__ import annotations

from typing import Protocol

from chalicelib.domain.message import Message


class Reads(Protocol):
    """What one page cost (the benchmarks read it): index entries, Queries, items read by key."""

    index_items: int
    queries: int
    items_by_key: int


class MessageIndex(Protocol):
    def list_all(self, optician_id: str, *, status: str | None, kind: str | None, channel: str | None,
                 start: str | None, end: str | None, limit: int,
                 cursor: str | None) -> tuple[list[tuple[Message, str | None]], str | None, Reads]:
        """One page of the optician's messages (each with its customer's name), the next cursor, what it read."""
