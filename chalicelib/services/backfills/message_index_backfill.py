"""One-off: the index keys of history records written before the index views of ``GET /messages``
(adapters/dynamo/message_index.py; docs/deployment.md, "Updating a stack from before the index views").

Per optician, per customer partition (one paged Query each): every record whose keys
(``msgs_s``, ``msgs_k``, ``msgs_ks``) are missing or differ from what its status, kind and channel
make, or that still carries the first ``messages`` index's ``msgs_pk``/``msgs_sk``, gets its keys
and loses those, by an UpdateItem conditional on the status read (a receipt that changed the status
meanwhile wrote the keys itself). Records already
right are not written: a second run writes nothing. Opticians are listed by a Scan for
``PROFILE`` items unless given (a one-off, never on a request path).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from chalicelib.observability import logger
from chalicelib.services.wiring import stores


@dataclass
class IndexBackfillReport:
    opticians: int = 0
    customers: int = 0
    records_updated: int = 0
    changed_meanwhile: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {"opticians": self.opticians, "customers": self.customers, "records_updated": self.records_updated,
                "changed_meanwhile": self.changed_meanwhile}


def run(optician_ids: list[str] | None = None, *, dry_run: bool = False) -> IndexBackfillReport:
    """Backfill the given opticians (default: all); with ``dry_run`` count, write nothing."""
    report = IndexBackfillReport()
    for optician_id in optician_ids or stores().backfill.optician_ids():
        report.opticians += 1
        for customer_id in stores().backfill.customer_ids(optician_id):
            report.customers += 1
            for sk, status, keys in stores().messages.index_key_gaps(optician_id, customer_id):
                if dry_run or stores().messages.set_index_keys(optician_id, customer_id, sk, status, keys):
                    report.records_updated += 1
                else:
                    report.changed_meanwhile += 1
    logger.info("message index backfill done", extra={**report.as_dict(), "dry_run": dry_run})
    return report
