"""Which channel a message goes out on (SPEC §4).

The customer's ``preferred_channel`` if the optician's package allows it and the
customer has that contact; otherwise the other allowed channel; otherwise none, and the
caller records the message ``failed`` with reason ``no_contact``.
"""
from __future__ import annotations

from chalicelib.domain.errors import ValidationError

SMS = "sms"
EMAIL = "email"
CHANNELS: tuple[str, ...] = (SMS, EMAIL)

# Silver is SMS only; gold adds e-mail.
PACKAGE_CHANNELS: dict[str, tuple[str, ...]] = {
    "silver": (SMS,),
    "gold": (SMS, EMAIL),
}
PACKAGES: tuple[str, ...] = tuple(PACKAGE_CHANNELS)

NO_CONTACT = "no_contact"
SENDER_NOT_VERIFIED = "sender_not_verified"


def allowed_channels(package: str) -> tuple[str, ...]:
    """Channels the optician's package allows, SMS first."""
    try:
        return PACKAGE_CHANNELS[package]
    except KeyError:
        raise ValidationError(
            f"package must be one of: {', '.join(PACKAGES)}", field="package"
        ) from None


def validate_channel(value: object, field: str = "preferred_channel") -> str:
    """Check a channel given in a request: ``sms`` or ``email``."""
    if not isinstance(value, str) or value not in CHANNELS:
        raise ValidationError(f"must be one of: {', '.join(CHANNELS)}", field=field)
    return value


def _has_contact(channel: str, mobile: str | None, email: str | None, email_blocked: bool) -> bool:
    if channel == SMS:
        return bool(mobile and mobile.strip())
    # A bounced or complained address must not be written to again.
    return bool(email and email.strip()) and not email_blocked


def choose_channel(
    package: str,
    preferred: str | None,
    mobile: str | None,
    email: str | None,
    email_blocked: bool = False,
    email_sender_ready: bool = True,
) -> str | None:
    """The channel to send on, or None when no allowed channel has a contact.

    ``preferred`` None means no preference: the package's channels in order (SMS first).
    ``email_blocked`` marks an address that bounced or complained; it counts as no e-mail.
    ``email_sender_ready`` False (the optician's sender domain is not verified in SES, SPEC §8):
    e-mail is unavailable, as if the package did not allow it.
    """
    allowed = allowed_channels(package)
    if not email_sender_ready:
        allowed = tuple(channel for channel in allowed if channel != EMAIL)
    if preferred is not None:
        validate_channel(preferred)
    ordered = sorted(allowed, key=lambda channel: channel != preferred)
    for channel in ordered:
        if _has_contact(channel, mobile, email, email_blocked):
            return channel
    return None


def not_sent_reason(package: str, preferred: str | None, mobile: str | None, email: str | None,
                    email_blocked: bool = False) -> str:
    """Why ``choose_channel`` found no channel while the e-mail sender was not ready: e-mail would
    have gone out with a verified sender (``sender_not_verified``), or there is no contact at all."""
    usable = choose_channel(package, preferred, mobile, email, email_blocked, email_sender_ready=True)
    return SENDER_NOT_VERIFIED if usable == EMAIL else NO_CONTACT
