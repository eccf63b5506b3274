"""What the webhooks' run-once needs of its store: each delivered event's claim and answer.

Production: ``chalicelib/adapters/dynamo/webhook_events.py``; tests: ``tests/fakes/webhook_events.py``.
"""
from __future__ import annotations

from datetime import datetime
from typing import Protocol


class StoredEvent(Protocol):
    """A delivered event as stored: its claim's state, attempt and lease, and the answer once done."""

    @property
    def state(self) -> str: ...

    @property
    def attempt(self) -> str: ...

    @property
    def lease_until(self) -> int: ...

    @property
    def fingerprint(self) -> str: ...

    @property
    def status_code(self) -> int | None: ...

    @property
    def response(self) -> str | None: ...


class WebhookEventStore(Protocol):
    DONE: str  # the state of an event whose answer is stored

    def claim(self, optician_id: str, event_id: str, *, attempt: str, fingerprint: str, lease_until: int,
              expires_at: datetime) -> bool:
        """Claim a new event for this delivery; False if the event is known already."""

    def get(self, optician_id: str, event_id: str) -> StoredEvent | None:
        """The stored event (state, attempt, lease, fingerprint, answer), or None."""

    def take_over(self, optician_id: str, event_id: str, *, abandoned_attempt: str, attempt: str,
                  lease_until: int) -> bool:
        """Take an abandoned pending claim; False if someone else moved first."""

    def finish(self, optician_id: str, event_id: str, *, attempt: str, status_code: int, response: str,
               customer_id: str | None, expires_at: datetime) -> bool:
        """Store the answer if this delivery still holds the claim."""

    def release(self, optician_id: str, event_id: str, *, attempt: str) -> None:
        """Give the claim up (processing failed), so a later delivery processes it."""
