"""Models and operations: the shared lens catalogue and the optician's own products."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from chalicelib.schemas.base import Model, Operation

Replacement = Literal["daily", "two_weekly", "monthly", "quarterly"]
PackSize = Annotated[int, Meta(ge=1, le=365, description="Lenses per pack")]


class ProductInput(Model):
    """An own product; `days_per_lens` defaults to the replacement's (daily 1, two-weekly 14,
    monthly 30, quarterly 90) and is 1 for daily lenses."""

    brand: str
    name: str
    replacement: Replacement
    pack_sizes: Annotated[list[PackSize], Meta(min_length=1)]
    days_per_lens: Annotated[int, Meta(ge=1, le=365)] | None = None


class Product(Model):
    id: str
    brand: str
    name: str
    replacement: Replacement
    days_per_lens: int
    pack_sizes: list[int]
    shared: Annotated[bool, Meta(description="True for the shared catalogue, false for the optician's own")]


class ProductList(Model):
    items: list[Product]


OPERATIONS = [
    Operation("GET", "/products", "The shared catalogue and the optician's own products", ("products",),
              response=ProductList),
    Operation("POST", "/products", "Add an own product", ("products",), body=ProductInput, response=Product,
              status=201),
]
