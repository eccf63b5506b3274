"""Scheduled occurrences of a control reminder (``REMINDER#control#``): the pipeline's handler.

``message_for`` sends ``control_reminder`` on the reminder's date, or — when the customer's
repurchase reminder is due at most 3 days away — one ``repurchase_control_reminder`` for
both (services/scheduling/coordination.py decides, race-free, which occurrence sends it).
``advance`` moves to the next date of the series (months counted from its anchor);
``advance_write`` is the same as one write for the send path's final transaction.
"""
from __future__ import annotations

from datetime import date, datetime
from typing import Any, TYPE_CHECKING

from chalicelib.domain import reminder_cycles as cycles
from chalicelib.domain.customer import Customer
from chalicelib.domain.reminder import Reminder, required
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.reminders import reminder_advance
from chalicelib.services.scheduling import coordination
from chalicelib.services.scheduling.occurrence_timing import due_for, local_today
from chalicelib.services.scheduling.registry import Outgoing
from chalicelib.services.wiring import stores
from chalicelib.services.reminders.repurchase_occurrences import message_data
from chalicelib.services.scheduling.customer_records import CustomerRecords

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write



def repurchase_data(optician: OpticianSettings, customer: Customer, repurchase_item: dict[str, Any],
                    records: CustomerRecords) -> dict[str, Any]:
    """The template data of a combined message: what the repurchase reminder would say."""
    on = date.fromisoformat(repurchase_item["occurrence"])
    return message_data(optician, customer.id, stores().reminders.from_raw(repurchase_item), on, records)


def message_for(optician: OpticianSettings, customer: Customer, item: dict[str, Any],
                records: CustomerRecords | None = None, now: datetime | None = None) -> Outgoing | None:
    """The check-up reminder (or combined message) of the pending occurrence, sent on the local
    day of ``now``; a skipped one when coordination passes it over; None while inactive."""
    reminder = stores().reminders.from_raw(item)
    if not reminder.active:
        return None
    records = records or CustomerRecords(optician.id, customer.id)
    decision = coordination.control_kind(optician, customer, item, date.fromisoformat(item["occurrence"]),
                                         local_today(optician, now), records)
    if decision.skipped:
        return Outgoing(decision.kind, {}, skipped=decision.skipped)
    data = repurchase_data(optician, customer, decision.partner, records) if decision.partner is not None else {}
    return Outgoing(decision.kind, data, decision.guards)


def _next(optician: OpticianSettings, item: dict[str, Any], reminder: Reminder,
          now: datetime) -> tuple[date, tuple[str, dict[str, str]]]:
    """The next date of the series after the processed one (and after today, if processed late)."""
    after = max(date.fromisoformat(item["occurrence"]), local_today(optician, now))
    following = cycles.next_control_date(required(reminder.anchor_on, "anchor_on"),
                                         required(reminder.cycle_months, "cycle_months"), after)
    return following, (following.isoformat(), due_for(optician, item["pk"], item["sk"], following))


def advance_write(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> Write | None:
    """``advance`` of an active reminder as one write for the send path's final transaction."""
    return reminder_advance.advance_write(item, lambda reminder: _next(optician, item, reminder, now))


def advance(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> None:
    """The next date of the series after the processed one, written now."""
    reminder_advance.advance(item, lambda reminder: _next(optician, item, reminder, now), "control reminder")
