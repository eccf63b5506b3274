"""Message history, idempotency claims and monthly usage counters.

- history: ``OPT#<oid>#CUST#<cid>`` / ``MESSAGE#<created ISO, UTC>#<id>`` (newest first by
  a reverse Query), every field of SPEC §4 but the content; the content (SMS text, e-mail
  text and HTML) in ``BODY#<created>#<id>`` beside it. The split keeps the record that
  changes (status, receipts) under 1 KB, so each change of it costs 1 WCU instead of the
  4 an e-mail's HTML would make it cost. Records written before the split still hold their
  content themselves and are read as they are. Each record carries the partition keys of the
  three index views of ``GET /messages`` (``msgs_s``, ``msgs_k``, ``msgs_ks``, sorted by ``sk``;
  adapters/dynamo/message_index.py), the status views' keys rewritten with every status
  change, and, once sent, a back-reference (``ref_pk``/``ref_sk``)
  to its provider pointer (adapters/dynamo/receipt_pointers.py) so erasure removes it;
- claim: ``OPT#<oid>#CUST#<cid>`` / ``CLAIM#<idempotency key>``: at most one message per
  key. ``pending`` while one worker sends (with a lease), ``done`` once recorded;
- usage: ``OPT#<oid>`` / ``USAGE#<YYYY-MM>``: SMS messages, parts, CHF and e-mails.
  An SMS's CHF are added when it is claimed, in the claim's transaction and conditional on
  the month's total staying within the optician's limit (``spend_write``): the spend limit
  is atomic with the counter, racing sends cannot overshoot it, and it costs one more item
  in a transaction that is made anyway. Messages, parts and e-mails are added (``ADD``) in
  the transaction that turns the message ``sent``; a message that is not sent after all
  gives its CHF back in the transaction that makes it final (or releases its claim). Those
  transactions are conditional on the message still being ``pending``, so a message is
  counted exactly once whatever retries happen.

Money is an exact DynamoDB number read back as ``Decimal`` (never a float).
"""
from __future__ import annotations

from decimal import Decimal

from pynamodb.attributes import Attribute, NumberAttribute, UnicodeAttribute
from pynamodb.constants import NUMBER
from typing import Sequence

from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.condition import Condition

from chalicelib.adapters.dynamo import message_index, transactions
from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk, is_condition_failure, optician_pk
from chalicelib.adapters.dynamo import receipt_pointers
from chalicelib.adapters.dynamo.transactions import DELETE, PUT, UPDATE, Write
from chalicelib.adapters.dynamo.paging import decode_cursor, encode_cursor
from chalicelib.domain import writes as prepared
from chalicelib.domain.errors import ClaimTaken, GuardRefused, LimitReached, PreconditionFailed
from chalicelib.domain.message import Claim, Message, MonthUsage

MESSAGE_PREFIX = "MESSAGE#"
BODY_PREFIX = "BODY#"
CLAIM_PREFIX = "CLAIM#"
USAGE_PREFIX = "USAGE#"
PENDING, DONE = "pending", "done"

# The attributes of the small record that hold a Message's fields of the same name (``id`` is ``message_id``).
STORED_FIELDS = ("customer_id", "kind", "topic", "channel", "to", "subject", "status", "reason", "reason_detail",
                 "parts", "cost_chf", "trigger", "created_at", "updated_at", "sent_at", "provider_message_id",
                 "delivered_at", "failed_at")


class DecimalAttribute(Attribute[Decimal]):
    """A DynamoDB number as an exact Decimal (PynamoDB's NumberAttribute goes through float)."""

    attr_type = NUMBER

    def serialize(self, value):
        return str(Decimal(value))

    def deserialize(self, value):
        return Decimal(value)


