"""The scheduled run: find every occurrence due by "now" and queue one message for each.

Per shard of the sparse ``due`` index, one Query ``due_at <= <now>#~`` (paginated): it
reads only items that are due, oldest first, never a Scan. Each found occurrence becomes
one SQS message; messages go out ten per ``SendMessageBatch``.

The scanner writes nothing to the table: an occurrence leaves the due range only when the
consumer has dealt with it (advanced, or moved to the next send window). A run that
crashes, is cut short by ``due_scan_max_per_run``, or runs twice therefore loses nothing:
what was not queued is found by the next run, and what was queued twice is sent once
(docs/operations.md).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from chalicelib import metrics
from chalicelib.config import get_config
from chalicelib.domain.instants import parse_instant
from chalicelib.observability import logger
from chalicelib.services.scheduling.due_message import DueMessage
from chalicelib.services.wiring import stores


@dataclass
class ScanReport:
    """What one run did: for the log line and the benchmark."""

    now: str
    found: int = 0
    enqueued: int = 0
    scanned_count: int = 0
    queries: int = 0
    capped_shards: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"now": self.now, "found": self.found, "enqueued": self.enqueued,
                "scanned_count": self.scanned_count, "queries": self.queries,
                "capped_shards": len(self.capped_shards)}


def run(event_time: str | datetime, *, shards: list[str] | None = None,
        max_per_run: int | None = None) -> ScanReport:
    """Queue every occurrence due by ``event_time`` (EventBridge's ``time``); what was done.

    ``max_per_run`` bounds one run (split evenly over the shards, oldest first in each);
    whatever is left stays due and is found by the next run.
    """
    now = parse_instant(event_time) if isinstance(event_time, str) else event_time.astimezone(timezone.utc)
    shards = shards or stores().due.all_shards()
    cap = max_per_run if max_per_run is not None else get_config().due_scan_max_per_run
    per_shard = max(1, -(-cap // len(shards)))
    report = ScanReport(now=stores().due.instant_key(now))
    bound = stores().due.due_upper_bound(now)
    url = stores().queue.send_queue_url()
    pending: list[str] = []

    def flush() -> None:
        if pending:
            report.enqueued += stores().queue.send_batch(pending, url)
            pending.clear()

    for shard in shards:
        taken, start_key = 0, None
        while True:
            page = stores().occurrence_items.query_due(shard, bound, limit=per_shard - taken, start_key=start_key)
            report.queries += 1
            report.scanned_count += page.scanned_count
            enqueued_at = datetime.now(timezone.utc)  # only to measure time spent in the queue
            for pk, sk, due_at in page.keys:
                pending.append(DueMessage(pk, sk, due_at, now, enqueued_at).to_body())
                if len(pending) == stores().queue.BATCH_LIMIT:
                    flush()
            taken += len(page.keys)
            report.found += len(page.keys)
            start_key = page.next_key
            if not start_key:
                break
            if taken >= per_shard:
                report.capped_shards.append(shard)
                break
    flush()
    logger.info("due occurrences queued", extra=report.as_dict())
    metrics.count(metrics.DUE_OCCURRENCES_QUEUED, report.enqueued)
    return report
