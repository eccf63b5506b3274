"""The passport store's contract, held by the DynamoDB adapter (on moto) and by the in-memory fake
the unit tests use (tests/fakes/passports.py): a fake that drifted from the adapter fails here."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from chalicelib.domain.passport import LensPassport, PassportEye
from tests.fakes.passports import InMemoryPassports

RIGHT = PassportEye("biofinity", base_curve=Decimal("8.60"), sphere=Decimal("-2.25"), diameter=Decimal("14.0"),
                    cylinder=Decimal("-0.75"), axis=180)
PASSPORT = LensPassport("lp_1", date(2026, 1, 10), date(2027, 1, 10), "Verträgt Silikonhydrogel gut", right=RIGHT)


@pytest.fixture(params=["dynamodb", "in_memory"])
def store(request):
    if request.param == "in_memory":
        return InMemoryPassports()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import passports

    return passports


def test_a_passport_is_read_back_exactly_by_its_customer_only(store):
    store.save("opt_a", "cus_1", PASSPORT)

    found = store.get("opt_a", "cus_1", "lp_1")
    assert found == PASSPORT and str(found.right.base_curve) == "8.60"  # exact decimals, as given
    assert store.get("opt_a", "cus_2", "lp_1") is None and store.get("opt_b", "cus_1", "lp_1") is None
    assert store.list_all("opt_a", "cus_1") == [PASSPORT] and store.list_all("opt_a", "cus_2") == []


def test_saving_under_the_same_id_replaces_and_delete_removes(store):
    store.save("opt_a", "cus_1", PASSPORT)
    left_only = LensPassport("lp_1", date(2026, 2, 1), left=PassportEye("biofinity", sphere=Decimal("-1.00")))
    store.save("opt_a", "cus_1", left_only)

    assert store.list_all("opt_a", "cus_1") == [left_only]
    store.delete("opt_a", "cus_1", "lp_1")
    store.delete("opt_a", "cus_1", "lp_1")  # nothing left: no error
    assert store.get("opt_a", "cus_1", "lp_1") is None
