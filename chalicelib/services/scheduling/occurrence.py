"""Processing one due occurrence: the consumer's algorithm (contracts.md, docs/operations.md).

1. Re-read the item. Gone, inactive (no ``due_at``), or ``due_at`` different from the one
   the scanner found → drop: it was moved on meanwhile, and if it is due again the index
   holds it for the next run.
2. Not due yet by "now" → drop (never early).
3. Outside the optician's send window → move only ``due_at`` to the next window start
   (conditional on the same occurrence and ``due_at``) and stop.
4. ``handler.message_for`` (with the run's "now") → the message (kind, data, coordination
   guards), a skipped message (coordination passed it over), or None; the customer's
   records it needs are read once (``lookup.records``).
5. The send path with idempotency key ``<sk>#<occurrence>``: at most one message per
   occurrence whatever happens around it. The guards are taken in the claim's
   transaction; one held by another message (``Preempted``) means nothing is sent. An
   occurrence passed over either way is recorded ``skipped`` with the reason under the same
   key (once, SPEC §6: never dropped silently). The claim's transaction also checks that
   the customer still exists and the item still has the occurrence and ``due_at`` read in 1
   (``preconditions``): a customer erased meanwhile → GONE, an item deactivated or edited
   meanwhile → STALE; nothing is sent or written either way.
   Transient provider errors and a concurrent send of the same key raise, so the queue
   delivers the record again later. Beyond the optician's monthly SMS spend limit
   (``SpendLimitReached``, nothing written) the occurrence is recorded ``failed`` /
   ``limit_reached`` under ``<key>#limit#<month>`` (once a month, never silently dropped)
   and its ``due_at`` moves to the first send window of the next month: the same
   occurrence is sent then (SPEC §9).
6. The next occurrence (conditional on the processed one): the handler's
   ``advance_write`` goes with the final record in the send path's last transaction;
   when it was not made there (no such function, the key was used before, the item
   changed meanwhile) ``handler.advance`` runs on its own. A permanent failure
   (``failed`` record) advances too: the message is recorded, the series moves on.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Callable

from chalicelib.domain.customer import Customer
from chalicelib.observability import logger
from chalicelib.services.scheduling import registry
from chalicelib.services.scheduling.due_message import DueMessage
from chalicelib.services.scheduling.lookup import Lookup, SingleLookup
from chalicelib.services.wiring import stores
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.messaging.send import (
    FAILED,
    Preempted,
    SKIPPED,
    SpendLimitReached,
    Stale,
    record_not_sent,
    send_and_record,
)
from chalicelib.services.scheduling.coordination import passed_over_reason
from chalicelib.domain.send_window import is_open, next_open, start_of_next_month
from chalicelib.domain.sms_parts import format_chf
from chalicelib.domain.spend_limit import LIMIT_REACHED
from chalicelib.services.messaging.usage import month_of

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write
    from chalicelib.domain.send_window import SendWindow
    from chalicelib.services.messaging.send import SendResult

# Outcomes (logged and counted; none of them is an error).
GONE = "gone"                 # item or its customer/optician no longer exists
INACTIVE = "inactive"         # no pending occurrence any more
STALE = "stale"               # moved on since the scanner found it
NOT_DUE = "not_due"           # due later than now
WAITING = "waiting"           # outside the send window: moved to the next window start
NOTHING = "nothing_to_send"   # the handler had nothing to send; the series moved on
PREEMPTED = "preempted"       # another message holds its coordination slot: recorded skipped, moved on
LIMIT_DEFERRED = "limit_deferred"  # the optician's SMS spend limit is reached: recorded failed, due next month
DUPLICATE = "duplicate"       # the same occurrence twice in one batch


def idempotency_key(item: dict[str, Any]) -> str:
    """The send path's key for an item's pending occurrence: ``<sk>#<occurrence>``."""
    return f"{item['sk']}#{item['occurrence']}"


def _send(*args: Any, **kwargs: Any) -> SendResult:
    return send_and_record(*args, **kwargs)


def _record(*args: Any, **kwargs: Any) -> SendResult:
    return record_not_sent(*args, **kwargs)


def _wall_clock() -> datetime:
    return datetime.now(timezone.utc)


