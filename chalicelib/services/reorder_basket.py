"""The reorder basket of a customer: their newest lens passport plus their last order (domain/reorder.py).

Shown to the optician (``GET /customers/{id}/reorder-basket``), put into the webshop
session a reminder link opens, and named in the repurchase reminder's template data.
"""
from __future__ import annotations

from chalicelib.domain.orders import newest
from chalicelib.domain.reorder import reorder_basket


def basket_for(optician_id: str, customer_id: str) -> list[dict]:
    """``[{"product_id", "eye", "pack_size", "quantity", "product_name", "brand"}]``; empty without a passport.

    The newest passport (latest ``issued_on``) decides which lenses; a line of the last
    order that was not cancelled is kept as it was when it still fits that passport.
    """
    from chalicelib.adapters.dynamo import passports
    from chalicelib.services.orders import last_order
    from chalicelib.services.products import find_product

    passport = newest(passports.list_all(optician_id, customer_id))
    if passport is None:
        return []
    cache: dict = {}

    def find(product_id: str):
        if product_id not in cache:
            cache[product_id] = find_product(optician_id, product_id)
        return cache[product_id]

    eyes = {eye: ((passport.get(eye) or {}).get("product_id")) for eye in ("right", "left")}
    order = last_order(optician_id, customer_id)
    lines = reorder_basket(eyes, order["lines"] if order else None, find)
    named = []
    for line in lines:
        product = find(line["product_id"])
        named.append({**line, "product_name": product.name, "brand": product.brand})
    return named


def get_basket(optician_id: str, customer_id: str) -> dict:
    """``GET /customers/{id}/reorder-basket`` → ``{"lines": [...]}`` (404 for another tenant's customer)."""
    from chalicelib.services.customers import get_customer

    get_customer(optician_id, customer_id)
    return {"lines": basket_for(optician_id, customer_id)}
