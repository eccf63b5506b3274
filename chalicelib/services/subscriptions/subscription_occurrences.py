"""Scheduled occurrences of a subscription (``SUBSCRIPTION#``): the pipeline's handler.

``preannouncement#<order date>`` (due 7 days before the order date): sends
``subscription_preannouncement`` (one per subscription and local day of sending — two
subscriptions announce their own orders), then the order occurrence becomes pending.

``order#<order date>`` (due on the order date, inside the send window so that the order
confirmation does not arrive at night): ``message_for`` sends nothing itself; ``advance``
places the order through orders.place_order (source ``subscription``, which confirms it to
the customer) with an order id derived from subscription and date — a retried occurrence
finds the same order instead of placing a second one — and only then moves
``next_order_on`` by ``interval_weeks``, conditionally on the occurrence it processed.
The order itself is created only if the subscription is still as read (active, pending
this occurrence, same ``version``; checked in the order's transaction): a cancellation,
skip or change made a moment before wins — no order, nothing sent, and the occurrence is
not advanced here (the change rescheduled it, or, after an edit of the lines, the
unchanged occurrence stays due and a later run places the order as changed).
An order the service refuses for good (a pack size no longer sold) is recorded in the
customer's history as a ``failed`` order confirmation, reason ``order_refused`` (detail: the
field), once per order day — the optician sees it; the series moves on.
(No ``advance_write``: placing the order is more than one write.)
"""
from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from chalicelib.domain import subscription as rules
from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import DomainError, NotFound
from chalicelib.domain.orders import Order
from chalicelib.domain.subscription import Subscription
from chalicelib.domain.optician import OpticianSettings
from chalicelib.observability import logger
from chalicelib.services.scheduling import coordination
from chalicelib.services.scheduling.occurrence_timing import due_for, local_today
from chalicelib.services.scheduling.registry import Outgoing
from chalicelib.services.wiring import stores
from chalicelib.services.subscriptions.subscriptions import message_data
from chalicelib.services.orders import orders
from chalicelib.services.messaging.send import FAILED, record_not_sent
from chalicelib.services.orders.orders import SubscriptionChanged

if TYPE_CHECKING:
    from chalicelib.services.scheduling.customer_records import CustomerRecords

PREANNOUNCEMENT_KIND = "subscription_preannouncement"
ORDER_REFUSED = "order_refused"



def message_for(optician: OpticianSettings, customer: Customer, item: dict[str, Any],
                records: CustomerRecords | None = None,
                now: datetime | None = None) -> Outgoing | None:
    """The pre-announcement for a pre-announcement occurrence; None for the order day.

    One per subscription and local day of sending (``now``): each announces its own order.
    """
    subscription = stores().subscriptions.from_raw(item)
    occurrence = rules.parse_occurrence(item["occurrence"])
    if not subscription.active or occurrence.phase != rules.PREANNOUNCEMENT:
        return None
    decision = coordination.simple_kind(optician, customer, item, PREANNOUNCEMENT_KIND, local_today(optician, now),
                                        scope=subscription.id)
    find = records.find_product if records is not None else None
    data = message_data(optician.id, subscription, next_order_on=occurrence.order_on.isoformat(), find=find)
    return Outgoing(decision.kind, data, decision.guards)


def place_order(optician: OpticianSettings, subscription: Subscription, order_on: date,
                now: datetime) -> Order | None:
    """Place the subscription's order of ``order_on``, at most once (the order id is derived).

    Raises orders.SubscriptionChanged if the subscription is no longer as read (its
    ``active``, ``occurrence`` and ``version``): no order is placed.
    """
    order_id = rules.order_identity(subscription.id, order_on)
    try:
        # orders.place is place_order with the run's "now" (the event time, not the wall clock).
        return orders.place(
            optician.id, subscription.customer_id,
            lines=[line.shown() for line in subscription.lines], delivery=subscription.delivery,
            source="subscription", ordered_at=now, order_id=order_id, now=now,
            subscription={"id": subscription.id, "occurrence": subscription.occurrence,
                          "version": subscription.version},
        )[0]
    except DomainError as exc:
        # Retrying cannot fix a refused order (e.g. a product no longer sold in that pack
        # size): the series moves on and the operator sees this error; nothing personal logged.
        logger.error("subscription order refused",
                     extra={"subscription_id": subscription.id, "code": exc.code, "field": exc.field})
        if not isinstance(exc, NotFound):  # NotFound: the customer is gone, nobody to show it to
            _record_refusal(optician, subscription, order_id, exc, now)
        return None


def _record_refusal(optician: OpticianSettings, subscription: Subscription, order_id: str, exc: DomainError,
                    now: datetime) -> None:
    """The optician sees the refused order in the customer's history: a ``failed`` order
    confirmation naming the field; keyed by the order day's order id, so recorded once."""
    customer = stores().customers.get(optician.id, subscription.customer_id)
    if customer is None:  # erased meanwhile: nobody to show it to
        return
    record_not_sent(optician, customer, "order_confirmation", trigger="automatic",
                    idempotency_key=f"order_confirmation#{order_id}", status=FAILED, reason=ORDER_REFUSED,
                    detail=exc.field, now=now)


def advance(optician: OpticianSettings, item: dict[str, Any], now: datetime) -> None:
    """Place the order on an order occurrence, then write the next occurrence (conditionally)."""
    subscription = stores().subscriptions.from_raw(item)
    processed = item["occurrence"]
    occurrence = rules.parse_occurrence(processed)
    changes: dict[str, object] = {}
    if not subscription.active:
        stores().subscriptions.advance(item["pk"], item["sk"], processed, changes, occurrence=None, due=None)
        return
    if occurrence.phase == rules.ORDER:
        try:
            place_order(optician, subscription, occurrence.order_on, now)
        except SubscriptionChanged:
            # Cancelled, skipped or changed a moment ago: that change wins (it rescheduled the
            # subscription, or a later run places the still-pending order as changed).
            logger.info("subscription changed before its order was placed; no order",
                        extra={"subscription_id": subscription.id})
            return
        changes = {"next_order_on": rules.next_order_date(occurrence.order_on, subscription.interval_weeks),
                   "skipped_on": None}
    following = rules.after(occurrence, subscription.interval_weeks, local_today(optician, now))
    due = due_for(optician, item["pk"], item["sk"], following.due_on)
    if not stores().subscriptions.advance(item["pk"], item["sk"], processed, changes, occurrence=str(following),
                                          due=due):
        logger.info("subscription changed meanwhile; its new schedule stands",
                    extra={"subscription_id": subscription.id})
