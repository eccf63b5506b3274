"""What goes out in the next days (SPEC §10, ``GET /agenda``): pure rules, no storage.

An entry is a scheduled item's pending occurrence (a reminder, a subscription's
pre-announcement or order day) with the instant it becomes due. Whether it would be held
is decided as the send path would decide it now: the topic switched off, a repurchase
reminder covered by an active subscription, no contact on an allowed channel (the mobile's
country not among the optician's SMS countries, the e-mail sender not verified yet), or an
instant outside the optician's current send window (it then waits for the next window).
"""
from __future__ import annotations

import json
from typing import Any

from chalicelib.domain.channel import SENDER_NOT_VERIFIED, choose_channel, not_sent_reason
from chalicelib.domain.customer import Customer
from chalicelib.domain.message_kinds import topic_enabled
from chalicelib.domain.sms_destinations import COUNTRY_NOT_ALLOWED, country_of

DEFAULT_DAYS = 14
MAX_DAYS = 60
DEFAULT_LIMIT = 100
MAX_LIMIT = 200

# sort-key prefix of the scheduled item -> agenda kind
REMINDER_KINDS = {
    "REMINDER#repurchase#": "repurchase_reminder",
    "REMINDER#control#": "control_reminder",
    "REMINDER#lens_exchange#": "lens_exchange_reminder",
}
SUBSCRIPTION_PREFIX = "SUBSCRIPTION#"
SUBSCRIPTION_ORDER = "subscription_order"  # the order day: the order is placed and confirmed
# the message an agenda kind sends (for its topic and channel)
MESSAGE_KIND = {SUBSCRIPTION_ORDER: "order_confirmation"}

TOPIC_OFF, SUBSCRIPTION, NO_CONTACT, OUTSIDE_WINDOW = "topic_off", "subscription", "no_contact", "outside_send_window"
HOLD_REASONS = (TOPIC_OFF, SUBSCRIPTION, NO_CONTACT, SENDER_NOT_VERIFIED, COUNTRY_NOT_ALLOWED, OUTSIDE_WINDOW)


def entry_kind(sk: str, phase: str | None) -> str | None:
    """The agenda kind of a scheduled item (``phase``: a subscription occurrence's); None if unknown."""
    for prefix, kind in REMINDER_KINDS.items():
        if sk.startswith(prefix):
            return kind
    if sk.startswith(SUBSCRIPTION_PREFIX):
        return "subscription_preannouncement" if phase == "preannouncement" else SUBSCRIPTION_ORDER
    return None


def message_kind(kind: str) -> str:
    """The message an entry of ``kind`` would send."""
    return MESSAGE_KIND.get(kind, kind)


def hold_reason(*, topic_on: bool, covered_by_subscription: bool, channel: str | None,
                window_open: bool, no_channel_reason: str = NO_CONTACT) -> str | None:
    """Why the entry would not go out as listed (the first that applies), or None.

    ``no_channel_reason``: why there is no channel (``no_contact``, ``sender_not_verified``,
    ``country_not_allowed``), as the send path would record it."""
    if not topic_on:
        return TOPIC_OFF
    if covered_by_subscription:
        return SUBSCRIPTION
    if channel is None:
        return no_channel_reason
    if not window_open:
        return OUTSIDE_WINDOW
    return None


def customer_facts(customer: Customer, *, subscribed: bool) -> dict[str, Any]:
    """What an agenda entry needs of its customer, as stored on each of their scheduled items
    (``agenda_facts``): the name, the channel inputs and topics, and whether an active
    subscription covers them. Contacts only as "has one": no phone number or address is
    copied into the index."""
    return {
        "name": " ".join(p for p in (customer.first_name, customer.last_name) if p),
        "preferred_channel": customer.preferred_channel,
        "mobile": bool((customer.mobile or "").strip()),
        # the country only (not the number): whether the optician's SMS countries reach it
        "mobile_country": country_of((customer.mobile or "").strip() or None),
        "email": bool((customer.email or "").strip()),
        "email_blocked": bool(customer.email_blocked),
        "topics": {name: bool(on) for name, on in sorted((customer.topics or {}).items())},
        "subscribed": bool(subscribed),
    }


def encode_facts(facts: dict[str, Any]) -> str:
    """The stored form: canonical JSON, so an unchanged customer compares equal and is not rewritten."""
    return json.dumps(facts, sort_keys=True, separators=(",", ":"))


def decode_facts(stored: str | None) -> dict[str, Any] | None:
    """The facts of a stored item, or None (scheduled before they were kept, or unreadable)."""
    if not stored:
        return None
    try:
        facts = json.loads(stored)
    except ValueError:
        return None
    return facts if isinstance(facts, dict) and "name" in facts else None


def decide(kind: str, facts: dict[str, Any], *, package: str, window_open: bool, email_sender_ready: bool = True,
           sms_countries: frozenset[str] | None = None) -> tuple[str | None, str | None]:
    """(the channel the entry would use now, why it would be held or None), as the send path decides.

    ``sms_countries``: the countries an SMS may go to (allowed by the optician and priced); None:
    any. Facts stored before the mobile's country was kept count as reachable."""
    has_mobile = bool(facts.get("mobile"))
    country = facts.get("mobile_country", "")
    reachable = has_mobile and (sms_countries is None or country == "" or country in sms_countries)
    # choose_channel needs only whether a contact exists; placeholders stand for the stored "has one".
    contact = (package, facts.get("preferred_channel"), "x" if reachable else None,
               "x" if facts.get("email") else None, bool(facts.get("email_blocked")))
    channel = choose_channel(*contact, email_sender_ready=email_sender_ready)
    no_channel = NO_CONTACT
    if channel is None:
        if not email_sender_ready and not_sent_reason(*contact) == SENDER_NOT_VERIFIED:
            no_channel = SENDER_NOT_VERIFIED
        elif has_mobile and not reachable:
            no_channel = COUNTRY_NOT_ALLOWED
    reason = hold_reason(topic_on=topic_enabled(facts.get("topics"), message_kind(kind)),
                         covered_by_subscription=kind == "repurchase_reminder" and bool(facts.get("subscribed")),
                         channel=channel, window_open=window_open, no_channel_reason=no_channel)
    return channel, reason
