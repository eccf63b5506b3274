"""The coordination store's contract on emulated DynamoDB and in memory (tests/fakes/coordination.py):
a slot is its first owner's, again that owner's, never another's; slots are per customer and key."""
from __future__ import annotations

import pytest

from tests.fakes.coordination import InMemoryCoordination

EXPIRES = 2_000_000_000


@pytest.fixture(params=["dynamodb", "memory"])
def store(request):
    if request.param == "memory":
        return InMemoryCoordination()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import coordination

    return coordination


def test_a_slot_is_its_first_owners(store):
    assert store.owner_of("opt", "cus", "DAILY#k#2026-12-05") is None
    assert store.claim("opt", "cus", "DAILY#k#2026-12-05", "me", EXPIRES) is True
    assert store.claim("opt", "cus", "DAILY#k#2026-12-05", "me", EXPIRES) is True  # again: still mine
    assert store.claim_write("opt", "cus", "DAILY#k#2026-12-05", "other", EXPIRES).make() is False
    assert store.owner_of("opt", "cus", "DAILY#k#2026-12-05") == "me"


def test_slots_are_per_customer_and_key(store):
    store.claim("opt", "cus", "DAILY#k#2026-12-05", "me", EXPIRES)
    assert store.claim("opt", "cus", "DAILY#k#2026-12-06", "other", EXPIRES) is True
    assert store.claim("opt", "cus_2", "DAILY#k#2026-12-05", "other", EXPIRES) is True
