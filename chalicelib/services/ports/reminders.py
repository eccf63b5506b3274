"""What the reminder services need of their store: the repurchase, control and lens-exchange reminders.

Production: ``chalicelib/adapters/dynamo/reminders.py``; tests: ``tests/fakes/reminders.py``.
``schedule``: ``(occurrence, due attributes)`` to (re)schedule, None to leave the due index,
``KEEP`` to leave the pending occurrence as it is.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, Mapping, Protocol

from chalicelib.domain.reminder import Reminder

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write

Schedule = tuple[str, dict[str, str]]


class ReminderStore(Protocol):
    KEEP: str

    @property
    def ReminderExists(self) -> type[Exception]:
        """Create: a reminder with this id exists already."""

    def keys(self, optician_id: str, customer_id: str, kind: str, reminder_id: str) -> tuple[str, str]:
        """The item's key (what the due attributes are computed from)."""

    def from_raw(self, raw: Mapping[str, Any]) -> Reminder:
        """The record of the scheduler's plain item."""

    def create(self, optician_id: str, customer_id: str, kind: str, reminder_id: str, fields: Mapping[str, object],
               *, occurrence: str | None, due: dict[str, str] | None) -> Reminder:
        """Store a new reminder; ``ReminderExists`` if one with this id exists."""

    def get(self, optician_id: str, customer_id: str, kind: str, reminder_id: str) -> Reminder | None:
        """The reminder, or None."""

    def list_kind(self, optician_id: str, customer_id: str, kind: str) -> list[Reminder]:
        """The customer's reminders of ``kind``."""

    def update(self, optician_id: str, customer_id: str, kind: str, reminder_id: str, changes: Mapping[str, object],
               *, schedule: Schedule | str | None, expected_version: int) -> Reminder:
        """Write ``changes``; Conflict (409) if the reminder changed since ``expected_version``."""

    def advance_write(self, pk: str, sk: str, processed: str, changes: Mapping[str, object], *,
                      schedule: Schedule | None, expected_version: int | None = None) -> Write:
        """The write moving to the next occurrence if ``processed`` is still pending (and at the version)."""

    def advance(self, pk: str, sk: str, processed: str, changes: Mapping[str, object], *,
                schedule: Schedule | None, expected_version: int | None = None) -> bool:
        """``advance_write`` made now; False if its condition refused it."""

    def delete(self, optician_id: str, customer_id: str, kind: str, reminder_id: str) -> None:
        """Delete it with its pending occurrence."""
