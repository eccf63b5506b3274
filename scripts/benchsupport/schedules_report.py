"""The docs/performance.md section of scripts/bench_schedules.py."""
from __future__ import annotations

import os
import platform
from collections import Counter
from pathlib import Path

from benchsupport.aws_calls import POLLER

DOC = Path(__file__).resolve().parents[2] / "docs" / "performance.md"
START, END = "<!-- schedules -->", "<!-- /schedules -->"
TARGET_ITEMS_READ = 1.1
TARGET_CALLS = 5.0


def section(args, results: dict, template_opticians: int) -> str:
    small, large, e2e = results["small"], results["large"], results["e2e"]
    sent = e2e["sent"]
    calls_all = sum(e2e["calls"].values())
    calls_own = sum(n for (component, _, _), n in e2e["calls"].items() if component != POLLER)
    by_component: Counter = Counter()
    by_operation: Counter = Counter()
    for (component, service, operation), n in e2e["calls"].items():
        by_component[component] += n
        by_operation[f"{service} {operation}"] += n

    def per(n: float) -> str:
        return f"{n / sent:.2f}" if sent else "n/a"

    def verdict(value: float, target: float) -> str:
        return "meets" if value <= target else "misses"

    lines = [
        START,
        "## Scheduled reminders at scale (issue 5)",
        "",
        f"Command: `make bench` (this part: `.venv/bin/python scripts/bench_schedules.py --stored {args.stored} "
        f"--small {args.small} --due {args.due}`), {results['total_seconds']:.0f} s in all.",
        f"Machine: {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()};"
        " AWS emulated in-process by moto with the production template (`infra/resources.json`).",
        f"Data: real repurchase reminders (created through the services, then copied with BatchWriteItem) in "
        f"{template_opticians} opticians; {args.due:,} of them due on Monday at 09:00 Zurich (the window's opening), the "
        "run at 09:05; the others due on later days. Emulator accommodations that change speed, not results or counts (moto's Query, Scan, "
        "SendMessage and TransactWriteItems take time growing with the table or queue): "
        "see the docstring of `scripts/bench_schedules.py`.",
        "",
        "### (a) DynamoDB items read per due occurrence (the scheduled run's Queries)",
        "",
        "| stored reminders | due | Queries | items read (ScannedCount) | per due occurrence | lookup time (emulator) |",
        "|---|---|---|---|---|---|",
    ]
    for stored, m in ((args.small, small), (args.stored, large)):
        ratio = m["lookup"]["scanned"] / m["lookup"]["found"] if m["lookup"]["found"] else float("nan")
        lines.append(f"| {stored:,} | {m['lookup']['found']:,} | {m['lookup']['queries']} | "
                     f"{m['lookup']['scanned']:,} | **{ratio:.2f}** | {m['lookup']['seconds']:.1f} s |")
    ratio_large = large["lookup"]["scanned"] / large["lookup"]["found"]
    lines += [
        "",
        f"Target ≤ {TARGET_ITEMS_READ}: **{verdict(ratio_large, TARGET_ITEMS_READ)}** — the figure does not grow "
        "with the stored reminders: one Query per shard of the sparse `due` index reads exactly the due items "
        "(KEYS_ONLY, no filter). (The lookup *time* on the emulator grows because moto evaluates a Query by "
        "looking at every item of the table; DynamoDB reads only the index range.)",
        "",
        "### (c) The same lookup as a naive Scan",
        "",
        "| stored reminders | items read | pages (1 MB each) | per due occurrence |",
        "|---|---|---|---|",
    ]
    for stored, m in ((args.small, small), (args.stored, large)):
        lines.append(f"| {stored:,} | {m['scan']['scanned']:,} | {m['scan']['pages']} | "
                     f"{m['scan']['scanned'] / m['scan']['found']:.1f} |")
    lines += [
        "",
        f"A Scan reads every item of the table (reminders, customers, passports, ...) on every run: "
        f"{large['scan']['scanned'] / large['lookup']['scanned']:.0f}× the index lookup at "
        f"{args.stored:,} stored, and growing with the table.",
        "",
        f"### (b) AWS API calls per sent reminder (end to end, {args.stored:,} stored, {sent:,} sent)",
        "",
        f"All calls of the run (the scheduled function, the consumer, and SQS receive/delete): **{per(calls_all)}** "
        f"per sent reminder; without the SQS polling, which Lambda's event source mapping does and the function "
        f"does not: **{per(calls_own)}**. Target ≤ {TARGET_CALLS:g}: "
        f"**{verdict(calls_own / sent if sent else 99, TARGET_CALLS)}**.",
        "",
        "| component | calls | per sent reminder (by operation) |",
        "|---|---|---|",
    ]
    operations_of: dict[str, Counter] = {}
    for (component, service, operation), n in e2e["calls"].items():
        operations_of.setdefault(component, Counter())[f"{operation}"] += n
    for component, n in by_component.most_common():
        detail = ", ".join(f"{op} {per(k)}" for op, k in operations_of[component].most_common()
                           if k / max(sent, 1) >= 0.005)
        lines.append(f"| {component} | {n:,} | {per(n)} ({detail}) |")
    lines += ["", "By operation: " + ", ".join(f"{op} {per(n)}" for op, n in by_operation.most_common()
                                             if n / max(sent, 1) >= 0.005) + ".", ""]
    lines += [
        "The pipeline's own share (scheduled run, batch read, window moves) is "
        f"{per(sum(n for c, n in by_component.items() if c.startswith(('scheduled run', 'consumer'))))} per reminder: "
        "16 Queries and one SendMessageBatch per ten occurrences for the run, one BatchGetItem per ten for the "
        "consumer (item, customer and optician of every record in one call). The rest is the handler's one "
        "Query of the customer's records (passports, orders, reminders, subscriptions: the partition's sort-key "
        "range `ORDER#`…`SUBSCRIPTION#\\uffff`) and the send path: the claim transaction (claim, pending record, "
        "personal link, coordination slots), the SNS publish, and the final transaction (history record, usage, "
        "and the reminder's next occurrence — so `handler.advance` makes no call of its own; it runs alone only "
        "when the optician changed the reminder meanwhile).",
        "",
        "How the figure came down from 14.2 (docs/operations.md has the guarantees, unchanged): claim first — "
        "no read of the claim before claiming, only when the claim fails; the personal link and the coordination "
        "slots written in the claim's transaction instead of a transaction and two PutItems of their own; the "
        "next occurrence written in the final transaction (written alone if its condition is refused, so the sent "
        "record is never lost for it); one Query of the customer's records instead of five reads; one process-wide "
        "connection for every transaction instead of a new client per transaction.",
        "",
        "### (d) What a reminder costs us",
        "",
        "The end-to-end rate on the emulator measured moto, not us; the two figures that measure us — our own CPU "
        "per sent reminder and the AWS cost per 1,000 sent reminders beside their SMS cost — are in \"Delivery "
        "receipts and the cost of a reminder\" below (scripts/bench_delivery.py). On AWS the rate is set by the "
        "consumer's maximum concurrency (docs/operations.md).",
        "",
        f"Checks: {e2e['sent']:,} SMS accepted by the emulated SNS for {args.due:,} due reminders, "
        f"{results['still_due']} still due after the run (every one advanced by its cycle).",
    ]
    if results.get("shared_clients"):
        lines += [
            "",
            f"Emulator accommodation: PynamoDB `Connection` objects shared one botocore client. The code as it is "
            f"creates a new `Connection` (a new botocore client) for each transaction in some adapters: "
            f"{results['shared_clients']:,} clients in this run ({results['shared_clients'] / sent:.1f} per sent "
            "reminder), about 0.37 s each on the emulator — on Lambda each is a new client and a new TLS "
            "connection. A process-wide cached `Connection` removes that cost.",
        ]
    lines.append(END)
    return "\n".join(lines)


def write_section(text: str) -> None:
    from benchsupport.common import write_section as write

    write(text, START, END)
