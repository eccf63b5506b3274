"""Models and operations: customers, their communication preferences and their data export (SPEC §9).

Customer bodies keep their ``null``s (``decode(..., null_is_missing=False)``): in a PATCH, ``null``
removes `salutation`, `mobile` or `email`, and a topic switch that is ``null`` is refused, as it
always was. Trimming, control characters, lengths after trimming, the mobile number (E.164) and the
e-mail address stay checks of the service.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, Literal

from msgspec import UNSET, Meta, UnsetType, defstruct

from chalicelib.domain.message_kinds import TOPICS
from chalicelib.schemas.base import Instant, Model, Operation, Query
from chalicelib.schemas.messages import Message
from chalicelib.schemas.control_reminders import ControlReminder
from chalicelib.schemas.lens_exchange_reminders import LensExchangeReminder
from chalicelib.schemas.orders import Order
from chalicelib.schemas.passports import LensPassport
from chalicelib.schemas.repurchase_reminders import RepurchaseReminder
from chalicelib.schemas.subscriptions import Subscription

Language = Literal["de", "fr", "it", "en"]
Channel = Literal["sms", "email"]
Mobile = Annotated[str, Meta(examples=["079 123 45 67"],
                             description="Any usual format, Swiss numbers without the country code; stored in E.164")]

_SWITCHES = "The customer's topic switches (SPEC §3): a topic that is off (false) gets no message of its kinds."
# One field per topic of domain/message_kinds.py: a new topic is part of the document at once.
if TYPE_CHECKING:
    Topics = Any
    TopicSwitches = Any
else:
    Topics = defstruct("Topics", [(topic, bool) for topic in TOPICS], bases=(Model,), kw_only=True)
    Topics.__doc__ = _SWITCHES
    TopicSwitches = defstruct("TopicSwitches", [(topic, bool | UnsetType, UNSET) for topic in TOPICS],
                              bases=(Model,), kw_only=True)
    TopicSwitches.__doc__ = "Switches to set; those left out keep their value (all on for a new customer)."


class CustomerInput(Model):
    """A new customer. Besides `first_name` and `last_name`, a `mobile` or an `email` is required
    (422 `invalid_field`, field `mobile`, without either). Unknown fields are refused."""

    first_name: Annotated[str, Meta(description="At most 80 characters")]
    last_name: Annotated[str, Meta(description="At most 80 characters")]
    salutation: str | None = None
    language: Annotated[Language | None, Meta(description="Default: de")] = None
    mobile: Mobile | None = None
    email: str | None = None
    preferred_channel: Annotated[Channel | None, Meta(description="Default: sms")] = None
    topics: TopicSwitches | None = None


class CustomerPatch(Model):
    """The fields to change; others keep their value. `salutation`, `mobile` and `email` can be
    removed with null, but not both mobile and e-mail. Topics change through
    PUT /customers/{customer_id}/preferences. Unknown fields are refused."""

    first_name: str | None | UnsetType = UNSET
    last_name: str | None | UnsetType = UNSET
    salutation: str | None | UnsetType = UNSET
    language: Language | None | UnsetType = UNSET
    mobile: Mobile | None | UnsetType = UNSET
    email: str | None | UnsetType = UNSET
    preferred_channel: Channel | None | UnsetType = UNSET


class Customer(Model):
    id: str
    first_name: str
    last_name: str
    salutation: str | None
    language: Language
    mobile: Mobile | None
    email: str | None
    preferred_channel: Channel
    topics: Topics
    email_blocked: Annotated[bool, Meta(description="E-mails to the address bounced or were reported as spam")]
    email_blocked_reason: str | None
    created_at: Instant
    updated_at: Instant


class CustomerList(Model):
    items: list[Customer]
    next_cursor: str | None


class CustomerQuery(Query):
    q: Annotated[str, Meta(
        max_length=200,
        description="Search (from the customer search index, docs/data-model.md): each word must begin one of a "
                    "customer's names (case and accents ignored, \"mul\" and \"mueller\" find Müller), their e-mail "
                    "address or its parts, or their mobile number (a phone-like query in any usual format: "
                    "\"079 123\", \"+41 79 123\"). Found customers come in the order of the key they matched; "
                    "without q, all customers, oldest first.")] | None = None
    limit: Annotated[int, Meta(ge=1, le=100)] = 25
    cursor: str | None = None


class Preferences(Model):
    topics: Topics
    preferred_channel: Channel


class PreferencesInput(Model):
    """Switches left out keep their value; so does the channel."""

    topics: TopicSwitches | None = None
    preferred_channel: Channel | None = None


class CustomerExport(Model):
    """Everything stored about one customer (GDPR art. 15/20, Swiss nDSG): each part in the shape of
    its own route. Erasure (DELETE /customers/{customer_id}) removes exactly this, with the technical
    items (claims, link token hashes, webhook events, pointers) that refer to it."""

    format: Literal["kontakt.customer-export/1"]
    exported_at: Instant
    customer: Customer
    preferences: Preferences
    lens_passports: list[LensPassport]
    repurchase_reminders: list[RepurchaseReminder]
    control_reminders: list[ControlReminder]
    lens_exchange_reminders: list[LensExchangeReminder]
    subscriptions: list[Subscription]
    orders: list[Order]
    messages: Annotated[list[Message], Meta(description="The whole history, newest first, with the texts as sent")]


_TAGS = ("customers",)
_ONE = "/customers/{customer_id}"
OPERATIONS = [
    Operation("GET", "/customers", "List customers (paged; ?q= searches name, mobile, e-mail)", _TAGS,
              query=CustomerQuery, response=CustomerList),
    Operation("POST", "/customers", "Create a customer", _TAGS, body=CustomerInput, response=Customer, status=201),
    Operation("GET", _ONE, "A customer", _TAGS, response=Customer),
    Operation("PATCH", _ONE, "Change a customer", _TAGS, body=CustomerPatch, response=Customer),
    Operation("DELETE", _ONE, "Erase the customer and everything that belongs to them", _TAGS, status=204),
    Operation("GET", _ONE + "/export", "Everything stored about the customer, as one JSON document (SPEC §9)", _TAGS,
              response=CustomerExport, response_text="The export", errors=(401, 403),
              error_texts={404: "No such customer (also another optician's)"}),
    Operation("GET", _ONE + "/preferences", "Communication preferences", _TAGS, response=Preferences),
    Operation("PUT", _ONE + "/preferences", "Replace communication preferences", _TAGS, body=PreferencesInput,
              response=Preferences),
]
