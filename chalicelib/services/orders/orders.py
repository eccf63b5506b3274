"""Orders of lenses: placed by the webshop (signed webhook), the back office or a subscription.

Every order creates or re-computes the customer's repurchase reminder (SPEC §2) for the
most recent lens passport whose products match the order's lines
(services/reminders/repurchase_reminders.apply_order). Webshop and back-office orders must match
one of the customer's passports (422 otherwise); a subscription's order is placed even
when the prescription changed since the subscription was set up (the customer relies on
it), and re-computes the reminder only if a passport matches.

An order with an external id (the webshop's ``order_id``, a subscription's order of one
day) is placed at most once: placing it again returns the existing order (a retry) —
409 if that id belongs to another customer's order. A retry also completes what a crash
may have left undone (the reminder, the order messages), both of which are idempotent.

A subscription's order day passes the subscription as it read it (``subscription``): the
order is created only if the subscription is still active, pending that occurrence and at
that version (one transaction with the order). A cancellation, skip or change made a moment
before wins: SubscriptionChanged, no order, nothing sent. Every order is created only while
the customer exists (checked in the same transaction): an order racing the customer's
erasure answers NotFound (``customer_id``) and leaves nothing behind — no order, reminder
or message.

The order messages (order_confirmation, shipping_confirmation, pickup_invitation) are sent
from ``_after_order_placed`` / ``_after_status_changed`` through the one send path, with the
idempotency keys ``<kind>#<order id>``: once per order and status. When the provider is
unavailable they are queued and sent later (services/messaging/transactional.py), never lost.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any, Callable, Sequence

from chalicelib import validation as v
from chalicelib.domain import orders as rules
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import Conflict, DomainError, NotFound, ValidationError
from chalicelib.domain.orders import Order
from chalicelib.domain.products import LensProduct
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.passport import LensPassport, recency
from chalicelib.ids import new_id
from chalicelib.observability import logger
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.wiring import stores
from chalicelib.services.lenses.products import find_product
from chalicelib.services.messaging.transactional import send_now
from chalicelib.services.reminders.repurchase_from_orders import apply_order
from chalicelib.services.messaging.attribution import attribute_order, converted_write

if TYPE_CHECKING:  # the API's models (decoded by the route); only their attributes are read here
    from chalicelib.schemas.orders import OrderInput, OrderLine, OrderStatusChange, WebhookOrder

MAX_EXTERNAL_ID = 100
_WRITE_ATTEMPTS = 3


class SubscriptionChanged(Exception):
    """The subscription changed (cancelled, skipped, edited) after its order day read it: no order placed."""



def _now() -> datetime:
    return datetime.now(timezone.utc)


def _iso(instant: datetime) -> str:
    return instant.astimezone(timezone.utc).isoformat(timespec="seconds")


def _finder(optician_id: str) -> Callable[[str], LensProduct | None]:
    """A product lookup for one request (own products are read once each)."""
    cache: dict[str, LensProduct | None] = {}

    def find(product_id: str) -> LensProduct | None:
        if product_id not in cache:
            cache[product_id] = find_product(optician_id, product_id)
        return cache[product_id]

    return find


def present(order: Order) -> dict[str, Any]:
    """API shape of an order."""
    return {
        "id": order.id,
        "customer_id": order.customer_id,
        "order_id": order.order_id,
        "source": order.source,
        "status": order.status,
        "delivery": order.delivery,
        "lines": [line.shown() for line in order.lines],
        "ordered_at": order.ordered_at,
        "passport_id": order.passport_id,
        "attribution": _attribution_view(order.attribution),
        "tracking_url": order.tracking_url,
        "status_history": list(order.history),
        "created_at": order.created_at,
        "updated_at": order.updated_at,
    }


def _attribution_view(credited: dict[str, Any] | None) -> dict[str, Any] | None:
    """The reminder credited with the order, as the API shows it (SPEC §10)."""
    if not credited:
        return None
    return {name: credited[name] for name in ("message_id", "kind", "channel", "sent_at", "days_to_order")}


def message_data(optician_id: str, order: Order) -> dict[str, Any]:
    """Template data of the order messages: ``{"order": {..., "lines": [... "product_name"]}}``."""
    find = _finder(optician_id)
    lines = []
    for line in order.lines:
        product = find(line.product_id)
        lines.append({**line.shown(), "product_name": product.name if product else line.product_id})
    return {"order": {"id": order.id, "order_id": order.order_id, "delivery": order.delivery,
                      "lines": lines, "ordered_at": order.ordered_at, "status": order.status,
                      "tracking_url": order.tracking_url}}


# --- hooks of the messaging area ---------------------------------------------------------


def _after_order_placed(optician: OpticianSettings, customer: Customer, order: Order, *, created: bool,
                        now: datetime | None = None) -> None:
    """Send the order confirmation, at most once per order (also when a retry calls again).

    Called for a new order and again when a retry finds the order placed before
    (``created`` False), so that a crash between storing the order and sending does not
    lose the confirmation. Never raises for a send failure: the order stands.
    """
    _send_order_message(optician, customer, "order_confirmation", order, now)


def _after_status_changed(optician: OpticianSettings, customer: Customer, order: Order,
                          previous_status: str) -> None:
    """shipping_confirmation when a home delivery is shipped (with the tracking link),
    pickup_invitation when a pickup order is ready; once per order and status."""
    kind = {(rules.SHIPPED, "home"): "shipping_confirmation",
            (rules.READY, "pickup"): "pickup_invitation"}.get((order.status, order.delivery))
    if kind is not None:
        _send_order_message(optician, customer, kind, order)


def _send_order_message(optician: OpticianSettings, customer: Customer, kind: str, order: Order,
                        now: datetime | None = None) -> None:
    """Send (or, if the provider is unavailable, queue for later) one order message; never raises."""
    send_now(optician, customer, kind, idempotency_key=f"{kind}#{order.id}", data=message_data(optician.id, order),
             now=now)


# --- placing -----------------------------------------------------------------------------------


def _external_id(value: object) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValidationError("'order_id' must be a non-empty string.", field="order_id")
    value = value.strip()
    if len(value) > MAX_EXTERNAL_ID or any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise ValidationError(f"'order_id' must be at most {MAX_EXTERNAL_ID} characters, without spaces.",
                              field="order_id")
    return value


@dataclass(frozen=True)
class WebshopOrder:
    """A webshop order webhook's order, every field checked (``lines`` as parse_lines returns them)."""

    order_id: str
    customer_id: str
    ordered_at: datetime
    delivery: str
    lines: list[rules.OrderLine]


