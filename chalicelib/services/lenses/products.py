"""Lens products: the shared catalogue plus each optician's own products."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib import catalogue  # looked up at each call: tests change the shipped catalogue
from chalicelib import validation as v
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import REPLACEMENTS, LensProduct
from chalicelib.ids import new_id
from chalicelib.services.wiring import stores

if TYPE_CHECKING:  # the API's model (decoded by the route); only its attributes are read here
    from chalicelib.schemas.products import ProductInput


def list_products(optician_id: str) -> dict[str, Any]:
    """The shared catalogue, then this optician's own products, each sorted by brand and name."""
    shared = sorted(catalogue.load_catalogue().values(), key=lambda p: (p.brand, p.name))
    own = sorted(stores().products.list_all(optician_id), key=lambda p: (p.brand, p.name))
    return {"items": [p.to_dict() for p in shared + own]}


def find_product(optician_id: str, product_id: str) -> LensProduct | None:
    """A catalogue product or one of this optician's own; None if unknown to this tenant."""
    return catalogue.load_catalogue().get(product_id) or stores().products.get(optician_id, product_id)


def create_product(optician_id: str, given: ProductInput) -> dict[str, Any]:
    """Store an own product of the optician (pack sizes sorted, duplicates dropped)."""
    days = REPLACEMENTS[given.replacement] if given.days_per_lens is None else given.days_per_lens
    if given.replacement == "daily" and days != 1:
        raise ValidationError("Daily lenses last one day.", field="days_per_lens")
    product = LensProduct(
        id=new_id("prd"),
        brand=v.text(given.brand, "brand", required=True, max_length=80),
        name=v.text(given.name, "name", required=True, max_length=120),
        replacement=given.replacement,
        days_per_lens=days,
        pack_sizes=tuple(sorted(set(given.pack_sizes))),
        shared=False,
    )
    stores().products.save(optician_id, product)
    return product.to_dict()
