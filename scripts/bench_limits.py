"""What the abuse limits cost per sent SMS (issue 15): DynamoDB calls and written items.

    python scripts/bench_limits.py [--no-write]

Runs on the emulator (moto, in-process, the production template deployed) through the real
entry points: a manual SMS (``POST /customers/{id}/messages``), an order confirmation (``POST
/customers/{id}/orders``) and a scheduled repurchase reminder (the ``due_reminders`` event, then
the send queue's consumer). Every DynamoDB call of the request or run is recorded with a
``before-call`` hook on each botocore client (PynamoDB's included); each item a call writes is
classified by its sort key's prefix. The items the limits add are the counters:
``USAGE#`` written inside the claim's TransactWriteItems (the spend limit's conditional
``ADD``), ``CAP#`` (the transactional messages' daily cap per customer) and ``RATE#`` (rate
limits). "Calls" counts API calls; "items" counts the items they write (a TransactWriteItems
writing five items is one call, five items).

Writes its section of docs/performance.md between ``<!-- limits -->`` and ``<!-- /limits -->``.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from collections import Counter
from datetime import datetime, time as dtime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from benchsupport.common import write_section  # noqa: E402
DOC = ROOT / "docs" / "performance.md"
START, END = "<!-- limits -->", "<!-- /limits -->"
ZURICH = ZoneInfo("Europe/Zurich")
WRITE_OPERATIONS = {"PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems"}
LIMIT_PREFIXES = ("CAP#", "RATE#")  # counters that exist only for the limits (USAGE# counts in the claim only)


class Recorder:
    """Every DynamoDB call with the sort keys of the items it writes."""

    def __init__(self):
        self.calls: list[tuple[str, list[str]]] = []

    def install(self) -> None:
        import botocore.session

        original = botocore.session.Session.create_client
        recorder = self

        def create_client(session, *args, **kwargs):
            client = original(session, *args, **kwargs)
            client.meta.events.register("before-call.dynamodb", recorder._on_call)
            return client

        botocore.session.Session.create_client = create_client

    def _on_call(self, model, params, **kwargs):
        # ``params`` is the serialised request: its JSON body holds the API parameters.
        body = params.get("body") or b"{}"
        self.calls.append((model.name, _written_keys(model.name, json.loads(body))))
        return None

    def reset(self) -> None:
        self.calls.clear()


def _sk(entry: dict) -> str:
    key = entry.get("Key") or entry.get("Item") or {}
    pk, sk = (key.get(name, {}).get("S", "?") if isinstance(key.get(name), dict) else "?" for name in ("pk", "sk"))
    # Rate-limit counters are found by their partition (RATE#<rule>#<subject>, sort key W#<window>).
    return "RATE#" + sk if pk.startswith("RATE#") else sk


def _written_keys(operation: str, params: dict) -> list[str]:
    if operation == "TransactWriteItems":
        keys = []
        for entry in params.get("TransactItems", []):
            (action, body), = entry.items()
            if action != "ConditionCheck":
                # A new claim is a Put (the final transaction updates it): mark it to find the claim's transaction.
                keys.append("NEW" + _sk(body) if action == "Put" and _sk(body).startswith("CLAIM#") else _sk(body))
        return keys
    if operation in ("PutItem", "UpdateItem", "DeleteItem"):
        return [_sk(params)]
    if operation == "BatchWriteItem":
        return [_sk(request.get("PutRequest") or request.get("DeleteRequest") or {})
                for requests in params.get("RequestItems", {}).values() for request in requests]
    return []


def _prefix(sk: str) -> str:
    return sk.split("#", 1)[0] + "#" if "#" in sk else sk


def summarise(calls: list[tuple[str, list[str]]], sent: int) -> dict:
    operations = Counter(name for name, _ in calls)
    written = [sk.removeprefix("NEW") for _, keys in calls for sk in keys]
    claim_usage = 0
    for name, keys in calls:
        # The spend limit: the usage counter written in the same transaction as a new claim.
        if name == "TransactWriteItems" and any(k.startswith("NEWCLAIM#") for k in keys):
            claim_usage += sum(1 for k in keys if k.startswith("USAGE#"))
    limit_items = claim_usage + sum(1 for sk in written if sk.startswith(LIMIT_PREFIXES))
    limit_calls = sum(1 for name, keys in calls if name in ("PutItem", "UpdateItem")
                      and keys and all(k.startswith(LIMIT_PREFIXES) for k in keys))
    return {"sent": sent, "calls": len(calls), "operations": operations, "items": len(written),
            "by_prefix": Counter(_prefix(sk) for sk in written), "limit_items": limit_items,
            "limit_calls": limit_calls, "spend_items": claim_usage}


def sms_count() -> int:
    from moto.sns.models import sns_backends

    return sum(len(b.sms_messages) for regions in sns_backends.values() for b in regions.values())


def run() -> dict:
    from chalice.test import Client
    from moto import mock_aws

    from local.emulator import deploy_infra, drain_queues, fake_credentials
    from local.schedules import event_time, scheduled_event
    from local.tokens import generate_key_pair, issue_token

    fake_credentials()
    private_pem, public_pem = generate_key_pair()
    from local import gateway

    gateway.install(public_pem)  # the stand-in for API Gateway's Cognito authorizer
    recorder = Recorder()
    recorder.install()
    results = {}
    with mock_aws():
        deploy_infra()
        from chalicelib.config import reset_config

        reset_config()
        from app import app

        with Client(app) as client:
            def call(method, path, body=None, bearer=None):
                headers = {"Content-Type": "application/json", "Authorization": f"Bearer {bearer}"}
                response = client.http.request(method, path, headers=headers,
                                                body=json.dumps(body) if body is not None else b"")
                assert response.status_code < 300, (path, response.status_code, response.body)
                return json.loads(response.body) if response.body else {}

            admin = issue_token(private_pem, role="admin")
            optician = call("POST", "/admin/opticians", {
                "name": "Optik Muster", "sender_name": "OptikMuster", "package": "silver",
                "webshop_url": "https://shop.optik-muster.ch", "phone": "044 123 45 67"}, admin)
            staff = issue_token(private_pem, optician_id=optician["id"])
            customer = call("POST", "/customers", {"first_name": "Anna", "last_name": "Aebi",
                                                   "mobile": "079 123 45 67"}, staff)
            path = f"/customers/{customer['id']}"
            passport = call("POST", f"{path}/lens-passports", {
                "right": {"product_id": "dailies-total1", "base_curve": 8.5, "sphere": -2.25},
                "left": {"product_id": "dailies-total1", "base_curve": 8.5, "sphere": -2.5},
                "issued_on": "2026-01-05"}, staff)

            before = sms_count()
            recorder.reset()
            call("POST", f"{path}/messages", {"kind": "webshop_login"}, staff)
            results["manual SMS (POST /customers/{id}/messages)"] = summarise(recorder.calls, sms_count() - before)

            day = datetime.now(ZURICH).date() + timedelta(days=14)
            day += timedelta(days=(2 - day.weekday()) % 7)  # a Wednesday, inside the default window
            reminder = call("POST", f"{path}/repurchase-reminders", {
                "passport_id": passport["id"], "lines": [{"eye": "both", "pack_size": 90, "quantity": 1}],
                "first_reminder_on": day.isoformat(), "cycle_days": 90}, staff)
            assert reminder["next_reminder_on"] == day.isoformat()
            before = sms_count()
            recorder.reset()
            when = datetime.combine(day, dtime(9, 5), tzinfo=ZURICH)
            client.lambda_.invoke("due_reminders", scheduled_event("due_reminders", event_time(when)))
            drain_queues(app)
            results["scheduled reminder (due_reminders + consumer)"] = summarise(recorder.calls, sms_count() - before)
            before = sms_count()
            recorder.reset()
            call("POST", f"{path}/orders", {"delivery": "home", "lines": [
                {"product_id": "dailies-total1", "eye": "both", "pack_size": 90, "quantity": 1}]}, staff)
            results["order confirmation (POST /customers/{id}/orders)"] = summarise(
                recorder.calls, sms_count() - before)

    return results


def section(results: dict, seconds: float) -> str:
    lines = [START, "## Abuse limits: cost per sent SMS (issue 15)", "",
             "Command: `make bench` (this part: `.venv/bin/python scripts/bench_limits.py`), "
             f"{seconds:.0f} s. Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
             f"Python {platform.python_version()}; AWS emulated in-process by moto with the production template. "
             "Every DynamoDB call of the request (or of the scheduled run and its consumer) is counted with a "
             "botocore `before-call` hook; the items each call writes are classified by sort-key prefix.", "",
             "| what | SMS sent | DynamoDB calls | items written | of which limit counters | extra calls for the limits (rate limits) |",
             "|---|---|---|---|---|---|"]
    for name, r in results.items():
        counters = ", ".join(f"{n} {p.rstrip('#')}" for p, n in sorted(r["by_prefix"].items())
                             if p in ("CAP#", "RATE#")) or ""
        detail = f"{r['limit_items']} ({r['spend_items']} spend in the claim's transaction" + (
            f", {counters})" if counters else ")")
        lines.append(f"| {name} | {r['sent']} | {r['calls']} | {r['items']} | {detail} | {r['limit_calls']} |")
    lines += ["", "DynamoDB calls by operation:", ""]
    for name, r in results.items():
        ops = ", ".join(f"{op} {n}" for op, n in sorted(r["operations"].items()))
        lines.append(f"- {name}: {ops}")
    spend = {name: r["spend_items"] / r["sent"] if r["sent"] else 0 for name, r in results.items()}
    worst = max(spend.values()) if spend else 0
    lines += ["",
              f"**The spend limit adds {worst:.0f} written item per sent SMS and no call** (target ≤ 1 write): the "
              "usage counter's conditional `ADD` rides in the TransactWriteItems that claims the message (before: "
              "claim, pending record and link token; the final transaction already added the usage). The daily cap "
              "of transactional messages is one more item in the same transaction (order confirmation); the "
              "manual send's rate limit (a second identical send within 5 minutes) is one UpdateItem of its own "
              "before the send — the only extra call.", END]
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--no-write", action="store_true", help="print the section, leave docs/performance.md")
    args = parser.parse_args(argv[1:])
    os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "ERROR")
    os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "kontakt")
    os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
    import warnings

    warnings.filterwarnings("ignore")
    began = time.perf_counter()
    results = run()
    text = section(results, time.perf_counter() - began)
    print(text)
    if not args.no_write:
        write_section(text, START, END)
        print(f"written to {DOC.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
