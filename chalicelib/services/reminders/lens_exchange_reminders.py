"""Lens-exchange reminders (Linsenaustausch-Erinnerung), set by the optician or the customer.

One per customer: "time for fresh lenses" every ``interval_days`` days (default: the
``days_per_lens`` of the customer's lens passport) at the chosen local ``time_of_day``.
The optician manages it under ``/customers/{id}/lens-exchange-reminders``; the customer
sets or stops it through the webshop (``PUT /webshop/{optician_id}/customers/{id}/
lens-exchange-reminder``, signed), which creates it or changes the existing one.
Outside the optician's send window a reminder waits for the next window opening.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Callable

from chalicelib import validation as v
from chalicelib.domain import reminder_cycles as cycles
from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.domain.products import LensProduct
from chalicelib.domain.instants import iso_day
from chalicelib.domain.reminder import Reminder, required
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.passport import LensPassport, newest
from chalicelib.domain.send_window import format_hhmm
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.reminders.reminder_records import ReminderRecords
from chalicelib.services.scheduling.occurrence_timing import due_for, local_today, parse_time
from chalicelib.services.wiring import stores
from chalicelib.services.lenses.products import find_product

if TYPE_CHECKING:  # the API's models (decoded by the route); only their attributes are read here
    from chalicelib.schemas.lens_exchange_reminders import (
        LensExchangeReminderInput,
        LensExchangeReminderPatch,
        WebshopLensExchangeReminder,
    )

    Setup = LensExchangeReminderInput | WebshopLensExchangeReminder

KIND = "lens_exchange"
RECORDS = ReminderRecords(KIND, "lens-exchange reminder")



def present(reminder: Reminder) -> dict[str, Any]:
    """API shape of a lens-exchange reminder."""
    details = reminder.details
    return {"id": reminder.id, "first_reminder_on": details.get("first_reminder_on"),
            "next_reminder_on": iso_day(reminder.next_on), "interval_days": reminder.interval_days,
            "time_of_day": reminder.time_of_day, "active": reminder.active, "set_by": details.get("set_by"),
            "created_at": reminder.created_at, "updated_at": reminder.updated_at}


def reminder_id_of(customer_id: str) -> str:
    """The id of the customer's one lens-exchange reminder (fixed, so two setups cannot race)."""
    return f"lx-{customer_id}"


def latest_passport(optician_id: str, customer_id: str) -> LensPassport | None:
    """The customer's newest lens passport (by ``issued_on``), or None."""
    return newest(stores().passports.list_all(optician_id, customer_id))


def _find_product(optician_id: str) -> Callable[[str], LensProduct | None]:
    return lambda product_id: find_product(optician_id, product_id)


def _default_interval(optician_id: str, customer_id: str) -> int:
    days = cycles.default_interval_days(latest_passport(optician_id, customer_id), _find_product(optician_id))
    if days is None:
        raise ValidationError("The customer has no lens passport to take the lens's life from: give "
                              "'interval_days'.", field="interval_days")
    return days


def _default_time(optician: OpticianSettings) -> str:
    """The send window's opening time: a reminder without a chosen time goes out first thing."""
    return format_hhmm(optician.send_window.start)


def _schedule(optician: OpticianSettings, optician_id: str, customer_id: str, reminder_id: str,
              on: date, time_of_day: str | None) -> tuple[str, dict[str, str]]:
    pk, sk = stores().reminders.keys(optician_id, customer_id, KIND, reminder_id)
    return on.isoformat(), due_for(optician, pk, sk, on, parse_time(time_of_day))


