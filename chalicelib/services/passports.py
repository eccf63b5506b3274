"""Lens passports (Linsenpass): the customer's prescription per eye."""
from __future__ import annotations

from decimal import Decimal

from chalicelib import validation as v
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.ids import new_id
from chalicelib.services.customers import get_customer
from chalicelib.services.products import find_product

EYES = ("right", "left")
PASSPORT_FIELDS = EYES + ("issued_on", "valid_until", "notes")
EYE_FIELDS = ("product_id", "base_curve", "diameter", "sphere", "cylinder", "axis", "addition")
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


def _parse_eye(optician_id: str, raw, eye: str) -> dict:
    raw = v.require_object(raw, eye)
    v.reject_unknown(raw, EYE_FIELDS, prefix=f"{eye}.")
    product_id = v.string(raw, "product_id", required=True, path=f"{eye}.product_id")
    if find_product(optician_id, product_id) is None:
        raise ValidationError("Unknown lens product.", field=f"{eye}.product_id")
    values = {"product_id": product_id}
    for name, (low, high, step) in RANGES.items():
        number = v.decimal(raw, name, minimum=low, maximum=high, step=step, path=f"{eye}.{name}")
        values[name] = str(number) if number is not None else None
    values["axis"] = v.integer(raw, "axis", minimum=0, maximum=180, path=f"{eye}.axis")
    if values["base_curve"] is None or values["sphere"] is None:
        missing = "base_curve" if values["base_curve"] is None else "sphere"
        raise ValidationError(f"'{eye}.{missing}' is required.", field=f"{eye}.{missing}")
    if values["cylinder"] not in (None, "0", "0.00") and values["axis"] is None:
        raise ValidationError("A cylinder needs an axis.", field=f"{eye}.axis")
    return values


def _parse(optician_id: str, body: dict) -> dict:
    body = v.require_object(body)
    v.reject_unknown(body, PASSPORT_FIELDS)
    passport = {eye: _parse_eye(optician_id, body[eye], eye) for eye in EYES if body.get(eye) is not None}
    if not passport:
        raise ValidationError("A lens passport needs at least one eye.", field="right")
    passport["issued_on"] = v.iso_date(body, "issued_on", required=True)
    passport["valid_until"] = v.iso_date(body, "valid_until")
    if passport["valid_until"] and passport["valid_until"] < passport["issued_on"]:
        raise ValidationError("'valid_until' is before 'issued_on'.", field="valid_until")
    passport["notes"] = v.string(body, "notes", max_length=1000, multiline=True)
    return {k: (val.isoformat() if hasattr(val, "isoformat") else val) for k, val in passport.items()}


def present(passport: dict) -> dict:
    """API shape: prescription values as JSON numbers."""
    shown = dict(passport)
    for eye in EYES:
        if shown.get(eye):
            shown[eye] = {k: (float(val) if k in RANGES and val is not None else val) for k, val in shown[eye].items()}
    return shown


def create_passport(optician_id: str, customer_id: str, body: dict) -> dict:
    get_customer(optician_id, customer_id)
    passport = {"id": new_id("lp"), **_parse(optician_id, body)}
    _store().save(optician_id, customer_id, passport)
    return present(passport)


def get_passport(optician_id: str, customer_id: str, passport_id: str) -> dict:
    """The stored passport (values as decimal strings); 404 if not this customer's."""
    passport = _store().get(optician_id, customer_id, passport_id)
    if passport is None:
        raise NotFound("No lens passport with this id.", field="passport_id")
    return passport


def replace_passport(optician_id: str, customer_id: str, passport_id: str, body: dict) -> dict:
    get_passport(optician_id, customer_id, passport_id)
    passport = {"id": passport_id, **_parse(optician_id, body)}
    _store().save(optician_id, customer_id, passport)
    return present(passport)


def list_passports(optician_id: str, customer_id: str) -> dict:
    get_customer(optician_id, customer_id)
    return {"items": [present(p) for p in _store().list_all(optician_id, customer_id)]}


def delete_passport(optician_id: str, customer_id: str, passport_id: str) -> None:
    get_passport(optician_id, customer_id, passport_id)
    _store().delete(optician_id, customer_id, passport_id)
