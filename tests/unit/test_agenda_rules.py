"""The agenda's rules: which kind an item is, why an entry would be held, the query values."""
from __future__ import annotations

from dataclasses import replace

import pytest

from chalicelib.domain.agenda import (
    customer_facts,
    decide,
    decode_facts,
    encode_facts,
    entry_kind,
    hold_reason,
    message_kind,
)
from chalicelib.domain.customer import Customer


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


ANNA = Customer("cus_1", "Anna", "Aebi", mobile="+41791234567", email="anna@example.ch", preferred_channel="email",
                topics={"repurchase": True, "control": False}, email_blocked=False)


def test_the_facts_keep_no_contact_data_and_round_trip():
    facts = customer_facts(ANNA, subscribed=False)
    stored = encode_facts(facts)
    assert "+4179" not in stored and "@" not in stored
    assert decode_facts(stored) == facts and facts["name"] == "Anna Aebi"
    assert encode_facts(customer_facts(replace(ANNA, topics=dict(reversed(ANNA.topics.items()))), subscribed=False)) == stored
    assert decode_facts(None) is None and decode_facts("not json") is None and decode_facts("[]") is None


def test_decide_takes_the_channel_and_hold_reason_from_the_facts():
    facts = customer_facts(ANNA, subscribed=False)
    assert decide("repurchase_reminder", facts, package="gold", window_open=True) == ("email", None)
    assert decide("repurchase_reminder", facts, package="silver", window_open=True) == ("sms", None)
    assert decide("control_reminder", facts, package="gold", window_open=True) == ("email", "topic_off")
    blocked = customer_facts(replace(ANNA, email_blocked=True, mobile=" "), subscribed=False)
    assert decide("repurchase_reminder", blocked, package="gold", window_open=True) == (None, "no_contact")
    covered = customer_facts(ANNA, subscribed=True)
    assert decide("repurchase_reminder", covered, package="gold", window_open=True) == ("email", "subscription")
    assert decide("subscription_order", covered, package="gold", window_open=False) == ("email",
                                                                                         "outside_send_window")


def test_the_facts_keep_the_mobiles_country_but_not_the_number():
    assert customer_facts(ANNA, subscribed=False)["mobile_country"] == "CH"
    assert customer_facts(replace(ANNA, mobile="+4915112345678"), subscribed=False)["mobile_country"] == "DE"
    assert customer_facts(replace(ANNA, mobile=None), subscribed=False)["mobile_country"] is None


def test_an_unverified_e_mail_sender_makes_the_entry_go_by_sms_or_be_held_as_the_send_path_would():
    facts = customer_facts(ANNA, subscribed=False)
    # GIVEN a gold optician whose sender is not verified: e-mail is unavailable, SMS takes over
    assert decide("repurchase_reminder", facts, package="gold", window_open=True,
                  email_sender_ready=False) == ("sms", None)
    # a customer with only an e-mail address: held, and the reason says why
    email_only = customer_facts(replace(ANNA, mobile=None), subscribed=False)
    assert decide("repurchase_reminder", email_only, package="gold", window_open=True,
                  email_sender_ready=False) == (None, "sender_not_verified")
    assert decide("repurchase_reminder", email_only, package="gold", window_open=True,
                  email_sender_ready=True) == ("email", None)


def test_a_mobile_outside_the_sms_countries_is_no_sms_contact():
    german = customer_facts(replace(ANNA, mobile="+4915112345678", email=None), subscribed=False)
    assert decide("repurchase_reminder", german, package="silver", window_open=True,
                  sms_countries=frozenset({"CH", "LI"})) == (None, "country_not_allowed")
    assert decide("repurchase_reminder", german, package="silver", window_open=True,
                  sms_countries=frozenset({"CH", "LI", "DE"})) == ("sms", None)
    # with an e-mail address on gold, the entry goes by e-mail instead
    with_email = customer_facts(replace(ANNA, mobile="+4915112345678", preferred_channel="sms"), subscribed=False)
    assert decide("repurchase_reminder", with_email, package="gold", window_open=True,
                  sms_countries=frozenset({"CH"})) == ("email", None)
    # facts stored before the country was kept count as reachable
    old = {key: value for key, value in german.items() if key != "mobile_country"}
    assert decide("repurchase_reminder", old, package="silver", window_open=True,
                  sms_countries=frozenset({"CH"})) == ("sms", None)
    # a topic switched off still comes first
    off = customer_facts(replace(ANNA, mobile="+4915112345678", email=None, topics={"repurchase": False}),
                         subscribed=False)
    assert decide("repurchase_reminder", off, package="silver", window_open=True,
                  sms_countries=frozenset({"CH"})) == (None, "topic_off")


def test_the_stored_facts_are_canonical_json_so_an_unchanged_customer_is_not_rewritten():
    assert encode_facts({"topics": {"b": True, "a": False}, "name": "Anna Aebi", "channel": "sms"}) == (
        '{"channel":"sms","name":"Anna Aebi","topics":{"a":false,"b":true}}')


def test_stored_facts_without_a_name_are_unreadable():
    assert decode_facts('{"channel":"sms"}') is None


def test_a_customer_without_an_email_address_has_no_email_fact_and_is_not_mailed():
    facts = customer_facts(replace(ANNA, email=None, mobile=None), subscribed=False)

    assert facts["email"] is False
    assert decide("repurchase_reminder", facts, package="gold", window_open=True) == (None, "no_contact")
    # with the sender unverified too, the reason is still that there is no contact, not the sender
    assert decide("repurchase_reminder", facts, package="gold", window_open=True,
                  email_sender_ready=False) == (None, "no_contact")
