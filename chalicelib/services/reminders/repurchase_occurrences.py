"""Scheduled occurrences of a repurchase reminder (``REMINDER#repurchase#``): the pipeline's handler.

The occurrence id is the reminder's next date (``"2026-03-27"``), due at the first
send-window instant of that local day.

``message_for``: nothing while the reminder is inactive or an active subscription covers
the customer (SPEC §2: the subscription delivers the lenses); otherwise the
``repurchase_reminder`` (or, when a check-up reminder falls within 3 days, the combined
``repurchase_control_reminder`` — see services/scheduling/coordination.py) with the template data:
the lenses' name, when they run out, and the reorder basket; or, when coordination passes
the occurrence over, a skipped message (recorded, not sent).

``advance``: the next date is the processed one plus ``cycle_days`` — or, if the run was
late, the first date of that series that is today or later, so a late run sends one
reminder rather than a burst of stale ones. Written conditionally on the processed
occurrence and the version read: any change by the optician meanwhile wins. When a message
goes out, ``advance_write`` lets the send path make that write with the final record.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any, TYPE_CHECKING

from chalicelib.domain.customer import Customer
from chalicelib.domain.reminder import Reminder, required
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.passport import LensPassport
from chalicelib.observability import logger
from chalicelib.services.reminders import repurchase_reminders as reminders
from chalicelib.services.scheduling.occurrence_timing import due_for
from chalicelib.services.scheduling.registry import Outgoing
from chalicelib.services.wiring import stores
from chalicelib.services.scheduling.customer_records import CustomerRecords
from chalicelib.services.reminders.reorder_basket import basket_for
from chalicelib.services.scheduling.coordination import repurchase_kind

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write

KIND = "repurchase_reminder"



def next_after(previous: date, cycle_days: int, today: date) -> date:
    """The date after ``previous`` in steps of ``cycle_days`` that is today or later (pure)."""
    if cycle_days < 1:
        raise ValueError("cycle_days must be at least 1")
    return reminders.roll_forward(previous + timedelta(days=cycle_days), cycle_days, today)


def runs_out_on(details: dict[str, Any], on: date) -> str | None:
    """When the lenses are expected to run out, if that is still ahead of the reminder day ``on``."""
    value = details.get("runs_out_on")
    if not value:
        return None
    return value if date.fromisoformat(value) >= on else None


def _product_name(passport: LensPassport | None, records: CustomerRecords) -> str | None:
    names: list[str] = []
    for eye in ("right", "left"):
        product_id = passport.product_of(eye) if passport is not None else None
        product = records.find_product(product_id) if product_id else None
        if product is not None and product.name not in names:
            names.append(product.name)
    return " / ".join(names) or None


def message_data(optician: OpticianSettings, customer_id: str, reminder: Reminder, on: date,
                 records: CustomerRecords | None = None) -> dict[str, Any]:
    """The template data: ``{"reminder": {product_name, runs_out_on, next_reminder_on, cycle_days, lines}, "basket"}``."""
    records = records or CustomerRecords(optician.id, customer_id)
    details = reminder.details
    passport = records.passport(details.get("passport_id"))
    basket = basket_for(optician.id, customer_id, records)
    return {
        "reminder": {
            "product_name": _product_name(passport, records),
            "runs_out_on": runs_out_on(details, on),
            "next_reminder_on": on.isoformat(),
            "cycle_days": reminder.cycle_days,
            "lines": basket,
        },
        "basket": basket,
    }


def message_for(optician: OpticianSettings, customer: Customer, item: dict[str, Any],
                records: CustomerRecords | None = None, now: datetime | None = None) -> Outgoing | None:
    """The ``repurchase_reminder`` (or combined message) for the pending occurrence, a skipped
    one (coordination), or None (nothing to send, just advance). ``records``: the customer's
    records (read here if not given); ``now``: the run's "now" (sets the day of sending)."""
    reminder = stores().reminders.from_raw(item)
    if not reminder.active or not item.get("occurrence"):
        return None
    records = records or CustomerRecords(optician.id, customer.id)
    if records.has_active_subscription():
        return None  # the subscription delivers the lenses
    on = date.fromisoformat(item["occurrence"])
    decision = repurchase_kind(optician, customer, item, on, reminders.local_today(optician, now), records)
    if decision.skipped:
        return Outgoing(decision.kind, {}, skipped=decision.skipped)
    return Outgoing(decision.kind, message_data(optician, customer.id, reminder, on, records), decision.guards)


def _next(optician: OpticianSettings, item: dict[str, Any], reminder: Reminder,
          now: datetime) -> tuple[dict[str, object], tuple[str, dict[str, str]]]:
    """The changes and schedule of the occurrence after the processed one."""
    following = next_after(date.fromisoformat(item["occurrence"]), required(reminder.cycle_days, "cycle_days"),
                           reminders.local_today(optician, now))
    # The next supply runs out as much later as the reminder moves on (keeping the distance the
    # optician saw when saving it, also when that first date was moved to "today").
    previous_runs_out = reminder.details.get("runs_out_on")
    if previous_runs_out:
        moved_by = following - date.fromisoformat(item["occurrence"])
        next_runs_out = date.fromisoformat(previous_runs_out) + moved_by
    else:
        next_runs_out = following + timedelta(days=reminders.lead_days(optician))
    details = {**reminder.details, "runs_out_on": next_runs_out.isoformat()}
    schedule = (following.isoformat(), due_for(optician, item["pk"], item["sk"], following))
    return {"next_on": following, "details": details}, schedule


def advance_write(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> Write | None:
    """``advance`` of an active reminder as a write for the send path's final transaction.

    Conditional on the processed occurrence and the version read: if the optician changed
    the reminder meanwhile, the send path leaves it out and records the message anyway,
    and ``advance`` then finds the change and keeps it.
    """
    reminder = stores().reminders.from_raw(item)
    if not reminder.active:
        return None
    changes, schedule = _next(optician, item, reminder, now)
    return stores().reminders.advance_write(item["pk"], item["sk"], item["occurrence"], changes, schedule=schedule,
                                  expected_version=reminder.version)


def advance(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> None:
    """Write the next occurrence (conditionally on the processed one); inactive: out of the due index."""
    reminder = stores().reminders.from_raw(item)
    processed = item["occurrence"]
    if not reminder.active:
        stores().reminders.advance(item["pk"], item["sk"], processed, {}, schedule=None)
        return
    changes, schedule = _next(optician, item, reminder, now)
    if not stores().reminders.advance(item["pk"], item["sk"], processed, changes, schedule=schedule,
                            expected_version=reminder.version):
        logger.info("repurchase reminder changed meanwhile; its new schedule stands",
                    extra={"reminder_id": reminder.id})
