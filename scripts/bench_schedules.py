"""Scheduled reminders at scale (issue 5): due lookup, AWS calls per reminder, throughput.

    python scripts/bench_schedules.py [--stored 100000] [--small 10000] [--due 1000] [--no-write]

Everything runs in one process on the emulator (moto, in-process) with the production
template deployed. Stored reminders are real repurchase reminders: a few are created
through the services (customer, lens passport, reminder), the rest are copies of those
items written with BatchWriteItem. ``--due`` of them are due at Monday 09:00 in Zurich (the
window's opening), the run is at 09:05; the others are due on later days.

Reported (issue 5, item 7):
(a) DynamoDB items read per due occurrence: the sum of ``ScannedCount`` of every Query the
    scheduled run makes, divided by the due occurrences it found; at ``--small`` and at
    ``--stored`` reminders.
(b) AWS API calls per sent reminder, amortised over the whole run (schedule + consumer):
    every call of every botocore client, PynamoDB's included, counted with a ``before-call``
    event hook registered on each client as it is created; split by component
    (scripts/benchsupport/aws_calls.py).
(c) The same lookup as a naive Scan with a filter: items read per due occurrence.
(d) replaced: what a reminder costs us (our CPU, AWS cost) is measured by scripts/bench_delivery.py.

Emulator accommodations (scripts/benchsupport/moto_speedups.py; they change speed only, not what is
called or counted):
- moto answers a Query on the table by filtering (and first sorting) every item of the
  table, comparing DynamoType objects; the benchmark lets such a Query look at its partition
  only, skips the needless sort before an index Query (moto sorts the matches), and sorts for
  a Scan by the key values as plain strings (the same order: all keys are strings), once per
  Scan, starting each page at its start key instead of walking past the earlier items again.
- moto recounts every message of a queue on every SendMessage (O(n²) for n messages).
- moto's TransactWriteItems deep-copies every table it touches before it starts (for its
  rollback); with 100,000 items that is seconds per transaction. The benchmark snapshots
  only the items the transaction touches, and restores them if it is cancelled.
- Should an adapter create a new PynamoDB ``Connection`` for every transaction again (a new
  botocore client each time: 0.37 s on the emulator, and a new client plus TLS connection
  on Lambda; the adapters share one, adapters/dynamo/transactions.py), the benchmark lets
  those connections share one client, and reports how many clients the run would
  otherwise have created.
The end-to-end run ((b)) works on the full ``--stored`` table, after the lookups.

Writes its section of docs/performance.md between ``<!-- schedules -->`` and ``<!-- /schedules -->``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections import Counter
from datetime import date, datetime, time as dtime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchsupport import moto_speedups  # noqa: E402
from benchsupport.aws_calls import CallCounter, tag_components  # noqa: E402
from benchsupport.common import batch_write, log  # noqa: E402
from benchsupport.schedules_report import DOC, section, write_section  # noqa: E402

ZURICH = ZoneInfo("Europe/Zurich")
TEMPLATE_OPTICIANS = 20


# --- data ----------------------------------------------------------------------------------------

def run_day() -> date:
    """A Monday at least a week ahead (reminder dates may not lie in the past)."""
    start = datetime.now(ZURICH).date() + timedelta(days=7)
    return start + timedelta(days=(0 - start.weekday()) % 7)


class Seeder:
    """Real reminders through the services, then copies of their items (new customers, new dates)."""

    def __init__(self, day: date):
        self.day = day
        self.templates: list[dict] = []
        self.next_customer = 0
        self.stored_reminders = 0

    def create_templates(self) -> None:
        from chalicelib.adapters.dynamo.base import customer_pk, optician_pk
        from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
        from chalicelib.config import get_config
        from chalicelib.api.bodies import decode
        from chalicelib.schemas.passports import LensPassportInput
        from chalicelib.schemas.repurchase_reminders import RepurchaseReminderInput
        from chalicelib.schemas.customers import CustomerInput
        from chalicelib.schemas.settings import SettingsInput
        from chalicelib.services.customers import customers
        from chalicelib.services.opticians import opticians
        from chalicelib.services.lenses import passports
        from chalicelib.services.reminders import repurchase_reminders
        from tests.conftest import OPTICIAN_SETTINGS

        client, table = get_dynamodb_client(), get_config().table_name
        for n in range(TEMPLATE_OPTICIANS):
            oid = opticians.onboard(decode({**OPTICIAN_SETTINGS, "name": f"Optik {n}", "package": "silver"}, SettingsInput))["id"]
            cid = customers.create_customer(oid, CustomerInput(
                first_name="Anna", last_name=f"Muster{n}", mobile=f"079 555 {n // 100:02d} {n % 100:02d}",
                preferred_channel="sms")).id
            passport = passports.create_passport(oid, cid, decode({
                "right": {"product_id": "dailies-total1", "base_curve": 8.5, "diameter": 14.1, "sphere": -2.0},
                "left": {"product_id": "dailies-total1", "base_curve": 8.5, "diameter": 14.1, "sphere": -2.25},
                "issued_on": "2026-01-10"}, LensPassportInput))
            repurchase_reminders.create_reminder(oid, cid, decode({
                "passport_id": passport["id"], "lines": [{"eye": "both", "pack_size": 90, "quantity": 2}],
                "first_reminder_on": self.day.isoformat(), "cycle_days": 90}, RepurchaseReminderInput))
            customer_item = client.get_item(TableName=table, Key={"pk": {"S": optician_pk(oid)},
                                                                  "sk": {"S": f"CUSTOMER#{cid}"}})["Item"]
            partition = client.query(TableName=table, KeyConditionExpression="pk = :pk",
                                     ExpressionAttributeValues={":pk": {"S": customer_pk(oid, cid)}})["Items"]
            self.templates.append({"oid": oid, "cid": cid, "customer": customer_item, "partition": partition})
        self.stored_reminders += len(self.templates)

    def copies(self, count: int, *, due: bool) -> list[dict]:
        """Items of ``count`` more reminders: due ones with their customer and passport, others alone."""
        from chalicelib.adapters.dynamo import due as due_index
        from chalicelib.adapters.dynamo.base import customer_pk
        from chalicelib.domain.send_window import DEFAULT_WINDOW, due_instant

        items = []
        for n in range(count):
            template = self.templates[n % len(self.templates)]
            self.next_customer += 1
            cid = f"cus_bench{self.next_customer:07d}"
            on = self.day if due else self.day + timedelta(days=1 + self.next_customer % 365)
            instant = due_instant(on, DEFAULT_WINDOW, "Europe/Zurich")
            pk = customer_pk(template["oid"], cid)
            for raw in template["partition"]:
                if not due and not raw["sk"]["S"].startswith("REMINDER#"):
                    continue
                item = json.loads(json.dumps(raw).replace(template["cid"], cid))
                item["pk"] = {"S": pk}
                if raw["sk"]["S"].startswith("REMINDER#"):
                    item["occurrence"] = {"S": on.isoformat()}
                    item["next_on"] = {"S": on.isoformat()}
                    item.update({k: {"S": v} for k, v in due_index.due_attributes(pk, raw["sk"]["S"], instant).items()})
                items.append(item)
            if due:
                customer = json.loads(json.dumps(template["customer"]).replace(template["cid"], cid))
                items.append(customer)
        self.stored_reminders += count
        return items


# --- measurements --------------------------------------------------------------------------------

def naive_scan(bound: str) -> dict:
    """The due lookup as a filtered Scan: items read (ScannedCount), pages, matches."""
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    client, params = get_dynamodb_client(), {
        "TableName": get_config().table_name, "FilterExpression": "due_at <= :bound",
        "ExpressionAttributeValues": {":bound": {"S": bound}}, "ProjectionExpression": "pk, sk"}
    scanned = found = pages = 0
    while True:
        page = client.scan(**params)
        pages += 1
        scanned += page["ScannedCount"]
        found += page["Count"]
        if "LastEvaluatedKey" not in page:
            return {"scanned": scanned, "found": found, "pages": pages}
        params["ExclusiveStartKey"] = page["LastEvaluatedKey"]


def empty_queue() -> int:
    """Delete what a lookup-only run queued (PurgeQueue, or batch deletes within a minute of the last)."""
    from chalicelib.adapters import queue

    sqs, url, removed = queue.get_sqs_client(), queue.send_queue_url(), 0
    try:
        sqs.purge_queue(QueueUrl=url)
        return -1
    except sqs.exceptions.PurgeQueueInProgress:
        pass  # purged less than a minute ago: delete them one batch at a time
    while True:
        messages = sqs.receive_message(QueueUrl=url, MaxNumberOfMessages=10).get("Messages", [])
        if not messages:
            return removed
        sqs.delete_message_batch(QueueUrl=url, Entries=[
            {"Id": str(i), "ReceiptHandle": m["ReceiptHandle"]} for i, m in enumerate(messages)])
        removed += len(messages)


def lookup_only(run_at: datetime) -> dict:
    """One scheduled run's due lookup (the queued messages are purged afterwards)."""
    from chalicelib.adapters import queue
    from chalicelib.services.scheduling import scanner

    started = time.perf_counter()
    report = scanner.run(run_at)
    seconds = time.perf_counter() - started
    empty_queue()
    return {"found": report.found, "scanned": report.scanned_count, "queries": report.queries, "seconds": seconds}


