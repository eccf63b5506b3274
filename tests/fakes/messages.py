"""An in-memory message store (the port chalicelib/services/ports/messages.py) for unit tests.

It keeps records, claims and monthly usage as the DynamoDB adapter does
(chalicelib/adapters/dynamo/messages.py) and makes a claim, a finish or a release like its
transaction: every condition is checked before anything is written, so a refused claim writes
nothing — not its record, not the writes of other stores that go with it. The writes of the other
fakes (tests/fakes/counters.py ``FakeWrite``, tests/fakes/links.py callables) are made the same way;
a follow-up write (a reminder's next occurrence) is made last and left out if it refuses, as the
adapter does. tests/integration/test_message_store_contract.py runs both through the same checks.
"""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from typing import Any, Callable, Sequence

from chalicelib.domain.errors import ClaimTaken, GuardRefused, LimitReached, PreconditionFailed
from chalicelib.domain.message import Claim, Message, MonthUsage
from tests.fakes.counters import FakeWrite

PENDING, DONE = "pending", "done"


def holds(write: Any) -> bool:
    """Whether a fake write's condition holds, nothing written (``FakeWrite.check``; a scheduled item's
    ``FakeCheck.holds``, tests/fakes/occurrence_items.py)."""
    for name in ("check", "holds"):
        test: Callable[[], bool] | None = getattr(write, name, None)
        if test is not None:
            return test()
    return True


def apply(write: Any) -> None:
    """Make a fake write whose condition was checked (a links fake's write is a plain callable)."""
    target = getattr(write, "apply", write)
    target()


