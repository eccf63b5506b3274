"""Repurchase reminders set by orders (SPEC §2): every order creates or re-computes the reminder.

Called by services/orders/orders.py for each order (webshop, back office, subscription) with the
lens passport the order's lines matched. Idempotent: the reminder remembers the order it
was last computed from, so the same order again (a retried webhook, a crash-retry) or an
older order entered later changes nothing.
"""
from __future__ import annotations

from datetime import datetime

from chalicelib.domain import repurchase as rules
from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.orders import Order, local_day, purchase_lines
from chalicelib.domain.reminder import Reminder
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.passport import LensPassport
from chalicelib.observability import logger
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.scheduling.occurrence_timing import timezone_of
from chalicelib.services.reminders.repurchase_reminders import (
    KIND,
    ORDER_SOURCES,
    eye_products,
    lead_days,
    local_today,
    reminder_id_for,
    schedule_for,
)
from chalicelib.services.wiring import stores

_WRITE_ATTEMPTS = 3



def _applied_already(reminder: Reminder, order: Order) -> bool:
    """Whether this order (or a later one) already set the reminder: re-running changes nothing."""
    marker = reminder.details.get("order")
    if not marker:
        return False
    if marker.get("id") == order.id:
        return True
    return datetime.fromisoformat(marker["ordered_at"]) > datetime.fromisoformat(order.ordered_at)


def apply_order(optician: OpticianSettings, customer_id: str, order: Order, passport: LensPassport,
                now: datetime | None = None) -> Reminder | None:
    """Create or re-activate and re-compute the repurchase reminder of ``passport`` from an order (SPEC §2).

    next = order day + supply of the order − L (never before the day after the order, never
    before today), cycle = supply; ``usage`` is kept — for a passport without a reminder yet,
    taken from the customer's latest one — (reset to ``daily`` when the ordered lenses are
    not daily lenses), ``no_stock`` is false. An older order than the one the
    reminder was last computed from changes nothing; so does the same order again. The
    customer's other active repurchase reminders (older passports) are deactivated: the order
    shows which lenses the customer wears now. Returns the stored reminder, or None when the
    order gives no schedule (logged).
    """
    optician_id = optician.id
    today = local_today(optician, now)
    try:
        products = eye_products(optician_id, passport)
    except ValidationError:
        logger.warning("order without a known passport product; reminder unchanged", extra={"order": order.id})
        return None
    order_day = local_day(datetime.fromisoformat(order.ordered_at), timezone_of(optician))
    reminder_id = reminder_id_for(passport.id)
    stored: Reminder | None = None
    for _ in range(_WRITE_ATTEMPTS):
        current = stores().reminders.get(optician_id, customer_id, KIND, reminder_id)
        if current is not None and _applied_already(current, order):
            if (current.details.get("order") or {}).get("id") == order.id:
                _deactivate_others(optician_id, customer_id, reminder_id, order)  # finish a crashed first run
            return current
        usage = (current.details.get("usage") if current else None) or _usage_of_customer(
            optician_id, customer_id) or "daily"
        if any(product.replacement != "daily" for product in products.values()):
            usage = "daily"
        try:
            proposal = rules.from_order(purchase_lines(order.lines), products, order_day, usage,
                                        lead_days(optician))
        except ValidationError as exc:
            logger.warning("order gives no repurchase schedule; reminder unchanged",
                           extra={"order": order.id, "field": exc.field})
            return None
        next_on = max(proposal.first_reminder_on, today)
        details = {
            "passport_id": passport.id,
            "usage": usage,
            "no_stock": False,
            "lines": [line.to_dict() for line in purchase_lines(order.lines)],
            "source": ORDER_SOURCES[order.source],
            "purchased_on": order_day.isoformat(),
            "runs_out_on": proposal.runs_out_on.isoformat(),
            "order": {"id": order.id, "ordered_at": order.ordered_at},
        }
        fields = {"active": True, "next_on": next_on, "cycle_days": proposal.cycle_days,
                  "details": details}
        schedule = schedule_for(optician, optician_id, customer_id, reminder_id, next_on)
        try:
            if current is None:
                stored = stores().reminders.create(optician_id, customer_id, KIND, reminder_id, fields,
                                         occurrence=schedule[0], due=schedule[1])
            else:
                stored = stores().reminders.update(optician_id, customer_id, KIND, reminder_id, fields,
                                                   schedule=schedule, expected_version=current.version)
            break
        except (stores().reminders.ReminderExists, Conflict):
            continue  # a concurrent write: read again and decide again
    if stored is None:
        logger.warning("repurchase reminder kept changing; order not applied", extra={"order": order.id})
        return None
    _deactivate_others(optician_id, customer_id, reminder_id, order)
    if current is None:
        refresh_agenda(optician_id, customer_id)  # a new scheduled item: give it the agenda's facts
    return stored


def _usage_of_customer(optician_id: str, customer_id: str) -> str | None:
    """How the customer wears lenses, from their latest repurchase reminder (another passport).

    Usage belongs to the wearer, not to one prescription: a new passport after a check-up
    must not turn a 5-days-a-week wearer back into a daily one (a reminder 27 days early
    every cycle).
    """
    reminders = stores().reminders.list_kind(optician_id, customer_id, KIND)
    if not reminders:
        return None
    latest = max(reminders, key=lambda r: (bool(r.active), r.updated_at or "", r.id))
    usage: str | None = latest.details.get("usage")
    return usage


def _set_by_newer_or_concurrent(reminder: Reminder, order: Order) -> bool:
    """Whether ``reminder`` was last set by an order placed at the same moment as ``order`` or later."""
    marker = reminder.details.get("order")
    if not marker or not marker.get("ordered_at"):
        return False
    return datetime.fromisoformat(marker["ordered_at"]) >= datetime.fromisoformat(order.ordered_at)


def _deactivate_others(optician_id: str, customer_id: str, keep: str, order: Order) -> None:
    """Deactivate the customer's other active repurchase reminders: those set by an older order
    (or not by an order). One a newer order set — or one placed at the same moment, for another
    passport, possibly being applied right now — stays: two orders applied concurrently never
    deactivate each other's reminders (the newer one wins; simultaneous ones both stay)."""
    for reminder in stores().reminders.list_kind(optician_id, customer_id, KIND):
        if reminder.id == keep or not reminder.active or _set_by_newer_or_concurrent(reminder, order):
            continue
        try:
            stores().reminders.update(optician_id, customer_id, KIND, reminder.id, {"active": False}, schedule=None,
                            expected_version=reminder.version)
        except Conflict:
            logger.info("repurchase reminder changed meanwhile; left as it is", extra={"reminder": reminder.id})
