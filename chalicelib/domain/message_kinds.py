"""Message kinds, their topics, and the customer's topic switches (SPEC §3, §4).

Each message kind belongs to exactly one topic. A customer can switch each topic off;
a message whose topic is off is not sent (recorded ``skipped``), and a manual send to
a topic that is off is refused.
"""
from __future__ import annotations

TOPICS: tuple[str, ...] = (
    "subscription",
    "repurchase",
    "control",
    "orders",
    "service",
    "marketing",
    "lens_exchange",
)

# SPEC §3 table, in its order.
KIND_TOPIC: dict[str, str] = {
    "repurchase_reminder": "repurchase",
    "control_reminder": "control",
    "lens_exchange_reminder": "lens_exchange",
    "subscription_confirmation": "subscription",
    "subscription_preannouncement": "subscription",
    "subscription_changed": "subscription",
    "subscription_cancelled": "subscription",
    "order_confirmation": "orders",
    "shipping_confirmation": "orders",
    "pickup_invitation": "orders",
    "lens_passport": "service",
    "webshop_login": "marketing",
    "webapp_install": "marketing",
    # Not in the SPEC table: a repurchase and a check-up reminder due within 3 days of each
    # other go out as one message (docs/messaging.md). It needs both topics on; its own topic
    # is the repurchase one, the control topic is checked where the two are combined.
    "repurchase_control_reminder": "repurchase",
}

KINDS: tuple[str, ...] = tuple(KIND_TOPIC)

# Kinds the optician sends by hand (POST .../messages); never sent automatically.
MANUAL_KINDS: tuple[str, ...] = ("webshop_login", "webapp_install", "lens_passport")

# Kinds a schedule produces; they wait for the optician's send window.
SCHEDULED_KINDS: tuple[str, ...] = (
    "repurchase_reminder",
    "control_reminder",
    "lens_exchange_reminder",
    "subscription_preannouncement",
    "repurchase_control_reminder",
)

# Everything else is triggered by an event and goes out at once.
TRANSACTIONAL_KINDS: tuple[str, ...] = tuple(
    kind for kind in KINDS if kind not in SCHEDULED_KINDS and kind not in MANUAL_KINDS
)

LINK_PURPOSES: tuple[str, ...] = ("reorder", "login", "lens_passport", "subscription")

# SPEC §4: "Reminder, login, lens-passport and subscription messages carry a personal
# link" into the webshop. The purpose is stored with the login token so the webshop
# can open the right page (basket, account, passport, subscription).
LINK_KINDS: dict[str, str] = {
    "repurchase_reminder": "reorder",
    "repurchase_control_reminder": "reorder",
    "control_reminder": "login",
    "lens_exchange_reminder": "login",
    "webshop_login": "login",
    "lens_passport": "lens_passport",
    "subscription_confirmation": "subscription",
    "subscription_preannouncement": "subscription",
    "subscription_changed": "subscription",
    "subscription_cancelled": "subscription",
}


def topic_of(kind: str) -> str:
    """The topic a message kind belongs to; ValueError for an unknown kind."""
    try:
        return KIND_TOPIC[kind]
    except KeyError:
        raise ValueError(f"unknown message kind: {kind!r}") from None


def link_purpose(kind: str) -> str | None:
    """Purpose of the personal webshop link the kind carries, or None if it has none."""
    topic_of(kind)  # reject unknown kinds loudly
    return LINK_KINDS.get(kind)


def is_scheduled(kind: str) -> bool:
    """True if the kind waits for the send window; False if it goes out at once."""
    topic_of(kind)
    return kind in SCHEDULED_KINDS


def default_topics() -> dict[str, bool]:
    """A new customer's topic switches: all on."""
    return {topic: True for topic in TOPICS}


def with_switches(changes: dict[str, bool], current: dict[str, bool] | None = None) -> dict[str, bool]:
    """The full switch set after ``changes`` (topic → on/off, checked by the request model).

    Topics missing from ``changes`` keep their value from ``current`` (default: all on), so a
    client may send only the switches it changes.
    """
    result = default_topics()
    if current:
        result.update({t: bool(v) for t, v in current.items() if t in result})
    result.update({name: bool(value) for name, value in changes.items() if name in result})
    return result


def topic_enabled(topics: dict[str, bool] | None, kind: str) -> bool:
    """Whether the customer's switches allow ``kind``; a topic not stored counts as on."""
    return bool((topics or {}).get(topic_of(kind), True))
