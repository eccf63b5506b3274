"""Loading, listing and deleting one customer's reminders of one kind.

Repurchase, check-up and lens-exchange reminders share one stored shape
(adapters/dynamo/reminders.py) and the same rules for reaching them: the customer must
exist for this optician (else 404, as for another tenant's ids), and a reminder id of
another kind or customer is simply not found.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from chalicelib.domain.errors import NotFound
from chalicelib.domain.reminder import Reminder
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.wiring import stores



@dataclass(frozen=True)
class ReminderRecords:
    """The stored reminders of one ``kind``; ``label`` names it in a 404 ("check-up reminder")."""

    kind: str
    label: str

    def get(self, optician_id: str, customer_id: str, reminder_id: str) -> Reminder:
        """The stored reminder, or ``NotFound`` for an unknown customer or reminder."""
        get_customer(optician_id, customer_id)
        reminder = stores().reminders.get(optician_id, customer_id, self.kind, reminder_id)
        if reminder is None:
            raise NotFound(f"No {self.label} with this id.", field="reminder_id")
        return reminder

    def list(self, optician_id: str, customer_id: str) -> list[Reminder]:
        """The customer's reminders of this kind, oldest first (as the optician set them up)."""
        get_customer(optician_id, customer_id)
        stored = stores().reminders.list_kind(optician_id, customer_id, self.kind)
        return sorted(stored, key=lambda r: (r.created_at or "", r.id))

    def change_series(self, optician_id: str, customer_id: str, current: Reminder, changes: Mapping[str, Any], *,
                      catch_up: Callable[[Reminder], date],
                      schedule_for: Callable[[Reminder], tuple[str, dict[str, str]]],
                      reschedule_on: Iterable[str] = (),
                      derive: Callable[[Mapping[str, Any], Reminder], Mapping[str, Any]] | None = None) -> Reminder:
        """Write a change of a repeating reminder (PATCH): only what differs, with its schedule.

        ``changes`` uses the stored field names. A reminder re-activated after its date
        continues from ``catch_up(after)`` (a date, today or later); ``derive(changes,
        after)`` answers fields that follow from the change (the check-up's anchor). A
        deactivated reminder leaves the due index; a new date, a change of a field in
        ``reschedule_on`` (say the time of day) or a re-activation schedules ``schedule_for(after)``; anything else
        keeps the pending occurrence (a new cycle applies from the next date on). Conflict
        (409) if the reminder changed since ``current`` was read.
        """
        changes = {key: value for key, value in changes.items() if getattr(current, key) != value}
        if not changes:
            return current
        after = replace(current, **changes)
        reactivated = after.active and not current.active
        if reactivated:
            caught_up = catch_up(after)
            if caught_up != after.next_on:
                changes["next_on"] = caught_up
                after = replace(after, next_on=caught_up)
        if derive is not None:
            changes.update(derive(changes, after))
            after = replace(current, **changes)
        schedule: tuple[str, dict[str, str]] | str | None
        if not after.active:
            schedule = None
        elif reactivated or {"next_on", *reschedule_on} & set(changes):
            schedule = schedule_for(after)
        else:
            schedule = stores().reminders.KEEP
        return stores().reminders.update(optician_id, customer_id, self.kind, current.id, changes, schedule=schedule,
                               expected_version=current.version)

    def delete(self, optician_id: str, customer_id: str, reminder_id: str) -> None:
        """Delete it (its pending occurrence goes with the item); ``NotFound`` as for ``get``."""
        self.get(optician_id, customer_id, reminder_id)
        stores().reminders.delete(optician_id, customer_id, self.kind, reminder_id)
