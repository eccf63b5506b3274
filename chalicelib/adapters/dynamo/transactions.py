"""Writes that one adapter prepares and another makes in its transaction.

The send path writes what belongs to one message in one TransactWriteItems: its claim and
pending record (adapters/dynamo/messages.py), its personal link tokens (links.py), the
coordination slots it takes (coordination.py), and with the final record the reminder's
next occurrence (reminders.py). Each adapter builds the ``Write`` for its own items (put,
update or delete, with its condition); the adapter running the transaction puts them
together with ``execute``, which tells which write's condition refused it. A ``Write`` can
also be made on its own (a plain PutItem, UpdateItem or DeleteItem).

Every transaction of the process goes through one PynamoDB ``Connection`` (one botocore
client): creating a client per transaction loads botocore's service model again and, on
Lambda, opens a new TLS connection.
"""
from __future__ import annotations

import functools
import random
import time
from dataclasses import dataclass
from typing import Any, Sequence

from pynamodb.exceptions import DeleteError, PutError, TransactWriteError, UpdateError

from chalicelib.adapters.dynamo.base import is_condition_failure
from chalicelib.config import get_config
from chalicelib.domain import writes as prepared

PUT, UPDATE, DELETE, CHECK = "put", "update", "delete", "check"
CONDITION_FAILED = "ConditionalCheckFailed"
TRANSACTION_CONFLICT = "TransactionConflict"
CONFLICT_ATTEMPTS = 3


@dataclass(frozen=True)
class Write(prepared.Write):
    """One write of a PynamoDB item: ``put`` it, ``update`` it with ``actions``, or ``delete`` it;
    or ``check`` its ``condition`` only (a ConditionCheck: writes nothing, refuses the
    transaction if the item does not meet it — only inside a transaction)."""

    action: str
    item: Any  # a KontaktModel instance with its key (and, for a put, every attribute) set
    condition: Any = None
    actions: tuple = ()

    def add_to(self, transaction) -> None:
        if self.action == PUT:
            transaction.save(self.item, condition=self.condition)
        elif self.action == UPDATE:
            transaction.update(self.item, actions=list(self.actions), condition=self.condition)
        elif self.action == DELETE:
            transaction.delete(self.item, condition=self.condition)
        elif self.action == CHECK:
            transaction.condition_check(type(self.item), self.item.pk, self.item.sk, condition=self.condition)
        else:
            raise ValueError(f"unknown write action {self.action!r}")

    def make(self) -> bool:
        """Make this write alone; False if its condition refused it."""
        try:
            if self.action == PUT:
                self.item.save(condition=self.condition)
            elif self.action == UPDATE:
                self.item.update(actions=list(self.actions), condition=self.condition)
            elif self.action == DELETE:
                self.item.delete(condition=self.condition)
            else:
                raise ValueError(f"unknown write action {self.action!r}")
        except (PutError, UpdateError, DeleteError) as exc:
            if is_condition_failure(exc):
                return False
            raise
        return True


class Cancelled(Exception):
    """DynamoDB cancelled the transaction; ``codes[i]`` is why for the i-th write (None: no objection)."""

    def __init__(self, codes: list[str | None]):
        super().__init__(", ".join(code or "-" for code in codes))
        self.codes = codes

    def condition_failed(self, index: int) -> bool:
        return index < len(self.codes) and self.codes[index] == CONDITION_FAILED

    def any_condition_failed(self, indexes) -> bool:
        return any(self.condition_failed(index) for index in indexes)

    def only_conflicts(self) -> bool:
        """Cancelled for nothing but concurrent transactions on the same items (worth trying again)."""
        given = [code for code in self.codes if code not in (None, "None")]
        return bool(given) and all(code == TRANSACTION_CONFLICT for code in given)


@functools.cache
def _connection_for(region: str):
    from pynamodb.connection import Connection

    return Connection(region=region)


def connection():
    """The process's connection for transactions (created on first use)."""
    return _connection_for(get_config().region)


def own(write: prepared.Write) -> Write:
    """``write`` as this module's Write; TypeError for a write of another kind (a test's fake store)."""
    if not isinstance(write, Write):
        raise TypeError(f"not a DynamoDB write: {type(write).__name__}")
    return write


def execute(writes: Sequence[prepared.Write]) -> None:
    """Make ``writes`` in one TransactWriteItems: all of them or none; Cancelled says why not.

    A transaction cancelled only because another one was writing the same item at that moment
    (``TransactionConflict``: the optician's monthly usage counter is shared by all their sends)
    is tried again, up to ``CONFLICT_ATTEMPTS`` times with a short random pause; its conditions
    are evaluated afresh each time.
    """
    for attempt in range(1, CONFLICT_ATTEMPTS + 1):
        try:
            return _execute_once(writes)
        except Cancelled as exc:
            if attempt == CONFLICT_ATTEMPTS or not exc.only_conflicts():
                raise
            time.sleep(random.uniform(0.01, 0.05) * attempt)


def _execute_once(given: Sequence[prepared.Write]) -> None:
    from pynamodb.transactions import TransactWrite

    writes = [own(write) for write in given]
    try:
        with TransactWrite(connection=connection()) as transaction:
            for write in writes:
                write.add_to(transaction)
    except TransactWriteError as exc:
        reasons = getattr(exc, "cancellation_reasons", None)
        if not reasons:
            raise  # not a cancellation (throttled after retries, invalid request): nothing to decide on
        # PynamoDB sends condition checks, deletes, puts, updates in that order (each group in the
        # order added): map the reasons back to the order of ``writes``.
        sent = sorted(range(len(writes)), key=lambda index: _SENT_ORDER.get(writes[index].action, 4))
        codes: list[str | None] = [None] * len(writes)
        for position, index in enumerate(sent):
            reason = reasons[position] if position < len(reasons) else None
            codes[index] = reason.code if reason is not None else None
        raise Cancelled(codes) from None


_SENT_ORDER = {CHECK: 0, DELETE: 1, PUT: 2, UPDATE: 3}
