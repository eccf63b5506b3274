"""The conversion report (SPEC §10) from monthly counters: pure arithmetic, no storage.

Counters are kept per month × report kind × channel: reminders ``sent``, orders
``converted`` (credited to a reminder of that month), ``sms_parts``, ``sms_cost_chf`` and
the histogram ``days`` (whole days from reminder to order → orders). An order counts in
the month of the reminder it is credited to, so a month's rate is "of the reminders sent
this month, how many orders followed within 30 days".
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from chalicelib.domain.attribution import REPORT_KINDS
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.sms_parts import format_chf

MAX_MONTHS = 24
DEFAULT_MONTHS = 12
CHANNELS = ("sms", "email")
_RATE = Decimal("0.0001")


def add_months(month: str, count: int) -> str:
    year, number = int(month[:4]), int(month[5:7]) - 1 + count
    return f"{year + number // 12:04d}-{number % 12 + 1:02d}"


def months_between(first: str, last: str) -> list[str]:
    """Every month from ``first`` to ``last``, both included."""
    months, month = [], first
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def month_range(first: str | None, last: str | None, current_month: str) -> list[str]:
    """The months of ``?from=&to=`` (``YYYY-MM``, checked by the query model; defaults: the last 12
    months up to the current one).

    At most 24 months; ``from`` after ``to`` is refused naming ``from``, a longer span naming ``to``.
    """
    last = last or current_month
    first = first or add_months(last, 1 - DEFAULT_MONTHS)
    if first > last:
        raise ValidationError("'from' must not be after 'to'.", field="from")
    months = months_between(first, last)
    if len(months) > MAX_MONTHS:
        raise ValidationError(f"The report covers at most {MAX_MONTHS} months; choose a later 'from' or an "
                              f"earlier 'to'.", field="to")
    return months


@dataclass
class Counter:
    """The counters of one month × kind × channel (or a sum of several)."""

    sent: int = 0
    converted: int = 0
    sms_parts: int = 0
    sms_cost_chf: Decimal = Decimal("0")
    days: dict[int, int] = field(default_factory=dict)

    def add(self, other: "Counter") -> None:
        self.sent += other.sent
        self.converted += other.converted
        self.sms_parts += other.sms_parts
        self.sms_cost_chf += other.sms_cost_chf
        for day, count in other.days.items():
            self.days[day] = self.days.get(day, 0) + count

    def figures(self) -> dict[str, Any]:
        return {"sent": self.sent, "converted": self.converted,
                "conversion_rate": conversion_rate(self.sent, self.converted),
                "sms_parts": self.sms_parts, "sms_cost_chf": format_chf(self.sms_cost_chf),
                "cost_per_conversion_chf": cost_per_conversion(self.sms_cost_chf, self.converted)}


def conversion_rate(sent: int, converted: int) -> float | None:
    """Orders per reminder sent, to four decimals; None without reminders."""
    if sent <= 0:
        return None
    return float((Decimal(converted) / Decimal(sent)).quantize(_RATE, rounding=ROUND_HALF_UP))


def cost_per_conversion(cost: Decimal, converted: int) -> str | None:
    """SMS cost per order credited, as CHF; None without orders."""
    if converted <= 0:
        return None
    return format_chf(Decimal(cost) / converted)


def median_days(histogram: dict[int, int]) -> float | None:
    """The median of the days from reminder to order given as day → orders; None without orders."""
    total = sum(count for count in histogram.values() if count > 0)
    if total == 0:
        return None
    ranks = (total - 1) // 2, total // 2  # the middle one, or the two middle ones
    values, seen = [], 0
    for day in sorted(histogram):
        count = histogram[day]
        for rank in ranks:
            if seen <= rank < seen + count:
                values.append(day)
        seen += max(count, 0)
    return sum(values) / len(values)


def build(months: list[str], counters: dict[tuple[str, str, str], Counter]) -> dict[str, Any]:
    """The report over ``months`` from counters keyed by (month, kind, channel).

    ``rows``: one per month × kind × channel that has anything; ``kinds``: each report kind
    over the whole range with its median days to order; ``totals``: everything.
    """
    wanted = set(months)
    rows, by_kind, total = [], {kind: Counter() for kind in REPORT_KINDS}, Counter()
    order = {kind: n for n, kind in enumerate(REPORT_KINDS)}
    for (month, kind, channel) in sorted(counters, key=lambda k: (k[0], order.get(k[1], 99), k[2])):
        counter = counters[(month, kind, channel)]
        if month not in wanted or kind not in by_kind or not (counter.sent or counter.converted):
            continue
        rows.append({"month": month, "kind": kind, "channel": channel, **counter.figures()})
        by_kind[kind].add(counter)
        total.add(counter)
    kinds = [{"kind": kind, **counter.figures(), "median_days_to_order": median_days(counter.days)}
             for kind, counter in by_kind.items()]
    return {"from": months[0], "to": months[-1], "rows": rows, "kinds": kinds, "totals": total.figures()}
