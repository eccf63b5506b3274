"""An in-memory passport store (the port chalicelib/services/ports/passports.py) for unit tests."""
from __future__ import annotations

from chalicelib.domain.passport import LensPassport


class InMemoryPassports:
    """Passports per customer, replaced whole by id, as the DynamoDB adapter keeps them."""

    def __init__(self) -> None:
        self._items: dict[tuple[str, str, str], LensPassport] = {}

    def save(self, optician_id: str, customer_id: str, passport: LensPassport) -> None:
        self._items[(optician_id, customer_id, passport.id)] = passport

    def get(self, optician_id: str, customer_id: str, passport_id: str) -> LensPassport | None:
        return self._items.get((optician_id, customer_id, passport_id))

    def list_all(self, optician_id: str, customer_id: str) -> list[LensPassport]:
        return [p for (o, c, _), p in self._items.items() if (o, c) == (optician_id, customer_id)]

    def delete(self, optician_id: str, customer_id: str, passport_id: str) -> None:
        self._items.pop((optician_id, customer_id, passport_id), None)
