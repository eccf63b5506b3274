"""Lens passports (Linsenpass): the customer's prescription per eye."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import validation as v
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.domain.passport import EYES, RANGES, LensPassport, PassportEye
from chalicelib.ids import new_id
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.lenses.products import find_product
from chalicelib.services.wiring import stores

if TYPE_CHECKING:  # the models are the API's (decoded by the route); only their attributes are read here
    from chalicelib.schemas.passports import LensPassportInput, PassportEyeInput


def _eye(optician_id: str, given: PassportEyeInput, eye: str) -> PassportEye:
    if find_product(optician_id, given.product_id) is None:
        raise ValidationError("Unknown lens product.", field=f"{eye}.product_id")
    values = {name: v.decimal_number(getattr(given, name), f"{eye}.{name}", minimum=low, maximum=high, step=step)
              for name, (low, high, step) in RANGES.items()}
    cylinder = values["cylinder"]
    if cylinder is not None and cylinder != 0 and given.axis is None:
        raise ValidationError("A cylinder needs an axis.", field=f"{eye}.axis")
    return PassportEye(product_id=given.product_id, axis=given.axis, **values)


def _passport(optician_id: str, passport_id: str, given: LensPassportInput) -> LensPassport:
    """The passport of a decoded body; 422 naming the field."""
    eyes = {eye: _eye(optician_id, value, eye) for eye in EYES if (value := getattr(given, eye)) is not None}
    if not eyes:
        raise ValidationError("A lens passport needs at least one eye.", field="right")
    if given.valid_until and given.valid_until < given.issued_on:
        raise ValidationError("'valid_until' is before 'issued_on'.", field="valid_until")
    return LensPassport(id=passport_id, issued_on=given.issued_on, valid_until=given.valid_until,
                        notes=v.text(given.notes, "notes", max_length=1000, multiline=True), **eyes)


def present(passport: LensPassport) -> dict[str, Any]:
    """API shape: prescription values as JSON numbers."""
    return passport.shown()


def create_passport(optician_id: str, customer_id: str, given: LensPassportInput) -> dict[str, Any]:
    get_customer(optician_id, customer_id)
    passport = _passport(optician_id, new_id("lp"), given)
    stores().passports.save(optician_id, customer_id, passport)
    return present(passport)


def get_passport(optician_id: str, customer_id: str, passport_id: str) -> LensPassport:
    """The stored passport; 404 if not this customer's."""
    passport = stores().passports.get(optician_id, customer_id, passport_id)
    if passport is None:
        raise NotFound("No lens passport with this id.", field="passport_id")
    return passport


def replace_passport(optician_id: str, customer_id: str, passport_id: str,
                     given: LensPassportInput) -> dict[str, Any]:
    get_passport(optician_id, customer_id, passport_id)
    passport = _passport(optician_id, passport_id, given)
    stores().passports.save(optician_id, customer_id, passport)
    return present(passport)


def list_all(optician_id: str, customer_id: str) -> list[LensPassport]:
    """The customer's passports (none for an unknown customer)."""
    return stores().passports.list_all(optician_id, customer_id)


def list_passports(optician_id: str, customer_id: str) -> dict[str, Any]:
    get_customer(optician_id, customer_id)
    return {"items": [present(p) for p in list_all(optician_id, customer_id)]}


def delete_passport(optician_id: str, customer_id: str, passport_id: str) -> None:
    get_passport(optician_id, customer_id, passport_id)
    stores().passports.delete(optician_id, customer_id, passport_id)