def sms_count() -> int:
    from moto.sns.models import sns_backends

    return sum(len(b.sms_messages) for regions in sns_backends.values() for b in regions.values())


def end_to_end(run_at: datetime, counter: CallCounter) -> dict:
    """Fire the schedule as EventBridge would, then let the consumer work off the queue."""
    from chalice.local import LambdaContext

    from app import app
    from local.emulator import drain_queues
    from local.schedules import event_time, scheduled_event

    before = sms_count()
    counter.reset()
    started = time.perf_counter()
    app.handler_map["due_reminders"](scheduled_event("due_reminders", event_time(run_at)),
                                     LambdaContext("due_reminders", memory_size=512))
    scheduled = time.perf_counter()
    processed = drain_queues(app)
    finished = time.perf_counter()
    return {"sent": sms_count() - before, "processed": processed, "seconds": finished - started,
            "schedule_seconds": scheduled - started, "consumer_seconds": finished - scheduled,
            "calls": Counter(counter.calls)}


def still_due(run_at: datetime) -> int:
    from chalicelib.adapters.dynamo import due, occurrence_items

    return sum(len(occurrence_items.query_due(shard, due.due_upper_bound(run_at)).keys) for shard in due.all_shards())


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--due", type=int, default=1_000)
    parser.add_argument("--no-write", action="store_true", help="print the section, leave docs/performance.md")
    args = parser.parse_args(argv[1:])
    if not TEMPLATE_OPTICIANS <= args.due < args.small < args.stored:
        parser.error("need 20 <= due < small < stored")

    began = time.perf_counter()
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "kontakt")
    from local.emulator import deploy_infra, fake_credentials

    fake_credentials()
    counter = CallCounter()
    counter.install()
    from moto import mock_aws

    import warnings

    warnings.filterwarnings("ignore")
    results: dict = {}
    with mock_aws():
        deploy_infra()
        from chalicelib.config import reset_config

        reset_config()
        moto_speedups.cheap_moto_transactions()
        moto_speedups.cheap_moto_reads()
        moto_speedups.cheap_moto_queue()
        shared = None
        if moto_speedups.creates_connection_per_call():
            shared = moto_speedups.SharedPynamoClients()
            shared.install()
        tag_components()

        day = run_day()
        run_at = datetime.combine(day, dtime(9, 5), tzinfo=ZURICH).astimezone(timezone.utc)
        from chalicelib.adapters.dynamo import due

        seeder = Seeder(day)
        seeder.create_templates()
        batch_write(seeder.copies(args.due - len(seeder.templates), due=True))
        batch_write(seeder.copies(args.small - args.due, due=False))
        log(f"{seeder.stored_reminders:,} reminders stored", began)
        results["small"] = {"lookup": lookup_only(run_at), "scan": naive_scan(due.due_upper_bound(run_at))}
        log(f"lookup + scan at {args.small:,}", began)

        batch_write(seeder.copies(args.stored - seeder.stored_reminders, due=False))
        log(f"{seeder.stored_reminders:,} reminders stored", began)
        results["large"] = {"lookup": lookup_only(run_at), "scan": naive_scan(due.due_upper_bound(run_at))}
        log(f"lookup + scan at {args.stored:,}", began)

        results["e2e"] = end_to_end(run_at, counter)
        results["still_due"] = still_due(run_at)
        results["shared_clients"] = shared.avoided if shared else 0
        log(f"end to end: {results['e2e']['sent']} sent in {results['e2e']['seconds']:.1f} s", began)
    results["total_seconds"] = time.perf_counter() - began
    text = section(args, results, TEMPLATE_OPTICIANS)
    print(text)
    if not args.no_write:
        write_section(text)
        print(f"written to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
