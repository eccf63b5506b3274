"""Lens products: the shared catalogue plus each optician's own products."""
from __future__ import annotations

from typing import TYPE_CHECKING

from chalicelib import validation as v
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import REPLACEMENTS, LensProduct
from chalicelib.ids import new_id

if TYPE_CHECKING:  # the API's model (decoded by the route); only its attributes are read here
    from chalicelib.schemas.products import ProductInput


def _store():
    from chalicelib.adapters.dynamo import products

    return products


def list_products(optician_id: str) -> dict:
    from chalicelib.catalogue import load_catalogue

    shared = sorted(load_catalogue().values(), key=lambda p: (p.brand, p.name))
    own = sorted(_store().list_all(optician_id), key=lambda p: (p.brand, p.name))
    return {"items": [p.to_dict() for p in shared + own]}


def find_product(optician_id: str, product_id: str) -> LensProduct | None:
    """A catalogue product or one of this optician's own; None if unknown to this tenant."""
    from chalicelib.catalogue import load_catalogue

    return load_catalogue().get(product_id) or _store().get(optician_id, product_id)


def create_product(optician_id: str, given: ProductInput) -> dict:
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
    _store().save(optician_id, product)
    return product.to_dict()
