"""One-off: search index entries for customers stored before the index (docs/data-model.md).

Per optician, one paged Query of their customers; each customer whose stored search keys differ
from the computed ones gets their entries rewritten (``reindex_customers`` of the backfill store, adapters/dynamo/customers.reindex_all).
Idempotent: a second run finds nothing to do. Opticians are listed by a Scan for ``PROFILE``
items unless given (a one-off, never on a request path).
"""
from __future__ import annotations

from typing import Any

from chalicelib.observability import logger
from chalicelib.services.wiring import stores


def run(optician_ids: list[str] | None = None, *, dry_run: bool = False) -> dict[str, Any]:
    """Reindex every customer of the opticians given (default: all); counts of what was found and done."""
    report = {"opticians": 0, "customers": 0, "reindexed": 0}
    for optician_id in optician_ids or stores().backfill.optician_ids():
        seen, reindexed = stores().backfill.reindex_customers(optician_id, dry_run=dry_run)
        report["opticians"] += 1
        report["customers"] += seen
        report["reindexed"] += reindexed
        logger.info("customer search backfill", extra={"optician_id": optician_id, "customers": seen,
                                                       "reindexed": reindexed, "dry_run": dry_run})
    return report
