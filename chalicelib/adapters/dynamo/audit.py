"""Audit entries: ``OPT#<oid>#AUDIT`` / ``<ISO instant>#<random>`` — one partition per optician,
newest first by sort key, expiring via TTL (``expires_at``).

Append-only: an entry is written once with a condition that its key is new and never changed.
An entry about a customer's data gets a back-reference in the customer's partition, written in
the same transaction as a check that the customer still exists, so erasing the customer erases
the entries about them (and an entry racing the erasure is not written).
"""
from __future__ import annotations

import secrets
from datetime import datetime

from pynamodb.attributes import ListAttribute, TTLAttribute, UnicodeAttribute

from chalicelib.adapters.dynamo import transactions
from chalicelib.adapters.dynamo.base import KontaktModel, owned_ref
from chalicelib.adapters.dynamo.paging import decode_cursor, encode_cursor
from chalicelib.adapters.dynamo.customers import exists_check


class AuditItem(KontaktModel):
    at = UnicodeAttribute()
    actor = UnicodeAttribute()
    action = UnicodeAttribute()
    entity = UnicodeAttribute()
    entity_id = UnicodeAttribute(null=True)
    fields = ListAttribute(of=UnicodeAttribute, default=list)
    expires_at = TTLAttribute()


def audit_pk(optician_id: str) -> str:
    return f"OPT#{optician_id}#AUDIT"


def record(entry, *, at: datetime, expires_at: datetime) -> bool:
    """Append ``entry`` (domain.audit.AuditEntry); False if its customer was erased meanwhile."""
    stamp = at.isoformat(timespec="milliseconds")
    item = AuditItem(audit_pk(entry.optician_id), f"{stamp}#{secrets.token_hex(4)}", at=stamp, actor=entry.actor,
                     action=entry.action, entity=entry.entity, entity_id=entry.entity_id,
                     fields=list(entry.fields), expires_at=expires_at)
    new = AuditItem.pk.does_not_exist()
    if entry.customer_id is None:
        item.save(condition=new)
        return True
    try:
        transactions.execute([exists_check(entry.optician_id, entry.customer_id),
                              transactions.Write(transactions.PUT, item, condition=new),
                              transactions.Write(transactions.PUT, owned_ref(entry.optician_id, entry.customer_id,
                                                                             item.pk, item.sk))])
    except transactions.Cancelled as exc:
        if exc.condition_failed(0):
            return False
        raise
    return True


def list_page(optician_id: str, *, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    """One page of the optician's entries, newest first."""
    partition = audit_pk(optician_id)
    results = AuditItem.query(partition, scan_index_forward=False, limit=limit, page_size=limit,
                              last_evaluated_key=decode_cursor(cursor, partition))
    items = [{"at": i.at, "actor": i.actor, "action": i.action, "entity": i.entity, "entity_id": i.entity_id,
              "fields": list(i.fields or [])} for i in results]
    next_key = results.last_evaluated_key if len(items) == limit else None
    return items, encode_cursor(next_key)
