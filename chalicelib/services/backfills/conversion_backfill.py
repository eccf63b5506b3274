"""One-off backfill for the reports (issue 17) over data stored before they existed (docs/reports.md).

Per optician, per customer partition (one paged Query each):
1. every reminder the provider accepted (a message with ``sent_at`` whose kind counts,
   domain/attribution.py) that has no sent-reminder index item gets one (``origin`` backfill);
2. every order without a live attribution is credited by the same rule over all indexed
   reminders and stored with ``origin`` backfill (an order credited when it was recorded
   keeps its credit and is never counted here);
3. the ``backfill`` counters of the optician are overwritten with what 1 and 2 found
   (counters nobody found any more are set to zero): the live counters are never touched;
4. scheduled items lacking ``due_owner`` (scheduled before the ``agenda`` index) get it;
5. a customer with scheduled items lacking ``agenda_facts`` gets them (services/customers/agenda_facts.py).
Running it again computes and writes the same: idempotent. It reads every item of the
optician once (a one-off, never on a request path); opticians are listed by a Scan for
``PROFILE`` items unless given.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from chalicelib.domain import attribution as rules
from chalicelib.domain.conversion_report import Counter
from chalicelib.observability import logger
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda_facts
from chalicelib.services.messaging.usage import month_of
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.wiring import stores


@dataclass
class BackfillReport:
    opticians: int = 0
    customers: int = 0
    reminders_indexed: int = 0
    orders_credited: int = 0
    counters_written: int = 0
    due_owner_set: int = 0
    agenda_facts_set: int = 0
    counters: dict[str, dict[tuple[str, str, str], Counter]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, int]:
        return {"opticians": self.opticians, "customers": self.customers,
                "reminders_indexed": self.reminders_indexed, "orders_credited": self.orders_credited,
                "counters_written": self.counters_written, "due_owner_set": self.due_owner_set,
                "agenda_facts_set": self.agenda_facts_set}


def all_optician_ids() -> list[str]:
    """Every optician (a Scan for their profiles: acceptable for a one-off command only)."""
    return stores().backfill.optician_ids()


def run(optician_ids: list[str] | None = None, *, dry_run: bool = False) -> BackfillReport:
    """Backfill the given opticians (default: all); with ``dry_run`` nothing is written."""
    report = BackfillReport()
    for optician_id in optician_ids or all_optician_ids():
        _optician(optician_id, report, dry_run)
    logger.info("reports backfill done", extra={**report.as_dict(), "dry_run": dry_run})
    return report


def _optician(optician_id: str, report: BackfillReport, dry_run: bool) -> None:
    timezone_name = get_settings(optician_id).timezone
    counters: dict[tuple[str, str, str], Counter] = {}
    customer_ids = stores().backfill.customer_ids(optician_id)
    for customer_id in customer_ids:
        _customer(optician_id, customer_id, timezone_name, counters, report, dry_run)
    report.opticians += 1
    report.customers += len(customer_ids)
    stale = set(stores().backfill.backfill_counters(optician_id)) - set(counters)
    for key in sorted(set(counters) | stale):
        if not dry_run:
            stores().backfill.set_backfill_counter(optician_id, *key, counters.get(key, Counter()))
        report.counters_written += 1
    report.counters[optician_id] = counters


def _customer(optician_id: str, customer_id: str, timezone_name: str | None,
              counters: dict[tuple[str, str, str], Counter], report: BackfillReport, dry_run: bool) -> None:
    store = stores().backfill
    items = store.customer_items(optician_id, customer_id)
    indexed = {item["message_id"]: item for item in items.sent_reminders}
    reminders: list[rules.SentReminder] = [_reminder(item) for item in indexed.values()]
    for item in items.messages:
        if not item.get("sent_at") or not item.get("channel"):
            continue
        kind = rules.report_kind(item["kind"], item.get("trigger"))
        known = indexed.get(item["message_id"])
        if kind is None or (known is not None and known.get("origin") != store.BACKFILL):
            continue  # no reminder, or counted live when it was sent
        sent_at = datetime.fromisoformat(item["sent_at"])
        reminder = rules.SentReminder(item["message_id"], kind, item["channel"], sent_at,
                                      known["month"] if known else month_of(sent_at, timezone_name))
        if known is None:
            reminders.append(reminder)
            report.reminders_indexed += 1
            if not dry_run:
                store.put_backfilled_sent(optician_id, customer_id, reminder, item["sk"])
        sms = item["channel"] == "sms"
        counter = counters.setdefault((reminder.month, kind, item["channel"]), Counter())
        counter.add(Counter(sent=1, sms_parts=int(item.get("parts") or 0) if sms else 0,
                            sms_cost_chf=Decimal(item.get("cost_chf") or 0) if sms else Decimal(0)))
    for item in items.orders:
        _order(optician_id, customer_id, item, reminders, counters, report, dry_run)
    if not dry_run:
        report.due_owner_set += store.set_due_owner(items.scheduled)
    if not dry_run and any(not item.get("agenda_facts") for item in items.scheduled):
        report.agenda_facts_set += refresh_agenda_facts(optician_id, customer_id)


def _reminder(item: dict[str, Any]) -> rules.SentReminder:
    return rules.SentReminder(item["message_id"], item["kind"], item["channel"], datetime.fromisoformat(item["sent_at"]),
                              item["month"])


def _order(optician_id: str, customer_id: str, item: dict[str, Any], reminders: list[rules.SentReminder],
           counters: dict[tuple[str, str, str], Counter],
           report: BackfillReport, dry_run: bool) -> None:
    stored = json.loads(item["attribution"]) if item.get("attribution") else None
    if stored is not None and stored.get("origin") != "backfill":
        return  # credited when it was recorded: counted live
    credited = rules.credit(datetime.fromisoformat(item["ordered_at"]), reminders)
    if credited is None:
        return
    value = {**credited.as_dict(), "origin": "backfill"}
    counter = counters.setdefault((credited.reminder.month, credited.reminder.kind, credited.reminder.channel),
                                  Counter())
    counter.add(Counter(converted=1, days={credited.days: 1}))
    report.orders_credited += 1
    if not dry_run and value != stored:
        stores().backfill.set_backfilled_attribution(optician_id, customer_id, item["order_key"], value)
