"""Lens products: the shared catalogue plus each optician's own products."""
from __future__ import annotations

from chalicelib import validation as v
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.products import REPLACEMENTS, LensProduct
from chalicelib.ids import new_id


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


def create_product(optician_id: str, body: dict) -> dict:
    body = v.require_object(body)
    v.reject_unknown(body, ("brand", "name", "replacement", "days_per_lens", "pack_sizes"))
    replacement = v.choice(body, "replacement", tuple(REPLACEMENTS), required=True)
    days = v.integer(body, "days_per_lens", minimum=1, maximum=365, default=REPLACEMENTS[replacement])
    if replacement == "daily" and days != 1:
        raise ValidationError("Daily lenses last one day.", field="days_per_lens")
    sizes = body.get("pack_sizes")
    if not isinstance(sizes, list) or not sizes:
        raise ValidationError("'pack_sizes' must be a non-empty list of lenses per pack.", field="pack_sizes")
    for i, size in enumerate(sizes):
        if isinstance(size, bool) or not isinstance(size, int) or not 1 <= size <= 365:
            raise ValidationError("A pack size is a whole number of lenses (1–365).", field=f"pack_sizes[{i}]")
    product = LensProduct(
        id=new_id("prd"),
        brand=v.string(body, "brand", required=True, max_length=80),
        name=v.string(body, "name", required=True, max_length=120),
        replacement=replacement,
        days_per_lens=days,
        pack_sizes=tuple(sorted(set(sizes))),
        shared=False,
    )
    _store().save(optician_id, product)
    return product.to_dict()
