"""Keep the agenda's copy of customer facts true (``agenda_facts``, adapters/dynamo/agenda_facts.py).

GET /agenda reads only the index items it lists; each carries what the entry needs of its
customer. Every write that changes one of those facts — the customer's name, contacts,
preferred channel or topics, an e-mail block, a subscription started, changed or ended — and
every write that creates a scheduled item calls :func:`refresh` afterwards for that customer.

A refresh derives the facts from the current state (read strongly consistent after the write)
and writes them conditionally on ``agenda_rev``: of two refreshes racing, the one that began
reading later wins, and it read everything the writes before it committed. Because the writer
writes first and refreshes second, every change is followed by a refresh that sees it.
Items scheduled before the facts were kept have none; the agenda reads their customer
instead (services/reports/agenda.py) and the backfill (scripts/backfill_reports.py) adds them.
"""
from __future__ import annotations

from datetime import datetime, timezone

from chalicelib.domain import agenda as rules
from chalicelib.services.wiring import stores


def refresh(optician_id: str, customer_id: str) -> int:
    """Write the facts on each of the customer's scheduled items; how many were written.

    Also where they look unchanged: an older refresh may still be about to write what it read,
    and only a later ``agenda_rev`` on the item refuses it."""
    store = stores().agenda_facts
    rev = datetime.now(timezone.utc).isoformat(timespec="microseconds")
    customer = store.customer(optician_id, customer_id)
    if customer is None:  # erased: its items go with it
        return 0
    items = store.scheduled_items(optician_id, customer_id)
    subscribed = any(item["sk"].startswith("SUBSCRIPTION#") and item.get("active") for item in items)
    facts = rules.encode_facts(rules.customer_facts(customer, subscribed=subscribed))
    return sum(store.write(item["pk"], item["sk"], facts, rev) for item in items)
