"""Repurchase reminder (Nachkauf-Erinnerung) rules: how long lenses last and when to remind.

Pure functions (SPEC §2). All arithmetic is exact (Fraction/Decimal, never float) so that
e.g. 90 days x 1.3 is exactly 117 and not 116.99999.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any, Mapping, Sequence

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import LensProduct

USAGES = ("daily", "5_per_week", "3_4_per_week", "1_2_per_week")
# Daily lenses worn on fewer days last longer (factors from the modelled product's help page).
USAGE_FACTORS: dict[str, Decimal] = {
    "daily": Decimal("1.0"),
    "5_per_week": Decimal("1.3"),
    "3_4_per_week": Decimal("1.9"),
    "1_2_per_week": Decimal("2.9"),
}
EYES = ("right", "left", "both")
NO_STOCK_DAYS = 21  # "drei Wochen früher" when the customer has no lenses left at home

# Sanity bounds: far beyond any real purchase, low enough that dates never overflow.
MAX_PACK_SIZE = 1000
MAX_QUANTITY = 100
MAX_SUPPLY_DAYS = 3660  # ten years


@dataclass(frozen=True)
class PurchaseLine:
    """Packs bought for one eye (or ``both``, split evenly); the product is the passport's."""

    eye: str
    pack_size: int
    quantity: int

    @property
    def lenses(self) -> int:
        return self.pack_size * self.quantity

    def to_dict(self) -> dict[str, Any]:
        return {"eye": self.eye, "pack_size": self.pack_size, "quantity": self.quantity}


@dataclass(frozen=True)
class Suggestion:
    """The suggested reminder schedule for a purchase."""

    supply_days: int
    runs_out_on: date
    first_reminder_on: date
    cycle_days: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "supply_days": self.supply_days,
            "runs_out_on": self.runs_out_on.isoformat(),
            "first_reminder_on": self.first_reminder_on.isoformat(),
            "cycle_days": self.cycle_days,
        }


def parse_lines(raw: Any, field: str = "lines") -> list[PurchaseLine]:
    """Validate request JSON into purchase lines.

    Raises ValidationError naming the offending field, e.g. ``lines[1].quantity``.
    """
    if not isinstance(raw, list):
        raise ValidationError("Must be a list of purchase lines.", field=field)
    if not raw:
        raise ValidationError("At least one purchase line is required.", field=field)
    lines = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(item, dict):
            raise ValidationError("Must be an object with eye, pack_size and quantity.", field=where)
        eye = item.get("eye")
        if not isinstance(eye, str) or eye not in EYES:
            raise ValidationError("Must be one of: right, left, both.", field=f"{where}.eye")
        pack_size = _positive_int(item.get("pack_size"), MAX_PACK_SIZE, f"{where}.pack_size")
        quantity = _positive_int(item.get("quantity"), MAX_QUANTITY, f"{where}.quantity")
        lines.append(PurchaseLine(eye=eye, pack_size=pack_size, quantity=quantity))
    return lines


def _positive_int(value: Any, maximum: int, field: str) -> int:
    # bool is a subclass of int; `true` is not a quantity
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValidationError("Must be a whole number.", field=field)
    if not 1 <= value <= maximum:
        raise ValidationError(f"Must be between 1 and {maximum}.", field=field)
    return value


def lenses_per_eye(lines: Sequence[PurchaseLine]) -> dict[str, Fraction]:
    """Lenses each eye gets; a ``both`` line splits evenly (1 x 90 both = 45 per eye).

    Only eyes that got lenses appear in the result.
    """
    totals: dict[str, Fraction] = {}
    for line in lines:
        if line.eye == "both":
            share = Fraction(line.lenses, 2)
            for eye in ("right", "left"):
                totals[eye] = totals.get(eye, Fraction(0)) + share
        else:
            totals[line.eye] = totals.get(line.eye, Fraction(0)) + line.lenses
    return {eye: count for eye, count in totals.items() if count > 0}


