"""Rate-limit windows with an injected clock (SPEC §9)."""
import pytest

from chalicelib.domain.rate_limits import Rule, parse_rule


def test_a_window_starts_on_a_multiple_of_its_length_and_retry_after_is_its_rest():
    rule = Rule(limit=10, window_seconds=600)

    assert rule.window_start(1_800_000_123.4) == 1_800_000_000
    assert rule.window_end(1_800_000_123.4) == 1_800_000_600
    assert rule.retry_after(1_800_000_123.4) == 477  # rounded up: never "retry now" too early
    assert rule.retry_after(1_800_000_599.9) == 1


def test_two_moments_in_one_window_share_it_and_the_next_window_is_fresh():
    rule = Rule(limit=1, window_seconds=300)

    assert rule.window_start(1_800_000_000) == rule.window_start(1_800_000_299)
    assert rule.window_start(1_800_000_300) == 1_800_000_300


def test_rules_are_read_as_n_per_seconds():
    assert parse_rule(" 120/60 ", "X") == Rule(120, 60)
    for bad in ("120", "0/60", "5/0", "a/b", "5/100000"):
        with pytest.raises(ValueError, match="X"):
            parse_rule(bad, "X")


def test_the_extreme_rules_one_per_second_and_one_per_day_are_accepted():
    assert parse_rule("1/1", "X") == Rule(1, 1)
    assert parse_rule("1/86400", "X") == Rule(1, 86400)
    with pytest.raises(ValueError, match=r"X: '1/86401' needs N >= 1 and 1..86400 seconds"):
        parse_rule("1/86401", "X")
    with pytest.raises(ValueError, match=r"X: '5/x' is not N/SECONDS"):
        parse_rule("5/x", "X")
