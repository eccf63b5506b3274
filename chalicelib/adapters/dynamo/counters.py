"""Bounded counters for the abuse limits (SPEC §9): one item per subject and time window.

``<pk>`` / ``<sk>`` is the subject's window (a customer's day of transactional messages,
a rate limit's minute); ``hits`` counts what happened in it and ``expires_at`` lets
DynamoDB's TTL delete it after the window. Taking one is a single conditional UpdateItem
(``ADD hits 1`` unless ``hits`` already reached the maximum): O(1) per request, atomic
when requests race, no read first. ``take_write`` is the same update for another adapter's
transaction (the send path takes the daily cap with the message's claim).
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk
from chalicelib.adapters.dynamo.transactions import UPDATE, Write


class CounterItem(KontaktModel):
    hits = NumberAttribute(null=True)
    expires_at = NumberAttribute(null=True)  # epoch seconds (the table's TTL attribute)


def take_write(pk: str, sk: str, maximum: int, expires_at: int) -> Write:
    """Count one more in the window, refused (condition) when ``maximum`` were counted already."""
    return Write(UPDATE, CounterItem(pk, sk),
                 actions=(CounterItem.hits.add(1), CounterItem.expires_at.set(expires_at)),
                 condition=CounterItem.hits.does_not_exist() | (CounterItem.hits < maximum))


def give_back_write(pk: str, sk: str) -> Write:
    """Uncount one taken with ``take_write`` (what it counted did not happen after all)."""
    return Write(UPDATE, CounterItem(pk, sk), actions=(CounterItem.hits.add(-1),))


def take(pk: str, sk: str, maximum: int, expires_at: int) -> bool:
    """Count one more in the window; False (nothing written) if ``maximum`` were counted already."""
    return take_write(pk, sk, maximum, expires_at).make()


def hits(pk: str, sk: str) -> int:
    """How many were counted in the window (0 for none)."""
    try:
        return int(CounterItem.get(pk, sk, consistent_read=True).hits or 0)
    except DoesNotExist:
        return 0


# --- the daily cap of a customer's transactional messages ----------------------------------

CAP_PREFIX = "CAP#"


def daily_cap_write(optician_id: str, customer_id: str, day: str, cap: int, expires_at: int) -> Write:
    """Count one transactional message to the customer on ``day`` (``YYYY-MM-DD``) if fewer than
    ``cap`` were; in the customer's partition (erased with the customer)."""
    return take_write(customer_pk(optician_id, customer_id), CAP_PREFIX + day, cap, expires_at)


def daily_cap_give_back(optician_id: str, customer_id: str, day: str) -> Write:
    return give_back_write(customer_pk(optician_id, customer_id), CAP_PREFIX + day)
