"""Lens products (catalogue entries and an optician's own products)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

REPLACEMENTS = {"daily": 1, "two_weekly": 14, "monthly": 30, "quarterly": 90}


@dataclass(frozen=True)
class LensProduct:
    id: str
    brand: str
    name: str
    replacement: str  # daily | two_weekly | monthly | quarterly
    days_per_lens: int
    pack_sizes: tuple[int, ...]
    shared: bool = True  # False for an optician's own product

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "brand": self.brand,
            "name": self.name,
            "replacement": self.replacement,
            "days_per_lens": self.days_per_lens,
            "pack_sizes": list(self.pack_sizes),
            "shared": self.shared,
        }