def webshop_order(optician_id: str, given: WebhookOrder, now: datetime | None = None) -> WebshopOrder:
    """The order of a decoded webhook body, or ValidationError naming the first bad field. Reads
    nothing but the optician's own products: whether the customer or the order id exist is not its
    concern."""
    order_id = _external_id(given.order_id)
    customer_id = v.text(given.customer_id, "customer_id", required=True, max_length=100)
    assert customer_id is not None  # required: an empty one was refused
    ordered_at = rules.check_ordered_at(rules.parse_timestamp(given.ordered_at), now or _now())
    lines = rules.parse_lines(line_dicts(given.lines), _finder(optician_id))
    return WebshopOrder(order_id=order_id, customer_id=customer_id, ordered_at=ordered_at,
                        delivery=given.delivery, lines=lines)


def line_dicts(lines: list[OrderLine]) -> list[dict[str, Any]]:
    """Decoded order lines as the order rules (and the store) take them."""
    return [{name: getattr(line, name) for name in rules.LINE_FIELDS} for line in lines]


def _existing(optician_id: str, customer_id: str, ref: str) -> Order | None:
    found = stores().orders.find_by_ref(optician_id, ref)
    if found is None:
        return None
    owner, order_key = found
    if owner != customer_id:
        raise Conflict("This order id belongs to an order of another customer.", field="order_id")
    return stores().orders.get(optician_id, owner, order_key)


def _no_match(passports: list[LensPassport], lines: list[rules.OrderLine]) -> ValidationError:
    if not passports:
        return ValidationError("The customer has no lens passport yet; orders are checked against it.",
                               field="lines")
    mismatch = rules.first_mismatch(max(passports, key=recency), lines)
    if mismatch is None:  # pragma: no cover - called because no passport matches the lines
        raise AssertionError("the newest passport matches the lines")
    index, eye = mismatch
    return ValidationError(f"This is not the lens of the customer's lens passport for the {eye} eye.",
                           field=f"lines[{index}].product_id")


