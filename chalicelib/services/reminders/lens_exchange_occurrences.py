"""Scheduled occurrences of a lens-exchange reminder (``REMINDER#lens_exchange#``): the handler.

Due on its date at its local ``time_of_day`` (inside the send window; outside it waits for
the next opening). ``advance`` steps by ``interval_days``; dates whose due instant has already
passed when the series moves on (a long-closed window, an outage) are skipped rather than
sent late in a burst — "change your lenses today" is only useful on the day. For the same
reason an occurrence held back by the send window (Sunday's, sent Monday 09:00) is
*superseded* when the series' next occurrence goes out later that same local day (daily
lenses at 18:00): it is recorded ``skipped``, reason ``superseded``, and only today's is sent
— one lens-exchange reminder a day.
"""
from __future__ import annotations

from datetime import date, datetime, time, timezone
from typing import Any, TYPE_CHECKING

from chalicelib.domain import reminder_cycles as cycles
from chalicelib.domain.customer import Customer
from chalicelib.domain.reminder import Reminder, required
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.reminders import reminder_advance
from chalicelib.services.scheduling import coordination
from chalicelib.services.scheduling.occurrence_timing import due_for, due_instant, local_today, parse_time
from chalicelib.services.scheduling.registry import Outgoing
from chalicelib.services.wiring import stores
from chalicelib.services.scheduling.customer_records import CustomerRecords

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write

KIND = "lens_exchange_reminder"
SUPERSEDED = "superseded"



def _product_name(records: CustomerRecords) -> str | None:
    passport = records.newest_passport()
    names = []
    for eye in ("right", "left"):
        product_id = passport.product_of(eye) if passport is not None else None
        product = records.find_product(product_id) if product_id else None
        if product is not None and product.name not in names:
            names.append(product.name)
    # Two different lenses: name neither rather than one of them.
    return names[0] if len(names) == 1 else None


def message_data(reminder: Reminder, records: CustomerRecords) -> dict[str, Any]:
    """The template data of a lens-exchange reminder (also what its preview shows)."""
    return {"reminder": {"product_name": _product_name(records), "interval_days": reminder.interval_days}}


def message_for(optician: OpticianSettings, customer: Customer, item: dict[str, Any],
                records: CustomerRecords | None = None, now: datetime | None = None) -> Outgoing | None:
    """The lens-exchange reminder of the pending occurrence, sent on the local day of ``now``
    (one per day: a slot of the send); skipped when today's occurrence supersedes it."""
    reminder = stores().reminders.from_raw(item)
    if not reminder.active:
        return None
    now = now or datetime.now(timezone.utc)
    today = local_today(optician, now)
    if _superseded(optician, item, reminder, now, today):
        return Outgoing(KIND, {}, skipped=SUPERSEDED)
    records = records or CustomerRecords(optician.id, customer.id)
    decision = coordination.simple_kind(optician, customer, item, KIND, today)
    return Outgoing(decision.kind, message_data(reminder, records), decision.guards)


def _following(optician: OpticianSettings, item: dict[str, Any], reminder: Reminder,
               now: datetime) -> tuple[date, time | None]:
    """The series' next date after the processed occurrence (past dates skipped) and its time."""
    at = parse_time(reminder.time_of_day)
    following = cycles.next_exchange_date(date.fromisoformat(item["occurrence"]),
                                          required(reminder.interval_days, "interval_days"),
                                          is_past=lambda d: due_instant(optician, d, at) <= now)
    return following, at


def _superseded(optician: OpticianSettings, item: dict[str, Any], reminder: Reminder, now: datetime,
                today: date) -> bool:
    """Whether the next occurrence goes out later today: then this held-back one is stale."""
    following, at = _following(optician, item, reminder, now)
    return local_today(optician, due_instant(optician, following, at)) == today


def _next(optician: OpticianSettings, item: dict[str, Any], reminder: Reminder,
          now: datetime) -> tuple[date, tuple[str, dict[str, str]]]:
    following, at = _following(optician, item, reminder, now)
    return following, (following.isoformat(), due_for(optician, item["pk"], item["sk"], following, at))


def advance_write(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> Write | None:
    """``advance`` of an active reminder as one write for the send path's final transaction."""
    return reminder_advance.advance_write(item, lambda reminder: _next(optician, item, reminder, now))


def advance(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> None:
    """The next date of the series after the processed one, written now."""
    reminder_advance.advance(item, lambda reminder: _next(optician, item, reminder, now),
                             "lens-exchange reminder")
