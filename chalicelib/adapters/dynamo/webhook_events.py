"""Webhook deliveries processed once: ``OPT#<oid>`` / ``EVENT#<event_id>``.

The first delivery of an ``event_id`` claims the event with a conditional put
(``pending``, with a lease and a random ``attempt`` id), processes it, and stores the
answer (``done``: status code and body). A repeated delivery finds the stored answer
and returns it without doing anything. The body fingerprint detects an ``event_id``
reused for a different request. Events expire via TTL (``expires_at``).

The stored answer names the customer's order, so a finished event gets a back-reference
in the customer's partition (same ``expires_at``): erasing the customer erases it too.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from pynamodb.attributes import NumberAttribute, TTLAttribute, UnicodeAttribute
from pynamodb.exceptions import DeleteError, DoesNotExist, PutError, TransactWriteError, UpdateError

from chalicelib.adapters.dynamo import transactions
from chalicelib.adapters.dynamo.base import KontaktModel, OwnedRef, is_condition_failure, optician_pk, owned_ref, utc_timestamp

PREFIX = "EVENT#"
PENDING, DONE = "pending", "done"


class WebhookEventItem(KontaktModel):
    state = UnicodeAttribute()            # pending | done
    attempt = UnicodeAttribute()          # random id of the delivery holding the claim
    lease_until = NumberAttribute()       # epoch seconds; a pending claim past it was abandoned
    fingerprint = UnicodeAttribute()      # hash of route + body
    status_code = NumberAttribute(null=True)
    response = UnicodeAttribute(null=True)  # JSON body answered
    created_at = UnicodeAttribute()
    expires_at = TTLAttribute()


class _ExpiringRef(OwnedRef):
    """The back-reference, expiring with the event it points at."""

    expires_at = TTLAttribute(null=True)


@dataclass(frozen=True)
class StoredEvent:
    state: str
    attempt: str
    lease_until: int
    fingerprint: str
    status_code: int | None
    response: str | None


def _keys(optician_id: str, event_id: str) -> tuple[str, str]:
    return optician_pk(optician_id), PREFIX + event_id


def _stored(item: WebhookEventItem) -> StoredEvent:
    return StoredEvent(state=item.state, attempt=item.attempt, lease_until=int(item.lease_until),
                       fingerprint=item.fingerprint,
                       status_code=int(item.status_code) if item.status_code is not None else None,
                       response=item.response)


def claim(optician_id: str, event_id: str, *, attempt: str, fingerprint: str, lease_until: int,
          expires_at: datetime) -> bool:
    """Claim a new event for this delivery; False if the event is known already."""
    item = WebhookEventItem(*_keys(optician_id, event_id), state=PENDING, attempt=attempt,
                            lease_until=lease_until, fingerprint=fingerprint,
                            created_at=utc_timestamp(),
                            expires_at=expires_at)
    try:
        item.save(condition=WebhookEventItem.pk.does_not_exist())
    except PutError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def get(optician_id: str, event_id: str) -> StoredEvent | None:
    try:
        return _stored(WebhookEventItem.get(*_keys(optician_id, event_id), consistent_read=True))
    except DoesNotExist:
        return None


def take_over(optician_id: str, event_id: str, *, abandoned_attempt: str, attempt: str, lease_until: int) -> bool:
    """Take an abandoned pending claim (its lease ran out); False if someone else moved first."""
    item = WebhookEventItem(*_keys(optician_id, event_id))
    try:
        item.update(actions=[WebhookEventItem.attempt.set(attempt), WebhookEventItem.lease_until.set(lease_until)],
                    condition=(WebhookEventItem.state == PENDING) & (WebhookEventItem.attempt == abandoned_attempt))
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def finish(optician_id: str, event_id: str, *, attempt: str, status_code: int, response: str,
           customer_id: str | None, expires_at: datetime) -> bool:
    """Store the answer (and the back-reference) if this delivery still holds the claim."""
    from pynamodb.transactions import TransactWrite

    pk, sk = _keys(optician_id, event_id)
    item = WebhookEventItem(pk, sk)
    try:
        with TransactWrite(connection=transactions.connection()) as transaction:
            transaction.update(
                item,
                actions=[WebhookEventItem.state.set(DONE), WebhookEventItem.status_code.set(status_code),
                         WebhookEventItem.response.set(response)],
                condition=(WebhookEventItem.state == PENDING) & (WebhookEventItem.attempt == attempt),
            )
            if customer_id:
                ref = owned_ref(optician_id, customer_id, pk, sk)
                transaction.save(_ExpiringRef(ref.pk, ref.sk, ref_pk=ref.ref_pk, ref_sk=ref.ref_sk,
                                              expires_at=expires_at))
    except TransactWriteError as exc:
        # Only the event's update carries a condition (PynamoDB orders puts before updates).
        reasons = getattr(exc, "cancellation_reasons", None) or []
        if any(reason is not None and reason.code == "ConditionalCheckFailed" for reason in reasons):
            return False
        raise
    return True


def release(optician_id: str, event_id: str, *, attempt: str) -> None:
    """Give a claim up (processing failed: nothing was done), so a later delivery processes it."""
    try:
        WebhookEventItem(*_keys(optician_id, event_id)).delete(
            condition=(WebhookEventItem.state == PENDING) & (WebhookEventItem.attempt == attempt))
    except DeleteError as exc:
        if not is_condition_failure(exc):
            raise
