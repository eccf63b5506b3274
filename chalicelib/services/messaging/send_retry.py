"""The queue message for a transactional message to send again (order and subscription messages).

When the provider is unavailable (throttling, 5xx, no connection) or another worker is
sending the same key, a transactional message is not lost: it goes onto the send queue
(services/messaging/transactional.py) with everything needed to send it again — the optician and
customer ids, the kind, the idempotency key and the template data as they were when the
order or subscription changed. The consumer sends it with the same idempotency key, so it
goes out at most once however often the message is delivered.

A retry queued after an unexpected error (the send may have claimed the key, or even
reached the provider) carries ``not_before``: the moment the claim's lease has surely run
out. Delivered earlier (SQS delays at most 15 minutes), it puts itself back on the queue
until then.

The body is marked ``"type": "send_retry"`` (a due occurrence's body has no type). It
holds ids and template data (order or subscription lines, product names, delivery), never
contact data: the customer is read again when the message is sent.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from chalicelib.domain.instants import parse_instant

TYPE = "send_retry"


@dataclass(frozen=True)
class SendRetry:
    """A transactional message to send (again) with its original idempotency key."""

    optician_id: str
    customer_id: str
    kind: str
    idempotency_key: str
    data: dict[str, Any]
    queued_at: datetime
    not_before: datetime | None = None  # send no earlier (after an unexpected error: the claim's lease is over)

    @property
    def identity(self) -> tuple[str, str, str, str]:
        """What makes two messages duplicates of each other (queued twice for the same key)."""
        return TYPE, self.optician_id, self.customer_id, self.idempotency_key

    def to_body(self) -> str:
        body = {"type": TYPE, "optician_id": self.optician_id, "customer_id": self.customer_id,
                "kind": self.kind, "idempotency_key": self.idempotency_key, "data": self.data,
                "queued_at": self.queued_at.astimezone(timezone.utc).isoformat(timespec="seconds")}
        if self.not_before is not None:
            body["not_before"] = self.not_before.astimezone(timezone.utc).isoformat(timespec="seconds")
        return json.dumps(body, separators=(",", ":"), sort_keys=True)

    @classmethod
    def from_data(cls, data: dict[str, Any]) -> SendRetry:
        """From a parsed body; ValueError for anything malformed (a poison message)."""
        for name in ("optician_id", "customer_id", "kind", "idempotency_key"):
            if not isinstance(data.get(name), str) or not data[name]:
                raise ValueError(f"malformed send retry: missing {name}")
        if not isinstance(data.get("data"), dict):
            raise ValueError("malformed send retry: data must be an object")
        not_before = data.get("not_before")
        return cls(data["optician_id"], data["customer_id"], data["kind"], data["idempotency_key"], data["data"],
                   parse_instant(data.get("queued_at")), None if not_before is None else parse_instant(not_before))


def is_send_retry(body: str) -> bool:
    """Whether a queue body is a SendRetry (cheap check before parsing it fully)."""
    try:
        data = json.loads(body)
    except (TypeError, json.JSONDecodeError):
        return False
    return isinstance(data, dict) and data.get("type") == TYPE


def from_body(body: str) -> SendRetry:
    """Parse a SendRetry body; ValueError for anything malformed."""
    try:
        return SendRetry.from_data(json.loads(body))
    except (TypeError, AttributeError, json.JSONDecodeError):
        raise ValueError("malformed send retry") from None
