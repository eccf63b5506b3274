"""The optician (tenant) and the rules for its settings (SPEC §1)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.send_window import DEFAULT_WINDOW, SendWindow, window_to_dict
from chalicelib.domain.sms_destinations import DEFAULT_SMS_COUNTRIES
from chalicelib.domain.spend_limit import DEFAULT_MONTHLY_LIMIT_CHF

DEFAULT_TIMEZONE = "Europe/Zurich"
DEFAULT_LANGUAGE = "de"
DEFAULT_REPURCHASE_LEAD_DAYS = 14

# Alphanumeric SMS sender IDs: 1–11 of A–Z a–z 0–9 and space, at least one letter
# (an all-digit sender would be taken for a phone number by carriers).
_SENDER_NAME = re.compile(r"[A-Za-z0-9 ]{1,11}")
_HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


def check_sender_name(value: str, field: str = "sender_name") -> str:
    if not _SENDER_NAME.fullmatch(value) or not re.search(r"[A-Za-z]", value):
        raise ValidationError(
            "'sender_name' must be 1–11 characters of A–Z, a–z, 0–9 and space, with at least one letter.",
            field=field,
        )
    return value


def check_colour(value: str, field: str) -> str:
    if not _HEX_COLOUR.fullmatch(value):
        raise ValidationError(f"'{field}' must be a colour like #1A73E8.", field=field)
    return value.upper()


@dataclass(frozen=True, slots=True)
class Branding:
    logo_url: str | None = None
    primary_color: str | None = None


@dataclass(frozen=True, slots=True)
class OpticianSettings:
    """The optician's settings of SPEC §1 with its id and internal e-mail sender state.

    Opticians stored before a setting existed get its default here, in one place.
    """

    id: str
    name: str
    sender_name: str
    pending_sender_name: str | None = None
    email_from: str | None = None
    reply_to: str | None = None
    package: str = "silver"  # silver (SMS) | gold (also e-mail): the contract with kontakt
    webshop_url: str | None = None
    webapp_url: str | None = None
    booking_url: str | None = None
    phone: str | None = None
    address: str | None = None
    branding: Branding = Branding()
    timezone: str = DEFAULT_TIMEZONE
    language: str = DEFAULT_LANGUAGE
    repurchase_lead_days: int = DEFAULT_REPURCHASE_LEAD_DAYS
    send_window: SendWindow = DEFAULT_WINDOW
    sms_countries: tuple[str, ...] = DEFAULT_SMS_COUNTRIES
    sms_monthly_limit_chf: str = DEFAULT_MONTHLY_LIMIT_CHF
    email_sender: EmailSenderState | None = None

    def settings(self) -> dict[str, Any]:
        """The settings as stored and as ``GET /settings`` shows them (without ``id``)."""
        return {
            "name": self.name, "sender_name": self.sender_name, "pending_sender_name": self.pending_sender_name,
            "email_from": self.email_from, "reply_to": self.reply_to, "package": self.package,
            "webshop_url": self.webshop_url, "webapp_url": self.webapp_url, "booking_url": self.booking_url,
            "phone": self.phone, "address": self.address,
            "branding": {"logo_url": self.branding.logo_url, "primary_color": self.branding.primary_color},
            "timezone": self.timezone, "language": self.language,
            "repurchase_lead_days": self.repurchase_lead_days, "send_window": window_to_dict(self.send_window),
            "sms_countries": list(self.sms_countries), "sms_monthly_limit_chf": self.sms_monthly_limit_chf,
        }

    def shown(self) -> dict[str, Any]:
        """``GET /settings``: the settings with ``id`` (the e-mail sender has its own route)."""
        return {"id": self.id, **self.settings()}
