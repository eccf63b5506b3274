"""Models and operations: a customer's orders entered in the back office.

The answer (`Order`, with its attribution and status history) is still the hand-written schema of
chalicelib/openapi/paths-repurchase-orders.json, as are the webhooks' bodies and the reorder basket.
"""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from chalicelib.schemas.base import Model, Operation

ORDER = {"$ref": "#/components/schemas/Order"}


class OrderLine(Model):
    product_id: str
    eye: Literal["right", "left", "both"]
    pack_size: Annotated[int, Meta(description="A pack size the product is sold in")]
    quantity: Annotated[int, Meta(ge=1, le=100)]


class OrderInput(Model):
    lines: Annotated[list[OrderLine], Meta(
        min_length=1, max_length=20,
        description="Products known to the optician, matching one of the customer's lens passports (422 otherwise; "
                    "a webshop order is stored and confirmed without a match, with passport_id null).")]
    delivery: Literal["home", "pickup"]
    # A string checked by the service: the offset is required (msgspec would take a naive time).
    ordered_at: Annotated[str | None, Meta(extra_json_schema={"format": "date-time"},
                                           description="Default: now. With UTC offset.")] = None


class OrderStatusChange(Model):
    """shipped: home delivery only; ready_for_pickup / picked_up: pickup only; the same status again
    changes nothing; otherwise 409."""

    status: Literal["shipped", "ready_for_pickup", "picked_up", "cancelled"]
    tracking_url: Annotated[str | None, Meta(extra_json_schema={"format": "uri"},
                                             description="With shipped only.")] = None


_TAGS = ("orders",)
_BASE = "/customers/{customer_id}/orders"
_ERRORS = (401, 403, 404, 429)
OPERATIONS = [
    Operation("GET", _BASE, "The customer's orders, newest first", _TAGS, errors=_ERRORS,
              response={"type": "object", "required": ["items"],
                        "properties": {"items": {"type": "array", "items": ORDER}}}),
    Operation("POST", _BASE, "Enter an order in the back office (creates or re-computes the repurchase reminder)",
              _TAGS, body=OrderInput, response=ORDER, status=201, errors=_ERRORS),
    Operation("GET", _BASE + "/{order_id}", "One order", _TAGS, response=ORDER, errors=_ERRORS),
    Operation("PATCH", _BASE + "/{order_id}", "Change the order's status", _TAGS, body=OrderStatusChange,
              response=ORDER, errors=_ERRORS + (409,)),
]
