"""Lens passports (Linsenpass), kept in the customer's partition."""
from __future__ import annotations

import json

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk

PREFIX = "PASSPORT#"


class PassportItem(KontaktModel):
    passport = UnicodeAttribute()  # JSON; prescription values as decimal strings


def from_item(item: PassportItem) -> dict:
    """The stored passport dict of an item (also one read by customer_partition)."""
    return json.loads(item.passport)


def save(optician_id: str, customer_id: str, passport: dict) -> None:
    PassportItem(customer_pk(optician_id, customer_id), PREFIX + passport["id"],
                 passport=json.dumps(passport, sort_keys=True)).save()


def get(optician_id: str, customer_id: str, passport_id: str) -> dict | None:
    try:
        item = PassportItem.get(customer_pk(optician_id, customer_id), PREFIX + passport_id)
    except DoesNotExist:
        return None
    return from_item(item)


def list_all(optician_id: str, customer_id: str) -> list[dict]:
    items = PassportItem.query(customer_pk(optician_id, customer_id), PassportItem.sk.startswith(PREFIX))
    return [from_item(item) for item in items]


def delete(optician_id: str, customer_id: str, passport_id: str) -> None:
    PassportItem(customer_pk(optician_id, customer_id), PREFIX + passport_id).delete()
