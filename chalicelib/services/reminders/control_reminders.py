"""Check-up reminders (Kontroll-Erinnerung): the optician sets them per customer (SPEC §3).

A control reminder invites the customer to book a check-up (the optician's booking URL
and/or phone) on its first date and then every ``cycle_months`` months until it is
deactivated. Months are counted from the series' anchor (docs/lifecycles.md): 31 January
with a 1-month cycle gives 28/29 February, 31 March, 30 April.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Mapping

from chalicelib.domain import reminder_cycles as cycles
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.instants import iso_day
from chalicelib.domain.reminder import Reminder, required
from chalicelib.domain.optician import OpticianSettings
from chalicelib.ids import new_id
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.reminders.reminder_records import ReminderRecords
from chalicelib.services.scheduling.occurrence_timing import due_for, local_today
from chalicelib.services.wiring import stores

if TYPE_CHECKING:  # the API's models (decoded by the route); only their attributes are read here
    from chalicelib.schemas.control_reminders import ControlReminderInput, ControlReminderPatch

KIND = "control"
RECORDS = ReminderRecords(KIND, "check-up reminder")
DEFAULT_CYCLE_MONTHS = 12



def present(reminder: Reminder) -> dict[str, Any]:
    """API shape of a check-up reminder."""
    return {"id": reminder.id, "first_reminder_on": reminder.details.get("first_reminder_on"),
            "next_reminder_on": iso_day(reminder.next_on), "cycle_months": reminder.cycle_months,
            "active": reminder.active, "created_at": reminder.created_at, "updated_at": reminder.updated_at}


def require_appointment_contact(optician: OpticianSettings) -> None:
    """A check-up reminder invites to book: the optician needs a booking URL or a phone number."""
    if not (optician.booking_url or optician.phone):
        raise ValidationError(
            "A check-up reminder invites the customer to book an appointment: set a booking URL or a phone "
            "number in the settings first.", field="settings.booking_url")


def _schedule(optician: OpticianSettings, optician_id: str, customer_id: str, reminder_id: str,
              on: date) -> tuple[str, dict[str, str]]:
    pk, sk = stores().reminders.keys(optician_id, customer_id, KIND, reminder_id)
    return on.isoformat(), due_for(optician, pk, sk, on)


def create_control_reminder(optician_id: str, customer_id: str, given: ControlReminderInput,
                            now: datetime | None = None) -> Reminder:
    get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    today = local_today(optician, now)
    first = cycles.check_reminder_date(given.first_reminder_on, today, "first_reminder_on")
    cycle = cycles.check_cycle_months(DEFAULT_CYCLE_MONTHS if given.cycle_months is None else given.cycle_months)
    require_appointment_contact(optician)
    reminder_id = new_id("ctl")
    fields = {"active": True, "next_on": first, "anchor_on": first, "cycle_months": cycle,
              "details": {"first_reminder_on": first.isoformat()}}
    occurrence, due = _schedule(optician, optician_id, customer_id, reminder_id, first)
    stored = stores().reminders.create(optician_id, customer_id, KIND, reminder_id, fields, occurrence=occurrence,
                                       due=due)
    refresh_agenda(optician_id, customer_id)
    return stored


def get_control_reminder(optician_id: str, customer_id: str, reminder_id: str) -> Reminder:
    """The customer's control reminder; NotFound (404) for an unknown customer or reminder."""
    return RECORDS.get(optician_id, customer_id, reminder_id)


def list_control_reminders(optician_id: str, customer_id: str) -> list[Reminder]:
    """The customer's check-up reminders, oldest first."""
    return RECORDS.list(optician_id, customer_id)


def update_control_reminder(optician_id: str, customer_id: str, reminder_id: str, given: ControlReminderPatch,
                            now: datetime | None = None) -> Reminder:
    """Move the next date, change the cycle, deactivate (``active: false``) or re-activate."""
    current = get_control_reminder(optician_id, customer_id, reminder_id)
    optician = get_settings(optician_id)
    today = local_today(optician, now)
    changes: dict[str, Any] = {}
    if given.next_reminder_on is not None:
        changes["next_on"] = cycles.check_reminder_date(given.next_reminder_on, today, "next_reminder_on")
    if given.cycle_months is not None:
        changes["cycle_months"] = cycles.check_cycle_months(given.cycle_months)
    if given.active is not None:
        changes["active"] = given.active
    if changes.get("active") and not current.active:
        require_appointment_contact(optician)

    def catch_up(after: Reminder) -> date:
        # Re-activated after its date: continue the series on its day, from today on.
        next_on = required(after.next_on, "next_on")
        if next_on >= today:
            return next_on
        return cycles.next_control_date(required(after.anchor_on, "anchor_on"),
                                        required(after.cycle_months, "cycle_months"), today - timedelta(days=1))

    def re_anchor(changes: Mapping[str, Any], after: Reminder) -> dict[str, Any]:
        if "next_on" in changes or "cycle_months" in changes:
            return {"anchor_on": after.next_on}  # the series now counts from its next date
        return {}

    stored = RECORDS.change_series(
        optician_id, customer_id, current, changes, catch_up=catch_up, derive=re_anchor,
        schedule_for=lambda after: _schedule(optician, optician_id, customer_id, reminder_id,
                                             required(after.next_on, "next_on")))
    return stored


def delete_control_reminder(optician_id: str, customer_id: str, reminder_id: str) -> None:
    RECORDS.delete(optician_id, customer_id, reminder_id)