def process(message: DueMessage, lookup: Lookup | None = None,
            wall_clock: Callable[[], datetime] = _wall_clock) -> str:
    """Process one due occurrence; its outcome (a send status or one of the constants above).

    Raises (so the queue retries the record) on a transient provider error, a concurrent
    send of the same occurrence, or anything unexpected.
    """
    lookup = lookup or SingleLookup()
    item = lookup.item(message.pk, message.sk)
    if item is None:
        return GONE
    if not item.get("occurrence") or not item.get("due_at"):
        return INACTIVE
    if item["due_at"] != message.due_at:
        return STALE
    now = message.effective_now(wall_clock())
    if stores().due.parse_due_at(item["due_at"]) > now:
        return NOT_DUE
    owner = stores().occurrence_items.owner_of(message.pk)
    optician = lookup.optician(owner[0]) if owner else None
    customer = lookup.customer(*owner) if owner and optician else None
    if owner is None or optician is None or customer is None:
        # The customer (or optician) was erased while the item waited: nothing to send to. The
        # item leaves the index (a left-behind item of an erased customer is deleted), or
        # every run would queue it again.
        logger.warning("due item without optician or customer", extra={"sk_prefix": message.sk.split("#", 2)[:2]})
        if owner:
            stores().occurrence_items.drop_orphan(item["pk"], item["sk"], occurrence=item["occurrence"],
                                         due_at=item["due_at"], delete=optician is not None)
        return GONE
    if not _window_open(optician, now):
        return _wait_for_window(item, optician, now)

    handler = registry.handler_for(item["sk"])
    outgoing = _as_outgoing(handler.message_for(optician, customer, item, lookup.records(*owner), now=now))
    if outgoing is None:
        _advance(handler, optician, item, now)
        return NOTHING

    checks = _preconditions(owner, item)
    advance_write = getattr(handler, "advance_write", None)
    follow_up = advance_write(optician, item, now) if advance_write else None
    outcome = None
    try:
        if outgoing.skipped:
            result = _record_skipped(optician, customer, item, outgoing.kind, outgoing.skipped, now, follow_up,
                                     checks)
        else:
            try:
                result = _send(optician, customer, outgoing.kind, trigger="automatic",
                               idempotency_key=idempotency_key(item), data=outgoing.data, now=now,
                               guards=outgoing.guards, follow_up=follow_up, preconditions=checks,
                               defer_on_limit=True)
            except SpendLimitReached as exc:
                return _defer_for_limit(optician, customer, item, outgoing.kind, exc.limit, now, checks)
            except Preempted:
                reason = passed_over_reason(optician.id, customer.id, item)
                result = _record_skipped(optician, customer, item, outgoing.kind, reason, now, follow_up, checks)
                outcome = PREEMPTED
    except Stale as exc:
        # Erased or changed after it was read (DELETE /customers, PATCH active:false, an edit):
        # the claim's transaction refused it, nothing was sent or written. The change owns the
        # item now; an erased customer's items are swept by the erasure.
        return GONE if _CUSTOMER_CHECK in exc.refused else STALE
    if not result.follow_up_made:
        _advance(handler, optician, item, now)
    return outcome or result.record.get("status", "sent")


_CUSTOMER_CHECK, _ITEM_CHECK = 0, 1


def _preconditions(owner: tuple[str, str], item: dict[str, Any]) -> tuple[Write, ...]:
    """The ConditionChecks of the claim's transaction: the customer still exists (no erasure
    since the read) and the item still has the occurrence and ``due_at`` that were read (not
    deactivated, edited or advanced since). In the transaction the send makes anyway: no extra call."""
    return (stores().customers.exists_check(*owner),
            stores().occurrence_items.still_pending_check(item["pk"], item["sk"], occurrence=item["occurrence"],
                                                 due_at=item["due_at"]))


def _record_skipped(optician: OpticianSettings, customer: Customer, item: dict[str, Any], kind: str,
                    reason: str, now: datetime, follow_up: Write | None,
                    checks: tuple[Write, ...] = ()) -> SendResult:
    """The occurrence's history entry when coordination passed it over: ``skipped`` with ``reason``."""
    return _record(optician, customer, kind, trigger="automatic", idempotency_key=idempotency_key(item),
                   status=SKIPPED, reason=reason, now=now, follow_up=follow_up, preconditions=checks)


def _defer_for_limit(optician: OpticianSettings, customer: Customer, item: dict[str, Any], kind: str,
                     limit: Decimal, now: datetime, checks: tuple[Write, ...]) -> str:
    """The month's SMS spend limit is reached: record the occurrence ``failed`` / ``limit_reached``
    (once per month) and move its ``due_at`` to the first send window of the next month."""
    window, tz = _window(optician)
    _record(optician, customer, kind, trigger="automatic",
            idempotency_key=f"{idempotency_key(item)}#limit#{month_of(now, tz)}", status=FAILED,
            reason=LIMIT_REACHED, detail=format_chf(limit), now=now, preconditions=checks)
    opens = next_open(window, tz, start_of_next_month(now, tz))
    new_due_at = stores().due.due_attributes(item["pk"], item["sk"], opens)["due_at"]
    moved = stores().occurrence_items.move_due(item["pk"], item["sk"], occurrence=item["occurrence"],
                                      expected_due_at=item["due_at"], new_due_at=new_due_at)
    return LIMIT_DEFERRED if moved else STALE


def _as_outgoing(prepared: registry.Outgoing | tuple[str, dict[str, Any]] | None) -> registry.Outgoing | None:
    """A handler's answer as an Outgoing (a plain ``(kind, data)`` has no guards)."""
    if prepared is None or isinstance(prepared, registry.Outgoing):
        return prepared
    kind, data = prepared
    return registry.Outgoing(kind, data)


def _window(optician: OpticianSettings) -> tuple[SendWindow, str]:
    timezone_name: str = optician.timezone
    return optician.send_window, timezone_name


def _window_open(optician: OpticianSettings, now: datetime) -> bool:
    window, tz = _window(optician)
    return is_open(window, tz, now)


def _wait_for_window(item: dict[str, Any], optician: OpticianSettings, now: datetime) -> str:
    """Move ``due_at`` (only) to the next window start; the occurrence stays the same."""
    window, tz = _window(optician)
    opens = next_open(window, tz, now)
    new_due_at = stores().due.due_attributes(item["pk"], item["sk"], opens)["due_at"]
    moved = stores().occurrence_items.move_due(item["pk"], item["sk"], occurrence=item["occurrence"],
                                      expected_due_at=item["due_at"], new_due_at=new_due_at)
    return WAITING if moved else STALE


def _advance(handler: registry.OccurrenceHandler, optician: OpticianSettings, item: dict[str, Any],
             now: datetime) -> None:
    try:
        handler.advance(optician, item, now)
    except Exception as exc:
        if stores().occurrence_items.is_condition_failure(exc):
            # Another worker advanced (or the optician edited) this occurrence first: done.
            return
        raise
