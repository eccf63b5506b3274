"""The passports service on in-memory stores (services/wiring.py): a body becomes a LensPassport
with exact decimals, the prescription rules name their field, replace and delete, the API shape.
No moto: tests/fakes/passports.py and tests/fakes/products.py, the customer store a stub."""
from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from chalicelib.api.bodies import decode
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.schemas.passports import LensPassportInput
from chalicelib.services import wiring
from chalicelib.services.lenses import passports
from tests.fakes.passports import InMemoryPassports
from tests.fakes.products import InMemoryProducts

BODY = {
    "right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": "14.0", "sphere": -2.25,
              "cylinder": -0.75, "axis": 180},
    "left": {"product_id": "biofinity", "base_curve": 8.6, "sphere": "-2.50"},
    "issued_on": "2026-01-10", "valid_until": "2027-01-10", "notes": "  Verträgt Silikonhydrogel gut ",
}


class Customers:
    """The one question the service asks of the customer store: does the customer exist."""

    def get(self, optician_id: str, customer_id: str) -> Customer | None:
        return Customer(customer_id, "Anna", "Aebi") if (optician_id, customer_id) == ("opt_a", "cus_1") else None


@pytest.fixture
def store():
    fake = InMemoryPassports()
    with wiring.override(passports=fake, products=InMemoryProducts(), customers=Customers()):
        yield fake


def given(**change: Any) -> LensPassportInput:
    return decode({**BODY, **change}, LensPassportInput)


def test_a_body_is_stored_as_a_record_with_exact_values_and_shown_as_numbers(store):
    shown = passports.create_passport("opt_a", "cus_1", given())

    [stored] = store.list_all("opt_a", "cus_1")
    assert stored.id == shown["id"] and stored.issued_on == date(2026, 1, 10) and stored.notes == "Verträgt Silikonhydrogel gut"
    assert stored.right.sphere == Decimal("-2.25") and stored.left.sphere == Decimal("-2.50")
    assert str(stored.right.diameter) == "14.0" and stored.left.cylinder is None
    assert shown["right"] == {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25,
                              "cylinder": -0.75, "addition": None, "axis": 180}
    assert passports.list_passports("opt_a", "cus_1") == {"items": [shown]}


@pytest.mark.parametrize("change, field", [
    ({"right": {**BODY["right"], "product_id": "no-such-lens"}}, "right.product_id"),
    ({"right": {**BODY["right"], "sphere": -2.3}}, "right.sphere"),        # not a 0.25 step
    ({"right": {**BODY["right"], "sphere": 30.25}}, "right.sphere"),       # beyond the range
    ({"left": {**BODY["left"], "base_curve": 6.95}}, "left.base_curve"),
    ({"right": {**BODY["right"], "axis": None}}, "right.axis"),           # a cylinder needs an axis
    ({"valid_until": "2025-01-01"}, "valid_until"),
    ({"right": None, "left": None}, "right"),
])
def test_a_bad_passport_names_the_field_and_stores_nothing(store, change, field):
    with pytest.raises(ValidationError) as refused:
        passports.create_passport("opt_a", "cus_1", given(**change))

    assert refused.value.field == field and store.list_all("opt_a", "cus_1") == []


def test_the_range_ends_are_accepted_and_a_zero_cylinder_needs_no_axis(store):
    right = {**BODY["right"], "sphere": 30, "base_curve": "10.0", "cylinder": "0.00", "axis": None}

    shown = passports.create_passport("opt_a", "cus_1", given(right=right, left={**BODY["left"], "sphere": -30}))

    assert shown["right"]["sphere"] == 30.0 and shown["left"]["sphere"] == -30.0 and shown["right"]["axis"] is None


def test_a_passport_is_replaced_in_place_and_deleted(store):
    created = passports.create_passport("opt_a", "cus_1", given())

    replaced = passports.replace_passport("opt_a", "cus_1", created["id"], given(left=None))

    assert replaced["id"] == created["id"] and "left" not in replaced
    assert passports.get_passport("opt_a", "cus_1", created["id"]).left is None
    passports.delete_passport("opt_a", "cus_1", created["id"])
    with pytest.raises(NotFound) as gone:
        passports.get_passport("opt_a", "cus_1", created["id"])
    assert gone.value.field == "passport_id"


def test_another_optician_s_customer_has_no_passports_here(store):
    with pytest.raises(NotFound):
        passports.create_passport("opt_b", "cus_1", given())
    with pytest.raises(NotFound):
        passports.list_passports("opt_a", "cus_9")
    assert store.list_all("opt_b", "cus_1") == []
