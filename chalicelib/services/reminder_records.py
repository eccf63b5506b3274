"""Loading, listing and deleting one customer's reminders of one kind.

Repurchase, check-up and lens-exchange reminders share one stored shape
(adapters/dynamo/reminders.py) and the same rules for reaching them: the customer must
exist for this optician (else 404, as for another tenant's ids), and a reminder id of
another kind or customer is simply not found.
"""
from __future__ import annotations

from dataclasses import dataclass

from chalicelib.domain.errors import NotFound
from chalicelib.services.customers import get_customer


def _store():
    from chalicelib.adapters.dynamo import reminders

    return reminders


@dataclass(frozen=True)
class ReminderRecords:
    """The stored reminders of one ``kind``; ``label`` names it in a 404 ("check-up reminder")."""

    kind: str
    label: str

    def get(self, optician_id: str, customer_id: str, reminder_id: str) -> dict:
        """The stored reminder, or ``NotFound`` for an unknown customer or reminder."""
        get_customer(optician_id, customer_id)
        reminder = _store().get(optician_id, customer_id, self.kind, reminder_id)
        if reminder is None:
            raise NotFound(f"No {self.label} with this id.", field="reminder_id")
        return reminder

    def list(self, optician_id: str, customer_id: str) -> list[dict]:
        """The customer's reminders of this kind, oldest first (as the optician set them up)."""
        get_customer(optician_id, customer_id)
        stored = _store().list_kind(optician_id, customer_id, self.kind)
        return sorted(stored, key=lambda r: (r["created_at"] or "", r["id"]))

    def delete(self, optician_id: str, customer_id: str, reminder_id: str) -> None:
        """Delete it (its pending occurrence goes with the item); ``NotFound`` as for ``get``."""
        self.get(optician_id, customer_id, reminder_id)
        _store().delete(optician_id, customer_id, self.kind, reminder_id)
