"""Models and operations: a customer's lens passports (Linsenpass), the prescription per eye."""
from __future__ import annotations

from datetime import date
from typing import Annotated

from msgspec import UNSET, Meta, UnsetType

from chalicelib.schemas.base import Model, Operation

# A prescription value as a JSON number or a decimal string ("-2.25"); ranges and steps are the
# service's (services/lenses/passports.RANGES): msgspec's bounds do not apply to exact decimals.
Value = float | str
Axis = Annotated[int, Meta(ge=0, le=180)]


class PassportEyeInput(Model):
    product_id: Annotated[str, Meta(description="One of the optician's lens products.")]
    base_curve: Value
    sphere: Value
    diameter: Value | None = None
    cylinder: Value | None = None
    axis: Annotated[Axis | None, Meta(description="Needed with a cylinder other than 0.")] = None
    addition: Value | None = None


class LensPassportInput(Model):
    """At least one eye; `valid_until` not before `issued_on`."""

    issued_on: date
    right: PassportEyeInput | None = None
    left: PassportEyeInput | None = None
    valid_until: date | None = None
    notes: str | None = None


class PassportEye(Model):
    product_id: str
    base_curve: float
    sphere: float
    diameter: float | None
    cylinder: float | None
    axis: Axis | None
    addition: float | None


class LensPassport(Model):
    """A stored lens passport; an eye that was not given is left out."""

    id: str
    issued_on: date
    valid_until: date | None
    notes: str | None
    right: PassportEye | UnsetType = UNSET
    left: PassportEye | UnsetType = UNSET


class LensPassportList(Model):
    items: list[LensPassport]


_TAGS = ("lens passports",)
_BASE = "/customers/{customer_id}/lens-passports"
OPERATIONS = [
    Operation("GET", _BASE, "The customer's lens passports", _TAGS, response=LensPassportList),
    Operation("POST", _BASE, "Add a lens passport", _TAGS, body=LensPassportInput, response=LensPassport, status=201),
    Operation("GET", _BASE + "/{passport_id}", "A lens passport", _TAGS, response=LensPassport),
    Operation("PUT", _BASE + "/{passport_id}", "Replace a lens passport", _TAGS, body=LensPassportInput,
              response=LensPassport),
    Operation("DELETE", _BASE + "/{passport_id}", "Delete a lens passport", _TAGS, status=204),
]