class InMemoryReceiptPointers:
    """The provider pointers the message store writes with a sent record (the port receipt_pointers.py)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str, str], dict[str, Any]] = {}

    def find(self, provider_message_id: str, channel: str) -> dict[str, Any] | None:
        found = self.items.get((provider_message_id, channel))
        return dict(found) if found else None


class InMemoryMessages:
    DONE = DONE

    def __init__(self) -> None:
        self.records: dict[tuple[str, str, str], Message] = {}
        self.claims: dict[tuple[str, str, str], Claim] = {}
        self.usage: dict[tuple[str, str], MonthUsage] = {}
        self.pointers = InMemoryReceiptPointers()

    @staticmethod
    def message_sk(created_at: str, message_id: str) -> str:
        return f"MESSAGE#{created_at}#{message_id}"

    # --- claims -------------------------------------------------------------------------------

    def claim(self, optician_id: str, customer_id: str, key: str, sk: str, record: Message, *, status: str,
              attempt: str, lease_until: int, writes: Sequence[Any] = (), guards: Sequence[Any] = (),
              preconditions: Sequence[Any] = (), follow_up: Any = None, limits: Sequence[tuple[Any, str]] = (),
              reserved: tuple[str, Decimal] | None = None) -> bool:
        if (optician_id, customer_id, key) in self.claims or (optician_id, customer_id, sk) in self.records:
            raise ClaimTaken(key)
        refused = tuple(n for n, check in enumerate(preconditions) if not holds(check))
        if refused:
            raise PreconditionFailed(key, refused)
        for write, reason in limits:
            if not holds(write):
                raise LimitReached(key, reason)
        if not all(holds(guard) for guard in guards):
            raise GuardRefused(key)
        made = follow_up is not None and follow_up.make()
        for write in [*writes, *(write for write, _ in limits), *guards]:
            apply(write)
        self.claims[(optician_id, customer_id, key)] = Claim(
            status=status, message_sk=sk, attempt=attempt, lease_until=lease_until,
            reserved_chf=reserved[1] if reserved else None, reserved_month=reserved[0] if reserved else None)
        self.records[(optician_id, customer_id, sk)] = record
        return made

    def get_claim(self, optician_id: str, customer_id: str, key: str) -> Claim | None:
        return self.claims.get((optician_id, customer_id, key))

    def finish(self, optician_id: str, customer_id: str, key: str, sk: str, attempt: str, changes: dict[str, Any],
               usage: dict[str, Any] | None = None, month: str | None = None, follow_up: Any = None,
               channel: str | None = None, counted: Sequence[Any] = (), kind: str | None = None) -> bool:
        claim = self.claims.get((optician_id, customer_id, key))
        record = self.records.get((optician_id, customer_id, sk))
        if claim is None or claim.status != PENDING or claim.attempt != attempt or record is None \
                or record.status != PENDING:
            raise ClaimTaken(key)
        if changes.get("status") and kind is None:
            raise ValueError("a status change needs the record's kind (and channel) for the index keys")
        if not all(holds(write) for write in counted):
            raise AssertionError("a counting write refused: the adapter's transaction would fail")
        made = follow_up is not None and follow_up.make()
        for write in counted:
            apply(write)
        self.records[(optician_id, customer_id, sk)] = replace(record, **changes)
        self.claims[(optician_id, customer_id, key)] = replace(claim, status=DONE)
        if changes.get("provider_message_id"):  # the receipts find the record through it
            self.pointers.items[(changes["provider_message_id"], channel or "any")] = {
                "optician_id": optician_id, "customer_id": customer_id, "message_sk": sk, "kind": kind,
                "channel": channel}
        if usage and month:
            self._add_usage(optician_id, month, usage)
        return made

    def abandon(self, optician_id: str, customer_id: str, key: str, sk: str, attempt: str, changes: dict[str, Any],
                usage: dict[str, Any] | None = None, month: str | None = None) -> None:
        record = self.records.get((optician_id, customer_id, sk))
        self.finish(optician_id, customer_id, key, sk, attempt, changes, usage, month,
                    kind=record.kind if record else None, channel=record.channel if record else None)

    def release(self, optician_id: str, customer_id: str, key: str, sk: str, attempt: str,
                writes: Sequence[Any] = ()) -> None:
        claim = self.claims.get((optician_id, customer_id, key))
        record = self.records.get((optician_id, customer_id, sk))
        if claim is None or claim.status != PENDING or claim.attempt != attempt or record is None \
                or record.status != PENDING:
            return  # closed by someone else meanwhile: theirs stands
        for write in writes:
            apply(write)
        del self.claims[(optician_id, customer_id, key)]
        del self.records[(optician_id, customer_id, sk)]

    # --- history ------------------------------------------------------------------------------

    def get_message(self, optician_id: str, customer_id: str, sk: str) -> Message | None:
        return self.records.get((optician_id, customer_id, sk))

    def _newest_first(self, optician_id: str, customer_id: str) -> list[tuple[str, Message]]:
        mine = [(sk, record) for (oid, cid, sk), record in self.records.items()
                if (oid, cid) == (optician_id, customer_id)]
        return sorted(mine, key=lambda pair: pair[0], reverse=True)

    def list_page(self, optician_id: str, customer_id: str, *, kind: str | None, status: str | None, limit: int,
                  cursor: str | None) -> tuple[list[Message], str | None]:
        listed = [(sk, record) for sk, record in self._newest_first(optician_id, customer_id)
                  if (kind is None or record.kind == kind) and (status is None or record.status == status)
                  and (cursor is None or sk < cursor)]
        page = listed[:limit]
        return [record for _, record in page], page[-1][0] if len(listed) > limit else None

    def list_all(self, optician_id: str, customer_id: str) -> list[Message]:
        return [record for _, record in self._newest_first(optician_id, customer_id)]

    def apply_outcome(self, optician_id: str, customer_id: str, sk: str, outcome: str, *, reason: str | None,
                      detail: str | None, at: str, now: str, kind: str | None = None,
                      channel: str | None = None) -> bool:
        if outcome not in ("delivered", "failed"):
            raise ValueError(f"unknown outcome {outcome!r}")
        record = self.records.get((optician_id, customer_id, sk))
        if record is None:
            return False
        if outcome == "delivered":
            if record.status != "sent":
                return False
            changed = replace(record, status="delivered", delivered_at=at, updated_at=now)
        else:
            if record.status not in ("sent", "delivered"):
                return False
            changed = replace(record, status="failed", reason=reason, reason_detail=detail or None, failed_at=at,
                              updated_at=now)
        self.records[(optician_id, customer_id, sk)] = changed
        return True

    # --- usage --------------------------------------------------------------------------------

    def _add_usage(self, optician_id: str, month: str, added: dict[str, Any]) -> None:
        current = self.usage.get((optician_id, month), MonthUsage())
        self.usage[(optician_id, month)] = replace(current, **{name: getattr(current, name) + value
                                                               for name, value in added.items()})

    def spend_write(self, optician_id: str, month: str, cost: Decimal, limit: Decimal) -> FakeWrite:
        if cost > limit:
            raise ValueError("cost above the limit: refuse without a transaction")
        return FakeWrite(lambda: self._add_usage(optician_id, month, {"sms_cost_chf": cost}),
                         check=lambda: self.get_usage(optician_id, month).sms_cost_chf <= limit - cost)

    def refund_write(self, optician_id: str, month: str, cost: Decimal) -> FakeWrite:
        return FakeWrite(lambda: self._add_usage(optician_id, month, {"sms_cost_chf": -cost}))

    def get_usage(self, optician_id: str, month: str) -> MonthUsage:
        return self.usage.get((optician_id, month), MonthUsage())
