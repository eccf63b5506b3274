"""Scheduled occurrences of a control reminder (``REMINDER#control#``): the pipeline's handler.

``message_for`` sends ``control_reminder`` on the reminder's date, or — when the customer's
repurchase reminder is due at most 3 days away — one ``repurchase_control_reminder`` for
both (services/coordination.py decides, race-free, which occurrence sends it).
``advance`` moves to the next date of the series (months counted from its anchor).
"""
from __future__ import annotations

from datetime import date, datetime

from chalicelib.domain import reminder_cycles as cycles
from chalicelib.observability import logger
from chalicelib.services import coordination
from chalicelib.services.occurrence_timing import due_for, local_today


def _store():
    from chalicelib.adapters.dynamo import reminders

    return reminders


def repurchase_data(optician: dict, customer: dict, repurchase_item: dict) -> dict:
    """The template data of a combined message: what the repurchase reminder would say."""
    from chalicelib.adapters.dynamo import reminders
    from chalicelib.services.repurchase_occurrences import message_data

    on = date.fromisoformat(repurchase_item["occurrence"])
    return message_data(optician, customer["id"], reminders.from_raw(repurchase_item), on)


def message_for(optician: dict, customer: dict, item: dict) -> tuple[str, dict] | None:
    reminder = _store().from_raw(item)
    if not reminder["active"]:
        return None
    decision = coordination.control_kind(optician, customer, item, date.fromisoformat(item["occurrence"]))
    if decision is None:
        return None
    kind, partner = decision
    if partner is not None:
        return kind, repurchase_data(optician, customer, partner)
    return kind, {}


def advance(optician: dict, item: dict, now: datetime) -> None:
    """The next date of the series after the processed one (and after today, if processed late)."""
    reminder = _store().from_raw(item)
    processed = item["occurrence"]
    if not reminder["active"]:
        _store().advance(item["pk"], item["sk"], processed, {}, schedule=None)
        return
    after = max(date.fromisoformat(processed), local_today(optician, now))
    following = cycles.next_control_date(date.fromisoformat(reminder["anchor_on"]), reminder["cycle_months"], after)
    due = due_for(optician, item["pk"], item["sk"], following)
    if not _store().advance(item["pk"], item["sk"], processed, {"next_on": following.isoformat()},
                            schedule=(following.isoformat(), due)):
        logger.info("control reminder changed meanwhile; its new schedule stands",
                    extra={"reminder_id": reminder["id"]})
