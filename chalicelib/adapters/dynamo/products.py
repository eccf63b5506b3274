"""An optician's own lens products (the shared catalogue ships as a file)."""
from __future__ import annotations

import json

from pynamodb.attributes import UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel, optician_pk
from chalicelib.domain.products import LensProduct

PREFIX = "PRODUCT#"


class ProductItem(KontaktModel):
    product = UnicodeAttribute()  # JSON of LensProduct


def _to_product(item: ProductItem) -> LensProduct:
    data = json.loads(item.product)
    return LensProduct(**{**data, "pack_sizes": tuple(data["pack_sizes"]), "shared": False})


def save(optician_id: str, product: LensProduct) -> None:
    ProductItem(optician_pk(optician_id), PREFIX + product.id, product=json.dumps(product.to_dict())).save(
        condition=ProductItem.pk.does_not_exist()
    )


def get(optician_id: str, product_id: str) -> LensProduct | None:
    try:
        return _to_product(ProductItem.get(optician_pk(optician_id), PREFIX + product_id))
    except DoesNotExist:
        return None


def list_all(optician_id: str) -> list[LensProduct]:
    return [_to_product(item) for item in ProductItem.query(optician_pk(optician_id), ProductItem.sk.startswith(PREFIX))]
