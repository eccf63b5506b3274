"""An in-memory webhook event store (the port chalicelib/services/ports/webhook_events.py) for unit tests."""
from __future__ import annotations

from datetime import datetime
from typing import Callable

from chalicelib.adapters.dynamo.webhook_events import StoredEvent


class InMemoryWebhookEvents:
    """Events by (optician, event id), claimed, taken over, finished and released as the DynamoDB adapter
    does it; ``on_get`` runs whenever a delivery looks at an event (to stage races in tests)."""

    DONE = "done"

    def __init__(self) -> None:
        self.events: dict[tuple[str, str], dict[str, object]] = {}
        self.on_get: Callable[[], None] | None = None

    def claim(self, optician_id: str, event_id: str, *, attempt: str, fingerprint: str, lease_until: int,
              expires_at: datetime) -> bool:
        if (optician_id, event_id) in self.events:
            return False
        self.events[(optician_id, event_id)] = {"state": "pending", "attempt": attempt, "lease_until": lease_until,
                                                "fingerprint": fingerprint, "status_code": None, "response": None}
        return True

    def get(self, optician_id: str, event_id: str) -> StoredEvent | None:
        if self.on_get:
            self.on_get()
        event = self.events.get((optician_id, event_id))
        return StoredEvent(**event) if event else None  # type: ignore[arg-type]

    def take_over(self, optician_id: str, event_id: str, *, abandoned_attempt: str, attempt: str,
                  lease_until: int) -> bool:
        event = self.events.get((optician_id, event_id))
        if event is None or event["state"] != "pending" or event["attempt"] != abandoned_attempt:
            return False
        event.update(attempt=attempt, lease_until=lease_until)
        return True

    def finish(self, optician_id: str, event_id: str, *, attempt: str, status_code: int, response: str,
               customer_id: str | None, expires_at: datetime) -> bool:
        event = self.events.get((optician_id, event_id))
        if not event or event["attempt"] != attempt or event["state"] != "pending":
            return False
        event.update(state=self.DONE, status_code=status_code, response=response)
        return True

    def release(self, optician_id: str, event_id: str, *, attempt: str) -> None:
        event = self.events.get((optician_id, event_id))
        if event is not None and event["state"] == "pending" and event["attempt"] == attempt:
            del self.events[(optician_id, event_id)]
