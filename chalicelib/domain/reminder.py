"""The stored reminder (repurchase, control, lens exchange), as the services work with it.

One record for the three kinds (their items share one shape, adapters/dynamo/reminders.py):
the schedule fields are top-level, each kind uses the ones it needs; anything else of a
kind is in ``details`` (a JSON object: passport, lines, usage, source, first date, who set
it). The schedule dates are ``date``s; the store keeps them as ISO strings and the API shows
them so (both convert at their edge). ``occurrence`` stays the stored key string (the
scheduler's conditional writes compare it as such), ``created_at``/``updated_at`` the stored
UTC stamps: they are only shown and used as sort keys, where their fixed ISO form orders
like the instants, and keeping them verbatim keeps the API's text what was stored.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any, TypeVar

T = TypeVar("T")

KINDS = ("repurchase", "control", "lens_exchange")


@dataclass(frozen=True, slots=True)
class Reminder:
    """``version`` (the optimistic lock of the back office's edits) and ``occurrence`` (the
    pending occurrence, an ISO date; None while none is scheduled) are bookkeeping, never shown."""

    id: str
    customer_id: str
    kind: str
    active: bool
    next_on: date | None = None        # the next reminder day
    cycle_days: int | None = None      # repurchase
    cycle_months: int | None = None    # control
    anchor_on: date | None = None      # control: the months are counted from this day
    interval_days: int | None = None   # lens exchange
    time_of_day: str | None = None     # lens exchange: HH:MM, local
    details: dict[str, Any] = field(default_factory=dict)
    version: int = 1
    occurrence: str | None = None
    created_at: str | None = None
    updated_at: str | None = None


def required(value: T | None, name: str) -> T:
    """A schedule field the reminder's kind always has (a control's ``anchor_on``, a lens
    exchange's ``interval_days``); ValueError naming it if a stored item lacks it (a bug)."""
    if value is None:
        raise ValueError(f"a stored reminder without its {name}")
    return value

