"""What the send path, the history and the delivery receipts need of the message store.

Production: ``chalicelib/adapters/dynamo/messages.py`` (history records with their content,
send claims, monthly usage); tests: ``tests/fakes/messages.py``. Its refusals are the errors of
``chalicelib/domain/errors.py`` (ClaimTaken, GuardRefused, PreconditionFailed, LimitReached). A record is the history entry
(``chalicelib/domain/message.py`` Message); ``message_sk`` is its sort key.
"""
from __future__ import annotations

from decimal import Decimal
from typing import Any, Protocol, Sequence

from chalicelib.domain.message import Claim, Message, MonthUsage
from chalicelib.services.ports.writes import Write

class MessageStore(Protocol):
    DONE: str  # a claim whose record is final

    def message_sk(self, created_at: str, message_id: str) -> str:
        """The sort key of a record created at ``created_at``."""

    def claim(self, optician_id: str, customer_id: str, key: str, sk: str, record: Message, *, status: str,
              attempt: str, lease_until: int, writes: Sequence[Write] = (), guards: Sequence[Write] = (),
              preconditions: Sequence[Write] = (), follow_up: Write | None = None,
              limits: Sequence[tuple[Write, str]] = (), reserved: tuple[str, Decimal] | None = None) -> bool:
        """Write the claim and the record together (and what goes with them); ClaimTaken, PreconditionFailed,
        LimitReached, GuardRefused (``chalicelib/domain/errors.py``) when refused, nothing written."""

    def get_claim(self, optician_id: str, customer_id: str, key: str) -> Claim | None:
        """The claim of ``key`` (status, attempt, lease, message_sk, reserved spend), or None."""

    def finish(self, optician_id: str, customer_id: str, key: str, sk: str, attempt: str, changes: dict[str, Any],
               usage: dict[str, Any] | None = None, month: str | None = None, follow_up: Write | None = None,
               channel: str | None = None, counted: Sequence[Write] = (), kind: str | None = None) -> bool:
        """Make a pending record final and add its usage; whether the follow-up was made."""

    def abandon(self, optician_id: str, customer_id: str, key: str, sk: str, attempt: str, changes: dict[str, Any],
                usage: dict[str, Any] | None = None, month: str | None = None) -> None:
        """Close a claim whose worker died mid-send (never sent again)."""

    def release(self, optician_id: str, customer_id: str, key: str, sk: str, attempt: str,
                writes: Sequence[Write] = ()) -> None:
        """Undo a claim after a transient provider error (nothing was sent)."""

    def get_message(self, optician_id: str, customer_id: str, sk: str) -> Message | None:
        """The record with its content, or None."""

    def list_page(self, optician_id: str, customer_id: str, *, kind: str | None, status: str | None, limit: int,
                  cursor: str | None) -> tuple[list[Message], str | None]:
        """One page of the customer's history, newest first."""

    def list_all(self, optician_id: str, customer_id: str) -> list[Message]:
        """The customer's whole history, newest first."""

    def apply_outcome(self, optician_id: str, customer_id: str, sk: str, outcome: str, *, reason: str | None,
                      detail: str | None, at: str, now: str, kind: str | None = None,
                      channel: str | None = None) -> bool:
        """Apply a delivery receipt; False if it changes nothing."""

    def index_key_gaps(self, optician_id: str, customer_id: str) -> list[tuple[str, str, dict[str, Any]]]:
        """Records whose index keys are missing or stale: (sk, status, keys to set)."""

    def set_index_keys(self, optician_id: str, customer_id: str, sk: str, status: str,
                       keys: dict[str, Any]) -> bool:
        """Write a record's index keys if its status is still ``status``."""

    def spend_write(self, optician_id: str, month: str, cost: Decimal, limit: Decimal) -> Write:
        """Add an SMS's cost to the month's spend only within ``limit`` (for ``claim``'s limits)."""

    def refund_write(self, optician_id: str, month: str, cost: Decimal) -> Write:
        """Give an SMS's spend back."""

    def get_usage(self, optician_id: str, month: str) -> MonthUsage:
        """The month's counters."""
