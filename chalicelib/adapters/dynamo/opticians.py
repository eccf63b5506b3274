"""Optician items: settings and the webhook secret, one item per tenant."""
from __future__ import annotations

import json
from datetime import datetime, timezone

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, PutError

from chalicelib.adapters.dynamo.base import KontaktModel, optician_pk

PROFILE = "PROFILE"


class OpticianItem(KontaktModel):
    optician_id = UnicodeAttribute()
    settings = UnicodeAttribute()  # JSON of the settings of SPEC §1
    webhook_secret = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()


def to_dict(item: OpticianItem) -> dict:
    """The settings of SPEC §1 with ``id`` (also for an item read by another adapter's batch read)."""
    return {"id": item.optician_id, **json.loads(item.settings)}


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


def get_webhook_secret(optician_id: str) -> str | None:
    item = _get_item(optician_id)
    return item.webhook_secret if item else None


def _get_item(optician_id: str) -> OpticianItem | None:
    try:
        return OpticianItem.get(optician_pk(optician_id), PROFILE)
    except DoesNotExist:
        return None


def save_settings(optician_id: str, settings: dict) -> dict:
    OpticianItem(optician_pk(optician_id), PROFILE).update(
        actions=[OpticianItem.settings.set(json.dumps(settings, sort_keys=True))],
        condition=OpticianItem.pk.exists(),
    )
    return {"id": optician_id, **settings}


def set_webhook_secret(optician_id: str, secret: str) -> None:
    OpticianItem(optician_pk(optician_id), PROFILE).update(
        actions=[OpticianItem.webhook_secret.set(secret)],
        condition=OpticianItem.pk.exists(),
    )
