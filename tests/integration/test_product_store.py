"""The product store's contract, held by the DynamoDB adapter (on moto) and by the in-memory fake
the unit tests use (tests/fakes/products.py): a fake that drifted from the adapter fails here."""
from __future__ import annotations

import pytest

from chalicelib.domain.products import LensProduct
from tests.fakes.products import InMemoryProducts

HOUSE = LensProduct("prd_house", "Hausmarke", "Monatslinse", "monthly", 30, (3, 6), shared=False)


@pytest.fixture(params=["dynamodb", "in_memory"])
def store(request):
    if request.param == "in_memory":
        return InMemoryProducts()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import products

    return products


def test_a_saved_product_is_read_back_whole_by_its_optician_only(store):
    store.save("opt_a", HOUSE)

    assert store.get("opt_a", HOUSE.id) == HOUSE
    assert store.get("opt_b", HOUSE.id) is None
    assert store.get("opt_a", "prd_other") is None


def test_the_list_holds_the_optician_s_own_products_only(store):
    other = LensProduct("prd_other", "Hausmarke", "Tageslinse", "daily", 1, (30, 90), shared=False)
    store.save("opt_a", HOUSE)
    store.save("opt_a", other)
    store.save("opt_b", LensProduct("prd_b", "B", "B", "daily", 1, (30,), shared=False))

    assert sorted(store.list_all("opt_a"), key=lambda p: p.id) == [HOUSE, other]
    assert store.list_all("opt_c") == []


def test_a_product_id_is_never_overwritten(store):
    store.save("opt_a", HOUSE)

    # the adapter's conditional put raises PynamoDB's PutError, the fake ValueError; ids are random,
    # so neither ever reaches a user: what matters is that the stored product stays as it was
    with pytest.raises(Exception):  # noqa: B017
        store.save("opt_a", LensProduct(HOUSE.id, "Other", "Other", "daily", 1, (30,), shared=False))
    assert store.get("opt_a", HOUSE.id) == HOUSE
