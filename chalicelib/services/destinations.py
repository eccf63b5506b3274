"""The channel a message takes for this optician and customer, with the SMS destination rules.

One place for the send path, manual sends and the preview: the customer's mobile counts as
an SMS contact only when its country is in the optician's ``sms_countries`` and priced
(SPEC §9); otherwise SMS is unavailable for the customer, e-mail is used if the package
and the customer allow it, and with no channel left the reason is ``country_not_allowed``
(not ``no_contact``).
"""
from __future__ import annotations

from decimal import Decimal

from chalicelib.domain.channel import NO_CONTACT, choose_channel
from chalicelib.domain.sms_destinations import COUNTRY_NOT_ALLOWED, destination_allowed, sms_countries
from chalicelib.domain.sms_destinations import sms_cost as _sms_cost

_PREFERRED = object()


def _prices() -> dict:
    from chalicelib.config import get_config

    return get_config().sms_prices_chf


def sms_allowed(optician: dict, mobile: str | None) -> bool:
    """Whether an SMS to ``mobile`` may be handed to the provider for this optician."""
    return bool(mobile) and destination_allowed(mobile, sms_countries(optician), _prices())


def channel_for(optician: dict, customer: dict, preferred=_PREFERRED) -> tuple[str | None, str | None]:
    """(channel, None), or (None, the reason: ``no_contact`` / ``country_not_allowed``).

    ``preferred`` defaults to the customer's ``preferred_channel``.
    """
    mobile = customer.get("mobile")
    usable = mobile if sms_allowed(optician, mobile) else None
    channel = choose_channel(optician.get("package") or "silver",
                             customer.get("preferred_channel") if preferred is _PREFERRED else preferred,
                             usable, customer.get("email"), bool(customer.get("email_blocked")))
    if channel is not None:
        return channel, None
    return None, COUNTRY_NOT_ALLOWED if mobile and usable is None else NO_CONTACT


def sms_cost(parts: int, mobile: str | None) -> Decimal:
    """CHF for ``parts`` SMS parts to ``mobile`` (price per part of its country)."""
    return _sms_cost(parts, mobile, _prices())
