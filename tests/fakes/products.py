"""An in-memory product store (the port chalicelib/services/ports/products.py) for unit tests."""
from __future__ import annotations

from chalicelib.domain.products import LensProduct


class InMemoryProducts:
    """Own products per optician, as the DynamoDB adapter keeps them (never shared, never overwritten)."""

    def __init__(self, *products: tuple[str, LensProduct]):
        self._items: dict[tuple[str, str], LensProduct] = {}
        for optician_id, product in products:
            self.save(optician_id, product)

    def save(self, optician_id: str, product: LensProduct) -> None:
        key = (optician_id, product.id)
        if key in self._items:  # the adapter's put is conditional on a new key
            raise ValueError(f"product {product.id} exists")
        self._items[key] = product

    def get(self, optician_id: str, product_id: str) -> LensProduct | None:
        return self._items.get((optician_id, product_id))

    def list_all(self, optician_id: str) -> list[LensProduct]:
        return [product for (owner, _), product in self._items.items() if owner == optician_id]