class MessageItem(KontaktModel):
    message_id = UnicodeAttribute()
    customer_id = UnicodeAttribute()
    kind = UnicodeAttribute()
    topic = UnicodeAttribute()
    channel = UnicodeAttribute(null=True)
    to = UnicodeAttribute(null=True)
    subject = UnicodeAttribute(null=True)
    text = UnicodeAttribute(null=True)  # only in records written before the content moved to BODY#
    html = UnicodeAttribute(null=True)  # idem
    status = UnicodeAttribute()
    reason = UnicodeAttribute(null=True)
    reason_detail = UnicodeAttribute(null=True)
    parts = NumberAttribute(default=0)
    cost_chf = DecimalAttribute(default=lambda: Decimal("0"))
    trigger = UnicodeAttribute()
    idempotency_key = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()
    sent_at = UnicodeAttribute(null=True)
    provider_message_id = UnicodeAttribute(null=True)
    delivered_at = UnicodeAttribute(null=True)
    failed_at = UnicodeAttribute(null=True)
    # The index views (adapters/dynamo/message_index.py): OPT#<oid>#M#<codes of status, channel>,
    # … of kind, channel, … of kind, status, channel; all three sorted by ``sk``.
    msgs_s = UnicodeAttribute(null=True)
    msgs_k = UnicodeAttribute(null=True)
    msgs_ks = UnicodeAttribute(null=True)
    msgs_pk = UnicodeAttribute(null=True)  # the first ``messages`` index (records from before the views)
    msgs_sk = UnicodeAttribute(null=True)  # idem
    ref_pk = UnicodeAttribute(null=True)   # the provider pointer, for erasure
    ref_sk = UnicodeAttribute(null=True)


class MessageBodyItem(KontaktModel):
    """What was sent: the SMS text, or the e-mail's text and HTML (never changes)."""

    text = UnicodeAttribute(null=True)
    html = UnicodeAttribute(null=True)


class ClaimItem(KontaktModel):
    status = UnicodeAttribute()  # pending | done
    message_sk = UnicodeAttribute()
    attempt = UnicodeAttribute()  # random id of the worker holding the claim
    lease_until = NumberAttribute()  # epoch seconds; a pending claim past it was abandoned
    # The SMS spend its claim added to the usage of month ``reserved_month`` (given back if it is not sent).
    reserved_chf = DecimalAttribute(null=True)
    reserved_month = UnicodeAttribute(null=True)


class UsageItem(KontaktModel):
    month = UnicodeAttribute()
    sms_messages = NumberAttribute(default=0)
    sms_parts = NumberAttribute(default=0)
    sms_cost_chf = DecimalAttribute(default=lambda: Decimal("0"))
    emails = NumberAttribute(default=0)


def message_sk(created_at: str, message_id: str) -> str:
    return f"{MESSAGE_PREFIX}{created_at}#{message_id}"


def body_sk(sk: str) -> str:
    """The sort key of a record's content item."""
    return BODY_PREFIX + sk[len(MESSAGE_PREFIX):]


def _to_message(item: MessageItem, body: MessageBodyItem | None = None) -> Message:
    content = body if body is not None else item  # records from before the split hold their content
    return Message(id=item.message_id, customer_id=item.customer_id, kind=item.kind, topic=item.topic,
                   trigger=item.trigger, status=item.status, created_at=item.created_at, updated_at=item.updated_at,
                   channel=item.channel, to=item.to, subject=item.subject, text=content.text, html=content.html,
                   reason=item.reason, reason_detail=item.reason_detail, parts=int(item.parts or 0),
                   cost_chf=item.cost_chf if item.cost_chf is not None else Decimal("0"), sent_at=item.sent_at,
                   provider_message_id=item.provider_message_id, delivered_at=item.delivered_at,
                   failed_at=item.failed_at)


def _message_item(optician_id: str, customer_id: str, sk: str, record: Message, key: str) -> MessageItem:
    values = {name: getattr(record, name) for name in STORED_FIELDS}
    keys = message_index.index_keys(optician_id, status=record.status, kind=record.kind, channel=record.channel)
    item = MessageItem(customer_pk(optician_id, customer_id), sk, message_id=record.id, idempotency_key=key)
    for name, value in {**keys, **values}.items():
        setattr(item, name, value)
    return item


def _body_writes(optician_id: str, customer_id: str, sk: str, record: Message) -> list[Write]:
    if record.text is None and record.html is None:
        return []
    body = MessageBodyItem(customer_pk(optician_id, customer_id), body_sk(sk), text=record.text, html=record.html)
    return [Write(PUT, body)]


