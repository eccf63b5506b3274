"""An in-memory send queue (the port chalicelib/services/ports/queue.py) for unit tests.

It keeps each body with its delay, refuses what SQS refuses (more than ``BATCH_LIMIT`` bodies in a
batch, a delay outside 0..900 seconds: ``EnqueueError`` as the adapter raises) and can be told to
fail the next calls (``fail_next``: SQS unreachable). tests/integration/test_send_queue_contract.py
runs it and the SQS adapter (chalicelib/adapters/queue.py) through the same checks.
"""
from __future__ import annotations

from chalicelib.adapters.queue import EnqueueError

MAX_DELAY_SECONDS = 900


class InMemoryQueue:
    BATCH_LIMIT = 10

    def __init__(self, url: str = "memory://kontakt-send") -> None:
        self.url = url
        self.queued: list[tuple[str, int]] = []  # (body, delay in seconds), in the order queued
        self.errors: list[Exception] = []

    def fail_next(self, *errors: Exception) -> None:
        """The next calls raise these errors, one per call, in order."""
        self.errors.extend(errors)

    @property
    def bodies(self) -> list[str]:
        return [body for body, _ in self.queued]

    def send_queue_url(self) -> str:
        return self.url

    def send_batch(self, bodies: list[str], queue_url: str | None = None) -> int:
        if len(bodies) > self.BATCH_LIMIT:
            raise ValueError(f"at most {self.BATCH_LIMIT} messages per batch")
        if self.errors:
            raise self.errors.pop(0)
        self.queued += [(body, 0) for body in bodies]
        return len(bodies)

    def send_delayed(self, body: str, delay_seconds: int, queue_url: str | None = None) -> None:
        if self.errors:
            raise self.errors.pop(0)
        if not 0 <= delay_seconds <= MAX_DELAY_SECONDS:
            raise EnqueueError("SQS did not take the message: ClientError")
        self.queued.append((body, delay_seconds))
