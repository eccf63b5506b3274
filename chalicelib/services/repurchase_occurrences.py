"""Scheduled occurrences of a repurchase reminder (``REMINDER#repurchase#``): the pipeline's handler.

The occurrence id is the reminder's next date (``"2026-03-27"``), due at the first
send-window instant of that local day.

``message_for``: nothing while the reminder is inactive or an active subscription covers
the customer (SPEC §2: the subscription delivers the lenses); otherwise the
``repurchase_reminder`` (or, when a check-up reminder falls within 3 days, the combined
``repurchase_control_reminder`` — see services/coordination.py) with the template data:
the lenses' name, when they run out, and the reorder basket.

``advance``: the next date is the processed one plus ``cycle_days`` — or, if the run was
late, the first date of that series that is today or later, so a late run sends one
reminder rather than a burst of stale ones. Written conditionally on the processed
occurrence and the version read: any change by the optician meanwhile wins.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta

from chalicelib.observability import logger
from chalicelib.services import repurchase_reminders as reminders

KIND = "repurchase_reminder"


def _store():
    from chalicelib.adapters.dynamo import reminders as store

    return store


def next_after(previous: date, cycle_days: int, today: date) -> date:
    """The date after ``previous`` in steps of ``cycle_days`` that is today or later (pure)."""
    if cycle_days < 1:
        raise ValueError("cycle_days must be at least 1")
    return reminders.roll_forward(previous + timedelta(days=cycle_days), cycle_days, today)


def runs_out_on(details: dict, on: date) -> str | None:
    """When the lenses are expected to run out, if that is still ahead of the reminder day ``on``."""
    value = details.get("runs_out_on")
    if not value:
        return None
    return value if date.fromisoformat(value) >= on else None


def _has_active_subscription(optician_id: str, customer_id: str) -> bool:
    try:
        from chalicelib.services.subscriptions import has_active_subscription
    except ImportError:
        return False  # no subscriptions in this deployment
    return has_active_subscription(optician_id, customer_id)


def _kind(optician: dict, customer: dict, item: dict, on: date) -> str | None:
    """The kind to send, coordinated with the customer's other reminders (one per kind and day, merging)."""
    try:
        from chalicelib.services.coordination import repurchase_kind
    except ImportError:
        return KIND
    return repurchase_kind(optician, customer, item, on)


def _product_name(optician_id: str, passport: dict | None) -> str | None:
    from chalicelib.services.products import find_product

    names: list[str] = []
    for eye in ("right", "left"):
        product_id = ((passport or {}).get(eye) or {}).get("product_id")
        product = find_product(optician_id, product_id) if product_id else None
        if product is not None and product.name not in names:
            names.append(product.name)
    return " / ".join(names) or None


def message_data(optician: dict, customer_id: str, reminder: dict, on: date) -> dict:
    """The template data: ``{"reminder": {product_name, runs_out_on, next_reminder_on, cycle_days, lines}, "basket"}``."""
    from chalicelib.adapters.dynamo import passports
    from chalicelib.services.reorder_basket import basket_for

    details = reminder.get("details") or {}
    passport = passports.get(optician["id"], customer_id, details.get("passport_id") or "")
    basket = basket_for(optician["id"], customer_id)
    return {
        "reminder": {
            "product_name": _product_name(optician["id"], passport),
            "runs_out_on": runs_out_on(details, on),
            "next_reminder_on": on.isoformat(),
            "cycle_days": reminder.get("cycle_days"),
            "lines": basket,
        },
        "basket": basket,
    }


def message_for(optician: dict, customer: dict, item: dict) -> tuple[str, dict] | None:
    """``("repurchase_reminder", data)`` for the pending occurrence, or None (nothing to send, just advance)."""
    reminder = _store().from_raw(item)
    if not reminder["active"] or not item.get("occurrence"):
        return None
    if _has_active_subscription(optician["id"], customer["id"]):
        return None
    on = date.fromisoformat(item["occurrence"])
    kind = _kind(optician, customer, item, on)
    if kind is None:
        return None
    return kind, message_data(optician, customer["id"], reminder, on)


def advance(optician: dict, item: dict, now: datetime) -> None:
    """Write the next occurrence (conditionally on the processed one); inactive: out of the due index."""
    reminder = _store().from_raw(item)
    processed = item["occurrence"]
    if not reminder["active"]:
        _store().advance(item["pk"], item["sk"], processed, {}, schedule=None)
        return
    following = next_after(date.fromisoformat(processed), int(reminder["cycle_days"]),
                           reminders.local_today(optician, now))
    details = {**reminder["details"],
               "runs_out_on": (following + timedelta(days=reminders.lead_days(optician))).isoformat()}
    schedule = (following.isoformat(), reminders.due_for(optician, item["pk"], item["sk"], following))
    changes = {"next_on": following.isoformat(), "details": details}
    if not _store().advance(item["pk"], item["sk"], processed, changes, schedule=schedule,
                            expected_version=reminder["version"]):
        logger.info("repurchase reminder changed meanwhile; its new schedule stands",
                    extra={"reminder_id": reminder["id"]})
