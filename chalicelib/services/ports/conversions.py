"""What the conversion report and the attribution of orders need of their store: the monthly
counters per kind and channel, and the index of sent reminders an order is credited to.

Production: ``chalicelib/adapters/dynamo/conversions.py``.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any, Protocol

from chalicelib.domain.attribution import SentReminder
from chalicelib.domain.conversion_report import Counter


class ConversionCounters(Protocol):
    def read_counters(self, optician_id: str, first_month: str,
                      last_month: str) -> dict[tuple[str, str, str], Counter]:
        """The counters of the months ``first_month`` … ``last_month`` (``YYYY-MM``), keyed by
        (month, kind, channel); a month × kind × channel without any is left out."""

    def sent_writes(self, optician_id: str, customer_id: str, reminder: SentReminder, message_sk: str, *,
                    sms_parts: int, sms_cost: Decimal) -> list[Any]:
        """The writes (adapter ``Write``s) that record a reminder as sent: its index item and the counters."""

    def latest_sent(self, optician_id: str, customer_id: str, not_before: datetime,
                    not_after: datetime) -> SentReminder | None:
        """The customer's newest reminder sent in ``[not_before, not_after]``."""

    def converted_write(self, optician_id: str, kind: str, channel: str, month: str, days: int) -> Any:
        """The counter write (an adapter ``Write``) for a new order credited to a reminder of ``month``."""
