"""Models and operations: a customer's orders (entered in the back office, reported by the webshop's
signed webhooks, placed by a subscription) and the reorder basket."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from chalicelib.schemas.base import Lenient, Model, Operation
from chalicelib.schemas.reports import Attribution

Delivery = Literal["home", "pickup"]
SettableStatus = Literal["shipped", "ready_for_pickup", "picked_up", "cancelled"]
# A string checked by the service: the offset is required (msgspec would take a naive time).
Instant = Annotated[str, Meta(extra_json_schema={"format": "date-time"})]
Url = Annotated[str, Meta(extra_json_schema={"format": "uri"})]
Quantity = Annotated[int, Meta(ge=1, le=100)]


class OrderLine(Model):
    product_id: str
    eye: Literal["right", "left", "both"]
    pack_size: Annotated[int, Meta(description="A pack size the product is sold in")]
    quantity: Quantity


Lines = Annotated[list[OrderLine], Meta(min_length=1, max_length=20)]


class OrderInput(Model):
    lines: Annotated[Lines, Meta(
        description="Products known to the optician, matching one of the customer's lens passports (422 otherwise; "
                    "a webshop order is stored and confirmed without a match, with passport_id null).")]
    delivery: Delivery
    ordered_at: Annotated[Instant | None, Meta(description="Default: now. With UTC offset.")] = None


class OrderStatusChange(Model):
    """shipped: home delivery only; ready_for_pickup / picked_up: pickup only; the same status again
    changes nothing; otherwise 409."""

    status: SettableStatus
    tracking_url: Annotated[Url | None, Meta(description="With shipped only.")] = None


class StatusEntry(Model):
    status: str
    at: Instant
    tracking_url: str | UnsetType = UNSET


class Order(Model):
    id: str
    customer_id: str
    order_id: Annotated[str | None, Meta(description="The webshop's order id, if any.")]
    source: Literal["webshop", "backoffice", "subscription"]
    status: Literal["placed", "shipped", "ready_for_pickup", "picked_up", "cancelled"]
    delivery: Delivery
    lines: list[OrderLine]
    ordered_at: Instant
    passport_id: str | None
    attribution: Attribution | None
    tracking_url: str | None
    status_history: list[StatusEntry]
    created_at: Instant
    updated_at: Instant


class OrderList(Model):
    items: list[Order]


class BasketLine(Model):
    """A line of the reorder basket: an order line with the product's name and brand."""

    product_id: str
    eye: Literal["right", "left", "both"]
    pack_size: int
    quantity: Quantity
    product_name: str
    brand: str


class ReorderBasket(Model):
    lines: list[BasketLine]


class WebhookOrder(Lenient):
    """Unknown extra fields are ignored."""

    event_id: Annotated[str, Meta(
        description="Unique per delivery; a repeated one answers 200 with the first answer and changes nothing.")]
    order_id: Annotated[str, Meta(max_length=100)]
    customer_id: str
    ordered_at: Instant
    delivery: Delivery
    lines: Lines


class WebhookOrderStatus(Lenient):
    """Unknown extra fields are ignored."""

    event_id: str
    status: SettableStatus
    tracking_url: Url | None = None


_TAGS = ("orders",)
_BASE = "/customers/{customer_id}/orders"
_ERRORS = (401, 403, 404, 429)
_SIGNED: list[dict] = [{"webshopSignature": []}]
OPERATIONS = [
    Operation("GET", _BASE, "The customer's orders, newest first", _TAGS, errors=_ERRORS, response=OrderList),
    Operation("POST", _BASE, "Enter an order in the back office (creates or re-computes the repurchase reminder)",
              _TAGS, body=OrderInput, response=Order, status=201, errors=_ERRORS),
    Operation("GET", _BASE + "/{order_id}", "One order", _TAGS, response=Order, errors=_ERRORS),
    Operation("PATCH", _BASE + "/{order_id}", "Change the order's status", _TAGS, body=OrderStatusChange,
              response=Order, errors=_ERRORS + (409,)),
    Operation("GET", "/customers/{customer_id}/reorder-basket",
              "The lines to reorder: the newest lens passport and the last order", _TAGS, response=ReorderBasket,
              errors=_ERRORS),
    Operation("POST", "/webhooks/{optician_id}/orders", "The webshop reports an order (signed, SPEC §5)",
              ("webshop",), body=WebhookOrder, response=Order, security=_SIGNED,
              response_text="A repeated event (the first answer), or an order_id placed before with the same content",
              also={201: "A new order"}, errors=(401, 429), error_texts={
                  409: "The `event_id` was used for another request (`event_id`), another delivery of it is being "
                       "processed (`event_in_progress`), or the `order_id` was placed before for another customer "
                       "or with other content (`order_id`)"},
              description="The whole body is validated before its `event_id` or `order_id` is looked up: a malformed "
                          "body is a 4xx even under ids seen before. An `order_id` placed before answers 200 with "
                          "that order only if the body repeats it (same customer, delivery, `ordered_at` instant and "
                          "lines in any order); otherwise 409 naming `order_id`."),
    Operation("POST", "/webhooks/{optician_id}/orders/{order_id}/status",
              "The webshop reports a new status of an order (signed)", ("webshop",), body=WebhookOrderStatus,
              response=Order, security=_SIGNED, errors=(401, 404, 409, 429)),
]
