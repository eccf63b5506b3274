"""E-mail through Amazon SES: ``SendRawEmail`` with a MIME message we build ourselves.

Raw MIME lets each e-mail carry the headers the simple API cannot set: ``Reply-To`` of
the optician, ``List-Unsubscribe`` + ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``
(RFC 8058) for the message's topic. The configuration set publishes bounces and
complaints to SNS; the message tags let that feedback find the history record.

Production needs each optician's sending domain (or address) verified in SES (DKIM);
local mode and the tests verify the address in the emulator.
"""
from __future__ import annotations

import functools
import re
from email import policy
from email.message import EmailMessage
from email.utils import formataddr, formatdate

from chalicelib.adapters.provider_errors import PermanentSendError, TransientSendError, classify
from chalicelib.config import get_config
from chalicelib.domain.outgoing_email import OutgoingEmail

_PERMANENT = {
    "MessageRejected": "rejected",
    "InvalidParameterValue": "invalid_address",
    "MailFromDomainNotVerifiedException": "sender_not_verified",
    "MailFromDomainNotVerified": "sender_not_verified",
    "ConfigurationSetDoesNotExist": "provider_rejected",
    "ConfigurationSetDoesNotExistException": "provider_rejected",
}
# SES tag values: ASCII letters, digits, _ - . @ (at most 256 characters).
_TAG_UNSAFE = re.compile(r"[^A-Za-z0-9_.@-]")


@functools.cache
def get_ses_client():
    """The SES client of this process (created on first use; no automatic retries)."""
    import boto3
    from botocore.config import Config

    config = Config(retries={"total_max_attempts": 1}, connect_timeout=3, read_timeout=10)
    return boto3.client("ses", region_name=get_config().region, config=config)


def from_header(name: str, address: str) -> str:
    """``Optik Müller <kontakt@optik-mueller.ch>`` with the name encoded for mail headers."""
    # One line whatever was stored: a line break in a header would make the whole message unsendable.
    return formataddr((" ".join(name.split()), address))


def build_mime(message: OutgoingEmail) -> bytes:
    """The raw RFC 5322 message: multipart/alternative, plain text first, then HTML."""
    mime = EmailMessage(policy=policy.SMTP)
    mime["From"] = from_header(message.from_name, message.from_address)
    mime["To"] = message.to
    if message.reply_to:
        mime["Reply-To"] = message.reply_to
    mime["Subject"] = message.subject
    mime["Date"] = formatdate(usegmt=True)
    # Quoted-printable keeps the message 7-bit clean, as SES wants it.
    mime.set_content(message.text, charset="utf-8", cte="quoted-printable")
    mime.add_alternative(message.html, subtype="html", charset="utf-8", cte="quoted-printable")
    return _verbatim_headers(message.headers) + mime.as_bytes()


def _verbatim_headers(headers: dict[str, str]) -> bytes:
    """Extra headers exactly as given: the email package would fold a long
    ``List-Unsubscribe: <https://...>`` into RFC 2047 encoded words, which mail clients
    do not read as a URL. Values must be ASCII on one line (at most 998 characters)."""
    lines = []
    for name, value in headers.items():
        if not re.fullmatch(r"[A-Za-z0-9-]+", name) or not re.fullmatch(r"[\x20-\x7e]{1,990}", value):
            raise ValueError(f"header {name!r} must be printable ASCII on one line")
        lines.append(f"{name}: {value}\r\n")
    return "".join(lines).encode("ascii")


def tag_value(value: str) -> str:
    """A value SES accepts as a message tag (unsafe characters replaced)."""
    return _TAG_UNSAFE.sub("_", value)[:256] or "_"


def send_email(message: OutgoingEmail, configuration_set: str | None = None) -> str:
    """Send ``message``; the SES message id. Raises TransientSendError or PermanentSendError."""
    kwargs = {
        "Source": from_header(message.from_name, message.from_address),
        "Destinations": [message.to],
        "RawMessage": {"Data": build_mime(message)},
        "Tags": [{"Name": name, "Value": tag_value(value)} for name, value in message.tags.items()],
    }
    if configuration_set:
        kwargs["ConfigurationSetName"] = configuration_set
    try:
        response = get_ses_client().send_raw_email(**kwargs)
    except Exception as exc:  # noqa: BLE001 - sorted into transient / permanent below
        error = classify(exc, _PERMANENT, "provider_rejected")
        if error is exc:
            raise
        raise error from None
    return response["MessageId"]


__all__ = ["OutgoingEmail", "send_email", "build_mime", "get_ses_client", "TransientSendError",
           "PermanentSendError"]
