"""Reports (issue 17): DynamoDB items read by GET /reports/conversion and GET /agenda.

    python scripts/bench_reports.py [--small 10000] [--stored 100000] [--agenda-customers 150] [--no-write]

Everything runs in one process on the emulator (moto, in-process) with the production
template deployed; the requests go through the Chalice app with a signed back-office token.
Items read: every DynamoDB call's items counted with an ``after-call`` hook on each botocore
client (``ScannedCount`` of a Query, the items a GetItem/BatchGetItem returned;
scripts/benchsupport/items_read.py); each request measured right after the same one (the
token's optician check is remembered for 5 minutes per process).

(a) GET /reports/conversion for 12 months: the optician's counters (12 months × 4 kinds ×
    2 channels, written by the adapters' own writes) and ``--small`` then ``--stored``
    stored messages of that optician (history items and their sent-reminder index items,
    written with BatchWriteItem). The items read must not change with the messages.
(b) GET /agenda?days=14: ``--agenda-customers`` customers of the optician with a
    repurchase reminder each (through the services), due 1–60 days ahead, every fifth one
    also with a subscription (a pre-announcement in the agenda, and its repurchase reminder
    covered); three other opticians with 5,000 occurrences each in the same days. Items read
    per listed entry.

Writes its section of docs/performance.md between ``<!-- reports -->`` and ``<!-- /reports -->``.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchsupport import moto_speedups  # noqa: E402
from benchsupport.common import DOC, batch_write, log, write_section  # noqa: E402
from benchsupport.items_read import ItemsRead  # noqa: E402

START, END = "<!-- reports -->", "<!-- /reports -->"
ZURICH = ZoneInfo("Europe/Zurich")
KINDS = ("repurchase", "control", "subscription", "manual")
MESSAGE_KIND = {"repurchase": "repurchase_reminder", "control": "control_reminder",
                "subscription": "subscription_preannouncement", "manual": "webshop_login"}
PASSPORT = {"right": {"product_id": "dailies-total1", "base_curve": 8.5, "diameter": 14.1, "sphere": -2.0},
            "left": {"product_id": "dailies-total1", "base_curve": 8.5, "diameter": 14.1, "sphere": -2.25},
            "issued_on": "2026-01-10"}


def months_back(count: int) -> list[str]:
    today = datetime.now(ZURICH).date().replace(day=1)
    months = []
    for _ in range(count):
        months.append(today.strftime("%Y-%m"))
        today = (today - timedelta(days=1)).replace(day=1)
    return sorted(months)


def write_counters(oid: str, months: list[str]) -> int:
    """One sent reminder and one order per month × kind × channel, through the adapters' writes."""
    from chalicelib.adapters.dynamo import conversions, transactions
    from chalicelib.domain.attribution import SentReminder

    n = 0
    for month in months:
        for kind in KINDS:
            for channel in ("sms", "email"):
                n += 1
                sent_at = datetime.fromisoformat(f"{month}-10T09:00:00+00:00")
                reminder = SentReminder(f"msg_seed{n:05d}", kind, channel, sent_at, month)
                sms = channel == "sms"
                transactions.execute(conversions.sent_writes(oid, f"cus_seed{n:05d}", reminder, "MESSAGE#x",
                                                             sms_parts=1 if sms else 0,
                                                             sms_cost=Decimal("0.12") if sms else Decimal("0")))
                transactions.execute([conversions.converted_write(oid, kind, channel, month, n % 31)])
    return n


class Messages:
    """Stored history items of the optician (and the sent-reminder index items of the reminders)."""

    def __init__(self, oid: str, months: list[str]):
        self.oid, self.months, self.count = oid, months, 0

    def add(self, count: int) -> None:
        from chalicelib.adapters.dynamo.base import customer_pk

        items = []
        for _ in range(count):
            self.count += 1
            n = self.count
            cid = f"cus_hist{n // 10:06d}"
            kind = KINDS[n % 4]
            month = self.months[n % len(self.months)]
            stamp = f"{month}-{1 + n % 28:02d}T09:{n % 60:02d}:00.{n % 1000000:06d}+00:00"
            mid = f"msg_hist{n:07d}"
            message_sk = f"MESSAGE#{stamp}#{mid}"
            pk = customer_pk(self.oid, cid)
            items.append({"pk": {"S": pk}, "sk": {"S": message_sk}, "message_id": {"S": mid},
                          "customer_id": {"S": cid}, "kind": {"S": MESSAGE_KIND[kind]}, "topic": {"S": kind},
                          "channel": {"S": "sms"}, "to": {"S": "+41791234567"}, "status": {"S": "delivered"},
                          "text": {"S": "Guten Tag Frau Muster, Ihre Kontaktlinsen gehen bald zur Neige. " * 2},
                          "parts": {"N": "1"}, "cost_chf": {"N": "0.12"}, "trigger": {"S": "automatic"},
                          "idempotency_key": {"S": f"k{n}"}, "created_at": {"S": stamp},
                          "updated_at": {"S": stamp}, "sent_at": {"S": stamp}})
            items.append({"pk": {"S": pk}, "sk": {"S": f"SENT_REMINDER#{stamp}#{mid}"}, "message_id": {"S": mid},
                          "message_sk": {"S": message_sk}, "kind": {"S": kind}, "channel": {"S": "sms"},
                          "month": {"S": month}, "sent_at": {"S": stamp}, "origin": {"S": "live"}})
        batch_write(items)


