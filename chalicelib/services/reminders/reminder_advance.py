"""Moving a date-series reminder (control, lens exchange) on to its next occurrence.

Each handler knows how to compute the next date (``following``: reminder → ``(next_on,
(occurrence, due attributes))``); writing it is the same for both: conditional on the
processed occurrence, either alone (``advance``) or as the write the send path makes with
the final record (``advance_write``). An inactive reminder leaves the due index.
"""
from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, Callable

from chalicelib.domain.reminder import Reminder
from chalicelib.observability import logger
from chalicelib.services.wiring import stores

if TYPE_CHECKING:
    from chalicelib.services.ports.writes import Write

# reminder → (next_on, (occurrence, due attributes))
Following = Callable[[Reminder], "tuple[date, tuple[str, dict[str, str]]]"]



def advance_write(item: dict[str, Any], following: Following) -> Write | None:
    """The write that moves an active reminder to its next occurrence; None for an inactive one."""
    reminder = stores().reminders.from_raw(item)
    if not reminder.active:
        return None
    next_on, schedule = following(reminder)
    return stores().reminders.advance_write(item["pk"], item["sk"], item["occurrence"], {"next_on": next_on},
                                  schedule=schedule)


def advance(item: dict[str, Any], following: Following, what: str) -> None:
    """Move to the next occurrence now (an inactive reminder out of the due index); a refused
    condition means the optician (or another worker) changed it meanwhile, and that stands."""
    write = advance_write(item, following)
    if write is None:
        stores().reminders.advance(item["pk"], item["sk"], item["occurrence"], {}, schedule=None)
    elif not write.make():
        logger.info(f"{what} changed meanwhile; its new schedule stands",
                    extra={"reminder_id": item.get("reminder_id")})
