"""SMS through Amazon SNS: one direct ``Publish`` to a phone number per message.

Sender ID and SMS type are set on each message (``AWS.SNS.SMS.SenderID``,
``AWS.SNS.SMS.SMSType`` message attributes), never with the account-wide
``SetSMSAttributes``: each optician sends under its own name.

The client does not retry by itself: a retry after a read timeout could deliver the SMS
twice. Errors are classified (``provider_errors``) and the send path decides.
"""
from __future__ import annotations

import functools

from chalicelib.adapters.provider_errors import PermanentSendError, TransientSendError, classify
from chalicelib.config import get_config

SMS_TYPES = ("Transactional", "Promotional")

_PERMANENT = {
    "InvalidParameter": "invalid_number",
    "InvalidParameterValue": "invalid_number",
    "ValidationException": "invalid_number",
    "OptedOut": "opted_out",
    "OptedOutException": "opted_out",
    "AuthorizationError": "provider_rejected",
    "InvalidSecurity": "provider_rejected",
}


@functools.cache
def get_sns_client():
    """The SNS client of this process (created on first use: boto3 is slow to import)."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"total_max_attempts": 1}, connect_timeout=3, read_timeout=10)
    return boto3.client("sns", region_name=get_config().region, config=config)


def send_sms(to: str, text: str, sender_id: str, sms_type: str = "Transactional") -> str:
    """Send ``text`` to the E.164 number ``to`` under ``sender_id``; the provider's message id.

    Raises TransientSendError (nothing sent, retry later) or PermanentSendError.
    """
    if sms_type not in SMS_TYPES:
        raise ValueError(f"unknown SMS type {sms_type!r}")
    attributes = {
        "AWS.SNS.SMS.SenderID": {"DataType": "String", "StringValue": sender_id},
        "AWS.SNS.SMS.SMSType": {"DataType": "String", "StringValue": sms_type},
    }
    try:
        response = get_sns_client().publish(PhoneNumber=to, Message=text, MessageAttributes=attributes)
    except Exception as exc:  # noqa: BLE001 - sorted into transient / permanent below
        error = classify(exc, _PERMANENT, "provider_rejected")
        if isinstance(error, PermanentSendError) and error.reason == "invalid_number" and _opted_out(exc):
            error = PermanentSendError("opted_out", error.detail)
        if error is exc:
            raise
        raise error from None
    return response["MessageId"]


def _opted_out(exc: Exception) -> bool:
    """SNS reports an opted-out number as InvalidParameter; only its message tells them apart."""
    message = str(getattr(exc, "response", {}).get("Error", {}).get("Message", ""))
    return "opted out" in message.lower()


__all__ = ["send_sms", "get_sns_client", "TransientSendError", "PermanentSendError", "SMS_TYPES"]