def _catch_up(next_on: date, interval_days: int, today: date) -> date:
    """A re-activated reminder whose date has passed continues in its rhythm from today on."""
    if next_on >= today:
        return next_on
    steps = -(-(today - next_on).days // interval_days)
    return next_on + timedelta(days=steps * interval_days)


def _create(optician: OpticianSettings, optician_id: str, customer_id: str, given: Setup, today: date,
            set_by: str) -> Reminder:
    if given.first_reminder_on is None:
        raise ValidationError("'first_reminder_on' is required.", field="first_reminder_on")
    first = cycles.check_reminder_date(given.first_reminder_on, today, "first_reminder_on")
    interval = given.interval_days
    interval = cycles.check_interval_days(interval) if interval is not None else _default_interval(
        optician_id, customer_id)
    reminder_id = reminder_id_of(customer_id)
    time_of_day = given.time_of_day or _default_time(optician)
    fields = {"active": True, "next_on": first, "interval_days": interval, "time_of_day": time_of_day,
              "details": {"first_reminder_on": first.isoformat(), "set_by": set_by}}
    occurrence, due = _schedule(optician, optician_id, customer_id, reminder_id, first, time_of_day)
    try:
        stored = stores().reminders.create(optician_id, customer_id, KIND, reminder_id, fields,
                                           occurrence=occurrence, due=due)
    except stores().reminders.ReminderExists:
        raise Conflict("This customer has a lens-exchange reminder already; change it instead.",
                       field="first_reminder_on") from None
    refresh_agenda(optician_id, customer_id)
    return stored


def create_lens_exchange_reminder(optician_id: str, customer_id: str, given: LensExchangeReminderInput,
                                  now: datetime | None = None) -> Reminder:
    """The optician sets up the customer's reminder; 409 if the customer has one already."""
    get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    if stores().reminders.get(optician_id, customer_id, KIND, reminder_id_of(customer_id)) is not None:
        raise Conflict("This customer has a lens-exchange reminder already; change it instead.",
                       field="first_reminder_on")
    return _create(optician, optician_id, customer_id, given, local_today(optician, now), "optician")


def get_lens_exchange_reminder(optician_id: str, customer_id: str, reminder_id: str) -> Reminder:
    """The customer's lens-exchange reminder; NotFound (404) for an unknown customer or reminder."""
    return RECORDS.get(optician_id, customer_id, reminder_id)


def list_lens_exchange_reminders(optician_id: str, customer_id: str) -> list[Reminder]:
    """The customer's lens-exchange reminders (at most one), oldest first."""
    return RECORDS.list(optician_id, customer_id)


def _apply(optician: OpticianSettings, optician_id: str, customer_id: str, current: Reminder,
           changes: dict[str, Any], today: date, details: dict[str, Any] | None = None) -> Reminder:
    """Write ``changes`` (store field names) and ``details`` entries with the (re)computed schedule."""
    changes = {**changes, "details": {**current.details, **(details or {})}}
    return RECORDS.change_series(
        optician_id, customer_id, current, changes, reschedule_on=("time_of_day",),
        catch_up=lambda after: _catch_up(required(after.next_on, "next_on"), after.interval_days or 1, today),
        schedule_for=lambda after: _schedule(optician, optician_id, customer_id, current.id,
                                             required(after.next_on, "next_on"), after.time_of_day))


def update_lens_exchange_reminder(optician_id: str, customer_id: str, reminder_id: str,
                                  given: LensExchangeReminderPatch, now: datetime | None = None) -> Reminder:
    """Move the next date, change interval or time, deactivate (``active: false``) or re-activate."""
    current = get_lens_exchange_reminder(optician_id, customer_id, reminder_id)
    optician = get_settings(optician_id)
    today = local_today(optician, now)
    changes: dict[str, Any] = {}
    if given.next_reminder_on is not None:
        changes["next_on"] = cycles.check_reminder_date(given.next_reminder_on, today, "next_reminder_on")
    if given.interval_days is not None:
        changes["interval_days"] = cycles.check_interval_days(given.interval_days)
    if given.time_of_day is not None:
        changes["time_of_day"] = given.time_of_day
    if given.active is not None:
        changes["active"] = given.active
    details = {"set_by": "optician"} if changes else None  # who changed it last (docs/lifecycles.md)
    return _apply(optician, optician_id, customer_id, current, changes, today, details)


def delete_lens_exchange_reminder(optician_id: str, customer_id: str, reminder_id: str) -> None:
    RECORDS.delete(optician_id, customer_id, reminder_id)


def put_from_webshop(optician_id: str, customer_id: str, given: WebshopLensExchangeReminder,
                     now: datetime | None = None) -> tuple[Reminder, bool]:
    """The customer sets (creates or changes) or stops their reminder; (reminder, created).

    ``first_reminder_on`` sets the next reminder date; fields left out keep their value
    (or take the defaults when the reminder is new). ``active: false`` stops it; stopping
    a reminder that does not exist is 404.
    """
    get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    today = local_today(optician, now)
    v.text(given.event_id, "event_id", max_length=200)  # deduplicated by webshop/lens_exchange.py
    active = given.active is not False
    current = stores().reminders.get(optician_id, customer_id, KIND, reminder_id_of(customer_id))
    if current is None:
        if not active:
            raise NotFound("This customer has no lens-exchange reminder to stop.", field="customer_id")
        try:
            return _create(optician, optician_id, customer_id, given, today, "customer"), True
        except Conflict:  # set up by a parallel request a moment ago: change that one
            current = stores().reminders.get(optician_id, customer_id, KIND, reminder_id_of(customer_id))
            if current is None:  # pragma: no cover - a reminder is never deleted between the two
                raise
    changes: dict[str, Any] = {"active": active}
    details = {"set_by": "customer"}
    if given.first_reminder_on is not None:
        first = cycles.check_reminder_date(given.first_reminder_on, today, "first_reminder_on")
        changes["next_on"] = first
        details["first_reminder_on"] = first.isoformat()
    if given.interval_days is not None:
        changes["interval_days"] = cycles.check_interval_days(given.interval_days)
    if given.time_of_day is not None:
        changes["time_of_day"] = given.time_of_day
    return _apply(optician, optician_id, customer_id, current, changes, today, details), False