def measure(counter: ItemsRead, client, token: str, path: str) -> tuple[int, int, dict]:
    """Items read and calls of one request, made right after the same request: the token's
    optician check is remembered (5 min per process), as for every request but a process's first."""
    client.http.get(path, headers={"Authorization": f"Bearer {token}"})
    counter.reset()
    response = client.http.get(path, headers={"Authorization": f"Bearer {token}"})
    if response.status_code != 200:
        raise RuntimeError(f"{path}: {response.status_code} {response.body[:300]}")
    return counter.items, counter.calls, json.loads(response.body)


def seed_agenda(oid: str, customers: int) -> None:
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import CustomerInput
    from chalicelib.schemas.passports import LensPassportInput
    from chalicelib.schemas.repurchase_reminders import RepurchaseReminderInput
    from chalicelib.schemas.subscriptions import SubscriptionInput
    from chalicelib.services.customers import customers as customer_service
    from chalicelib.services.lenses import passports
    from chalicelib.services.reminders import repurchase_reminders
    from chalicelib.services.subscriptions import subscriptions

    today = datetime.now(ZURICH).date()
    for n in range(customers):
        cid = customer_service.create_customer(oid, CustomerInput(
            first_name="Anna", last_name=f"Muster{n}", mobile=f"079 555 {n // 100:02d} {n % 100:02d}",
            preferred_channel="sms")).id
        passport = passports.create_passport(oid, cid, decode(PASSPORT, LensPassportInput))
        repurchase_reminders.create_reminder(oid, cid, decode({
            "passport_id": passport["id"], "lines": [{"eye": "both", "pack_size": 90, "quantity": 2}],
            "first_reminder_on": (today + timedelta(days=1 + n % 60)).isoformat(), "cycle_days": 90},
            RepurchaseReminderInput))
        if n % 5 == 0:
            subscriptions.create_subscription(oid, cid, decode({
                "lines": [{"product_id": "dailies-total1", "eye": "both", "pack_size": 90, "quantity": 2}],
                "interval_weeks": 12, "next_order_on": (today + timedelta(days=8 + n % 50)).isoformat(),
                "delivery": "home"}, SubscriptionInput))


def other_opticians(count: int, per_optician: int) -> None:
    """Other tenants' occurrences in the same days (they must not be read)."""
    from chalicelib.adapters.dynamo import due
    from chalicelib.adapters.dynamo.base import customer_pk
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.opticians import opticians
    from tests.conftest import OPTICIAN_SETTINGS

    now = datetime.now(timezone.utc)
    for o in range(count):
        oid = opticians.onboard(decode({**OPTICIAN_SETTINGS, "name": f"Optik {o}", "package": "silver"}, SettingsInput))["id"]
        items = []
        for n in range(per_optician):
            pk, sk = customer_pk(oid, f"cus_other{n:06d}"), f"REMINDER#repurchase#rr_other{n:06d}"
            on = (now + timedelta(days=1 + n % 30)).date().isoformat()
            item = {"pk": {"S": pk}, "sk": {"S": sk}, "reminder_id": {"S": f"rr_other{n:06d}"},
                    "customer_id": {"S": f"cus_other{n:06d}"}, "kind": {"S": "repurchase"}, "active": {"BOOL": True},
                    "next_on": {"S": on}, "occurrence": {"S": on}, "version": {"N": "1"}}
            item.update({k: {"S": v} for k, v in due.due_attributes(pk, sk, now + timedelta(days=1 + n % 30)).items()})
            items.append(item)
        batch_write(items)


