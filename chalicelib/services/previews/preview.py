"""``POST /messages/preview``: a message as it would be sent now, with its parts and cost.

A preview creates nothing: its personal link and unsubscribe link carry a placeholder
token of the real length (so the SMS parts and the cost are exactly those of the real
message), no history record is written and nothing is sent.

Its template data is the ``data`` given in the request, or else what the real send would
use: built from the customer's reminder, subscription, order or passport by the functions
the real sends use, and example data only when the customer has none (services/previews/preview_data.py).
"""
from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from chalicelib.domain.channel import EMAIL, SMS, allowed_channels
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import link_purpose, topic_enabled, topic_of
from chalicelib.domain.sms_destinations import COUNTRY_NOT_ALLOWED, country_of
from chalicelib.domain.sms_parts import count_parts, format_chf
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.messaging.destinations import channel_for, sms_cost
from chalicelib.services.previews.preview_data import preview_data
from chalicelib.config import get_config
from chalicelib.rendering.render import MessageContext, render_message
from chalicelib.services.links.links import PLACEHOLDER_TOKEN, placeholder_link
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.scheduling.occurrence_timing import local_today
from chalicelib.services.opticians.opticians import get_settings

if TYPE_CHECKING:
    from chalicelib.rendering.render import RenderedMessage
    from chalicelib.schemas.messages import PreviewInput


def render_with_placeholders(optician: OpticianSettings, customer: Customer, kind: str, channel: str, data: dict[str, Any] | None) -> RenderedMessage:
    """Render ``kind`` as it would go out, but with placeholder tokens (nothing is stored)."""
    link = placeholder_link(optician) if link_purpose(kind) else None
    unsubscribe_url = None
    if channel == EMAIL:
        unsubscribe_url = f"{get_config().public_api_url}/unsubscribe/{optician.id}/{PLACEHOLDER_TOKEN}"
    context = MessageContext(kind=kind, language=customer.language or optician.language,
                             optician=optician.settings(), customer=customer.addressed(), link_url=link,
                             unsubscribe_url=unsubscribe_url, data=data or {})
    return render_message(context, channel)


def preview(optician_id: str, given: PreviewInput, now: datetime | None = None) -> dict[str, Any]:
    """``{"channel", "subject"?, "html"?, "text", "parts", "cost_chf", "topic_enabled"}``."""
    kind, data = given.kind, given.data
    optician = get_settings(optician_id)
    customer = get_customer(optician_id, given.customer_id)
    channel = _channel(optician, customer, given.channel)
    if data is None:
        data = preview_data(optician, customer, kind, local_today(optician, now))
    rendered = render_with_placeholders(optician, customer, kind, channel, data)
    result = {"channel": channel, "kind": kind, "topic": topic_of(kind),
              "topic_enabled": topic_enabled(customer.topics, kind)}
    if channel == SMS:
        size = count_parts(rendered.text)
        result.update(text=rendered.text, parts=size.parts, encoding=size.encoding,
                      cost_chf=format_chf(sms_cost(size.parts, customer.mobile)))
    else:
        result.update(subject=rendered.subject, text=rendered.text, html=rendered.html, parts=0, cost_chf="0.00")
    return result


def _channel(optician: OpticianSettings, customer: Customer, requested: str | None) -> str:
    package = optician.package
    if requested is None:
        channel, unavailable = channel_for(optician, customer)
        if unavailable == COUNTRY_NOT_ALLOWED:
            raise ValidationError(_country_refused(customer), field="customer_id", code=COUNTRY_NOT_ALLOWED)
        if channel is None:
            raise ValidationError("This customer has no contact this optician can send to.", field="customer_id")
        return channel
    if requested not in allowed_channels(package):
        raise ValidationError(f"The {package} package does not send e-mail.", field="channel")
    # An explicitly requested e-mail is previewed even before the sender is verified (its design).
    if channel_for(optician, customer, requested, email_sender_ready=True)[0] != requested:
        if requested == SMS and customer.mobile:
            raise ValidationError(_country_refused(customer), field="channel", code=COUNTRY_NOT_ALLOWED)
        what = "mobile number" if requested == SMS else "usable e-mail address"
        raise ValidationError(f"This customer has no {what}.", field="channel")
    return requested


def _country_refused(customer: Customer) -> str:
    return (f"SMS to this customer's mobile number ({country_of(customer.mobile)}) are not enabled "
            "in your settings (sms_countries).")
