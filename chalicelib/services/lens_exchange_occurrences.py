"""Scheduled occurrences of a lens-exchange reminder (``REMINDER#lens_exchange#``): the handler.

Due on its date at its local ``time_of_day`` (inside the send window; outside it waits for
the next opening). ``advance`` steps by ``interval_days``; dates whose due instant has already
passed when the series moves on (a long-closed window, an outage) are skipped rather than
sent late in a burst — "change your lenses today" is only useful on the day.
"""
from __future__ import annotations

from datetime import date, datetime

from chalicelib.domain import reminder_cycles as cycles
from chalicelib.observability import logger
from chalicelib.services import coordination
from chalicelib.services.occurrence_timing import due_for, due_instant, parse_time

KIND = "lens_exchange_reminder"


def _store():
    from chalicelib.adapters.dynamo import reminders

    return reminders


def _product_name(optician: dict, customer: dict) -> str | None:
    from chalicelib.services.lens_exchange_reminders import latest_passport
    from chalicelib.services.products import find_product

    passport = latest_passport(optician["id"], customer["id"]) or {}
    names = []
    for eye in ("right", "left"):
        product_id = (passport.get(eye) or {}).get("product_id")
        product = find_product(optician["id"], product_id) if product_id else None
        if product is not None and product.name not in names:
            names.append(product.name)
    # Two different lenses: name neither rather than one of them.
    return names[0] if len(names) == 1 else None


def message_for(optician: dict, customer: dict, item: dict) -> tuple[str, dict] | None:
    reminder = _store().from_raw(item)
    if not reminder["active"]:
        return None
    on = date.fromisoformat(item["occurrence"])
    if coordination.simple_kind(optician, customer, item, KIND, on) is None:
        return None
    return KIND, {"reminder": {"product_name": _product_name(optician, customer),
                               "interval_days": reminder["interval_days"]}}


def advance(optician: dict, item: dict, now: datetime) -> None:
    reminder = _store().from_raw(item)
    processed = item["occurrence"]
    if not reminder["active"]:
        _store().advance(item["pk"], item["sk"], processed, {}, schedule=None)
        return
    at = parse_time(reminder["time_of_day"])
    following = cycles.next_exchange_date(date.fromisoformat(processed), reminder["interval_days"],
                                          is_past=lambda d: due_instant(optician, d, at) <= now)
    due = due_for(optician, item["pk"], item["sk"], following, at)
    if not _store().advance(item["pk"], item["sk"], processed, {"next_on": following.isoformat()},
                            schedule=(following.isoformat(), due)):
        logger.info("lens-exchange reminder changed meanwhile; its new schedule stands",
                    extra={"reminder_id": reminder["id"]})
