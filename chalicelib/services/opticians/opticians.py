"""Opticians: onboarding (admin), settings, webhook secret rotation.

The SMS sender name is what customers see as the sender: a protected name (a bank, the post,
...; domain/sender_names.py) is refused, and a changed name is used only once the operator
approved it (SPEC §9). Until then it waits as ``pending_sender_name`` and the approved one
stays in use; the operator sets it directly when onboarding or changing an optician.
"""
from __future__ import annotations

import secrets
import time
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from chalicelib import validation as v
from chalicelib.domain.errors import Conflict, Forbidden, NotFound
from chalicelib.domain.optician import (
    DEFAULT_LANGUAGE,
    DEFAULT_REPURCHASE_LEAD_DAYS,
    DEFAULT_TIMEZONE,
    Branding,
    OpticianSettings,
    check_colour,
    check_sender_name,
)
from chalicelib.domain.sender_names import check_not_protected
from chalicelib.ids import new_id
from chalicelib.services.wiring import stores
from chalicelib.config import get_config
from chalicelib.domain.send_window import parse_window, validate_timezone
from chalicelib.domain.sms_destinations import check_sms_countries
from chalicelib.domain.spend_limit import check_monthly_limit
from chalicelib.protected_names import protected_sender_names
from chalicelib.services.opticians import email_sender

if TYPE_CHECKING:  # the models are the API's (decoded by the route); only their attributes are read here
    from chalicelib.schemas.settings import SenderNameApproval, SettingsInput


def settings_from(optician_id: str, given: SettingsInput, *, package: str | None = None,
                  pending_sender_name: str | None = None) -> OpticianSettings:
    """The settings of SPEC §1 from a decoded body (a complete set: PUT replaces), defaults filled;
    what the model cannot check is checked here (trimming, addresses, URLs, time zone, window,
    countries, limit). ``package`` is the one to keep when the body leaves it out."""
    branding = given.branding
    colour = v.text(branding.primary_color, "branding.primary_color") if branding else None
    window = given.send_window
    settings = OpticianSettings(
        id=optician_id,
        name=v.text(given.name, "name", required=True, max_length=100),
        sender_name=sender_name(given.sender_name),
        pending_sender_name=pending_sender_name,
        email_from=v.email_address(given.email_from, "email_from"),
        reply_to=v.email_address(given.reply_to, "reply_to"),
        package=given.package or package or "silver",
        webshop_url=v.web_url(given.webshop_url, "webshop_url"),
        webapp_url=v.web_url(given.webapp_url, "webapp_url"),
        booking_url=v.web_url(given.booking_url, "booking_url"),
        phone=v.phone_number(given.phone, "phone"),
        address=v.text(given.address, "address", max_length=300, multiline=True),
        branding=Branding(
            logo_url=v.web_url(branding.logo_url, "branding.logo_url") if branding else None,
            primary_color=check_colour(colour, "branding.primary_color") if colour else None,
        ),
        timezone=validate_timezone(v.text(given.timezone, "timezone") or DEFAULT_TIMEZONE),
        language=given.language or DEFAULT_LANGUAGE,
        repurchase_lead_days=(DEFAULT_REPURCHASE_LEAD_DAYS if given.repurchase_lead_days is None
                              else given.repurchase_lead_days),
        send_window=parse_window(None if window is None else {
            key: value for key in ("days", "start", "end") if (value := getattr(window, key)) is not None}),
        sms_countries=tuple(check_sms_countries(given.sms_countries, get_config().sms_prices_chf)),
        sms_monthly_limit_chf=check_monthly_limit(given.sms_monthly_limit_chf),
    )
    if settings.package == "gold" and not settings.email_from:
        raise v.ValidationError("A gold optician sends e-mail and needs 'email_from'.", field="email_from")
    return settings


def sender_name(value: str | None, field: str = "sender_name") -> str:
    """A well-formed SMS sender ID that is not a protected name (422 naming ``field``)."""
    name = check_sender_name(v.text(value, field, required=True, max_length=11), field)
    return check_not_protected(name, protected_sender_names(), field)


