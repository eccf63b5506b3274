"""Lens passports (Linsenpass)."""
import pytest

from tests.conftest import body

PASSPORT = {
    "right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25,
              "cylinder": -0.75, "axis": 180},
    "left": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.5},
    "issued_on": "2026-01-10", "valid_until": "2027-01-10", "notes": "Verträgt Silikonhydrogel gut",
}


@pytest.fixture
def customer(api):
    return body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67"}))


def test_a_passport_is_stored_and_listed_with_exact_values(api, customer):
    created = api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    assert created.status_code == 201
    passport = body(created)
    assert passport["right"]["sphere"] == -2.25 and passport["right"]["axis"] == 180
    assert body(api.get(f"/customers/{customer['id']}/lens-passports"))["items"] == [passport]
    assert body(api.get(f"/customers/{customer['id']}/lens-passports/{passport['id']}")) == passport


@pytest.mark.parametrize("change, field", [
    ({"right": {**PASSPORT["right"], "product_id": "no-such-lens"}}, "right.product_id"),
    ({"right": {**PASSPORT["right"], "sphere": -2.3}}, "right.sphere"),       # not a 0.25 step
    ({"right": {**PASSPORT["right"], "axis": 181}}, "right.axis"),
    ({"right": {**PASSPORT["right"], "axis": None}}, "right.axis"),          # cylinder without axis
    ({"right": {**PASSPORT["right"], "base_curve": "flat"}}, "right.base_curve"),
    ({"issued_on": "2026-02-30"}, "issued_on"),
    ({"issued_on": "10.01.2026"}, "issued_on"),
    ({"valid_until": "2025-01-01"}, "valid_until"),
    ({"right": None, "left": None}, "right"),
])
def test_bad_passports_are_422_naming_the_field(api, customer, change, field):
    response = api.post(f"/customers/{customer['id']}/lens-passports", {**PASSPORT, **change})
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_a_passport_is_replaced_and_deleted(api, customer):
    passport = body(api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT))
    path = f"/customers/{customer['id']}/lens-passports/{passport['id']}"
    replaced = body(api.put(path, {**PASSPORT, "left": None}))
    assert "left" not in replaced and replaced["id"] == passport["id"]
    assert api.delete(path).status_code == 204
    assert api.get(path).status_code == 404


def test_an_optician_can_use_own_products_in_passports(api, customer):
    own = body(api.post("/products", {"brand": "Hausmarke", "name": "Monats-Linse", "replacement": "monthly",
                                      "pack_sizes": [6, 3]}))
    assert own["pack_sizes"] == [3, 6] and own["days_per_lens"] == 30 and own["shared"] is False
    response = api.post(f"/customers/{customer['id']}/lens-passports",
                        {**PASSPORT, "right": {**PASSPORT["right"], "product_id": own["id"]}})
    assert response.status_code == 201