def section(args, results: dict) -> str:
    small, large = results["report_small"], results["report_large"]
    agenda = results["agenda"]
    per_entry = agenda["items"] / max(1, agenda["entries"])
    wide = results["agenda_60"]
    wide_per = wide["items"] / max(1, wide["entries"])
    same = "equal" if small["items"] == large["items"] else "NOT equal"
    lines = [
        START,
        "## Reports (issue 17)",
        "",
        f"`make bench` → `scripts/bench_reports.py` ({results['seconds']:.0f} s). One process, AWS emulated "
        "in-process by moto with the production template; requests through the Chalice app with a signed "
        "token. Items read = `ScannedCount` of every Query plus the items every GetItem/BatchGetItem returned "
        "(scripts/benchsupport/items_read.py). Each request is measured right after the same request: the "
        "check that the token's optician exists is remembered for 5 minutes per process, so only a "
        "process's first request reads one item more.",
        "",
        "### GET /reports/conversion, 12 months",
        "",
        f"Counters: {results['counters']} month × kind × channel items (12 × 4 × 2); messages of the same "
        "optician stored besides (history items and their sent-reminder index items).",
        "",
        "| stored messages | items read | DynamoDB calls |",
        "|---:|---:|---:|",
        f"| {args.small:,} | {small['items']} | {small['calls']} |",
        f"| {args.stored:,} | {large['items']} | {large['calls']} |",
        "",
        f"Items read at {args.small:,} and {args.stored:,} messages: **{same}** — the report reads the "
        "counters (O(months × kinds × channels)) and the optician, never a message.",
        "",
        "### GET /agenda",
        "",
        f"{args.agenda_customers} customers with a repurchase reminder due 1–60 days ahead (every fifth also "
        "with a subscription: its pre-announcement is listed, its repurchase reminder held as covered); "
        f"three other opticians with {results['others_per_optician']:,} occurrences each in the same days.",
        "",
        "| request | entries listed | items read | per listed entry | DynamoDB calls |",
        "|---|---:|---:|---:|---:|",
        f"| `?days=14` | {agenda['entries']} | {agenda['items']} | {per_entry:.2f} | {agenda['calls']} |",
        f"| `?days=60&limit=200` | {wide['entries']} | {wide['items']} | {wide_per:.2f} | {wide['calls']} |",
        "",
        "What one listed entry costs: its index item (1), which carries what the entry needs of its "
        "customer (`agenda_facts`: name, channel inputs, topics, covered by a subscription), plus the "
        "optician's settings once per request. No customer or subscription item is read. None of the other "
        f"opticians' {3 * results['others_per_optician']:,} occurrences is read.",
        "",
        f"Target ≤ 1.1 items per listed entry: **{'met' if per_entry <= 1.1 else 'not met'}** "
        f"({per_entry:.2f}). The price is paid on writes: a change of a customer (name, contacts, "
        "preferred channel, topics, e-mail block) or of their subscriptions, and a new reminder or "
        "subscription, re-reads the customer and their scheduled items and rewrites `agenda_facts` on each "
        "(a customer has a handful; docs/reports.md).",
        END,
    ]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--small", type=int, default=10_000)
    parser.add_argument("--stored", type=int, default=100_000)
    parser.add_argument("--agenda-customers", type=int, default=150)
    parser.add_argument("--no-write", action="store_true", help="print the section, leave docs/performance.md")
    args = parser.parse_args(argv[1:])
    if not 0 < args.small < args.stored:
        parser.error("need 0 < small < stored")

    began = time.perf_counter()
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "kontakt")
    from local.emulator import deploy_infra, fake_credentials
    from local.tokens import generate_key_pair, issue_token

    fake_credentials()
    private_pem, public_pem = generate_key_pair()
    from local import gateway

    gateway.install(public_pem)  # the stand-in for API Gateway's Cognito authorizer
    counter = ItemsRead()
    counter.install()
    import warnings

    from moto import mock_aws

    warnings.filterwarnings("ignore")
    results: dict = {"others_per_optician": 5_000}
    with mock_aws():
        deploy_infra()
        from chalicelib.config import reset_config

        reset_config()
        moto_speedups.cheap_moto_transactions()
        moto_speedups.cheap_moto_reads()
        from chalice.test import Client

        from app import app
        from chalicelib.api.bodies import decode
        from chalicelib.schemas.settings import SettingsInput
        from chalicelib.services.opticians import opticians
        from tests.conftest import OPTICIAN_SETTINGS

        oid = opticians.onboard(decode({**OPTICIAN_SETTINGS, "name": "Optik Bench"}, SettingsInput))["id"]
        token = issue_token(private_pem, optician_id=oid)
        months = months_back(12)
        results["counters"] = write_counters(oid, months)
        path = f"/reports/conversion?from={months[0]}&to={months[-1]}"
        with Client(app) as client:
            messages = Messages(oid, months)
            messages.add(args.small)
            log(f"{messages.count:,} messages stored", began)
            items, calls, body = measure(counter, client, token, path)
            results["report_small"] = {"items": items, "calls": calls, "sent": body["totals"]["sent"]}
            messages.add(args.stored - args.small)
            log(f"{messages.count:,} messages stored", began)
            items, calls, body = measure(counter, client, token, path)
            results["report_large"] = {"items": items, "calls": calls, "sent": body["totals"]["sent"]}

            other_opticians(3, results["others_per_optician"])
            seed_agenda(oid, args.agenda_customers)
            log("agenda seeded", began)
            items, calls, body = measure(counter, client, token, "/agenda?days=14")
            results["agenda"] = {"items": items, "calls": calls, "entries": len(body["items"])}
            items, calls, body = measure(counter, client, token, "/agenda?days=60&limit=200")
            results["agenda_60"] = {"items": items, "calls": calls, "entries": len(body["items"])}
    results["seconds"] = time.perf_counter() - began
    text = section(args, results)
    print(text)
    if not args.no_write:
        write_section(text, START, END)
        print(f"written to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
