"""Rate-limit counters in DynamoDB with an injected clock: the N+1st request in a window is
refused with the seconds until it ends, the next window starts afresh, each counter expires."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import TooManyRequests

T0 = 1_800_000_000.0  # the start of a 60 s and of a 300 s window


@pytest.fixture
def rules(aws, config_env):
    config_env(RATE_LIMIT_WEBHOOKS="3/60", RATE_LIMIT_AUTH_FAILURES="2/300")


def test_the_fourth_request_in_a_window_is_refused_until_it_ends(rules):
    from chalicelib.services.limits import rate_limits

    for second in (0, 10, 20):
        rate_limits.hit("webhooks", "opt_a", T0 + second)
    with pytest.raises(TooManyRequests) as refused:
        rate_limits.hit("webhooks", "opt_a", T0 + 45.5)

    assert refused.value.status == 429 and refused.value.code == "rate_limited"
    assert refused.value.retry_after == 15
    rate_limits.hit("webhooks", "opt_b", T0 + 46)  # another optician has its own counter
    rate_limits.hit("webhooks", "opt_a", T0 + 60)  # the next window


def test_a_counter_is_one_item_with_a_ttl_after_its_window(rules):
    from chalicelib.adapters.dynamo import counters
    from chalicelib.services.limits import rate_limits

    rate_limits.hit("webhooks", "opt_a", T0 + 5)
    rate_limits.hit("webhooks", "opt_a", T0 + 6)

    item = counters.CounterItem.get("RATE#webhooks#opt_a", f"W#{int(T0)}")
    assert item.hits == 2 and item.expires_at == int(T0) + 60 + 3600


def test_failures_count_and_only_those_over_the_limit_are_refused(rules):
    from chalicelib.services.limits import rate_limits

    assert rate_limits.failure("auth_failures", "addr", T0) is None
    assert rate_limits.failure("auth_failures", "addr", T0 + 1) is None
    refused = rate_limits.failure("auth_failures", "addr", T0 + 100)

    assert refused is not None and refused.retry_after == 200


def test_a_request_given_back_leaves_room_for_another(rules):
    from chalicelib.services.limits import rate_limits

    for second in range(3):
        rate_limits.hit("webhooks", "opt_a", T0 + second)
    rate_limits.give_back("webhooks", "opt_a", T0 + 2)

    rate_limits.hit("webhooks", "opt_a", T0 + 3)
    with pytest.raises(TooManyRequests):
        rate_limits.hit("webhooks", "opt_a", T0 + 4)