def _with_bodies(items: list[MessageItem]) -> list[Message]:
    """The records of ``items`` with their content (one BatchGetItem per hundred), in their order."""
    keys = [(item.pk, body_sk(item.sk)) for item in items if item.text is None and item.html is None]
    bodies: dict[tuple[str, str], MessageBodyItem] = {}
    for start in range(0, len(keys), 100):
        for body in MessageBodyItem.batch_get(keys[start:start + 100]):
            bodies[(body.pk, body.sk)] = body
    return [_to_message(item, bodies.get((item.pk, body_sk(item.sk)))) for item in items]


# --- claims --------------------------------------------------------------------------------


def get_claim(optician_id: str, customer_id: str, key: str) -> Claim | None:
    try:
        item = ClaimItem.get(customer_pk(optician_id, customer_id), CLAIM_PREFIX + key, consistent_read=True)
    except DoesNotExist:
        return None
    return Claim(status=item.status, message_sk=item.message_sk, attempt=item.attempt,
                 lease_until=int(item.lease_until), reserved_chf=item.reserved_chf, reserved_month=item.reserved_month)


def claim(optician_id: str, customer_id: str, key: str, sk: str, record: Message, *, status: str,
          attempt: str, lease_until: int, writes: Sequence[prepared.Write] = (),
          guards: Sequence[prepared.Write] = (), preconditions: Sequence[prepared.Write] = (),
          follow_up: prepared.Write | None = None, limits: Sequence[tuple[prepared.Write, str]] = (), reserved: tuple[str, Decimal] | None = None) -> bool:
    """Write the claim and the history record together; ClaimTaken if the key is used.

    ``status`` pending: this worker will now send (others see the lease); done: the record
    is final already (skipped, or failed before sending). In the same transaction:
    ``writes`` that belong to the message (its link tokens); ``guards``, conditional writes
    without which the message must not exist (coordination slots): GuardRefused if one is
    refused while the key is free; ``preconditions``, ConditionChecks that must hold for the
    message to exist at all (the customer not erased, the scheduled item unchanged since it
    was read): PreconditionFailed if one does not while the key is free (checked before the
    guards); and for a final record the caller's ``follow_up``, made with the record if it
    can be (True), else left out (False) — see ``finish``. ``limits``: (write, reason) pairs,
    conditional counters such as ``spend_write``: LimitReached(reason) if one is refused while
    the key is free (checked after the preconditions, before the guards). ``reserved``: (month,
    CHF) the limits add to the usage, kept on the claim so that closing an abandoned claim gives it back.
    """
    partition = customer_pk(optician_id, customer_id)
    claim_item = ClaimItem(partition, CLAIM_PREFIX + key, status=status, message_sk=sk, attempt=attempt,
                           lease_until=lease_until, reserved_month=reserved[0] if reserved else None,
                           reserved_chf=reserved[1] if reserved else None)
    own: list[prepared.Write] = [
        Write(PUT, claim_item, condition=ClaimItem.pk.does_not_exist()),
        Write(PUT, _message_item(optician_id, customer_id, sk, record, key), condition=MessageItem.pk.does_not_exist())]
    own += _body_writes(optician_id, customer_id, sk, record)
    first_limit = len(own) + len(writes)
    limit_reasons = {first_limit + n: reason for n, (_, reason) in enumerate(limits)}
    first_guard = first_limit + len(limits)
    guard_indexes = range(first_guard, first_guard + len(guards))
    batch = own + list(writes) + [write for write, _ in limits] + list(guards)
    return _transact(batch, key, guard_indexes, follow_up, preconditions, limit_reasons)


