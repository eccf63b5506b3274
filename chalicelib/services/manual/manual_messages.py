"""Manual sends (seed: "Login senden", "Web App Installation senden", "Linsenpass senden").

``POST /customers/{id}/messages`` with ``{"kind": "webshop_login" | "webapp_install" |
"lens_passport"}`` sends at once through the one send path and answers 201 with the
history record (status ``sent``, or ``failed`` with the reason, e.g. ``invalid_number``).

Refused before anything is recorded:
- 429 ``rate_limited`` (with ``Retry-After``) for a second identical send — same customer, kind
  and contact — within the ``manual_sends`` window (5 minutes by default);
- 409 ``topic_off`` when the customer switched the kind's topic off;
- 429 ``limit_reached`` when the SMS would take the month beyond the optician's
  ``sms_monthly_limit_chf`` (checked atomically with the usage counter, in the claim);
- 422 ``country_not_allowed`` (field ``mobile``) when the message would be an SMS to a number
  outside the optician's ``sms_countries`` and no e-mail can take its place;
- 422 when the optician lacks a setting the kind needs (``settings.webshop_url``,
  ``settings.webapp_url``) or there is no lens passport to send.
An ``Idempotency-Key`` header makes a retried request (double click, network retry)
send once: the same key answers with the first request's record.
"""
from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING, Any

from chalicelib.domain.channel import SMS
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import Conflict, DomainError, TooManyRequests, ValidationError
from chalicelib.domain.message_kinds import topic_enabled, topic_of
from chalicelib.domain.sms_destinations import COUNTRY_NOT_ALLOWED, country_of
from chalicelib.domain.spend_limit import LIMIT_REACHED, limit_message
from chalicelib.ids import new_id
from chalicelib.services.messaging.destinations import channel_for
from chalicelib.services.wiring import stores
from chalicelib.services.limits import rate_limits
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.previews.preview import render_with_placeholders
from chalicelib.services.previews.preview_data import message_data
from chalicelib.services.messaging.send import SendInProgress, SpendLimitReached, TransientSendError, send_message

if TYPE_CHECKING:
    from chalicelib.schemas.messages import ManualSendInput

_KEY = re.compile(r"[A-Za-z0-9_.:-]{8,100}")


class ProviderUnavailable(DomainError):
    """The SMS/e-mail provider is unavailable right now; nothing was sent (503)."""

    status = 503
    code = "provider_unavailable"


def _limit_identical_sends(optician_id: str, customer: Customer, kind: str, channel: str | None, key: str,
                           idempotency_key: str | None, now: float) -> str | None:
    """429 for a second identical send (same customer, kind and contact) within the ``manual_sends``
    window: a double click or an impatient second try. A retry under the same ``Idempotency-Key``
    is not a second send (it answers the first record). The subject counted, to give it back if
    nothing is sent after all."""
    if idempotency_key is not None and stores().messages.get_claim(optician_id, customer.id, key) is not None:
        return None
    contact = customer.contact(channel)
    # Hashed, customer id included: the counter (kept until its TTL) names no customer, so an erased
    # customer's id is found nowhere.
    subject = rate_limits.digest(optician_id, customer.id, kind, channel, contact)
    rate_limits.hit("manual_sends", subject, now)
    return subject


def send_manual(optician_id: str, customer_id: str, given: ManualSendInput,
                idempotency_key: str | None = None) -> dict[str, Any]:
    """Send a manual message now; the history record."""
    kind = given.kind
    if idempotency_key is not None and not _KEY.fullmatch(idempotency_key):
        raise ValidationError("'Idempotency-Key' must be 8–100 characters of A–Z a–z 0–9 _ . : -.",
                              field="Idempotency-Key")
    optician = get_settings(optician_id)
    customer = get_customer(optician_id, customer_id)
    topic = topic_of(kind)
    if not topic_enabled(customer.topics, kind):
        raise Conflict(f"The customer has switched off messages on the topic '{topic}', so this message "
                       "cannot be sent. Switch the topic on in the customer's preferences first.",
                       field="kind", code="topic_off")
    data = message_data(optician_id, customer_id, kind)
    channel, unavailable = channel_for(optician, customer)
    if unavailable == COUNTRY_NOT_ALLOWED:
        raise ValidationError(
            f"SMS to this customer's mobile number ({country_of(customer.mobile)}) are not enabled: "
            f"your settings allow SMS to {', '.join(optician.sms_countries)} only (sms_countries).",
            field="mobile", code=COUNTRY_NOT_ALLOWED)
    # Refuse with 422 what the optician has not set up, before anything is recorded.
    render_with_placeholders(optician, customer, kind, channel or SMS, data)
    key = f"manual#{kind}#{idempotency_key or new_id('man')}"
    started = time.time()
    counted = _limit_identical_sends(optician_id, customer, kind, channel, key, idempotency_key, started)
    try:
        return send_message(optician, customer, kind, trigger="manual", idempotency_key=key, data=data)
    except (TransientSendError, SendInProgress, SpendLimitReached) as exc:
        if counted is not None:  # nothing was sent: trying again is no second send

            rate_limits.give_back("manual_sends", counted, started)
        if isinstance(exc, TransientSendError):
            raise ProviderUnavailable("The SMS/e-mail provider is unavailable right now; nothing was sent. "
                                      "Please try again in a minute.") from None
        if isinstance(exc, SendInProgress):
            raise Conflict("This message is being sent right now.", code="in_progress") from None
        raise TooManyRequests(limit_message(exc.limit), code=LIMIT_REACHED) from None
