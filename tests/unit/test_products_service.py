"""The products service on an in-memory store (services/wiring.py): the catalogue plus each
optician's own products, the rules of an own product. No moto: the store is tests/fakes/products.py;
the DynamoDB adapter keeps the same contract (tests/integration/test_product_store.py)."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import LensProduct
from chalicelib.schemas.products import ProductInput
from chalicelib.services import wiring
from chalicelib.services.lenses import products
from tests.fakes.products import InMemoryProducts

HOUSE = LensProduct("prd_house", "Hausmarke", "Monatslinse", "monthly", 30, (3, 6), shared=False)


@pytest.fixture
def store():
    fake = InMemoryProducts()
    with wiring.override(products=fake):
        yield fake


def product_input(**change) -> ProductInput:
    return ProductInput(**{"brand": "Hausmarke", "name": "Tageslinse", "replacement": "daily",
                           "pack_sizes": [30], **change})


def test_the_list_is_the_catalogue_then_the_optician_s_own_products_each_sorted(store):
    store.save("opt_a", LensProduct("prd_b", "Zeta", "B", "daily", 1, (30,), shared=False))
    store.save("opt_a", LensProduct("prd_a", "Alpha", "A", "daily", 1, (30,), shared=False))

    items = products.list_products("opt_a")["items"]

    shared = [p for p in items if p["shared"]]
    assert len(shared) >= 12 and items[: len(shared)] == shared
    assert [(p["brand"], p["name"]) for p in shared] == sorted((p["brand"], p["name"]) for p in shared)
    assert [p["id"] for p in items[len(shared):]] == ["prd_a", "prd_b"]


def test_an_own_product_is_listed_and_found_for_its_optician_only(store):
    store.save("opt_a", HOUSE)

    assert HOUSE.id in [p["id"] for p in products.list_products("opt_a")["items"]]
    assert HOUSE.id not in [p["id"] for p in products.list_products("opt_b")["items"]]
    assert products.find_product("opt_a", HOUSE.id) == HOUSE
    assert products.find_product("opt_b", HOUSE.id) is None


def test_a_catalogue_product_is_found_for_every_optician_and_an_unknown_id_is_none(store):
    found = products.find_product("opt_a", "biofinity")

    assert found is not None and found.shared and found.brand == "CooperVision"
    assert products.find_product("opt_b", "biofinity") == found
    assert products.find_product("opt_a", "prd_nothing") is None


def test_a_created_product_is_stored_with_sorted_distinct_packs_and_the_replacement_s_days(store):
    created = products.create_product("opt_a", product_input(
        brand="  Hausmarke ", name="Monatslinse", replacement="monthly", pack_sizes=[6, 3, 6]))

    assert created["id"].startswith("prd_") and created["shared"] is False
    assert (created["brand"], created["pack_sizes"], created["days_per_lens"]) == ("Hausmarke", [3, 6], 30)
    assert store.get("opt_a", created["id"]).to_dict() == created
    assert store.get("opt_b", created["id"]) is None


def test_given_days_per_lens_win_over_the_replacement_s(store):
    created = products.create_product("opt_a", product_input(replacement="two_weekly", days_per_lens=10))

    assert created["days_per_lens"] == 10


@pytest.mark.parametrize("change, field", [
    ({"days_per_lens": 2}, "days_per_lens"),
    ({"brand": "  "}, "brand"),
    ({"name": "x" * 121}, "name"),
    ({"name": "Linse\nzwei"}, "name"),
])
def test_a_bad_own_product_is_refused_naming_the_field_and_nothing_is_stored(store, change, field):
    with pytest.raises(ValidationError) as refused:
        products.create_product("opt_a", product_input(**change))

    assert refused.value.field == field
    assert store.list_all("opt_a") == []


def test_one_daily_day_and_the_longest_name_are_accepted(store):
    created = products.create_product("opt_a", product_input(days_per_lens=1, name="x" * 120))

    assert created["days_per_lens"] == 1 and len(created["name"]) == 120