def finish(optician_id: str, customer_id: str, key: str, sk: str, attempt: str, changes: dict,
           usage: dict | None = None, month: str | None = None, follow_up: prepared.Write | None = None,
           channel: str | None = None, counted: Sequence[prepared.Write] = (), kind: str | None = None) -> bool:
    """Make a pending message final (sent or failed), close its claim and add its usage.

    One transaction, conditional on the message being pending and the claim being ours:
    done twice, the second attempt fails (ClaimTaken) and nothing is counted twice.
    ``counted``: other writes that count the sent message (the reminder's conversion index and
    counters, adapters/dynamo/conversions.py), made in the same transaction, so also once.
    A ``provider_message_id`` among the changes writes the message's provider pointer (for
    the receipts of ``channel``) in the same transaction. A ``status`` among the changes
    rewrites the status views' index keys, from the record's ``kind`` and ``channel``.
    ``follow_up`` (the reminder's next occurrence) goes into the same transaction; if that
    transaction is refused for any reason of the follow-up's (its condition: the optician
    changed the reminder meanwhile; a concurrent write), the record is written without it,
    so the final record is never lost for it. True if the follow-up was made.
    """
    partition = customer_pk(optician_id, customer_id)
    changes = dict(changes)
    pointer = None
    if changes.get("provider_message_id"):
        # The provider accepted it: its receipts find the record through this pointer.
        pointer = receipt_pointers.pointer_item(changes["provider_message_id"], optician_id, customer_id, sk,
                                                channel, kind)
        changes.update(ref_pk=pointer.pk, ref_sk=pointer.sk)
    if changes.get("status"):
        if kind is None:
            raise ValueError("a status change needs the record's kind (and channel) for the index keys")
        changes.update(message_index.status_keys(optician_id, status=changes["status"], kind=kind, channel=channel))
    actions = [getattr(MessageItem, name).set(value) if value is not None else getattr(MessageItem, name).remove()
               for name, value in changes.items()]
    writes: list[prepared.Write] = [
        Write(UPDATE, MessageItem(partition, sk), actions=tuple(actions), condition=MessageItem.status == PENDING),
        Write(UPDATE, ClaimItem(partition, CLAIM_PREFIX + key), actions=(ClaimItem.status.set(DONE),),
              condition=(ClaimItem.attempt == attempt) & (ClaimItem.status == PENDING))]
    if pointer is not None:
        writes.append(Write(PUT, pointer))
    if usage and month:
        writes.append(Write(UPDATE, _usage_item(optician_id, month),
                            actions=tuple([UsageItem.month.set(month)]
                                          + [getattr(UsageItem, name).add(value) for name, value in usage.items()])))
    writes.extend(counted)
    return _transact(writes, key, (), follow_up)


def _transact(writes: list[prepared.Write], key: str, guard_indexes, follow_up: prepared.Write | None,
              preconditions: Sequence[prepared.Write] = (), limit_reasons: dict[int, str] | None = None) -> bool:
    """Run ``writes`` (the first two: claim and record) and ``preconditions`` plus ``follow_up`` if it
    can go with them. A transaction may touch an item once: with the follow-up, a precondition
    on the follow-up's own item is left out (the follow-up's condition, the processed
    occurrence, stands in for it); without it (the follow-up refused) it is checked."""
    every = list(enumerate(preconditions))
    attempts: list[tuple[list[tuple[int, prepared.Write]], prepared.Write | None]] = [(every, None)]
    if follow_up is not None:
        target = _key_of(follow_up)
        attempts = [([(n, check) for n, check in every if _key_of(check) != target], follow_up), (every, None)]
    first_check = len(writes)
    for number, (checks, extra) in enumerate(attempts, start=1):
        batch = writes + [check for _, check in checks] + ([extra] if extra is not None else [])
        try:
            transactions.execute(batch)
        except transactions.Cancelled as exc:
            if exc.any_condition_failed((0, 1)):
                raise ClaimTaken(key) from None
            refused = tuple(n for position, (n, _) in enumerate(checks) if exc.condition_failed(first_check + position))
            if refused:
                raise PreconditionFailed(key, refused) from None
            for index, reason in (limit_reasons or {}).items():
                if exc.condition_failed(index):
                    raise LimitReached(key, reason) from None
            if exc.any_condition_failed(guard_indexes):
                raise GuardRefused(key) from None
            if number == len(attempts):
                raise
            continue  # the follow-up stood in the way: the record goes alone
        return follow_up is not None and number == 1
    raise AssertionError("unreachable")  # pragma: no cover


def _key_of(write: prepared.Write) -> tuple[str, str]:
    item = transactions.own(write).item
    return item.pk, item.sk


