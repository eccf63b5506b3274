"""Models and operations: lens-exchange reminders, set by the optician (back office) or the
customer (webshop, signed)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from chalicelib.schemas.base import Instant, Model, Operation

IntervalDays = Annotated[int, Meta(ge=1, le=365)]
TimeOfDay = Annotated[str, Meta(pattern="^([01][0-9]|2[0-3]):[0-5][0-9]$", examples=["07:30"])]


class LensExchangeReminderInput(Model):
    first_reminder_on: date
    interval_days: Annotated[IntervalDays | None, Meta(
        description="Default: `days_per_lens` of the customer's newest lens passport (the shorter one if the eyes "
                    "differ)")] = None
    time_of_day: Annotated[TimeOfDay | None, Meta(description="Local time; default: the send window's opening")] = None


class LensExchangeReminderPatch(Model):
    next_reminder_on: date | None = None
    interval_days: IntervalDays | None = None
    time_of_day: TimeOfDay | None = None
    active: bool | None = None


class WebshopLensExchangeReminder(Model):
    first_reminder_on: date | None = None
    interval_days: IntervalDays | None = None
    time_of_day: TimeOfDay | None = None
    active: bool | None = True
    event_id: Annotated[str | None, Meta(description="The webshop's delivery id: a repeated one changes nothing")] = None


class LensExchangeReminder(Model):
    id: str
    next_reminder_on: date
    interval_days: int
    time_of_day: TimeOfDay
    active: bool
    first_reminder_on: date | UnsetType = UNSET
    set_by: Annotated[Literal["optician", "customer"], Meta(description="Who set it up or changed it last")] | \
        UnsetType = UNSET
    created_at: Instant | UnsetType = UNSET
    updated_at: Instant | UnsetType = UNSET


class LensExchangeReminderList(Model):
    items: list[LensExchangeReminder]


_TAGS = ("lens-exchange reminders",)
_BASE = "/customers/{customer_id}/lens-exchange-reminders"
_ERRORS = (401, 403, 404, 429)
OPERATIONS = [
    Operation("GET", _BASE, "The customer's lens-exchange reminders", _TAGS, response=LensExchangeReminderList,
              errors=_ERRORS),
    Operation("POST", _BASE, "Set up a lens-exchange reminder", _TAGS, body=LensExchangeReminderInput,
              response=LensExchangeReminder, status=201, errors=_ERRORS + (409,),
              description="One per customer (409 if there is one). Every `interval_days` days (default: "
                          "`days_per_lens` of the customer's newest lens passport, the shorter one if the eyes "
                          "differ) at local `time_of_day` (default: the send window's opening); outside the send "
                          "window it waits for the next opening."),
    Operation("GET", _BASE + "/{reminder_id}", "A lens-exchange reminder", _TAGS, response=LensExchangeReminder,
              errors=_ERRORS),
    Operation("PATCH", _BASE + "/{reminder_id}", "Change a lens-exchange reminder", _TAGS,
              body=LensExchangeReminderPatch, response=LensExchangeReminder, errors=_ERRORS + (409,),
              description="Move the next date, change interval or time of day, deactivate (`active: false`) or "
                          "re-activate."),
    Operation("DELETE", _BASE + "/{reminder_id}", "Delete a lens-exchange reminder", _TAGS, status=204,
              errors=_ERRORS),
    Operation("PUT", "/webshop/{optician_id}/customers/{customer_id}/lens-exchange-reminder",
              "The customer sets or stops their lens-exchange reminder (webshop, signed)",
              ("webshop", "lens-exchange reminders"), body=WebshopLensExchangeReminder,
              response=LensExchangeReminder, also={201: "Created"}, security=[{"webshopSignature": []}],
              errors=(401, 404, 409, 429),
              description="Creates the customer's reminder (201) or changes the existing one (200); fields left out "
                          "keep their value (or take the defaults for a new one). `first_reminder_on` sets the next "
                          "reminder date. `active: false` stops it (404 if the customer has none). Each `event_id` "
                          "is applied once: a repeated delivery answers 200 with the first answer and changes "
                          "nothing; an `event_id` reused for a different request is 409."),
]
