"""The channel a message takes for this optician and customer, with the SMS destination rules.

One place for the send path, manual sends and the preview: the customer's mobile counts as
an SMS contact only when its country is in the optician's ``sms_countries`` and priced
(SPEC §9); otherwise SMS is unavailable for the customer, e-mail is used if the package
and the customer allow it, and with no channel left the reason is ``country_not_allowed``
(not ``no_contact``).
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any

from chalicelib.domain.channel import NO_CONTACT, SENDER_NOT_VERIFIED, choose_channel, not_sent_reason
from chalicelib.domain.customer import Customer
from chalicelib.domain.sms_destinations import COUNTRY_NOT_ALLOWED, destination_allowed, sms_cost as _sms_cost
from chalicelib.domain.optician import OpticianSettings
from chalicelib.config import get_config
from chalicelib.services.opticians.email_sender import ready

_PREFERRED: Any = object()  # "the customer's own preferred channel" (None is a choice: no preference)


def _prices() -> dict[str, Any]:
    return get_config().sms_prices_chf


def sms_allowed(optician: OpticianSettings, mobile: str | None) -> bool:
    """Whether an SMS to ``mobile`` may be handed to the provider for this optician."""
    return bool(mobile) and destination_allowed(mobile, optician.sms_countries, _prices())


def channel_for(optician: OpticianSettings, customer: Customer, preferred: str | None = _PREFERRED,
                email_sender_ready: bool | None = None) -> tuple[str | None, str | None]:
    """(channel, None), or (None, the reason: ``sender_not_verified`` / ``country_not_allowed`` /
    ``no_contact``).

    ``preferred`` defaults to the customer's ``preferred_channel``. While the optician's e-mail
    sender is not verified, e-mail is unavailable (SPEC §8; ``email_sender_ready`` None: ask
    services/opticians/email_sender.py); a message only e-mail could carry is ``sender_not_verified``.
    """
    if email_sender_ready is None:
        email_sender_ready = ready(optician)
    mobile = customer.mobile
    usable = mobile if sms_allowed(optician, mobile) else None
    contact = (optician.package,
               customer.preferred_channel if preferred is _PREFERRED else preferred,
               usable, customer.email, bool(customer.email_blocked))
    channel = choose_channel(*contact, email_sender_ready=email_sender_ready)
    if channel is not None:
        return channel, None
    if not email_sender_ready and not_sent_reason(*contact) == SENDER_NOT_VERIFIED:
        return None, SENDER_NOT_VERIFIED
    return None, COUNTRY_NOT_ALLOWED if mobile and usable is None else NO_CONTACT


def sms_cost(parts: int, mobile: str | None) -> Decimal:
    """CHF for ``parts`` SMS parts to ``mobile`` (price per part of its country)."""
    return _sms_cost(parts, mobile, _prices())
