"""Optician items: settings and the webhook secret, one item per tenant."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.adapters.dynamo.base import KontaktModel, is_condition_failure, optician_pk
from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import (
    DEFAULT_LANGUAGE,
    DEFAULT_REPURCHASE_LEAD_DAYS,
    DEFAULT_TIMEZONE,
    Branding,
    OpticianSettings,
)
from chalicelib.domain.send_window import parse_window
from chalicelib.domain.sms_destinations import DEFAULT_SMS_COUNTRIES
from chalicelib.domain.spend_limit import DEFAULT_MONTHLY_LIMIT_CHF

PROFILE = "PROFILE"


class OpticianItem(KontaktModel):
    optician_id = UnicodeAttribute()
    settings = UnicodeAttribute()  # JSON of the settings of SPEC §1
    webhook_secret = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    version = NumberAttribute(null=True)  # settings version: each save is conditional on the one read
    # The SES sender of email_from (services/opticians/email_sender.py): JSON {domain, status, tokens, checked_at}.
    email_sender = UnicodeAttribute(null=True)


def _sender(stored: dict[str, Any]) -> EmailSenderState:
    return EmailSenderState(domain=stored.get("domain") or "", status=stored.get("status") or "pending",
                            tokens=tuple(stored.get("tokens") or ()), checked_at=stored.get("checked_at"))


def sender_json(sender: EmailSenderState) -> dict[str, Any]:
    return {"domain": sender.domain, "status": sender.status, "tokens": list(sender.tokens),
            "checked_at": sender.checked_at}


def to_record(item: OpticianItem) -> OpticianSettings:
    """The optician's settings (also for an item read by another adapter's batch read); a setting
    stored before it existed takes its default."""
    stored: dict[str, Any] = json.loads(item.settings)
    branding = stored.get("branding") or {}
    lead_days = stored.get("repurchase_lead_days")
    return OpticianSettings(
        id=item.optician_id,
        name=stored.get("name") or "",
        sender_name=stored.get("sender_name") or "",
        pending_sender_name=stored.get("pending_sender_name"),
        email_from=stored.get("email_from"),
        reply_to=stored.get("reply_to"),
        package=stored.get("package") or "silver",
        webshop_url=stored.get("webshop_url"),
        webapp_url=stored.get("webapp_url"),
        booking_url=stored.get("booking_url"),
        phone=stored.get("phone"),
        address=stored.get("address"),
        branding=Branding(logo_url=branding.get("logo_url"), primary_color=branding.get("primary_color")),
        timezone=stored.get("timezone") or DEFAULT_TIMEZONE,
        language=stored.get("language") or DEFAULT_LANGUAGE,
        repurchase_lead_days=DEFAULT_REPURCHASE_LEAD_DAYS if lead_days is None else int(lead_days),
        send_window=parse_window(stored.get("send_window")),
        sms_countries=tuple(stored.get("sms_countries") or DEFAULT_SMS_COUNTRIES),
        sms_monthly_limit_chf=stored.get("sms_monthly_limit_chf") or DEFAULT_MONTHLY_LIMIT_CHF,
        email_sender=_sender(json.loads(item.email_sender)) if item.email_sender else None,
    )


def _settings_json(settings: OpticianSettings) -> str:
    return json.dumps(settings.settings(), sort_keys=True)


def create(settings: OpticianSettings, webhook_secret: str) -> OpticianSettings:
    """Store a new optician; fails if the id is taken."""
    item = OpticianItem(
        optician_pk(settings.id), PROFILE,
        optician_id=settings.id,
        settings=_settings_json(settings),
        webhook_secret=webhook_secret,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    try:
        item.save(condition=OpticianItem.pk.does_not_exist())
    except PutError as exc:  # pragma: no cover - ids are random
        raise RuntimeError("optician id collision") from exc
    return to_record(item)


def get(optician_id: str) -> OpticianSettings | None:
    """The optician's settings, or None."""
    item = _get_item(optician_id)
    return to_record(item) if item else None


def get_versioned(optician_id: str) -> tuple[OpticianSettings, int] | None:
    """The settings and the item's settings version (0 before the first change), or None."""
    item = _get_item(optician_id)
    return (to_record(item), int(item.version or 0)) if item else None


def get_webhook_secret(optician_id: str) -> str | None:
    item = _get_item(optician_id)
    return item.webhook_secret if item else None


def _get_item(optician_id: str) -> OpticianItem | None:
    try:
        return OpticianItem.get(optician_pk(optician_id), PROFILE)
    except DoesNotExist:
        return None


def save_settings(settings: OpticianSettings, *, version: int) -> bool:
    """Replace the settings if the item is still at ``version`` (as read with get_versioned; 0 for
    an item stored before versions existed); False if they changed meanwhile or the optician is gone.
    The e-mail sender state is not part of the settings (``set_email_sender``)."""
    unchanged = OpticianItem.version == version if version else OpticianItem.version.does_not_exist()
    try:
        OpticianItem(optician_pk(settings.id), PROFILE).update(
            actions=[OpticianItem.settings.set(_settings_json(settings)),
                     OpticianItem.version.set(version + 1)],
            condition=OpticianItem.pk.exists() & unchanged,
        )
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def set_webhook_secret(optician_id: str, secret: str) -> None:
    OpticianItem(optician_pk(optician_id), PROFILE).update(
        actions=[OpticianItem.webhook_secret.set(secret)],
        condition=OpticianItem.pk.exists(),
    )


def set_email_sender(optician_id: str, sender: EmailSenderState) -> None:
    """Store the e-mail sender's state (one attribute; the settings stay as they are)."""
    OpticianItem(optician_pk(optician_id), PROFILE).update(
        actions=[OpticianItem.email_sender.set(json.dumps(sender_json(sender), sort_keys=True))],
        condition=OpticianItem.pk.exists(),
    )
