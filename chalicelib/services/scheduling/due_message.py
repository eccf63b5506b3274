"""The queue message for one due occurrence, from the scanner to the consumer.

The ``due`` index is KEYS_ONLY, so the scanner knows an item's key and ``due_at``, not its
``occurrence``. ``due_at`` (instant + key) is the fingerprint of what was found: every
change of the occurrence or its instant rewrites it, so the consumer drops a message
whose ``due_at`` no longer matches the stored item (someone already moved it on).

``now`` is the scheduled run's time (EventBridge's ``time``, never the wall clock);
``enqueued_at`` is the wall clock when the message was queued. The consumer's "now" is
``now`` plus the time the message waited in the queue, so a message that waits past the
end of the send window is not sent outside it, while local mode and tests, which drive
time through the events, still decide by the event's time.
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from chalicelib.domain.instants import parse_instant


def _iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


@dataclass(frozen=True)
class DueMessage:
    """One due occurrence to process: which item, as found at which ``due_at``, and when."""

    pk: str
    sk: str
    due_at: str
    now: datetime
    enqueued_at: datetime | None = None

    @property
    def key(self) -> tuple[str, str]:
        return self.pk, self.sk

    @property
    def identity(self) -> tuple[str, str, str]:
        """What makes two messages duplicates of each other (two runs found the same thing)."""
        return self.pk, self.sk, self.due_at

    def to_body(self) -> str:
        body = {"pk": self.pk, "sk": self.sk, "due_at": self.due_at, "now": _iso(self.now)}
        if self.enqueued_at is not None:
            body["enqueued_at"] = _iso(self.enqueued_at)
        return json.dumps(body, separators=(",", ":"))

    @classmethod
    def from_body(cls, body: str) -> DueMessage:
        """Parse a queue message body; ValueError for anything malformed (a poison message)."""
        try:
            data = json.loads(body)
            for name in ("pk", "sk", "due_at"):
                if not isinstance(data.get(name), str) or not data[name]:
                    raise ValueError(f"missing {name}")
            enqueued = data.get("enqueued_at")
            return cls(pk=data["pk"], sk=data["sk"], due_at=data["due_at"], now=parse_instant(data["now"]),
                       enqueued_at=parse_instant(enqueued) if enqueued else None)
        except (TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
            raise ValueError(f"malformed due message: {type(exc).__name__}") from None

    def effective_now(self, wall_now: datetime) -> datetime:
        """The run's time plus how long the message waited in the queue (never negative)."""
        if self.enqueued_at is None:
            return self.now
        waited = max(wall_now - self.enqueued_at, timedelta(0))
        return self.now + waited
