"""The sparse ``due`` index: which scheduled occurrences are due by a given instant.

An item that has a next occurrence (a repurchase, control or lens-exchange reminder, a
subscription's pre-announcement or order day) carries two extra attributes:

- ``due_shard``: ``DUE#<n>`` with n in [0, DUE_SHARDS), a stable hash of the item's key,
  so that no single index partition takes all writes and reads at scale;
- ``due_at``: ``<UTC instant, ISO 8601, seconds, Z>#<pk>#<sk>``, the instant at which the
  occurrence may be sent (already moved into the optician's send window), made unique by
  the item's key;
- ``due_owner``: ``OPT#<oid>``, the hash key of the ``agenda`` index (the optician's
  occurrences by ``due_at``, adapters/dynamo/agenda.py).

A Query per shard with ``due_at <= "<now>#~"`` returns exactly the items due by now:
O(due), never a Scan. An inactive item has neither attribute (removed), so it is not
in the index at all (sparse). Moving an occurrence forward rewrites ``due_at``, which
takes it out of the due range.
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from chalicelib.config import get_config

INDEX_NAME = "due"
# due_shard, due_at, due_owner: what due_attributes gives, written onto the scheduled item.
DueAttributes = dict[str, str]


def shard_of(pk: str, sk: str, shards: int | None = None) -> str:
    """The shard of an item: stable across processes (not Python's salted ``hash``)."""
    shards = shards or get_config().due_shards
    digest = hashlib.blake2b(f"{pk}|{sk}".encode(), digest_size=4).digest()
    return f"DUE#{int.from_bytes(digest, 'big') % shards}"


def instant_key(instant: datetime) -> str:
    """``2026-03-27T08:00:00Z``: sortable as a string; instants must be timezone-aware."""
    if instant.tzinfo is None:
        raise ValueError("due instants must be timezone-aware")
    return instant.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def owner_of(pk: str) -> str:
    """``due_owner`` of an item in a customer partition ``OPT#<oid>#CUST#<cid>``: ``OPT#<oid>``."""
    return pk.split("#CUST#", 1)[0]


def due_attributes(pk: str, sk: str, instant: datetime) -> DueAttributes:
    """The index attributes to set on an item whose next occurrence is at ``instant``."""
    return {"due_shard": shard_of(pk, sk), "due_at": f"{instant_key(instant)}#{pk}#{sk}", "due_owner": owner_of(pk)}


def due_upper_bound(now: datetime) -> str:
    """Range-key bound selecting every occurrence due at or before ``now``."""
    return f"{instant_key(now)}#~"


def all_shards(shards: int | None = None) -> list[str]:
    return [f"DUE#{n}" for n in range(shards or get_config().due_shards)]


def parse_due_at(value: str) -> datetime:
    """The instant part of a ``due_at`` value."""
    return datetime.strptime(value.split("#", 1)[0], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
