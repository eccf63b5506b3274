"""Coordination claims between a customer's scheduled messages (``COORD#<key>``).

A claim says "this slot belongs to owner X": the slot is one kind of automatic message on
one day for the customer, or one occurrence of a reminder that a combined message covers.
Claiming is a conditional put that succeeds for a free slot and, idempotently, for the
slot's own owner (a retry); any other owner is refused. Claims live in the customer's
partition (erased with the customer) and expire via TTL. ``claim_write`` is the same put
for another adapter's transaction (the send path takes the slots with the message's claim).
"""
from __future__ import annotations

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk
from chalicelib.adapters.dynamo.transactions import PUT, Write

PREFIX = "COORD#"


class CoordinationClaim(KontaktModel):
    owner = UnicodeAttribute()
    expires_at = NumberAttribute()


def claim_write(optician_id: str, customer_id: str, key: str, owner: str, expires_at: int) -> Write:
    """The conditional put that takes the slot ``key`` for ``owner`` (free, or ``owner``'s already)."""
    item = CoordinationClaim(customer_pk(optician_id, customer_id), PREFIX + key, owner=owner,
                             expires_at=expires_at)
    return Write(PUT, item, condition=CoordinationClaim.pk.does_not_exist() | (CoordinationClaim.owner == owner))


def claim(optician_id: str, customer_id: str, key: str, owner: str, expires_at: int) -> bool:
    """Take the slot ``key`` for ``owner``; True if it is (now or already) ``owner``'s."""
    return claim_write(optician_id, customer_id, key, owner, expires_at).make()


def owner_of(optician_id: str, customer_id: str, key: str) -> str | None:
    try:
        return CoordinationClaim.get(customer_pk(optician_id, customer_id), PREFIX + key,
                                     consistent_read=True).owner
    except DoesNotExist:
        return None