def _complete(optician: OpticianSettings, customer: Customer, order: Order, passport: LensPassport | None,
              created: bool, now: datetime) -> None:
    """The order's consequences: the repurchase reminder ("today" from ``now``), then the
    confirmation (both idempotent)."""
    if passport is not None:
        try:
            apply_order(optician, customer.id, order, passport, now=now)
        except DomainError as exc:  # the order stands; the optician can set the reminder by hand
            logger.warning("repurchase reminder not updated from order", extra={"order": order.id,
                                                                                 "code": exc.code})
    _after_order_placed(optician, customer, order, created=created, now=now)


def place(optician_id: str, customer_id: str, *, lines: Sequence[dict[str, Any]], delivery: str, source: str,
          ordered_at: datetime | str, order_id: str | None = None, now: datetime | None = None,
          subscription: dict[str, Any] | None = None) -> tuple[Order, bool]:
    """Place an order; ``(order, created)`` — created False when ``order_id`` was placed before.

    ``subscription`` (source ``subscription`` only): ``{"id", "occurrence", "version"}`` as the
    order day read it; SubscriptionChanged (nothing stored or sent) if it is no longer so.
    """
    if source not in rules.SOURCES:
        raise ValueError(f"unknown order source {source!r}")
    if subscription is not None and source != "subscription":
        raise ValueError("only a subscription's order is conditional on the subscription")
    customer = get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    now = now or _now()
    if delivery not in rules.DELIVERIES:
        raise ValidationError("'delivery' must be one of: home, pickup.", field="delivery")
    if not isinstance(ordered_at, datetime):
        ordered_at = rules.parse_timestamp(ordered_at)
    rules.check_ordered_at(ordered_at, now)
    ref = None
    if order_id is not None:
        order_id = _external_id(order_id)
        ref = stores().orders.ref_sort_key(source, order_id)
        existing = _existing(optician_id, customer_id, ref)
        if existing is not None:
            if source == "webshop" and not rules.same_order(existing, lines=rules.parse_lines(lines, _finder(optician_id)),
                                                            delivery=delivery, ordered_at=_iso(ordered_at)):
                # A retry repeats the order; anything else under its id would be silently dropped.
                raise Conflict("This order_id was placed before with other lines, delivery or ordered_at.",
                               field="order_id")
            passport = stores().passports.get(optician_id, customer_id, existing.passport_id or "")
            _complete(optician, customer, existing, passport, created=False, now=now)
            return existing, False

    parsed = rules.parse_lines(lines, _finder(optician_id))
    passports = stores().passports.list_all(optician_id, customer_id)
    passport = rules.matching_passport(passports, parsed)
    if passport is None:
        if source == "backoffice":
            # The optician can correct what they typed; the passport is what the order is checked against.
            raise _no_match(passports, parsed)
        # The webshop (or a subscription) has sold it already: the order stands and is confirmed,
        # only the repurchase reminder cannot be computed from it (SPEC §2 needs the passport's lens).
        logger.info("order matches no lens passport; repurchase reminder unchanged",
                    extra={"optician_id": optician_id, "source": source})
    credited = attribute_order(optician_id, customer_id, ordered_at)
    attribution = credited.as_dict() if credited else None
    order = Order(
        id=new_id("ord"),
        customer_id=customer_id,
        order_id=order_id if source == "webshop" else None,
        external_ref=ref,
        source=source,
        status=rules.PLACED,
        delivery=delivery,
        lines=tuple(parsed),
        ordered_at=_iso(ordered_at),
        passport_id=passport.id if passport else None,
        attribution=attribution,
        history=({"status": rules.PLACED, "at": _iso(ordered_at)},),
    )
    counted = converted_write(optician_id, attribution) if attribution else None
    stored: Order | None
    try:
        stored, created = stores().orders.create(optician_id, order, subscription=subscription, counted=counted), True
    except stores().orders.CustomerGone:
        raise NotFound("No customer with this id.", field="customer_id") from None
    except stores().orders.SubscriptionChanged:
        raise SubscriptionChanged(subscription["id"] if subscription else "") from None
    except stores().orders.ReferenceTaken:
        # A concurrent delivery placed it a moment ago: that order is the answer.
        stored, created = _existing(optician_id, customer_id, ref or ""), False
        if stored is None:  # pragma: no cover - the pointer exists, so does its order
            raise Conflict("The order is being placed right now; retry.", field="order_id") from None
    _complete(optician, customer, stored, passport, created=created, now=now)
    return stored, created


