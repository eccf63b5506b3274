"""What ``GET /messages`` reads, by filter, among many stored messages (issue 13).

``stored(total)`` writes ``total`` history records of one optician straight into the emulated
table (BatchWriteItem, with the keys the send path gives them: adapters/dynamo/messages.py), spread
over 20 customers and one per minute: almost all SMS repurchase reminders, delivered; ``RARE``
(10) each of a rare kind (lens passport), a rare channel (e-mail), failed, and sent but not yet
confirmed, spread evenly through the history. ``reads(oid, filters)`` lists the first page of 25
through the adapter and returns what it read.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal

from chalicelib.domain.message import Message

RARE = 10
FILTERS = [
    ("none (newest 25)", {}),
    ("kind = lens_passport (rare)", {"kind": "lens_passport"}),
    ("channel = email (rare)", {"channel": "email"}),
    ("status = failed (rare)", {"status": "failed"}),
    ("status = sent (not yet delivered; rare)", {"status": "sent"}),
    ("status = delivered (common)", {"status": "delivered"}),
    ("kind = lens_passport, channel = sms", {"kind": "lens_passport", "channel": "sms"}),
    ("status = failed, kind = repurchase_reminder", {"status": "failed", "kind": "repurchase_reminder"}),
    ("status = delivered, channel = email", {"status": "delivered", "channel": "email"}),
]


def stored(total: int) -> str:
    """A new optician with ``total`` messages; its id."""
    from chalicelib.adapters.dynamo import messages
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.customers import CustomerInput
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.customers import customers
    from chalicelib.services.opticians import opticians
    from benchsupport.common import batch_write
    from tests.conftest import OPTICIAN_SETTINGS

    oid = opticians.onboard(decode(dict(OPTICIAN_SETTINGS), SettingsInput))["id"]
    cids = [customers.create_customer(oid, CustomerInput(first_name="Anna", last_name=f"Muster{n}",
                                                         mobile=f"079 555 00 {n:02d}", email=f"anna{n}@example.ch")).id
            for n in range(20)]
    began = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
    step = total // RARE
    items = []
    for n in range(total):
        created = (began + timedelta(minutes=n)).isoformat(timespec="microseconds")
        kind, channel, status = "repurchase_reminder", "sms", "delivered"
        rare = n % step
        if rare == 1:
            kind = "lens_passport"
        elif rare == 2:
            channel = "email"
        elif rare == 3:
            status = "failed"
        elif rare == 4:
            status = "sent"
        record = Message(id=f"msg_bench{n:06d}", customer_id=cids[n % 20], kind=kind, topic="repurchase",
                         channel=channel, to="+41795550000", status=status, parts=1, cost_chf=Decimal("0.12"),
                         trigger="automatic", created_at=created, updated_at=created, text="Guten Tag")
        sk = messages.message_sk(created, record.id)
        # The same item the send path's claim writes (keys of every index view included).
        item = messages._message_item(oid, cids[n % 20], sk, record, f"bench-{n}")
        items.append(item.serialize())
    batch_write(items)
    return oid


def reads(oid: str, filters: dict) -> dict:
    from chalicelib.adapters.dynamo import message_index

    query = {"status": None, "kind": None, "channel": None, **filters}
    found, _, spent = message_index.list_all(oid, **query, start=None, end=None, limit=25, cursor=None)
    return {"returned": len(found), "index_items": spent.index_items, "queries": spent.queries,
            "by_key": spent.items_by_key}
