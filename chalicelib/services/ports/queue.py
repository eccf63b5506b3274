"""What the scheduler and the transactional retries need of the send queue (SQS).

Production: ``chalicelib/adapters/queue.py``; tests: ``tests/fakes/queue.py``.
"""
from __future__ import annotations

from typing import Protocol


class SendQueue(Protocol):
    BATCH_LIMIT: int  # bodies per send_batch

    def send_queue_url(self) -> str:
        """The send queue's URL."""

    def send_batch(self, bodies: list[str], queue_url: str | None = None) -> int:
        """Queue up to ``BATCH_LIMIT`` bodies; how many were queued (EnqueueError for the rest)."""

    def send_delayed(self, body: str, delay_seconds: int, queue_url: str | None = None) -> None:
        """Queue one body, delivered after ``delay_seconds`` (0..900)."""
