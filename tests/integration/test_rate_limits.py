"""The counter store on emulated DynamoDB and in memory (tests/fakes/counters.py): the same contract,
so the rate-limit unit tests on the fake (tests/unit/test_rate_limits_service.py) say what the
adapter does — never more than ``maximum`` in a window, a given-back count frees a place, keys apart.
What only the item shows (its TTL) is checked on the adapter alone."""
from __future__ import annotations

import pytest

from tests.fakes.counters import InMemoryCounters

T0 = 1_800_000_000


@pytest.fixture(params=["dynamodb", "memory"])
def store(request):
    if request.param == "memory":
        return InMemoryCounters()
    request.getfixturevalue("aws")
    from chalicelib.adapters.dynamo import counters

    return counters


def test_never_more_than_the_maximum_and_a_given_back_count_frees_a_place(store):
    assert [store.take("RATE#x#a", "W#1", 2, T0) for _ in range(3)] == [True, True, False]
    assert store.take("RATE#x#b", "W#1", 2, T0) and store.take("RATE#x#a", "W#2", 2, T0)  # other keys
    assert store.give_back_write("RATE#x#a", "W#1").make() is True
    assert store.take("RATE#x#a", "W#1", 2, T0) is True
    assert store.take("RATE#x#a", "W#1", 2, T0) is False


def test_the_daily_cap_counts_per_customer_and_day(store):
    writes = [store.daily_cap_write("opt", "cus", "2026-12-05", 2, T0) for _ in range(3)]
    assert [write.make() for write in writes] == [True, True, False]
    assert store.daily_cap_write("opt", "cus", "2026-12-06", 2, T0).make() is True
    assert store.daily_cap_give_back("opt", "cus", "2026-12-05").make() is True
    assert store.daily_cap_write("opt", "cus", "2026-12-05", 2, T0).make() is True


def test_a_rate_limit_counter_is_one_item_with_a_ttl_after_its_window(aws, config_env):
    from chalicelib.adapters.dynamo import counters
    from chalicelib.services.limits import rate_limits

    config_env(RATE_LIMIT_WEBHOOKS="3/60")
    rate_limits.hit("webhooks", "opt_a", T0 + 5)
    rate_limits.hit("webhooks", "opt_a", T0 + 6)

    item = counters.CounterItem.get("RATE#webhooks#opt_a", f"W#{T0}")
    assert item.hits == 2 and item.expires_at == T0 + 60 + 3600
