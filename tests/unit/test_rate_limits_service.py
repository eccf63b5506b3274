"""The rate limits on an in-memory counter store (services/wiring.py): the N+1st request in a window
is refused with the seconds until it ends, the next window starts afresh, a request given back leaves
room. No moto: the store is tests/fakes/counters.py; the DynamoDB adapter keeps the same contract
(tests/integration/test_rate_limits.py)."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import TooManyRequests
from chalicelib.services import wiring
from chalicelib.services.limits import rate_limits
from tests.fakes.counters import InMemoryCounters

T0 = 1_800_000_000.0  # the start of a 60 s and of a 300 s window


@pytest.fixture
def counters(config_env):
    config_env(RATE_LIMIT_WEBHOOKS="3/60", RATE_LIMIT_AUTH_FAILURES="2/300")
    fake = InMemoryCounters()
    with wiring.override(counters=fake):
        yield fake


def test_the_fourth_request_in_a_window_is_refused_until_it_ends(counters):
    for second in (0, 10, 20):
        rate_limits.hit("webhooks", "opt_a", T0 + second)
    with pytest.raises(TooManyRequests) as refused:
        rate_limits.hit("webhooks", "opt_a", T0 + 45.5)

    assert refused.value.status == 429 and refused.value.code == "rate_limited"
    assert refused.value.retry_after == 15
    assert refused.value.message == "Too many requests (3 per 60 s); try again in 15 s."
    rate_limits.hit("webhooks", "opt_b", T0 + 46)  # another optician has its own counter
    rate_limits.hit("webhooks", "opt_a", T0 + 60)  # the next window


def test_a_window_counts_under_its_own_key_and_expires_an_hour_after_it_ends(counters):
    rate_limits.hit("webhooks", "opt_a", T0 + 5)
    rate_limits.hit("webhooks", "opt_a", T0 + 6)

    key = ("RATE#webhooks#opt_a", f"W#{int(T0)}")
    assert counters.count(*key) == 2 and counters.expires_at[key] == int(T0) + 60 + 3600


def test_failures_count_and_only_those_over_the_limit_are_refused(counters):
    assert rate_limits.failure("auth_failures", "addr", T0) is None
    assert rate_limits.failure("auth_failures", "addr", T0 + 1) is None
    refused = rate_limits.failure("auth_failures", "addr", T0 + 100)

    assert refused is not None and refused.retry_after == 200


def test_a_request_given_back_leaves_room_for_another(counters):
    for second in range(3):
        rate_limits.hit("webhooks", "opt_a", T0 + second)
    rate_limits.give_back("webhooks", "opt_a", T0 + 2)

    rate_limits.hit("webhooks", "opt_a", T0 + 3)
    with pytest.raises(TooManyRequests):
        rate_limits.hit("webhooks", "opt_a", T0 + 4)


def test_a_digest_is_stable_short_and_does_not_show_its_parts():
    first = rate_limits.digest("+41791234567", "opt_a")
    assert first == rate_limits.digest("+41791234567", "opt_a") and len(first) == 20
    assert "4179" not in first and first != rate_limits.digest("+41791234568", "opt_a")
