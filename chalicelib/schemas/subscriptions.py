"""Models and operations: order subscriptions (Bestell-Abo, SPEC §3)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import UNSET, Meta, UnsetType

from chalicelib.schemas.base import Instant, Model, Operation

Delivery = Literal["home", "pickup"]
IntervalWeeks = Annotated[int, Meta(ge=1, le=52)]


class SubscriptionLine(Model):
    """A line as an order's: the product must be the optician's and sold in `pack_size`."""

    product_id: str
    eye: Literal["right", "left", "both"]
    pack_size: Annotated[int, Meta(ge=1)]
    quantity: Annotated[int, Meta(ge=1, le=100)]


Lines = Annotated[list[SubscriptionLine], Meta(min_length=1, max_length=20)]


class SubscriptionInput(Model):
    lines: Lines
    interval_weeks: IntervalWeeks
    next_order_on: date
    delivery: Delivery | None = "home"


class SubscriptionPatch(Model):
    """Fields left out (or null) stay as they are."""

    lines: Lines | None = None
    interval_weeks: IntervalWeeks | None = None
    next_order_on: date | None = None
    delivery: Delivery | None = None
    skip_next: Annotated[bool | None, Meta(
        description="Skip one delivery: the next order moves by one interval")] = None
    active: bool | None = None


class Subscription(Model):
    id: str
    lines: list[SubscriptionLine]
    interval_weeks: int
    next_order_on: date
    delivery: Delivery
    active: bool
    skipped_on: Annotated[date | None, Meta(
        description="The order date the last skip or postponement moved away from")] | UnsetType = UNSET
    created_at: Instant | UnsetType = UNSET
    updated_at: Instant | UnsetType = UNSET


class SubscriptionList(Model):
    items: list[Subscription]


_TAGS = ("subscriptions",)
_BASE = "/customers/{customer_id}/subscriptions"
_ERRORS = (401, 403, 404, 429)
OPERATIONS = [
    Operation("GET", _BASE, "The customer's subscriptions", _TAGS, response=SubscriptionList, errors=_ERRORS),
    Operation("POST", _BASE, "Set up a subscription", _TAGS, body=SubscriptionInput, response=Subscription,
              status=201, errors=_ERRORS + (409,),
              description="Sets up an order subscription (Bestell-Abo) and sends `subscription_confirmation` at "
                          "once. The customer is pre-announced each order 7 days ahead "
                          "(`subscription_preannouncement`); on the order day the service places the order (source "
                          "`subscription`, confirmed by `order_confirmation`) and moves `next_order_on` by "
                          "`interval_weeks`. While a subscription is active, no repurchase reminder is sent to the "
                          "customer."),
    Operation("GET", _BASE + "/{subscription_id}", "A subscription", _TAGS, response=Subscription, errors=_ERRORS),
    Operation("PATCH", _BASE + "/{subscription_id}", "Change a subscription", _TAGS, body=SubscriptionPatch,
              response=Subscription, errors=_ERRORS + (409,),
              description="Change lines, interval or delivery, move the next order (`next_order_on`) or skip one "
                          "delivery (`skip_next: true`): confirmed by `subscription_changed`. `active: false` (on "
                          "its own) cancels: `subscription_cancelled`. `active: true` re-activates: "
                          "`subscription_confirmation`."),
    Operation("DELETE", _BASE + "/{subscription_id}", "Delete a subscription", _TAGS, status=204, errors=_ERRORS),
]
