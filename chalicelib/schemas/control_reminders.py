"""Models and operations: a customer's check-up reminders (Kontroll-Erinnerung, SPEC §3)."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from chalicelib.schemas.base import Instant, Model, Operation

CycleMonths = Annotated[int, Meta(ge=1, le=60)]


class ControlReminderInput(Model):
    first_reminder_on: Annotated[date, Meta(description="Today or later (the optician's time zone)")]
    cycle_months: CycleMonths | None = 12


class ControlReminderPatch(Model):
    next_reminder_on: date | None = None
    cycle_months: CycleMonths | None = None
    active: bool | None = None


class ControlReminder(Model):
    id: str
    next_reminder_on: date
    cycle_months: int
    active: bool
    first_reminder_on: date | UnsetType = UNSET
    created_at: Instant | UnsetType = UNSET
    updated_at: Instant | UnsetType = UNSET


class ControlReminderList(Model):
    items: list[ControlReminder]


_TAGS = ("control reminders",)
_BASE = "/customers/{customer_id}/control-reminders"
_ERRORS = (401, 403, 404, 429)
OPERATIONS = [
    Operation("GET", _BASE, "The customer's check-up reminders", _TAGS, response=ControlReminderList, errors=_ERRORS),
    Operation("POST", _BASE, "Set up a check-up reminder", _TAGS, body=ControlReminderInput,
              response=ControlReminder, status=201, errors=_ERRORS + (409,),
              description="Invites the customer to book a check-up (booking URL and/or phone of the settings) on "
                          "`first_reminder_on` and then every `cycle_months` months (counted from the anchor date, "
                          "so 31 Jan + 1 month = 28/29 Feb, then 31 Mar). 422 with field `settings.booking_url` "
                          "when the optician has neither a booking URL nor a phone."),
    Operation("GET", _BASE + "/{reminder_id}", "A check-up reminder", _TAGS, response=ControlReminder, errors=_ERRORS),
    Operation("PATCH", _BASE + "/{reminder_id}", "Change a check-up reminder", _TAGS, body=ControlReminderPatch,
              response=ControlReminder, errors=_ERRORS + (409,),
              description="Move the next date (the series then counts from it), change the cycle, deactivate "
                          "(`active: false`) or re-activate (a past next date continues on the series from today)."),
    Operation("DELETE", _BASE + "/{reminder_id}", "Delete a check-up reminder", _TAGS, status=204, errors=_ERRORS),
]
