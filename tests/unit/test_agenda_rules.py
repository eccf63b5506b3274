"""The agenda's rules: which kind an item is, why an entry would be held, the query values."""
from __future__ import annotations

import pytest

from chalicelib.domain.agenda import entry_kind, hold_reason, message_kind, parse_days, parse_limit
from chalicelib.domain.errors import ValidationError


@pytest.mark.parametrize("sk, phase, kind", [
    ("REMINDER#repurchase#rr_1", None, "repurchase_reminder"),
    ("REMINDER#control#ctl_1", None, "control_reminder"),
    ("REMINDER#lens_exchange#lx-1", None, "lens_exchange_reminder"),
    ("SUBSCRIPTION#sub_1", "preannouncement", "subscription_preannouncement"),
    ("SUBSCRIPTION#sub_1", "order", "subscription_order"),
    ("ORDER#ord_1", None, None),
])
def test_the_kind_of_a_scheduled_item(sk, phase, kind):
    assert entry_kind(sk, phase) == kind


def test_a_subscription_order_day_sends_the_order_confirmation():
    assert message_kind("subscription_order") == "order_confirmation"
    assert message_kind("control_reminder") == "control_reminder"


def test_the_first_reason_that_applies_is_given():
    base = {"topic_on": True, "covered_by_subscription": False, "channel": "sms", "window_open": True}
    assert hold_reason(**base) is None
    assert hold_reason(**{**base, "window_open": False}) == "outside_send_window"
    assert hold_reason(**{**base, "channel": None, "window_open": False}) == "no_contact"
    assert hold_reason(**{**base, "covered_by_subscription": True, "channel": None}) == "subscription"
    assert hold_reason(**{**base, "topic_on": False, "covered_by_subscription": True}) == "topic_off"


def test_days_and_limit():
    assert parse_days(None) == 14 and parse_days("1") == 1 and parse_days("60") == 60
    assert parse_limit(None) == 100 and parse_limit("200") == 200
    for bad in ("0", "61", "-1", "1.5", "x"):
        with pytest.raises(ValidationError) as refused:
            parse_days(bad)
        assert refused.value.field == "days"
    with pytest.raises(ValidationError):
        parse_limit("201")
