"""Which handler turns a due item into a message and moves it on, by the item's sort key.

The pipeline is the same for every kind of scheduled item; what differs is written by one
handler module per kind, found here by the prefix of the item's ``sk``. Modules are
imported only when an item of their kind comes along (cold start of the consumer).

A handler module provides (contracts.md, "Scheduled occurrences")::

    message_for(optician: OpticianSettings, customer: Customer, item: dict[str, Any], records=None, now=None)
        -> Outgoing | tuple[str, dict[str, Any]] | None
    advance(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> None

and may provide::

    advance_write(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> Write | None

``records`` is the customer's CustomerRecords (services/scheduling/customer_records.py), shared by
whatever the handler asks about the customer; a handler that reads nothing of the
customer may ignore it. ``now`` is the run's "now" (the event's time; the wall clock when
not given): coordination counts messages per local day of sending. ``message_for`` answers
the message to send as an ``Outgoing`` (kind, template data, and the coordination claims the
send path takes with it; or a ``skipped`` reason: the occurrence is recorded skipped, nothing
sent), or a plain ``(kind, data)`` for a kind without coordination, or None (nothing to
send and nothing to record: the series just moves on). ``advance_write`` is ``advance``
as one conditional write the send path can make in the transaction that makes the
message's record final (saving a call per occurrence); a handler whose advance does more
than one write (the subscription places an order) does not provide it.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from datetime import datetime
from types import ModuleType
from typing import TYPE_CHECKING, Any, Protocol
from chalicelib.domain.customer import Customer
from chalicelib.domain.optician import OpticianSettings

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write
    from chalicelib.services.scheduling.customer_records import CustomerRecords

# Longest prefix wins if prefixes ever nest; order here does not matter.
HANDLERS: dict[str, str] = {
    "REMINDER#repurchase#": "chalicelib.services.reminders.repurchase_occurrences",
    "REMINDER#control#": "chalicelib.services.reminders.control_occurrences",
    "REMINDER#lens_exchange#": "chalicelib.services.reminders.lens_exchange_occurrences",
    "SUBSCRIPTION#": "chalicelib.services.subscriptions.subscription_occurrences",
}


@dataclass(frozen=True)
class Outgoing:
    """The message of an occurrence: its kind, template data, and the writes that must succeed
    with its claim (``guards``: coordination slots; if one is taken, nothing is sent). With
    ``skipped`` (a reason) nothing is sent: the occurrence is recorded ``skipped`` under its key."""

    kind: str
    data: dict[str, Any]
    guards: tuple[Write, ...] = ()
    skipped: str | None = None


class OccurrenceHandler(Protocol):
    def message_for(self, optician: OpticianSettings, customer: Customer, item: dict[str, Any],
                    records: CustomerRecords | None = None,
                    now: datetime | None = None) -> Outgoing | tuple[str, dict[str, Any]] | None: ...

    def advance(self, optician: OpticianSettings, item: dict[str, Any], now: datetime) -> None: ...


class UnknownKind(LookupError):
    """A due item whose sort key no handler claims: a deployment bug, never dropped silently."""


def prefix_of(sk: str) -> str | None:
    """The registered prefix ``sk`` starts with (the longest), or None."""
    matches = [prefix for prefix in HANDLERS if sk.startswith(prefix)]
    return max(matches, key=len) if matches else None


def handler_for(sk: str) -> ModuleType:
    """The handler module for an item's sort key; UnknownKind if none is registered."""
    prefix = prefix_of(sk)
    if prefix is None:
        raise UnknownKind(f"no scheduling handler for sort key prefix {sk.split('#', 1)[0]!r}")
    return importlib.import_module(HANDLERS[prefix])
