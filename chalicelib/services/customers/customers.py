"""Customers of an optician: create, search, change, erase; communication preferences."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import validation as v
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound, ValidationError
from chalicelib.ids import new_id
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.wiring import stores
from chalicelib.domain.message_kinds import with_switches
from chalicelib.domain.customer_search import query_words

if TYPE_CHECKING:
    from chalicelib.schemas.customers import CustomerInput, CustomerPatch, CustomerQuery, PreferencesInput

MAX_QUERY = 200
_TEXTS = {"first_name": 80, "last_name": 80, "salutation": 40}  # longest after trimming
_DEFAULTS = {"language": "de", "preferred_channel": "sms"}


def _checked(name: str, value: object) -> object:
    """A decoded field's value as stored: texts trimmed and checked, the mobile number in E.164,
    the e-mail address normalised; None for an empty text (and for ``None``)."""
    if name in _TEXTS:
        return v.text(value, name, required=name in ("first_name", "last_name"), max_length=_TEXTS[name])
    if name == "mobile":
        return v.mobile_number(value, name)
    if name == "email":
        return v.email_address(value, name)
    return value


def present(customer: Customer) -> dict[str, Any]:
    """API shape of a customer (``Customer`` in chalicelib/schemas/customers.py)."""
    return customer.shown()


def _require_contact(fields: dict[str, Any]) -> None:
    if not fields.get("mobile") and not fields.get("email"):
        raise ValidationError("A customer needs a mobile number or an e-mail address.", field="mobile")


def create_customer(optician_id: str, given: CustomerInput) -> Customer:
    """Store a new customer (201); 422 naming the field for a bad value or without any contact."""
    fields: dict[str, Any] = {name: _checked(name, value) for name, value in given.given().items() if name != "topics"}
    fields.update({name: default for name, default in _DEFAULTS.items() if fields[name] is None})
    _require_contact(fields)
    topics = with_switches(given.topics.given() if given.topics is not None else {})
    return stores().customers.create(optician_id, Customer(id=new_id("cus"), **fields, topics=topics))


def get_customer(optician_id: str, customer_id: str) -> Customer:
    customer = stores().customers.get(optician_id, customer_id)
    if customer is None:
        raise NotFound("No customer with this id.", field="customer_id")
    return customer


def update_customer(optician_id: str, customer_id: str, given: CustomerPatch) -> Customer:
    """Change the fields ``given`` sets: null removes `salutation`, `mobile` or `email` and keeps
    `language` and `preferred_channel`; names cannot be removed, nor both ways of contact."""
    current = get_customer(optician_id, customer_id)
    stored_fields = current.profile()
    fields = {}
    for name, value in given.given().items():
        if value is None and name in ("first_name", "last_name"):
            raise ValidationError(f"'{name}' cannot be removed.", field=name)
        fields[name] = stored_fields[name] if value is None and name in _DEFAULTS else _checked(name, value)
    _require_contact({**stored_fields, **fields})
    stored = stores().customers.update(optician_id, customer_id, fields, current=current)
    refresh_agenda(optician_id, customer_id)  # the agenda lists the name and decides the channel
    return stored


def list_customers(optician_id: str, query: CustomerQuery) -> tuple[list[Customer], str | None]:
    """A page of the optician's customers, those the words of ``query.q`` find if given, and the
    cursor of the next page."""
    # Longer than any name, address or number a customer has (and a DynamoDB sort key condition is
    # limited to 1 KB): refused at the field rather than failing in the Query.
    words = query_words(v.text(query.q, "q", max_length=MAX_QUERY) or "")
    return stores().customers.list_page(optician_id, words=words, limit=query.limit, cursor=query.cursor)


def present_page(page: tuple[list[Customer], str | None]) -> dict[str, Any]:
    """API shape of a page of customers (``CustomerList``)."""
    items, cursor = page
    return {"items": [present(customer) for customer in items], "next_cursor": cursor}


def delete_customer(optician_id: str, customer_id: str) -> None:
    """Erase the customer and every item that belongs to them.

    An unknown customer answers 404 — after sweeping their partition all the same: an erasure
    that died after deleting the customer item (it goes first) is finished by the next DELETE.
    """
    try:
        get_customer(optician_id, customer_id)
    except NotFound:
        stores().customers.erase(optician_id, customer_id)
        raise
    stores().customers.erase(optician_id, customer_id)


def get_preferences(optician_id: str, customer_id: str) -> dict[str, Any]:
    """The customer's communication preferences in the API's shape (``Preferences``)."""
    return get_customer(optician_id, customer_id).preferences()


def replace_preferences(optician_id: str, customer_id: str, given: PreferencesInput) -> dict[str, Any]:
    """PUT /customers/{id}/preferences: the switches and channel ``given`` sets; the rest stays."""
    return set_preferences(optician_id, customer_id, given.topics.given() if given.topics is not None else {},
                           given.preferred_channel)


def set_preferences(optician_id: str, customer_id: str, switches: dict[str, bool],
                    channel: str | None = None) -> dict[str, Any]:
    """Set the topic ``switches`` (topic → on/off) and, if given, the preferred channel."""
    current = get_customer(optician_id, customer_id)
    fields = {"preferred_channel": channel} if channel else {}
    # Only the switches sent are written (each on its own path): a concurrent change of another
    # one (a one-click unsubscribe) stays; an erased customer answers 404, never comes back.
    stored = stores().customers.update(optician_id, customer_id, fields, topics=dict(switches), current=current)
    refresh_agenda(optician_id, customer_id)  # topics and channel decide what the agenda shows held
    return stored.preferences()
