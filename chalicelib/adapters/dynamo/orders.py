"""Orders, kept in the customer's partition (``ORDER#<id>``), and the pointers that keep external ids unique.

An order that comes with an external id (the webshop's ``order_id``; a subscription's
derived id for the order of one day) gets a pointer item in the optician's partition,
``OPT#<oid>`` / ``WEBSHOP_ORDER#<order_id>`` (``SUBSCRIPTION_ORDER#<id>`` for subscription
orders), written in the same transaction as the order and its back-reference
(``base.owned_ref``, so erasing the customer deletes the pointer too). The pointer is put
only if absent: the same external id can never make two orders, also when two deliveries
race.

A subscription's order (``subscription`` given to ``create``) is written only if the
subscription is still as the order day read it: the same transaction checks that it is
active, still pending the processed ``occurrence`` and at the ``version`` read — a
cancellation, skip or change made a moment before wins (SubscriptionChanged, no order).

Every order is written only while its customer exists (a ConditionCheck on the customer
item in the same transaction): an order racing the customer's erasure is refused
(CustomerGone) instead of being stored after the erasure — nothing of it is left behind.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from pynamodb.attributes import NumberAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError
from pynamodb.expressions.condition import Condition
from pynamodb.expressions.update import Action

from chalicelib.adapters.dynamo import transactions
from chalicelib.adapters.dynamo.base import (KontaktModel, customer_pk, is_condition_failure, optician_pk, owned_ref,
                                              utc_timestamp, versioned_update)
from chalicelib.adapters.dynamo.subscriptions import SubscriptionItem
from chalicelib.adapters.dynamo.subscriptions import keys as subscription_keys
from chalicelib.domain import writes as prepared
from chalicelib.domain.orders import Order, OrderLine
from chalicelib.adapters.dynamo.customers import exists_check
from chalicelib.adapters.dynamo.transactions import CHECK, PUT, Write

PREFIX = "ORDER#"
REF_PREFIXES = {"webshop": "WEBSHOP_ORDER#", "subscription": "SUBSCRIPTION_ORDER#", "backoffice": "BACKOFFICE_ORDER#"}


class ReferenceTaken(Exception):
    """Another order already carries this external id (the pointer exists)."""


class CustomerGone(Exception):
    """The customer does not exist (any more): erased while the order was being placed."""


class SubscriptionChanged(Exception):
    """The subscription was cancelled, skipped or changed since its order day read it: no order."""


class OrderItem(KontaktModel):
    order_key = UnicodeAttribute()                 # our id, shown as "id"
    customer_id = UnicodeAttribute()
    order_id = UnicodeAttribute(null=True)         # the webshop's id, shown as "order_id"
    external_ref = UnicodeAttribute(null=True)     # sort key of the pointer, if any
    source = UnicodeAttribute()
    status = UnicodeAttribute()
    delivery = UnicodeAttribute()
    lines = UnicodeAttribute()                     # JSON list of {product_id, eye, pack_size, quantity}
    ordered_at = UnicodeAttribute()                # ISO 8601, UTC
    passport_id = UnicodeAttribute(null=True)      # the lens passport the lines matched
    attribution = UnicodeAttribute(null=True)      # JSON: the reminder credited with the order (SPEC §10)
    tracking_url = UnicodeAttribute(null=True)
    history = UnicodeAttribute()                   # JSON list of {status, at, tracking_url?}
    version = NumberAttribute(default=1)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


class OrderPointer(KontaktModel):
    customer_id = UnicodeAttribute()
    order_key = UnicodeAttribute()


def _still_as_read(subscription: Mapping[str, Any]) -> Condition:
    """The subscription is active and, where given, still pending ``occurrence`` at ``version``."""
    condition = SubscriptionItem.active == True  # noqa: E712 - a PynamoDB condition
    if subscription.get("occurrence") is not None:
        condition &= SubscriptionItem.occurrence == subscription["occurrence"]
    if subscription.get("version") is not None:
        condition &= SubscriptionItem.version == int(subscription["version"])
    return condition


def ref_sort_key(source: str, external_id: str) -> str:
    return REF_PREFIXES[source] + external_id


def to_record(item: OrderItem) -> Order:
    """The record of a stored order."""
    return Order(
        id=item.order_key,
        customer_id=item.customer_id,
        order_id=item.order_id,
        external_ref=item.external_ref,
        source=item.source,
        status=item.status,
        delivery=item.delivery,
        lines=tuple(OrderLine.of(line) for line in json.loads(item.lines)),
        ordered_at=item.ordered_at,
        passport_id=item.passport_id,
        attribution=json.loads(item.attribution) if item.attribution else None,
        tracking_url=item.tracking_url,
        history=tuple(json.loads(item.history)),
        version=int(item.version),
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def create(optician_id: str, order: Order, *, subscription: Mapping[str, Any] | None = None,
           counted: prepared.Write | None = None) -> Order:
    """Store a new order (and its pointer + back-reference if ``order.external_ref`` is set).

    ``order.attribution``: the reminder credited with the order (or None); ``counted``: the
    write that counts it (adapters/dynamo/conversions.py), made in the same transaction, so
    only when the order is new.

    ``subscription``: ``{"id", "occurrence", "version"}`` of the subscription whose order day
    places the order; the order is written only if that subscription is still active, pending
    ``occurrence`` and at ``version`` (SubscriptionChanged otherwise).
    CustomerGone if the customer item does not exist (erased meanwhile); ReferenceTaken if
    the external id belongs to an order already.
    """
    now = utc_timestamp()
    customer_id = order.customer_id
    item = OrderItem(
        customer_pk(optician_id, customer_id), PREFIX + order.id,
        order_key=order.id, customer_id=customer_id, order_id=order.order_id,
        external_ref=order.external_ref, source=order.source, status=order.status,
        delivery=order.delivery, lines=json.dumps([line.shown() for line in order.lines]), ordered_at=order.ordered_at,
        passport_id=order.passport_id, tracking_url=order.tracking_url,
        attribution=json.dumps(order.attribution) if order.attribution else None,
        history=json.dumps(list(order.history)),
        version=1, created_at=now, updated_at=now,
    )
    writes: list[prepared.Write] = [exists_check(optician_id, customer_id),
                                    Write(PUT, item, condition=OrderItem.pk.does_not_exist())]
    if subscription is not None:
        writes.append(Write(CHECK, SubscriptionItem(*subscription_keys(optician_id, customer_id, subscription["id"])),
                            condition=_still_as_read(subscription)))
    ref, pointer_index = order.external_ref, None
    if ref:
        pointer = OrderPointer(optician_pk(optician_id), ref, customer_id=customer_id, order_key=order.id)
        pointer_index = len(writes)
        writes += [Write(PUT, pointer, condition=OrderPointer.pk.does_not_exist()),
                   Write(PUT, owned_ref(optician_id, customer_id, pointer.pk, pointer.sk))]
    if counted is not None:
        writes.append(counted)
    try:
        transactions.execute(writes)
    except transactions.Cancelled as exc:
        if exc.condition_failed(0):
            raise CustomerGone(customer_id) from None
        if pointer_index is not None and exc.condition_failed(pointer_index):
            raise ReferenceTaken(ref) from None
        if subscription is not None and exc.condition_failed(2):
            raise SubscriptionChanged(subscription["id"]) from None
        raise
    return to_record(item)


def find_by_ref(optician_id: str, ref_sk: str) -> tuple[str, str] | None:
    """``(customer_id, order id)`` of the order carrying an external id, or None."""
    try:
        pointer = OrderPointer.get(optician_pk(optician_id), ref_sk, consistent_read=True)
    except DoesNotExist:
        return None
    return pointer.customer_id, pointer.order_key


def get(optician_id: str, customer_id: str, order_key: str) -> Order | None:
    try:
        return to_record(OrderItem.get(customer_pk(optician_id, customer_id), PREFIX + order_key,
                                     consistent_read=True))
    except DoesNotExist:
        return None


def list_all(optician_id: str, customer_id: str) -> list[Order]:
    """Every order of the customer (key order; the service sorts)."""
    items = OrderItem.query(customer_pk(optician_id, customer_id), OrderItem.sk.startswith(PREFIX))
    return [to_record(item) for item in items]


def update_status(optician_id: str, customer_id: str, order_key: str, *, status: str,
                  history: tuple[dict[str, Any], ...], tracking_url: str | None, expected_version: int) -> Order:
    """Set the status (and its history); Conflict if the order changed since ``expected_version``."""
    item = OrderItem(customer_pk(optician_id, customer_id), PREFIX + order_key)
    actions: list[Action] = [OrderItem.status.set(status), OrderItem.history.set(json.dumps(list(history)))]
    if tracking_url is not None:
        actions.append(OrderItem.tracking_url.set(tracking_url))
    versioned_update(item, actions, expected_version=expected_version, what="order")
    return to_record(item)


def set_backfilled_attribution(optician_id: str, customer_id: str, order_key: str,
                               attribution: dict[str, Any]) -> bool:
    """Store the backfill's credit on an order that has none (or an earlier backfill's); False if it
    was credited when it was recorded (never overwritten) or is gone."""
    item = OrderItem(customer_pk(optician_id, customer_id), PREFIX + order_key)
    condition = OrderItem.pk.exists() & (OrderItem.attribution.does_not_exist()
                                         | OrderItem.attribution.contains('"origin": "backfill"'))
    try:
        item.update(actions=[OrderItem.attribution.set(json.dumps(attribution))], condition=condition)
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True
