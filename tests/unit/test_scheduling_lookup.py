"""What a batch of due occurrences reads (services/scheduling/lookup.py), on in-memory stores
(tests/fakes/occurrence_items.py and opticians.py): everything in one batch read, each answer from it,
a single read only for what the batch did not cover."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from chalicelib.adapters.dynamo import due
from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services import wiring
from chalicelib.services.scheduling.lookup import BatchLookup
from tests.fakes.occurrence_items import InMemoryScheduledItems
from tests.fakes.opticians import InMemoryOpticians

NOW = datetime(2026, 3, 30, 7, 5, tzinfo=timezone.utc)
OPTICIAN = OpticianSettings(id="opt_a", name="Optik Aare", sender_name="Optik Aare", timezone="Europe/Zurich")


def key(n: int) -> tuple[str, str]:
    return f"OPT#opt_a#CUST#cus_{n}", f"REMINDER#repurchase#rem_{n}"


@pytest.fixture
def world():
    items, opticians = InMemoryScheduledItems(), InMemoryOpticians()
    for n in (1, 2):
        items.put({"pk": key(n)[0], "sk": key(n)[1], "occurrence": "2026-03-30",
                   **due.due_attributes(*key(n), NOW)})
        items.customers[("opt_a", f"cus_{n}")] = Customer(f"cus_{n}", "Anna", "Muster")
    items.opticians["opt_a"] = OPTICIAN
    opticians.create(OPTICIAN, "whsec_x")
    with wiring.override(occurrence_items=items, opticians=opticians):
        yield items, opticians


def test_a_batch_is_read_once_and_every_answer_comes_from_that_read(world, monkeypatch):
    items, _ = world
    lookup = BatchLookup([key(1), key(2), key(1)])
    assert items.batch_reads == [[key(1), key(2)]]  # each key asked once
    monkeypatch.setattr(items, "get", lambda *a: pytest.fail("read singly although the batch covered it"))
    assert lookup.item(*key(1))["occurrence"] == "2026-03-30"
    assert lookup.optician("opt_a") == OPTICIAN
    assert lookup.customer("opt_a", "cus_2") == Customer("cus_2", "Anna", "Muster")


def test_what_the_batch_found_missing_stays_missing_without_a_second_read(world, monkeypatch):
    items, _ = world
    del items.items[key(2)]
    del items.customers[("opt_a", "cus_2")]
    lookup = BatchLookup([key(2)])
    monkeypatch.setattr(items, "get", lambda *a: pytest.fail("read singly although the batch covered it"))
    assert lookup.item(*key(2)) is None and lookup.customer("opt_a", "cus_2") is None


def test_what_the_batch_did_not_cover_is_read_singly(world):
    items, _ = world
    lookup = BatchLookup([key(1)])
    items.put({"pk": key(3)[0], "sk": key(3)[1], "occurrence": "2026-04-01"})
    assert lookup.item(*key(3))["occurrence"] == "2026-04-01"  # not in the batch: read now


def test_an_optician_the_batch_could_not_convert_is_read_through_the_service(world, monkeypatch):
    items, _ = world
    original = items.read_batch

    def without_opticians(keys):
        found = original(keys)
        found.opticians.clear()  # what the adapter leaves out when an item does not convert
        return found

    monkeypatch.setattr(items, "read_batch", without_opticians)
    assert BatchLookup([key(1)]).optician("opt_a") == OPTICIAN
    assert BatchLookup([key(1)]).optician("opt_unknown") is None


def test_the_customers_of_one_optician_share_one_product_finder_across_the_batch(world):
    lookup = BatchLookup([key(1), key(2)])
    assert lookup.records("opt_a", "cus_1").find_product is lookup.records("opt_a", "cus_2").find_product
