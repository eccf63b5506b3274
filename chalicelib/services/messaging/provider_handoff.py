"""Handing a rendered message to the provider: SNS for SMS, SES for e-mail (SPEC §4).

The send path (services/messaging/send.py) decides whether and what to send and records it; this
module only builds the provider call in the optician's name: the SMS sender ID and type,
the e-mail's From, Reply-To, one-click unsubscribe headers and the tags SES feedback is
matched by.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib.domain.channel import SMS
from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.outgoing_email import OutgoingEmail
from chalicelib.services.wiring import stores
from chalicelib.config import get_config
from chalicelib.services.messaging.delivery_feedback import message_tags

if TYPE_CHECKING:
    from chalicelib.services.messaging.message_content import Rendered

# Every kind is one the customer expects from their optician (docs/messaging.md, "SMS type").
SMS_TYPE = "Transactional"


def deliver(optician: OpticianSettings, customer: Customer, channel: str, to: str, message_sk: str,
            rendered: Rendered) -> str:
    """Send ``rendered`` to ``to`` through the wiring's SMS or e-mail provider; the
    provider's message id. Raises TransientSendError / PermanentSendError (domain/errors.py).
    """
    if channel == SMS:
        return stores().sms.send_sms(to, rendered.text, optician.sender_name, SMS_TYPE)

    adapter = stores().email
    headers = {}
    if rendered.unsubscribe_url:
        headers = {"List-Unsubscribe": f"<{rendered.unsubscribe_url}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    if not optician.email_from:  # e-mail is a gold package's, and gold settings require the address
        raise ValueError("an e-mail needs the optician's email_from")
    message = OutgoingEmail(
        from_name=optician.name or optician.sender_name, from_address=optician.email_from,
        to=to, subject=rendered.subject or "", text=rendered.text, html=rendered.html or "",
        reply_to=optician.reply_to, headers=headers,
        tags=message_tags(optician.id, customer.id, message_sk))
    return adapter.send_email(message, get_config().ses_configuration_set)