def supply_days(
    lines: Sequence[PurchaseLine], eye_products: Mapping[str, LensProduct], usage: str
) -> int:
    """Days the purchase lasts: min over eyes of lenses x days_per_lens, x usage factor, rounded down.

    ``eye_products`` maps ``right``/``left`` to the passport's product for that eye; a line
    for an eye the passport lacks, or a pack size that product is not sold in, is rejected.
    Usage factors other than ``daily`` apply to daily lenses only.
    """
    if not isinstance(usage, str) or usage not in USAGES:
        raise ValidationError("Must be one of: " + ", ".join(USAGES) + ".", field="usage")
    if not lines:
        raise ValidationError("At least one purchase line is required.", field="lines")
    for index, line in enumerate(lines):
        _check_line(line, index, eye_products)
    per_eye = lenses_per_eye(lines)
    if not per_eye:
        raise ValidationError("The purchase contains no lenses.", field="lines")
    if usage != "daily":
        for eye in per_eye:
            if eye_products[eye].replacement != "daily":
                raise ValidationError(
                    "Reduced wearing applies to daily lenses only; use 'daily'.", field="usage"
                )
    days = min(count * eye_products[eye].days_per_lens for eye, count in per_eye.items())
    supply = math.floor(days * Fraction(USAGE_FACTORS[usage]))
    if supply < 1:
        raise ValidationError("The lenses bought do not last a full day.", field="lines")
    if supply > MAX_SUPPLY_DAYS:
        raise ValidationError(
            f"The lenses bought would last more than {MAX_SUPPLY_DAYS} days; check the quantities.",
            field="lines",
        )
    return supply


def _check_line(line: PurchaseLine, index: int, eye_products: Mapping[str, LensProduct]) -> None:
    where = f"lines[{index}]"
    eyes = ("right", "left") if line.eye == "both" else (line.eye,)
    for eye in eyes:
        if eye not in EYES or eye not in eye_products:
            raise ValidationError(f"The lens passport has no lens for the {eye} eye.", field=f"{where}.eye")
    for eye in eyes:
        product = eye_products[eye]
        if line.pack_size not in product.pack_sizes:
            sizes = ", ".join(str(size) for size in product.pack_sizes)
            raise ValidationError(
                f"{product.name} is sold in packs of {sizes}.", field=f"{where}.pack_size"
            )
    if line.quantity < 1:
        raise ValidationError("Must be at least 1.", field=f"{where}.quantity")


def suggest(
    lines: Sequence[PurchaseLine],
    eye_products: Mapping[str, LensProduct],
    purchased_on: date,
    usage: str,
    no_stock: bool,
    lead_days: int,
) -> Suggestion:
    """Suggest the first reminder and the cycle for a purchase (SPEC §2).

    runs_out_on = purchased_on + supply; first reminder = runs_out_on - lead_days
    (- 21 days when the customer has no stock left), never before the day after the
    purchase; cycle = supply.
    """
    if not isinstance(no_stock, bool):
        raise ValidationError("Must be true or false.", field="no_stock")
    if not isinstance(lead_days, int) or isinstance(lead_days, bool) or lead_days < 0:
        raise ValidationError("Must be a whole number of days, 0 or more.", field="repurchase_lead_days")
    supply = supply_days(lines, eye_products, usage)
    try:
        runs_out_on = purchased_on + timedelta(days=supply)
    except OverflowError:
        raise ValidationError("Date out of range.", field="purchased_on") from None
    advance = lead_days + (NO_STOCK_DAYS if no_stock else 0)
    earliest = purchased_on + timedelta(days=1)
    # timedelta arithmetic on dates near date.min would overflow; the floor wins anyway
    if advance >= (runs_out_on - earliest).days:
        first = earliest
    else:
        first = runs_out_on - timedelta(days=advance)
    return Suggestion(
        supply_days=supply, runs_out_on=runs_out_on, first_reminder_on=first, cycle_days=supply
    )


def from_order(
    lines: Sequence[PurchaseLine],
    eye_products: Mapping[str, LensProduct],
    ordered_on: date,
    usage: str,
    lead_days: int,
) -> Suggestion:
    """Schedule after an order: like a purchase, the customer is never out of stock."""
    return suggest(lines, eye_products, ordered_on, usage, no_stock=False, lead_days=lead_days)
