"""What the products service needs of its store: an optician's own lens products.

Production: ``chalicelib/adapters/dynamo/products.py``; tests: ``tests/fakes/products.py``.
"""
from __future__ import annotations

from typing import Protocol

from chalicelib.domain.products import LensProduct


class ProductStore(Protocol):
    def save(self, optician_id: str, product: LensProduct) -> None:
        """Store a new own product; its id is new (the adapter refuses to overwrite one)."""

    def get(self, optician_id: str, product_id: str) -> LensProduct | None:
        """This optician's own product, or None (another optician's is None too)."""

    def list_all(self, optician_id: str) -> list[LensProduct]:
        """Every own product of this optician, in no particular order."""
