"""``GET /reports/conversion``: reminders sent and the orders credited to them, per month (SPEC §10).

Reads only the monthly counters (adapters/dynamo/conversions.py): one Query over
months × kinds × channels items, however many messages and orders are stored. The
arithmetic (rates, cost per conversion, medians) is domain/conversion_report.py.
"""
from __future__ import annotations

from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from chalicelib.domain import conversion_report
from chalicelib.services.wiring import stores
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.messaging.usage import month_of

if TYPE_CHECKING:
    from chalicelib.schemas.reports import ConversionQuery


def conversion(optician_id: str, query: ConversionQuery, now: datetime | None = None) -> dict[str, Any]:
    """The report for ``?from=YYYY-MM&to=YYYY-MM`` (default: the last 12 months; at most 24)."""
    current = month_of(now or datetime.now(timezone.utc), get_settings(optician_id).timezone)
    months = conversion_report.month_range(query.first_month, query.last_month, current)
    counters = stores().conversions.read_counters(optician_id, months[0], months[-1])
    return conversion_report.build(months, counters)
