"""What the passports service needs of its store: a customer's lens passports.

Production: ``chalicelib/adapters/dynamo/passports.py``; tests: ``tests/fakes/passports.py``.
"""
from __future__ import annotations

from typing import Protocol

from chalicelib.domain.passport import LensPassport


class PassportStore(Protocol):
    def save(self, optician_id: str, customer_id: str, passport: LensPassport) -> None:
        """Store the passport (a new one, or in place of the one with its id)."""

    def get(self, optician_id: str, customer_id: str, passport_id: str) -> LensPassport | None:
        """This customer's passport, or None."""

    def list_all(self, optician_id: str, customer_id: str) -> list[LensPassport]:
        """Every passport of the customer, in no particular order."""

    def delete(self, optician_id: str, customer_id: str, passport_id: str) -> None:
        """Delete the passport (nothing if there is none)."""
