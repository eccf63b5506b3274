"""Optician items: settings and the webhook secret, one item per tenant."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError, UpdateError

from chalicelib.adapters.dynamo.base import KontaktModel, is_condition_failure, optician_pk

PROFILE = "PROFILE"


class OpticianItem(KontaktModel):
    optician_id = UnicodeAttribute()
    settings = UnicodeAttribute()  # JSON of the settings of SPEC §1
    webhook_secret = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    version = NumberAttribute(null=True)  # settings version: each save is conditional on the one read
    # The SES sender of email_from (services/opticians/email_sender.py): JSON {domain, status, tokens, checked_at}.
    email_sender = UnicodeAttribute(null=True)


def to_dict(item: OpticianItem) -> dict:
    """The settings of SPEC §1 with ``id`` (also for an item read by another adapter's batch read) and,
    once set up, ``email_sender`` (the send path needs its status; the API does not show it here)."""
    settings = {"id": item.optician_id, **json.loads(item.settings)}
    if item.email_sender:
        settings["email_sender"] = json.loads(item.email_sender)
    return settings


def create(optician_id: str, settings: dict, webhook_secret: str) -> dict:
    """Store a new optician; fails if the id is taken."""
    item = OpticianItem(
        optician_pk(optician_id), PROFILE,
        optician_id=optician_id,
        settings=json.dumps(settings, sort_keys=True),
        webhook_secret=webhook_secret,
        created_at=datetime.now(timezone.utc).isoformat(timespec="seconds"),
    )
    try:
        item.save(condition=OpticianItem.pk.does_not_exist())
    except PutError as exc:  # pragma: no cover - ids are random
        raise RuntimeError("optician id collision") from exc
    return to_dict(item)


def get(optician_id: str) -> dict | None:
    """The optician's settings with ``id``, or None."""
    item = _get_item(optician_id)
    return to_dict(item) if item else None


def get_versioned(optician_id: str) -> tuple[dict, int] | None:
    """The settings with ``id`` and the item's settings version (0 before the first change), or None."""
    item = _get_item(optician_id)
    return (to_dict(item), int(item.version or 0)) if item else None


def get_webhook_secret(optician_id: str) -> str | None:
    item = _get_item(optician_id)
    return item.webhook_secret if item else None


def _get_item(optician_id: str) -> OpticianItem | None:
    try:
        return OpticianItem.get(optician_pk(optician_id), PROFILE)
    except DoesNotExist:
        return None


def save_settings(optician_id: str, settings: dict, *, version: int) -> bool:
    """Replace the settings if the item is still at ``version`` (as read with get_versioned; 0 for
    an item stored before versions existed); False if they changed meanwhile or the optician is gone."""
    unchanged = OpticianItem.version == version if version else OpticianItem.version.does_not_exist()
    try:
        OpticianItem(optician_pk(optician_id), PROFILE).update(
            actions=[OpticianItem.settings.set(json.dumps(settings, sort_keys=True)),
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


def set_email_sender(optician_id: str, sender: dict) -> None:
    """Store the e-mail sender's state (one attribute; the settings stay as they are)."""
    OpticianItem(optician_pk(optician_id), PROFILE).update(
        actions=[OpticianItem.email_sender.set(json.dumps(sender, sort_keys=True))],
        condition=OpticianItem.pk.exists(),
    )
