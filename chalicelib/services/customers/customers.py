"""Customers of an optician: create, search, change, erase; communication preferences."""
from __future__ import annotations

from chalicelib import validation as v
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.ids import new_id
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda

CUSTOMER_FIELDS = ("first_name", "last_name", "salutation", "language", "mobile", "email", "preferred_channel")
MAX_PAGE = 100
MAX_QUERY = 200


def _store():
    from chalicelib.adapters.dynamo import customers

    return customers


def _parse(body: dict, *, partial: bool) -> dict:
    body = v.require_object(body)
    v.reject_unknown(body, CUSTOMER_FIELDS + (() if partial else ("topics",)))
    parsers = {
        "first_name": lambda: v.string(body, "first_name", required=True, max_length=80),
        "last_name": lambda: v.string(body, "last_name", required=True, max_length=80),
        "salutation": lambda: v.string(body, "salutation", max_length=40),
        "language": lambda: v.language(body, default="de"),
        "mobile": lambda: v.mobile(body, "mobile"),
        "email": lambda: v.email(body, "email"),
        "preferred_channel": lambda: v.choice(body, "preferred_channel", v.CHANNELS, default="sms"),
    }
    if partial:
        return {name: parsers[name]() for name in CUSTOMER_FIELDS if name in body}
    return {name: parse() for name, parse in parsers.items()}


def _require_contact(customer: dict) -> None:
    if not customer.get("mobile") and not customer.get("email"):
        raise ValidationError("A customer needs a mobile number or an e-mail address.", field="mobile")


def create_customer(optician_id: str, body: dict) -> dict:
    from chalicelib.domain.message_kinds import default_topics, validate_topics

    fields = _parse(body, partial=False)
    _require_contact(fields)
    topics = default_topics()
    if body.get("topics") is not None:
        topics = validate_topics(body["topics"])
    return _store().create(optician_id, new_id("cus"), fields, topics)


def get_customer(optician_id: str, customer_id: str) -> dict:
    customer = _store().get(optician_id, customer_id)
    if customer is None:
        raise NotFound("No customer with this id.", field="customer_id")
    return customer


def update_customer(optician_id: str, customer_id: str, body: dict) -> dict:
    current = get_customer(optician_id, customer_id)
    fields = _parse(body, partial=True)
    for required in ("first_name", "last_name"):
        if required in fields and fields[required] is None:
            raise ValidationError(f"'{required}' cannot be removed.", field=required)
    fields = {k: (val if val is not None or k in ("salutation", "mobile", "email") else current[k])
              for k, val in fields.items()}
    _require_contact({**current, **fields})
    stored = _store().update(optician_id, customer_id, fields, current=current)
    refresh_agenda(optician_id, customer_id)  # the agenda lists the name and decides the channel
    return stored


def list_customers(optician_id: str, params: dict) -> dict:
    from chalicelib.domain.customer_search import query_words

    # Longer than any name, address or number a customer has (and a DynamoDB sort key condition is
    # limited to 1 KB): refused at the field rather than failing in the Query.
    words = query_words(v.string(params, "q", max_length=MAX_QUERY) or "")
    limit = _limit(params)
    items, cursor = _store().list_page(optician_id, words=words, limit=limit, cursor=params.get("cursor"))
    return {"items": items, "next_cursor": cursor}


def delete_customer(optician_id: str, customer_id: str) -> None:
    """Erase the customer and every item that belongs to them.

    An unknown customer answers 404 — after sweeping their partition all the same: an erasure
    that died after deleting the customer item (it goes first) is finished by the next DELETE.
    """
    try:
        get_customer(optician_id, customer_id)
    except NotFound:
        _store().erase(optician_id, customer_id)
        raise
    _store().erase(optician_id, customer_id)


def get_preferences(optician_id: str, customer_id: str) -> dict:
    customer = get_customer(optician_id, customer_id)
    return _preferences(customer)


def replace_preferences(optician_id: str, customer_id: str, body: dict) -> dict:
    from chalicelib.domain.message_kinds import validate_topics

    current = get_customer(optician_id, customer_id)
    body = v.require_object(body)
    v.reject_unknown(body, ("topics", "preferred_channel"))
    # Switches left out keep their value: a client may send only what it changes.
    raw_topics = body.get("topics")
    topics = validate_topics({} if raw_topics is None else raw_topics, current["topics"])
    fields = {}
    channel = v.choice(body, "preferred_channel", v.CHANNELS)
    if channel:
        fields["preferred_channel"] = channel
    # Only the switches sent are written (each on its own path): a concurrent change of another
    # one (a one-click unsubscribe) stays; an erased customer answers 404, never comes back.
    changed = {name: topics[name] for name in (raw_topics or {})}
    stored = _store().update(optician_id, customer_id, fields, topics=changed, current=current)
    refresh_agenda(optician_id, customer_id)  # topics and channel decide what the agenda shows held
    return _preferences(stored)


def _preferences(customer: dict) -> dict:
    return {"topics": customer["topics"], "preferred_channel": customer["preferred_channel"]}


def _limit(params: dict) -> int:
    return v.page_limit(params, default=25, maximum=MAX_PAGE)
