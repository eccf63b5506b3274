"""A message of the history (SPEC §4), its send claim and a month's usage, as services handle them.

Plain records (no AWS): the message store (adapters/dynamo/messages.py, tests/fakes/messages.py)
reads and writes them, services/messaging/history.py ``present()`` gives the API's shape.
Instants are ISO strings in UTC, as stored; money is an exact ``Decimal`` (CHF).
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal("0")


@dataclass(frozen=True, slots=True)
class Message:
    """One history record: what was (or was not) sent to whom, how it went, what it cost."""

    id: str
    customer_id: str
    kind: str
    topic: str
    trigger: str  # automatic | manual
    status: str  # pending | sent | delivered | failed | skipped
    created_at: str
    updated_at: str
    channel: str | None = None
    to: str | None = None
    subject: str | None = None
    text: str | None = None  # as stored: the link tokens masked (SPEC §9)
    html: str | None = None
    reason: str | None = None
    reason_detail: str | None = None
    parts: int = 0
    cost_chf: Decimal = ZERO
    sent_at: str | None = None
    provider_message_id: str | None = None
    delivered_at: str | None = None
    failed_at: str | None = None


@dataclass(frozen=True, slots=True)
class Claim:
    """The send claim of an idempotency key: ``pending`` while one worker sends (until ``lease_until``,
    epoch seconds), ``done`` once its record is final; the SMS spend it reserved in ``reserved_month``."""

    status: str
    message_sk: str
    attempt: str
    lease_until: int
    reserved_chf: Decimal | None = None
    reserved_month: str | None = None


@dataclass(frozen=True, slots=True)
class MonthUsage:
    """An optician's counters of one month (zeros before the first message)."""

    sms_messages: int = 0
    sms_parts: int = 0
    sms_cost_chf: Decimal = ZERO
    emails: int = 0