def abandon(optician_id: str, customer_id: str, key: str, sk: str, attempt: str, changes: dict,
            usage: dict | None = None, month: str | None = None) -> None:
    """Close a claim whose worker died mid-send: the message becomes final without sending again
    (``usage``: the spend its claim added, given back)."""
    kind, channel = _kind_and_channel(optician_id, customer_id, sk)
    finish(optician_id, customer_id, key, sk, attempt, changes, usage, month, kind=kind, channel=channel)


def _kind_and_channel(optician_id: str, customer_id: str, sk: str) -> tuple[str | None, str | None]:
    """The stored record's kind and channel (what its index keys are made of); (None, None) if it is gone."""
    try:
        item = MessageItem.get(customer_pk(optician_id, customer_id), sk, consistent_read=True,
                               attributes_to_get=["kind", "channel"])
    except DoesNotExist:
        return None, None
    return item.kind, item.channel


def release(optician_id: str, customer_id: str, key: str, sk: str, attempt: str,
            writes: Sequence[prepared.Write] = ()) -> None:
    """Undo a claim after a transient provider error: nothing was sent, a retry starts afresh.

    ``writes``: what else goes with it (deleting the message's unused link tokens).
    """
    partition = customer_pk(optician_id, customer_id)
    try:
        transactions.execute([
            Write(DELETE, ClaimItem(partition, CLAIM_PREFIX + key),
                  condition=(ClaimItem.attempt == attempt) & (ClaimItem.status == PENDING)),
            Write(DELETE, MessageItem(partition, sk), condition=MessageItem.status == PENDING),
            Write(DELETE, MessageBodyItem(partition, body_sk(sk))),
            *writes,
        ])
    except transactions.Cancelled as exc:
        if not exc.any_condition_failed((0, 1)):
            raise


# --- history -------------------------------------------------------------------------------


def get_message(optician_id: str, customer_id: str, sk: str) -> Message | None:
    try:
        item = MessageItem.get(customer_pk(optician_id, customer_id), sk, consistent_read=True)
    except DoesNotExist:
        return None
    return _with_bodies([item])[0]


def list_page(optician_id: str, customer_id: str, *, kind: str | None, status: str | None, limit: int,
              cursor: str | None) -> tuple[list[Message], str | None]:
    """One page of the customer's history, newest first, optionally filtered."""
    partition = customer_pk(optician_id, customer_id)
    condition = None
    if kind:
        condition = MessageItem.kind == kind
    if status:
        condition = (MessageItem.status == status) if condition is None else condition & (MessageItem.status == status)
    results = MessageItem.query(
        partition, MessageItem.sk.startswith(MESSAGE_PREFIX), filter_condition=condition,
        scan_index_forward=False, limit=limit, last_evaluated_key=decode_cursor(cursor, partition, MESSAGE_PREFIX),
        page_size=max(limit, 25),
    )
    items = _with_bodies(list(results))
    next_key = results.last_evaluated_key if len(items) == limit else None
    return items, encode_cursor(next_key)


def list_all(optician_id: str, customer_id: str) -> list[Message]:
    """The customer's whole history, newest first (the data export; pages through every item)."""
    partition = customer_pk(optician_id, customer_id)
    return _with_bodies(list(MessageItem.query(partition, MessageItem.sk.startswith(MESSAGE_PREFIX),
                                               scan_index_forward=False, consistent_read=True)))


def apply_outcome(optician_id: str, customer_id: str, sk: str, outcome: str, *, reason: str | None,
                  detail: str | None, at: str, now: str, kind: str | None = None,
                  channel: str | None = None) -> bool:
    """Apply a delivery receipt to the record: one conditional UpdateItem of the small record.

    ``kind``/``channel``: the record's (from its provider pointer), for the status views' index
    keys; a pointer written before it held the kind makes this read them from the record first.

    ``delivered`` only turns a ``sent`` record; ``failed`` a ``sent`` or ``delivered`` one (a
    bounce or complaint may follow the delivery). So a receipt applied twice, or a
    ``delivered`` arriving after a failure, changes nothing (False). ``at``: when the provider
    reported it (``delivered_at`` / ``failed_at``); ``now``: ``updated_at``.
    """
    if outcome not in ("delivered", "failed"):
        raise ValueError(f"unknown outcome {outcome!r}")
    if kind is None:
        kind, channel = _kind_and_channel(optician_id, customer_id, sk)
        if kind is None:
            return False  # the record is gone (erased)
    item = MessageItem(customer_pk(optician_id, customer_id), sk)
    keys = [getattr(MessageItem, name).set(value)
            for name, value in message_index.status_keys(optician_id, status=outcome, kind=kind,
                                                         channel=channel).items()]
    if outcome == "delivered":
        actions = [MessageItem.status.set("delivered"), MessageItem.delivered_at.set(at), *keys]
        condition: Condition = MessageItem.status == "sent"
    else:
        actions = [MessageItem.status.set("failed"), MessageItem.reason.set(reason),  # type: ignore[arg-type]
                   MessageItem.failed_at.set(at),
                   *keys, MessageItem.reason_detail.set(detail) if detail else MessageItem.reason_detail.remove()]
        condition = MessageItem.status.is_in("sent", "delivered")
    actions.append(MessageItem.updated_at.set(now))
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


