"""The agenda's rules: which kind an item is, why an entry would be held, the query values."""
from __future__ import annotations

import pytest

from chalicelib.domain.agenda import (
    customer_facts,
    decide,
    decode_facts,
    encode_facts,
    entry_kind,
    hold_reason,
    message_kind,
    parse_days,
    parse_limit,
)
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


ANNA = {"first_name": "Anna", "last_name": "Aebi", "mobile": "+41791234567", "email": "anna@example.ch",
        "preferred_channel": "email", "topics": {"repurchase": True, "control": False}, "email_blocked": False}


def test_the_facts_keep_no_contact_data_and_round_trip():
    facts = customer_facts(ANNA, subscribed=False)
    stored = encode_facts(facts)
    assert "+4179" not in stored and "@" not in stored
    assert decode_facts(stored) == facts and facts["name"] == "Anna Aebi"
    assert encode_facts(customer_facts(dict(reversed(ANNA.items())), subscribed=False)) == stored
    assert decode_facts(None) is None and decode_facts("not json") is None and decode_facts("[]") is None


def test_decide_takes_the_channel_and_hold_reason_from_the_facts():
    facts = customer_facts(ANNA, subscribed=False)
    assert decide("repurchase_reminder", facts, package="gold", window_open=True) == ("email", None)
    assert decide("repurchase_reminder", facts, package="silver", window_open=True) == ("sms", None)
    assert decide("control_reminder", facts, package="gold", window_open=True) == ("email", "topic_off")
    blocked = customer_facts({**ANNA, "email_blocked": True, "mobile": " "}, subscribed=False)
    assert decide("repurchase_reminder", blocked, package="gold", window_open=True) == (None, "no_contact")
    covered = customer_facts(ANNA, subscribed=True)
    assert decide("repurchase_reminder", covered, package="gold", window_open=True) == ("email", "subscription")
    assert decide("subscription_order", covered, package="gold", window_open=False) == ("email",
                                                                                         "outside_send_window")
