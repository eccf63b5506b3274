"""Message kinds, topics and the customer's topic switches (SPEC §3, §4)."""
import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import (
    KIND_TOPIC,
    KINDS,
    LINK_KINDS,
    LINK_PURPOSES,
    MANUAL_KINDS,
    SCHEDULED_KINDS,
    TOPICS,
    TRANSACTIONAL_KINDS,
    default_topics,
    is_scheduled,
    link_purpose,
    topic_enabled,
    topic_of,
    with_switches,
)


def test_topics_are_the_seven_of_the_spec():
    assert TOPICS == (
        "subscription", "repurchase", "control", "orders", "service", "marketing", "lens_exchange",
    )


@pytest.mark.parametrize(
    "kind, topic",
    [
        ("repurchase_reminder", "repurchase"),
        ("control_reminder", "control"),
        ("lens_exchange_reminder", "lens_exchange"),
        ("subscription_confirmation", "subscription"),
        ("subscription_preannouncement", "subscription"),
        ("subscription_changed", "subscription"),
        ("subscription_cancelled", "subscription"),
        ("order_confirmation", "orders"),
        ("shipping_confirmation", "orders"),
        ("pickup_invitation", "orders"),
        ("lens_passport", "service"),
        ("webshop_login", "marketing"),
        ("webapp_install", "marketing"),
    ],
)
def test_each_kind_has_the_topic_of_the_spec_table(kind, topic):
    assert topic_of(kind) == topic


def test_kind_table_has_exactly_the_thirteen_kinds():
    assert len(KINDS) == 14 == len(KIND_TOPIC)  # the 13 of SPEC §3 + the combined reminder
    assert set(KIND_TOPIC.values()) == set(TOPICS)


def test_unknown_kind_is_rejected():
    with pytest.raises(ValueError):
        topic_of("newsletter")


def test_manual_scheduled_and_transactional_kinds_partition_all_kinds():
    groups = [set(MANUAL_KINDS), set(SCHEDULED_KINDS), set(TRANSACTIONAL_KINDS)]
    assert set().union(*groups) == set(KINDS)
    assert sum(len(g) for g in groups) == len(KINDS)
    assert set(MANUAL_KINDS) == {"webshop_login", "webapp_install", "lens_passport"}
    assert set(SCHEDULED_KINDS) == {
        "repurchase_reminder", "control_reminder", "lens_exchange_reminder",
        "subscription_preannouncement", "repurchase_control_reminder",
    }


def test_scheduled_kinds_wait_for_the_window_and_order_messages_do_not():
    assert is_scheduled("repurchase_reminder")
    assert is_scheduled("subscription_preannouncement")
    assert not is_scheduled("order_confirmation")
    assert not is_scheduled("subscription_confirmation")
    assert not is_scheduled("webshop_login")


def test_reminder_login_passport_and_subscription_messages_carry_a_link():
    assert set(LINK_KINDS) == {
        "repurchase_reminder", "control_reminder", "lens_exchange_reminder",
        "repurchase_control_reminder", "webshop_login", "lens_passport",
        "subscription_confirmation", "subscription_preannouncement",
        "subscription_changed", "subscription_cancelled",
    }
    assert set(LINK_KINDS.values()) <= set(LINK_PURPOSES)
    assert link_purpose("repurchase_reminder") == "reorder"
    assert link_purpose("webshop_login") == "login"
    assert link_purpose("lens_passport") == "lens_passport"
    assert link_purpose("subscription_changed") == "subscription"


@pytest.mark.parametrize(
    "kind", ["order_confirmation", "shipping_confirmation", "pickup_invitation", "webapp_install"]
)
def test_order_and_webapp_messages_carry_no_login_link(kind):
    assert link_purpose(kind) is None


def test_all_topics_are_on_by_default():
    assert default_topics() == {topic: True for topic in TOPICS}
    # a fresh dict each time: changing one customer's switches changes no other's
    default_topics()["marketing"] = False
    assert default_topics()["marketing"] is True


def test_switching_one_topic_off_keeps_the_others():
    assert with_switches({"marketing": False}) == {**default_topics(), "marketing": False}


def test_partial_update_keeps_current_switches():
    current = {**default_topics(), "control": False}
    result = with_switches({"marketing": False}, current=current)
    assert result["control"] is False
    assert result["marketing"] is False
    assert result["orders"] is True


def test_a_topic_switched_off_can_be_switched_on_again():
    current = {**default_topics(), "marketing": False, "control": False}
    result = with_switches({"marketing": True}, current=current)
    assert (result["marketing"], result["control"]) == (True, False)


def test_topic_enabled_follows_the_customers_switches():
    topics = {**default_topics(), "repurchase": False}
    assert not topic_enabled(topics, "repurchase_reminder")
    assert topic_enabled(topics, "order_confirmation")
    # a topic not yet stored for an older customer counts as on
    assert topic_enabled({}, "lens_exchange_reminder")
    assert topic_enabled(None, "webshop_login")


# What the optician and the API client read when a kind or a topic is refused.

def test_an_unknown_kind_is_named_in_the_error():
    with pytest.raises(ValueError, match="unknown message kind: 'newsletter'"):
        topic_of("newsletter")
