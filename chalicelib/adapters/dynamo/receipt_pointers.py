"""Provider pointers: from the message id SNS or SES answered to the history record (SPEC §8).

``PROVIDER#<channel>#<provider message id>`` / ``POINTER`` holds the record's optician,
customer, sort key and kind (with the channel: what the record's index keys are made of, so the
receipt rewrites them without reading the record; pointers written before the kind was kept
lack it). It is written in the transaction that turns the record ``sent``
(adapters/dynamo/messages.py ``finish``), so a receipt finds its record with one GetItem.
The id comes from the provider, not from a tenant, so this key does not start with the
tenant; the record carries a back-reference (``ref_pk``/``ref_sk``) and erasing the customer
deletes the pointer. Receipts arrive within hours (SMS) or days (a late bounce); the pointer
expires after ``POINTER_DAYS`` (``expires_at``, DynamoDB TTL).
"""
from __future__ import annotations

from datetime import timedelta

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel

POINTER = "POINTER"
POINTER_DAYS = 30


class PointerItem(KontaktModel):
    optician_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    message_sk = UnicodeAttribute()
    channel = UnicodeAttribute(null=True)
    kind = UnicodeAttribute(null=True)
    expires_at = TTLAttribute()


def pointer_pk(provider_message_id: str, channel: str | None) -> str:
    return f"PROVIDER#{channel or 'any'}#{provider_message_id}"


def pointer_item(provider_message_id: str, optician_id: str, customer_id: str, message_sk: str,
                 channel: str | None, kind: str | None = None) -> PointerItem:
    """The pointer to write (in the transaction that records the message sent)."""
    return PointerItem(pointer_pk(provider_message_id, channel), POINTER, optician_id=optician_id,
                       customer_id=customer_id, message_sk=message_sk, channel=channel, kind=kind,
                       expires_at=timedelta(days=POINTER_DAYS))


def find(provider_message_id: str, channel: str) -> dict | None:
    """``{"optician_id", "customer_id", "message_sk", "kind", "channel"}`` of the record sent with this id,
    or None (``kind`` None for a pointer written before it was kept)."""
    try:
        item = PointerItem.get(pointer_pk(provider_message_id, channel), POINTER, consistent_read=True)
    except DoesNotExist:
        return None
    return {"optician_id": item.optician_id, "customer_id": item.customer_id, "message_sk": item.message_sk,
            "kind": item.kind, "channel": item.channel}
