"""Order subscriptions (Bestell-Abo): set up, change, skip, postpone, cancel (SPEC §3).

Each change the customer should know of is confirmed at once (transactional messages):
``subscription_confirmation`` on setup (and on re-activation), ``subscription_changed``
on a change, a skipped delivery or a moved order date, ``subscription_cancelled`` on
deactivation. The scheduled part (pre-announcement, order day) is in
subscription_occurrences.py; this module (re)computes the pending occurrence whenever
the next order date moves.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Callable, Sequence

from chalicelib.domain import subscription as rules
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.domain.orders import LINE_FIELDS, OrderLine
from chalicelib.domain.products import LensProduct
from chalicelib.domain.subscription import Subscription
from chalicelib.domain.optician import OpticianSettings
from chalicelib.ids import new_id
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.scheduling.occurrence_timing import due_for, local_today
from chalicelib.services.wiring import stores
from chalicelib.services.lenses.products import find_product
from chalicelib.services.messaging.transactional import send_now

if TYPE_CHECKING:  # the API's models (decoded by the route); only their attributes are read here
    from chalicelib.schemas.subscriptions import SubscriptionInput, SubscriptionLine, SubscriptionPatch

KEEP = "keep"
ProductFinder = Callable[[str], "LensProduct | None"]

PATCH_FIELDS = ("lines", "interval_weeks", "next_order_on", "delivery", "skip_next", "active")
SHOWN = ("id", "lines", "interval_weeks", "next_order_on", "delivery", "active", "skipped_on",
         "created_at", "updated_at")



def present(subscription: Subscription) -> dict[str, Any]:
    """API shape (internal bookkeeping such as ``version`` and ``occurrence`` left out)."""
    shown: dict[str, Any] = {key: getattr(subscription, key) for key in SHOWN}
    shown["lines"] = [line.shown() for line in subscription.lines]
    shown["next_order_on"] = subscription.next_order_on.isoformat()
    shown["skipped_on"] = subscription.skipped_on.isoformat() if subscription.skipped_on else None
    return shown


def _find_product(optician_id: str) -> ProductFinder:
    return lambda product_id: find_product(optician_id, product_id)


def _schedule(optician: OpticianSettings, optician_id: str, customer_id: str, subscription_id: str,
              next_order_on: date, today: date) -> tuple[str, dict[str, str]]:
    occurrence = rules.first_occurrence(next_order_on, today)
    pk, sk = stores().subscriptions.keys(optician_id, customer_id, subscription_id)
    return str(occurrence), due_for(optician, pk, sk, occurrence.due_on)


def message_data(optician_id: str, subscription: Subscription, *, next_order_on: str | None = None,
                 skipped_on: str | None = None, find: ProductFinder | None = None) -> dict[str, Any]:
    """The template data of the subscription messages (product names resolved, through ``find`` if given)."""
    find = find or _find_product(optician_id)
    lines = []
    for line in subscription.lines:
        product = find(line.product_id)
        lines.append({**line.shown(), "product_name": product.name if product else line.product_id})
    return {"subscription": {
        "next_order_on": next_order_on or subscription.next_order_on.isoformat(),
        "interval_weeks": subscription.interval_weeks,
        "lines": lines,
        "delivery": subscription.delivery,
        "skipped_on": skipped_on,
    }}


def _confirm(optician: OpticianSettings, customer: Customer, kind: str, key: str,
             data: dict[str, Any]) -> None:
    """Send a transactional subscription message at once (queued for later if the provider is
    unavailable); the change stands in any case."""
    send_now(optician, customer, kind, idempotency_key=key, data=data)


def _lines(optician_id: str, lines: Sequence[SubscriptionLine]) -> tuple[OrderLine, ...]:
    """Decoded lines checked against the optician's products (known, sold in that pack size)."""
    return tuple(rules.parse_lines([{name: getattr(line, name) for name in LINE_FIELDS} for line in lines],
                                   _find_product(optician_id)))


def create_subscription(optician_id: str, customer_id: str, given: SubscriptionInput,
                        now: datetime | None = None) -> Subscription:
    """Set up a subscription and confirm it to the customer at once."""
    customer = get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    today = local_today(optician, now)
    lines = _lines(optician_id, given.lines)
    interval = rules.check_interval(given.interval_weeks)
    next_order_on = rules.check_order_date(given.next_order_on, today)
    delivery = given.delivery or "home"
    subscription = Subscription(id=new_id("sub"), customer_id=customer_id, lines=lines, interval_weeks=interval,
                                next_order_on=next_order_on, delivery=delivery, active=True)
    occurrence, due = _schedule(optician, optician_id, customer_id, subscription.id, next_order_on, today)
    stored = stores().subscriptions.create(optician_id, subscription, occurrence, due)
    refresh_agenda(optician_id, customer_id)  # now covers the repurchase reminders
    _confirm(optician, customer, "subscription_confirmation", f"subscription_confirmation#{stored.id}",
             message_data(optician_id, stored))
    return stored


