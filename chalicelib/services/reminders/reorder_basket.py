"""The reorder basket of a customer: their newest lens passport plus their last order (domain/reorder.py).

Shown to the optician (``GET /customers/{id}/reorder-basket``), put into the webshop
session a reminder link opens, and named in the repurchase reminder's template data.
"""
from __future__ import annotations

from typing import Any, TYPE_CHECKING

from chalicelib.domain.reorder import reorder_basket
from chalicelib.services.scheduling.customer_records import CustomerRecords
from chalicelib.services.customers.customers import get_customer

if TYPE_CHECKING:
    from chalicelib.services.scheduling.customer_records import CustomerRecords


def basket_for(optician_id: str, customer_id: str,
               records: CustomerRecords | None = None) -> list[dict[str, Any]]:
    """``[{"product_id", "eye", "pack_size", "quantity", "product_name", "brand"}]``; empty without a passport.

    The newest passport (latest ``issued_on``) decides which lenses; a line of the last
    order that was not cancelled is kept as it was when it still fits that passport.
    ``records``: the customer's records if already at hand (one read for all of it otherwise).
    """
    records = records or CustomerRecords(optician_id, customer_id)
    passport = records.newest_passport()
    if passport is None:
        return []
    find = records.find_product
    eyes = {eye: passport.product_of(eye) for eye in ("right", "left")}
    order = records.last_order()
    lines = reorder_basket(eyes, [line.shown() for line in order.lines] if order else None, find)
    named = []
    for line in lines:
        product = find(line["product_id"])
        if product is None:  # pragma: no cover - reorder_basket keeps only lines of known products
            continue
        named.append({**line, "product_name": product.name, "brand": product.brand})
    return named


def get_basket(optician_id: str, customer_id: str) -> dict[str, Any]:
    """``GET /customers/{id}/reorder-basket`` → ``{"lines": [...]}`` (404 for another tenant's customer)."""
    get_customer(optician_id, customer_id)
    return {"lines": basket_for(optician_id, customer_id)}
