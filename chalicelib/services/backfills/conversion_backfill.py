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

SENT_PREFIX, MESSAGE_PREFIX, ORDER_PREFIX = "SENT_REMINDER#", "MESSAGE#", "ORDER#"


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


def _client() -> Any:  # boto3's low-level client (no type information)
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client

    return get_dynamodb_client()


def _table() -> str:
    from chalicelib.config import get_config

    return get_config().table_name


def _query_all(pk: str, prefix: str | None = None) -> list[dict[str, Any]]:
    from chalicelib.adapters.dynamo.occurrence_items import to_plain

    values: dict[str, Any] = {":pk": {"S": pk}}
    condition = "pk = :pk"
    if prefix:
        condition += " AND begins_with(sk, :prefix)"
        values[":prefix"] = {"S": prefix}
    params: dict[str, Any] = {"TableName": _table(), "KeyConditionExpression": condition,
                              "ExpressionAttributeValues": values}
    items: list[dict[str, Any]] = []
    while True:
        response = _client().query(**params)
        items += [to_plain(raw) for raw in response.get("Items", [])]
        if not response.get("LastEvaluatedKey"):
            return items
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def all_optician_ids() -> list[str]:
    """Every optician (a Scan for ``PROFILE`` items: acceptable for a one-off command only)."""
    params = {"TableName": _table(), "FilterExpression": "sk = :profile",
              "ExpressionAttributeValues": {":profile": {"S": "PROFILE"}}, "ProjectionExpression": "pk"}
    ids = []
    while True:
        response = _client().scan(**params)
        ids += [raw["pk"]["S"][len("OPT#"):] for raw in response.get("Items", []) if "#" not in raw["pk"]["S"][4:]]
        if not response.get("LastEvaluatedKey"):
            return sorted(ids)
        params["ExclusiveStartKey"] = response["LastEvaluatedKey"]


def run(optician_ids: list[str] | None = None, *, dry_run: bool = False) -> BackfillReport:
    """Backfill the given opticians (default: all); with ``dry_run`` nothing is written."""
    report = BackfillReport()
    for optician_id in optician_ids or all_optician_ids():
        _optician(optician_id, report, dry_run)
    logger.info("reports backfill done", extra={**report.as_dict(), "dry_run": dry_run})
    return report


def _optician(optician_id: str, report: BackfillReport, dry_run: bool) -> None:
    from chalicelib.adapters.dynamo import conversions
    from chalicelib.adapters.dynamo.base import customer_pk, optician_pk
    from chalicelib.services.opticians.opticians import get_settings

    timezone_name = get_settings(optician_id).timezone
    counters: dict[tuple[str, str, str], Counter] = {}
    customer_ids = [item["customer_id"] for item in _query_all(optician_pk(optician_id), "CUSTOMER#")]
    for customer_id in customer_ids:
        _customer(optician_id, customer_id, customer_pk(optician_id, customer_id), timezone_name, counters, report,
                  dry_run)
    report.opticians += 1
    report.customers += len(customer_ids)
    stale = set(conversions.backfill_counters(optician_id)) - set(counters)
    for key in sorted(set(counters) | stale):
        if not dry_run:
            conversions.set_backfill_counter(optician_id, *key, counters.get(key, Counter()))
        report.counters_written += 1
    report.counters[optician_id] = counters


def _customer(optician_id: str, customer_id: str, pk: str, timezone_name: str | None,
              counters: dict[tuple[str, str, str], Counter], report: BackfillReport, dry_run: bool) -> None:
    from chalicelib.adapters.dynamo import conversions
    from chalicelib.services.messaging.usage import month_of

    items = _query_all(pk)
    indexed = {item["message_id"]: item for item in items if item["sk"].startswith(SENT_PREFIX)}
    reminders: list[rules.SentReminder] = [_reminder(item) for item in indexed.values()]
    for item in items:
        if not item["sk"].startswith(MESSAGE_PREFIX) or not item.get("sent_at") or not item.get("channel"):
            continue
        kind = rules.report_kind(item["kind"], item.get("trigger"))
        known = indexed.get(item["message_id"])
        if kind is None or (known is not None and known.get("origin") != conversions.BACKFILL):
            continue  # no reminder, or counted live when it was sent
        sent_at = datetime.fromisoformat(item["sent_at"])
        reminder = rules.SentReminder(item["message_id"], kind, item["channel"], sent_at,
                                      known["month"] if known else month_of(sent_at, timezone_name))
        if known is None:
            reminders.append(reminder)
            report.reminders_indexed += 1
            if not dry_run:
                conversions.put_backfilled_sent(optician_id, customer_id, reminder, item["sk"])
        sms = item["channel"] == "sms"
        counter = counters.setdefault((reminder.month, kind, item["channel"]), Counter())
        counter.add(Counter(sent=1, sms_parts=int(item.get("parts") or 0) if sms else 0,
                            sms_cost_chf=Decimal(item.get("cost_chf") or 0) if sms else Decimal(0)))
    for item in items:
        if item["sk"].startswith(ORDER_PREFIX):
            _order(optician_id, customer_id, item, reminders, counters, report, dry_run)
    if not dry_run:
        report.due_owner_set += _set_due_owner(items)
    if not dry_run and any(item["sk"].startswith(("REMINDER#", "SUBSCRIPTION#")) and not item.get("agenda_facts")
                           for item in items):
        from chalicelib.services.customers.agenda_facts import refresh

        report.agenda_facts_set += refresh(optician_id, customer_id)


def _reminder(item: dict[str, Any]) -> rules.SentReminder:
    return rules.SentReminder(item["message_id"], item["kind"], item["channel"], datetime.fromisoformat(item["sent_at"]),
                              item["month"])


def _order(optician_id: str, customer_id: str, item: dict[str, Any], reminders: list[rules.SentReminder],
           counters: dict[tuple[str, str, str], Counter],
           report: BackfillReport, dry_run: bool) -> None:
    from chalicelib.adapters.dynamo import orders

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
        orders.set_backfilled_attribution(optician_id, customer_id, item["order_key"], value)


def _set_due_owner(items: list[dict[str, Any]]) -> int:
    """``due_owner`` on scheduled items that have ``due_at`` but not it (conditional on ``due_at`` unchanged)."""
    from botocore.exceptions import ClientError

    from chalicelib.adapters.dynamo.due import owner_of

    done = 0
    for item in items:
        if not item.get("due_at") or item.get("due_owner"):
            continue
        try:
            _client().update_item(
                TableName=_table(), Key={"pk": {"S": item["pk"]}, "sk": {"S": item["sk"]}},
                UpdateExpression="SET due_owner = :owner", ConditionExpression="due_at = :due_at",
                ExpressionAttributeValues={":owner": {"S": owner_of(item["pk"])}, ":due_at": {"S": item["due_at"]}})
            done += 1
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") != "ConditionalCheckFailedException":
                raise  # a condition failure: the item moved on meanwhile and got due_owner with it
    return done
