"""Lens passports (Linsenpass), kept in the customer's partition."""
from __future__ import annotations

import json
from datetime import date
from decimal import Decimal
from typing import Any

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk
from chalicelib.domain.passport import EYES, RANGES, LensPassport, PassportEye

PREFIX = "PASSPORT#"


class PassportItem(KontaktModel):
    passport = UnicodeAttribute()  # JSON; prescription values as decimal strings


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _date(value: Any) -> date | None:
    return date.fromisoformat(value) if value else None


def _eye(stored: Any) -> PassportEye | None:
    if not isinstance(stored, dict):
        return None
    return PassportEye(product_id=stored.get("product_id") or "", axis=stored.get("axis"),
                       **{name: _decimal(stored.get(name)) for name in RANGES})


def _eye_json(eye: PassportEye) -> dict[str, Any]:
    stored: dict[str, Any] = {"product_id": eye.product_id}
    for name in RANGES:
        number = eye.value(name)
        stored[name] = str(number) if number is not None else None
    stored["axis"] = eye.axis
    return stored


def from_item(item: PassportItem) -> LensPassport:
    """The passport of an item (also one read by customer_partition)."""
    stored = json.loads(item.passport)
    return LensPassport(id=stored["id"], issued_on=_date(stored.get("issued_on")),
                        valid_until=_date(stored.get("valid_until")), notes=stored.get("notes"),
                        right=_eye(stored.get("right")), left=_eye(stored.get("left")))


def to_json(passport: LensPassport) -> dict[str, Any]:
    """The stored JSON: prescription values as exact decimal strings, ISO dates, an eye not given left out."""
    stored: dict[str, Any] = {"id": passport.id}
    for eye in EYES:
        side = passport.eye(eye)
        if side is not None:
            stored[eye] = _eye_json(side)
    stored["issued_on"] = passport.issued_on.isoformat() if passport.issued_on else None
    stored["valid_until"] = passport.valid_until.isoformat() if passport.valid_until else None
    stored["notes"] = passport.notes
    return stored


def save(optician_id: str, customer_id: str, passport: LensPassport) -> None:
    PassportItem(customer_pk(optician_id, customer_id), PREFIX + passport.id,
                 passport=json.dumps(to_json(passport), sort_keys=True)).save()


def get(optician_id: str, customer_id: str, passport_id: str) -> LensPassport | None:
    try:
        item = PassportItem.get(customer_pk(optician_id, customer_id), PREFIX + passport_id)
    except DoesNotExist:
        return None
    return from_item(item)


def list_all(optician_id: str, customer_id: str) -> list[LensPassport]:
    items = PassportItem.query(customer_pk(optician_id, customer_id), PassportItem.sk.startswith(PREFIX))
    return [from_item(item) for item in items]


def delete(optician_id: str, customer_id: str, passport_id: str) -> None:
    PassportItem(customer_pk(optician_id, customer_id), PREFIX + passport_id).delete()
