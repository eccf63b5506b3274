"""Lens passports (Linsenpass): the customer's prescription per eye."""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

from chalicelib import validation as v
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.ids import new_id
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.lenses.products import find_product

if TYPE_CHECKING:  # the models are the API's (decoded by the route); only their attributes are read here
    from chalicelib.schemas.passports import LensPassportInput, PassportEyeInput

EYES = ("right", "left")
# Plausible ranges of soft contact-lens prescriptions; steps as the labs make them.
RANGES = {
    "base_curve": (Decimal("7.0"), Decimal("10.0"), Decimal("0.05")),
    "diameter": (Decimal("12.0"), Decimal("16.0"), Decimal("0.05")),
    "sphere": (Decimal("-30"), Decimal("30"), Decimal("0.25")),
    "cylinder": (Decimal("-10"), Decimal("10"), Decimal("0.25")),
    "addition": (Decimal("0"), Decimal("4"), Decimal("0.25")),
}


def _store():
    from chalicelib.adapters.dynamo import passports

    return passports


def _eye(optician_id: str, given: PassportEyeInput, eye: str) -> dict:
    if find_product(optician_id, given.product_id) is None:
        raise ValidationError("Unknown lens product.", field=f"{eye}.product_id")
    values = {"product_id": given.product_id}
    for name, (low, high, step) in RANGES.items():
        number = v.decimal_number(getattr(given, name), f"{eye}.{name}", minimum=low, maximum=high, step=step)
        values[name] = str(number) if number is not None else None
    values["axis"] = given.axis
    if values["cylinder"] not in (None, "0", "0.00") and values["axis"] is None:
        raise ValidationError("A cylinder needs an axis.", field=f"{eye}.axis")
    return values


def _passport(optician_id: str, given: LensPassportInput) -> dict:
    """The stored form of a decoded body (decimal strings, ISO dates); 422 naming the field."""
    passport = {eye: _eye(optician_id, value, eye) for eye in EYES if (value := getattr(given, eye)) is not None}
    if not passport:
        raise ValidationError("A lens passport needs at least one eye.", field="right")
    if given.valid_until and given.valid_until < given.issued_on:
        raise ValidationError("'valid_until' is before 'issued_on'.", field="valid_until")
    passport["issued_on"] = given.issued_on.isoformat()
    passport["valid_until"] = given.valid_until.isoformat() if given.valid_until else None
    passport["notes"] = v.text(given.notes, "notes", max_length=1000, multiline=True)
    return passport


def present(passport: dict) -> dict:
    """API shape: prescription values as JSON numbers."""
    shown = dict(passport)
    for eye in EYES:
        if shown.get(eye):
            shown[eye] = {k: (float(val) if k in RANGES and val is not None else val) for k, val in shown[eye].items()}
    return shown


def create_passport(optician_id: str, customer_id: str, given: LensPassportInput) -> dict:
    get_customer(optician_id, customer_id)
    passport = {"id": new_id("lp"), **_passport(optician_id, given)}
    _store().save(optician_id, customer_id, passport)
    return present(passport)


def get_passport(optician_id: str, customer_id: str, passport_id: str) -> dict:
    """The stored passport (values as decimal strings); 404 if not this customer's."""
    passport = _store().get(optician_id, customer_id, passport_id)
    if passport is None:
        raise NotFound("No lens passport with this id.", field="passport_id")
    return passport


def replace_passport(optician_id: str, customer_id: str, passport_id: str, given: LensPassportInput) -> dict:
    get_passport(optician_id, customer_id, passport_id)
    passport = {"id": passport_id, **_passport(optician_id, given)}
    _store().save(optician_id, customer_id, passport)
    return present(passport)


def list_passports(optician_id: str, customer_id: str) -> dict:
    get_customer(optician_id, customer_id)
    return {"items": [present(p) for p in _store().list_all(optician_id, customer_id)]}


def delete_passport(optician_id: str, customer_id: str, passport_id: str) -> None:
    get_passport(optician_id, customer_id, passport_id)
    _store().delete(optician_id, customer_id, passport_id)