# --- index keys of records written before the index views (scripts/backfill_message_index.py) ---


def index_key_gaps(optician_id: str, customer_id: str) -> list[tuple[str, str, dict]]:
    """The customer's records whose index keys are missing, out of date or of the first ``messages`` index:
    (sk, status, keys to set)."""
    partition = customer_pk(optician_id, customer_id)
    attributes = ["pk", "sk", "status", "kind", "channel", *message_index.KEY_ATTRIBUTES,
                  *message_index.LEGACY_ATTRIBUTES]
    gaps = []
    for item in MessageItem.query(partition, MessageItem.sk.startswith(MESSAGE_PREFIX), consistent_read=True,
                                  attributes_to_get=attributes):
        keys = message_index.index_keys(optician_id, status=item.status, kind=item.kind, channel=item.channel)
        if any(getattr(item, name) != value for name, value in keys.items()) or \
                any(getattr(item, name) is not None for name in message_index.LEGACY_ATTRIBUTES):
            gaps.append((item.sk, item.status, keys))
    return gaps


def set_index_keys(optician_id: str, customer_id: str, sk: str, status: str, keys: dict) -> bool:
    """Write a record's index keys (and drop those of the first ``messages`` index), provided its status
    is still ``status`` (else a status change, which writes them itself, came first: False)."""
    item = MessageItem(customer_pk(optician_id, customer_id), sk)
    actions = [getattr(MessageItem, name).set(value) for name, value in keys.items()]
    actions += [getattr(MessageItem, name).remove() for name in message_index.LEGACY_ATTRIBUTES]
    try:
        item.update(actions=actions, condition=MessageItem.status == status)
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


# --- usage ---------------------------------------------------------------------------------


def _usage_item(optician_id: str, month: str) -> UsageItem:
    return UsageItem(optician_pk(optician_id), USAGE_PREFIX + month)


def spend_write(optician_id: str, month: str, cost: Decimal, limit: Decimal) -> Write:
    """Add an SMS's ``cost`` to the month's spend only if the total stays within ``limit``
    (for ``claim``'s ``limits``). ``cost`` must not exceed ``limit`` (the caller refuses that)."""
    if cost > limit:
        raise ValueError("cost above the limit: refuse without a transaction")
    return Write(UPDATE, _usage_item(optician_id, month),
                 actions=(UsageItem.month.set(month), UsageItem.sms_cost_chf.add(cost)),
                 condition=UsageItem.sms_cost_chf.does_not_exist() | (UsageItem.sms_cost_chf <= limit - cost))


def refund_write(optician_id: str, month: str, cost: Decimal) -> Write:
    """Give back an SMS's spend added with its claim (it was not sent after all)."""
    return Write(UPDATE, _usage_item(optician_id, month), actions=(UsageItem.sms_cost_chf.add(-cost),))


def get_usage(optician_id: str, month: str) -> MonthUsage:
    """The month's counters (zeros if nothing was sent)."""
    try:
        item = UsageItem.get(optician_pk(optician_id), USAGE_PREFIX + month, consistent_read=True)
    except DoesNotExist:
        return MonthUsage()
    return MonthUsage(sms_messages=int(item.sms_messages or 0), sms_parts=int(item.sms_parts or 0),
                      sms_cost_chf=item.sms_cost_chf or Decimal("0"), emails=int(item.emails or 0))