def onboard(given: SettingsInput) -> dict[str, Any]:
    """Create an optician (admin only); answers with its id and a first webhook secret. The
    operator's sender name is approved as given. The SES identity of its e-mail sender is created
    at once (services/opticians/email_sender.py)."""
    settings = settings_from(new_id("opt"), given)
    secret = new_webhook_secret()
    created = stores().opticians.create(settings, secret)
    email_sender.onboard(created.id, created.email_from)
    return {**created.shown(), "webhook_secret": secret}


def get_settings(optician_id: str) -> OpticianSettings:
    """The optician's settings, with the internal e-mail sender state; 404 for an unknown optician."""
    return _read(optician_id)[0]


def public(settings: OpticianSettings) -> dict[str, Any]:
    """The settings as ``GET /settings`` shows them (the sender state has its own route)."""
    return settings.shown()


def _read(optician_id: str) -> tuple[OpticianSettings, int]:
    """The settings, and the version of the stored item (for a conditional save)."""
    found = stores().opticians.get_versioned(optician_id)
    if found is None:
        raise NotFound("This optician does not exist.")
    return found


def replace_settings(optician_id: str, given: SettingsInput, *, by_operator: bool = False) -> dict[str, Any]:
    """Replace the settings (PUT). The ``package`` is the optician's contract with kontakt (it
    decides whether e-mail is sent): only the operator changes it; left out, it is kept. A new
    ``sender_name`` from the optician becomes ``pending_sender_name`` (the approved one stays in
    use); from the operator it applies at once. 409 if the settings changed since they were read."""
    current, version = _read(optician_id)
    settings = settings_from(optician_id, given, package=current.package)
    if settings.package != current.package and not by_operator:
        raise Forbidden("The package is part of your contract with kontakt; ask us to change it.", field="package")
    wanted = settings.sender_name
    if by_operator:
        settings = replace(settings, pending_sender_name=None)
    elif wanted == current.sender_name:   # unchanged (a form sent back as read): a pending one stays
        settings = replace(settings, pending_sender_name=current.pending_sender_name)
    else:
        settings = replace(settings, sender_name=current.sender_name, pending_sender_name=wanted)
    saved = _save(settings, version)

    email_sender.settings_changed(current, settings)
    return saved.shown()


def approve_sender_name(optician_id: str, given: SenderNameApproval) -> dict[str, Any]:
    """``POST /admin/opticians/{optician_id}/sender-name`` (operator): ``{"sender_name"}``, the
    pending name as the operator reviewed it, becomes the sender name. 409 ``sender_name`` if
    nothing is pending or the pending name is another (the optician changed it meanwhile)."""
    reviewed = sender_name(given.sender_name)
    current, version = _read(optician_id)
    if current.pending_sender_name != reviewed:
        pending = current.pending_sender_name
        raise Conflict(f"The pending sender name is {pending!r}, not {reviewed!r}." if pending
                       else "No sender name is waiting for approval.", field="sender_name")
    return _save(replace(current, sender_name=reviewed, pending_sender_name=None), version).shown()


def _save(settings: OpticianSettings, version: int) -> OpticianSettings:
    """Store ``settings`` only if the stored ones are still at ``version`` (no change lost to a race)."""
    if not stores().opticians.save_settings(settings, version=version):
        raise Conflict("The settings were changed meanwhile; load them again and retry.")
    return settings


_KNOWN_FOR_SECONDS = 300
_known: dict[str, float] = {}


def require_existing(optician_id: str) -> None:
    """404 unless the optician exists; a found one is remembered for a few minutes per process.

    A token can outlive its optician (or name one that never existed): without this check,
    data would be written under a tenant nobody can see.
    """
    now = time.monotonic()
    if _known.get(optician_id, 0.0) > now:
        return
    get_settings(optician_id)
    if len(_known) > 10_000:
        _known.clear()
    _known[optician_id] = now + _KNOWN_FOR_SECONDS


def webhook_secret(optician_id: str) -> str | None:
    """The optician's current webhook secret, None for an unknown optician."""
    return stores().opticians.get_webhook_secret(optician_id)


def rotate_webhook_secret(optician_id: str) -> dict[str, str]:
    """A new secret, shown once; the previous one stops working at once."""
    get_settings(optician_id)
    secret = new_webhook_secret()
    stores().opticians.set_webhook_secret(optician_id, secret)
    return {"webhook_secret": secret}


def new_webhook_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)