def _get(optician_id: str, customer_id: str, subscription_id: str) -> tuple[Customer, Subscription]:
    """The customer and their subscription; 404 if either is not this tenant's."""
    customer = get_customer(optician_id, customer_id)
    subscription = stores().subscriptions.get(optician_id, customer_id, subscription_id)
    if subscription is None:
        raise NotFound("No subscription with this id.", field="subscription_id")
    return customer, subscription


def get_subscription(optician_id: str, customer_id: str, subscription_id: str) -> Subscription:
    return _get(optician_id, customer_id, subscription_id)[1]


def list_subscriptions(optician_id: str, customer_id: str) -> list[Subscription]:
    """The customer's subscriptions, oldest first; 404 if the customer is not this tenant's."""
    get_customer(optician_id, customer_id)
    return stores().subscriptions.list_all(optician_id, customer_id)


def has_active_subscription(optician_id: str, customer_id: str) -> bool:
    """Whether an active subscription covers the customer (then no repurchase reminder is sent)."""
    return stores().subscriptions.any_active(optician_id, customer_id)


def _changes(optician_id: str, current: Subscription, given: SubscriptionPatch,
             today: date) -> tuple[dict[str, Any], date | None]:
    """The changed fields of a PATCH and the date the next order moved away from (if it moved)."""
    sent = {name for name in PATCH_FIELDS if getattr(given, name) is not None}
    if not sent:
        raise ValidationError("Nothing to change.", field="active")
    active = given.active
    skip = bool(given.skip_next)
    if active is False and len(sent) > 1:
        raise ValidationError("Cancel a subscription on its own, without other changes.", field="active")
    if skip and given.next_order_on is not None:
        raise ValidationError("Either skip the next delivery or set the next order date.", field="skip_next")
    if skip and not current.active and active is not True:
        raise Conflict("This subscription is cancelled; there is no delivery to skip.", field="skip_next")
    changes: dict[str, Any] = {}
    if given.lines is not None:
        changes["lines"] = _lines(optician_id, given.lines)
    if given.interval_weeks is not None:
        changes["interval_weeks"] = rules.check_interval(given.interval_weeks)
    if given.delivery is not None:
        changes["delivery"] = given.delivery
    if active is not None:
        changes["active"] = active
    old_date = current.next_order_on
    new_date = old_date
    if given.next_order_on is not None:
        new_date = rules.check_order_date(given.next_order_on, today)
    elif skip:
        new_date = rules.next_order_date(old_date, changes.get("interval_weeks", current.interval_weeks))
    elif active is True and not current.active and old_date < today:
        raise ValidationError("The next order date is past: give a new 'next_order_on' to re-activate.",
                              field="next_order_on")
    moved = new_date != old_date
    if moved:
        changes["next_order_on"] = new_date
        changes["skipped_on"] = old_date
    changes = {k: val for k, val in changes.items() if getattr(current, k) != val}
    return changes, (old_date if moved else None)


def update_subscription(optician_id: str, customer_id: str, subscription_id: str, given: SubscriptionPatch,
                        now: datetime | None = None) -> Subscription:
    """Change, skip the next delivery, postpone, cancel or re-activate; each confirmed to the customer."""
    customer, current = _get(optician_id, customer_id, subscription_id)
    optician = get_settings(optician_id)
    today = local_today(optician, now)
    changes, moved_from = _changes(optician_id, current, given, today)
    if not changes:
        return current
    after = replace(current, **changes)
    schedule: tuple[str, dict[str, str]] | str | None
    if not after.active:
        schedule = None  # cancelled: out of the due index
    elif moved_from is not None or not current.active:
        schedule = _schedule(optician, optician_id, customer_id, subscription_id, after.next_order_on, today)
    else:
        schedule = KEEP  # same order date: the pending occurrence stays as it is
    stored = stores().subscriptions.update(optician_id, customer_id, subscription_id, changes, schedule=schedule,
                             expected_version=current.version)
    if stored.active != current.active:
        refresh_agenda(optician_id, customer_id)  # started or ended covering the repurchase reminders
    change_id = new_id("chg")
    if not current.active and not stored.active:
        pass  # editing a cancelled subscription: nothing the customer needs to hear about
    elif not stored.active:
        _confirm(optician, customer, "subscription_cancelled", f"subscription_cancelled#{subscription_id}#{change_id}",
                 message_data(optician_id, stored))
    elif not current.active:
        _confirm(optician, customer, "subscription_confirmation",
                 f"subscription_confirmation#{subscription_id}#{change_id}", message_data(optician_id, stored))
    else:
        _confirm(optician, customer, "subscription_changed", f"subscription_changed#{subscription_id}#{change_id}",
                 message_data(optician_id, stored,
                              skipped_on=moved_from.isoformat() if moved_from is not None else None))
    return stored


def delete_subscription(optician_id: str, customer_id: str, subscription_id: str) -> None:
    """Remove a subscription; if it was active the customer is told it ended (no more orders)."""
    customer, current = _get(optician_id, customer_id, subscription_id)
    stores().subscriptions.delete(optician_id, customer_id, subscription_id)
    refresh_agenda(optician_id, customer_id)
    if current.active:
        optician = get_settings(optician_id)
        _confirm(optician, customer, "subscription_cancelled", f"subscription_cancelled#{subscription_id}#deleted",
                 message_data(optician_id, current))
