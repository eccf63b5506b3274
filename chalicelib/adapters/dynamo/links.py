"""Stored tokens of a customer: personal login links and one-click unsubscribe links.

Only the SHA-256 of a token is stored, as part of the key, so the table never holds a
usable token:

- login link: ``OPT#<oid>#LINK#<sha256>`` / ``LINK`` (customer, purpose, ``expires_at``);
- unsubscribe: ``OPT#<oid>#UNSUB#<sha256>`` / ``UNSUB`` (customer, topic, ``expires_at``).

Each is written in one transaction with a back-reference in the customer's partition
(``base.owned_ref``), which carries the same ``expires_at`` so DynamoDB's TTL removes both;
erasing the customer deletes both too. Revoking deletes them. The send path writes a
message's tokens in the transaction that claims the message (``token_writes``), and deletes
them with the claim when the provider was unavailable (``revoke_writes``).
"""
from __future__ import annotations

import hashlib
from datetime import datetime, timezone

from pynamodb.attributes import TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo import transactions
from chalicelib.adapters.dynamo.base import KontaktModel, OwnedRef, customer_pk, optician_pk, owned_ref
from chalicelib.adapters.dynamo.transactions import DELETE, PUT, Write

LINK, UNSUBSCRIBE = "LINK", "UNSUB"
KINDS = (LINK, UNSUBSCRIBE)


class TokenItem(KontaktModel):
    customer_id = UnicodeAttribute()
    purpose = UnicodeAttribute()  # link purpose (reorder, login, ...) or the topic to unsubscribe from
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()


class ExpiringRef(OwnedRef):
    """The back-reference, expiring with the token it points at."""

    expires_at = TTLAttribute(null=True)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def token_pk(optician_id: str, kind: str, token_hash: str) -> str:
    return f"{optician_pk(optician_id)}#{kind}#{token_hash}"


def token_writes(optician_id: str, customer_id: str, kind: str, token: str, purpose: str, *,
                 created_at: datetime, expires_at: datetime) -> list[Write]:
    """The writes that store a new token (hashed) with its back-reference: for one transaction."""
    if kind not in KINDS:
        raise ValueError(f"unknown token kind {kind!r}")
    pk = token_pk(optician_id, kind, hash_token(token))
    item = TokenItem(pk, kind, customer_id=customer_id, purpose=purpose,
                     created_at=created_at.astimezone(timezone.utc).isoformat(timespec="seconds"),
                     expires_at=expires_at)
    ref = owned_ref(optician_id, customer_id, pk, kind)
    expiring_ref = ExpiringRef(ref.pk, ref.sk, ref_pk=ref.ref_pk, ref_sk=ref.ref_sk, expires_at=expires_at)
    return [Write(PUT, item, condition=TokenItem.pk.does_not_exist()), Write(PUT, expiring_ref)]


def store(optician_id: str, customer_id: str, kind: str, token: str, purpose: str, *,
          created_at: datetime, expires_at: datetime) -> None:
    """Store a new token (hashed) with its back-reference, in one transaction."""
    transactions.execute(token_writes(optician_id, customer_id, kind, token, purpose,
                                      created_at=created_at, expires_at=expires_at))


def revoke_writes(optician_id: str, customer_id: str, kind: str, token: str) -> list[Write]:
    """The writes that delete one token and its back-reference (unconditional: gone is gone)."""
    pk = token_pk(optician_id, kind, hash_token(token))
    ref = owned_ref(optician_id, customer_id, pk, kind)
    return [Write(DELETE, TokenItem(pk, kind)), Write(DELETE, ExpiringRef(ref.pk, ref.sk))]


def find(optician_id: str, kind: str, token: str) -> dict | None:
    """The stored token (customer_id, purpose, created_at, expires_at), or None if unknown."""
    try:
        item = TokenItem.get(token_pk(optician_id, kind, hash_token(token)), kind)
    except DoesNotExist:
        return None
    return {"customer_id": item.customer_id, "purpose": item.purpose, "created_at": item.created_at,
            "expires_at": item.expires_at}


def revoke_all(optician_id: str, customer_id: str, kind: str = LINK) -> int:
    """Delete every token of ``kind`` the customer has (and their back-references); how many."""
    partition = customer_pk(optician_id, customer_id)
    prefix = f"REF#{optician_pk(optician_id)}#{kind}#"
    revoked = 0
    refs = list(ExpiringRef.query(partition, ExpiringRef.sk.startswith(prefix)))
    with ExpiringRef.batch_write() as batch:
        for ref in refs:
            batch.delete(TokenItem(ref.ref_pk, ref.ref_sk))
            batch.delete(ExpiringRef(ref.pk, ref.sk))
            revoked += 1
    return revoked


def revoke(optician_id: str, customer_id: str, kind: str, token: str) -> None:
    """Delete one token (e.g. minted for a message that was then not sent)."""
    with ExpiringRef.batch_write() as batch:
        for write in revoke_writes(optician_id, customer_id, kind, token):
            batch.delete(write.item)