def place_order(optician_id: str, customer_id: str, *, lines: Sequence[dict[str, Any]], delivery: str,
                source: str, ordered_at: datetime | str, order_id: str | None = None) -> Order:
    """Place an order (source webshop | backoffice | subscription) and create/re-compute the repurchase reminder.

    ``lines``: ``[{"product_id", "eye", "pack_size", "quantity"}]``; ``ordered_at``: an aware
    datetime or an ISO 8601 string with offset; ``order_id``: the external id that makes
    placing idempotent (the webshop's order id, shown as ``order_id`` for webshop orders).
    """
    return place(optician_id, customer_id, lines=lines, delivery=delivery, source=source,
                 ordered_at=ordered_at, order_id=order_id)[0]


def create_order(optician_id: str, customer_id: str, given: OrderInput) -> Order:
    """``POST /customers/{id}/orders``: an order entered in the back office."""
    get_customer(optician_id, customer_id)
    ordered_at = _now() if given.ordered_at is None else rules.parse_timestamp(given.ordered_at)
    return place_order(optician_id, customer_id, lines=line_dicts(given.lines), delivery=given.delivery,
                       source="backoffice", ordered_at=ordered_at)


# --- reading --------------------------------------------------------------------------------------


def _get(optician_id: str, customer_id: str, order_key: str) -> Order:
    order = stores().orders.get(optician_id, customer_id, order_key)
    if order is None:
        raise NotFound("No order with this id.", field="order_id")
    return order


def get_order(optician_id: str, customer_id: str, order_key: str) -> Order:
    get_customer(optician_id, customer_id)
    return _get(optician_id, customer_id, order_key)


def list_orders(optician_id: str, customer_id: str) -> list[Order]:
    """The customer's orders, newest first (by ``ordered_at``)."""
    get_customer(optician_id, customer_id)
    stored: list[Order] = stores().orders.list_all(optician_id, customer_id)
    return sorted(stored, key=lambda o: (o.ordered_at, o.id), reverse=True)


def find_webshop_order(optician_id: str, order_id: str) -> tuple[str, str]:
    """``(customer_id, id)`` of the order with the webshop's ``order_id``; 404 if there is none."""
    found = stores().orders.find_by_ref(optician_id, stores().orders.ref_sort_key("webshop", order_id))
    if found is None:
        raise NotFound("No order with this order id.", field="order_id")
    return found


# --- status ----------------------------------------------------------------------------------------


def change_status(optician_id: str, customer_id: str, order_key: str, status: str,
                  tracking_url: str | None = None) -> Order:
    """Move an order to ``status`` (shipped | ready_for_pickup | picked_up | cancelled); 409 if it cannot.

    The same status again changes nothing. ``tracking_url`` goes with ``shipped`` only.
    """
    customer = get_customer(optician_id, customer_id)
    if tracking_url is not None and status != rules.SHIPPED:
        raise ValidationError("A tracking URL goes with the status 'shipped' only.", field="tracking_url")
    for _ in range(_WRITE_ATTEMPTS):
        order = _get(optician_id, customer_id, order_key)
        if not rules.check_transition(order.status, order.delivery, status):
            return order
        entry = {"status": status, "at": _iso(_now())}
        if tracking_url:
            entry["tracking_url"] = tracking_url
        try:
            changed = stores().orders.update_status(optician_id, customer_id, order_key, status=status,
                                             history=(*order.history, entry), tracking_url=tracking_url,
                                             expected_version=order.version)
        except Conflict:
            continue  # changed meanwhile (another status call): decide again on the fresh order
        _after_status_changed(get_settings(optician_id), customer, changed, order.status)
        return changed
    raise Conflict("The order keeps changing; retry.", field="status")


def update_order(optician_id: str, customer_id: str, order_key: str, given: OrderStatusChange) -> Order:
    """``PATCH /customers/{id}/orders/{order_id}`` with ``{"status", "tracking_url"?}``."""
    return change_status(optician_id, customer_id, order_key, given.status,
                         v.web_url(given.tracking_url, "tracking_url"))
