"""The lens passport (Linsenpass): a customer's contact-lens prescription per eye (SPEC §2).

A record, not a dict: the passports service works on it; the DynamoDB adapter stores it
(values as exact decimal strings) and :meth:`LensPassport.shown` is the API's shape
(values as JSON numbers, an eye that was not given left out).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal

Eye = Literal["right", "left"]
EYES: tuple[Eye, ...] = ("right", "left")
# Plausible ranges of soft contact-lens prescriptions (low, high, step); steps as the labs make them.
RANGES: dict[str, tuple[Decimal, Decimal, Decimal]] = {
    "base_curve": (Decimal("7.0"), Decimal("10.0"), Decimal("0.05")),
    "diameter": (Decimal("12.0"), Decimal("16.0"), Decimal("0.05")),
    "sphere": (Decimal("-30"), Decimal("30"), Decimal("0.25")),
    "cylinder": (Decimal("-10"), Decimal("10"), Decimal("0.25")),
    "addition": (Decimal("0"), Decimal("4"), Decimal("0.25")),
}


@dataclass(frozen=True, slots=True)
class PassportEye:
    """The prescription of one eye: its lens product and the values as exact decimals."""

    product_id: str
    base_curve: Decimal | None = None
    sphere: Decimal | None = None
    diameter: Decimal | None = None
    cylinder: Decimal | None = None
    axis: int | None = None
    addition: Decimal | None = None

    def value(self, name: str) -> Decimal | None:
        """One of the values of ``RANGES`` by name."""
        number: Decimal | None = getattr(self, name)
        return number

    def shown(self) -> dict[str, Any]:
        shown: dict[str, Any] = {"product_id": self.product_id}
        for name in RANGES:
            number = self.value(name)
            shown[name] = float(number) if number is not None else None
        shown["axis"] = self.axis
        return shown


@dataclass(frozen=True, slots=True)
class LensPassport:
    id: str
    issued_on: date | None
    valid_until: date | None = None
    notes: str | None = None
    right: PassportEye | None = None
    left: PassportEye | None = None

    def eye(self, eye: str) -> PassportEye | None:
        """The prescription of ``eye`` (``right``/``left``), None if the passport has none for it."""
        return self.right if eye == "right" else self.left if eye == "left" else None

    def product_of(self, eye: str) -> str | None:
        """The lens product of ``eye``, None if the passport names none."""
        side = self.eye(eye)
        return side.product_id if side is not None and side.product_id else None

    def shown(self) -> dict[str, Any]:
        """The API's shape (``LensPassport`` in chalicelib/schemas/passports.py)."""
        shown: dict[str, Any] = {"id": self.id}
        for eye in EYES:
            side = self.eye(eye)
            if side is not None:
                shown[eye] = side.shown()
        shown["issued_on"] = self.issued_on.isoformat() if self.issued_on else None
        shown["valid_until"] = self.valid_until.isoformat() if self.valid_until else None
        shown["notes"] = self.notes
        return shown


def recency(passport: LensPassport) -> tuple[str, str]:
    """The sort key of "newest": latest ``issued_on``, then the later id."""
    return (passport.issued_on.isoformat() if passport.issued_on else "", passport.id)


def newest(passports: list[LensPassport]) -> LensPassport | None:
    """The most recent passport (latest ``issued_on``, then the later id); None if there is none."""
    return max(passports, key=recency) if passports else None
