"""The webshop's order webhooks (SPEC §5), each ``event_id`` processed once.

The route has verified the signature before anything here runs. Then:

0. the whole body is validated (SPEC §9): a malformed delivery is a 4xx whatever ids it carries;
1. the delivery claims its ``event_id`` with a conditional put (adapters/dynamo/webhook_events.py);
2. a delivery that finds the event **done** answers 200 with the stored answer and does
   nothing; one that finds it **pending** (another delivery is processing it right now)
   waits for that answer a few seconds, then answers 409 ``event_in_progress`` (retry later);
   a pending claim whose lease ran out (the other delivery crashed) is taken over;
3. the event is processed; a refusal (4xx) or a crash releases the claim — nothing was
   done, so a corrected or later delivery processes it; success stores the answer.

Processing is idempotent on its own as well (the webshop ``order_id`` pointer; a status
the order already has changes nothing), so even a taken-over claim cannot double anything.
"""
from __future__ import annotations

import hashlib
import json
import secrets
import time
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Callable

from chalicelib import validation as v
from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.services.orders import orders
from chalicelib.services.wiring import stores

if TYPE_CHECKING:  # the webhooks' models (decoded by the route); only their attributes are read here
    from chalicelib.schemas.orders import WebhookOrder, WebhookOrderStatus

EVENT_TTL_DAYS = 14        # far beyond any webshop's retry schedule
LEASE_SECONDS = 60         # longer than an API request may run
WAIT_SECONDS = 10.0        # how long a concurrent delivery waits for the first one's answer
POLL_SECONDS = 0.1

Outcome = tuple[int, dict[str, Any], "str | None"]  # status code, body, customer id (for erasure)


def checked_event_id(value: object) -> str:
    """``value`` as an ``event_id``: a non-empty string without spaces, trimmed; 422 otherwise."""
    value = v.text(value, "event_id", required=True, max_length=200)
    assert value is not None  # required: None was refused
    if any(ch.isspace() or ord(ch) < 32 for ch in value):
        raise ValidationError("'event_id' must not contain spaces.", field="event_id")
    return value


def fingerprint(route: str, body: object) -> str:
    """What a repeated delivery must repeat: the route and the (canonical) body."""
    canonical = json.dumps({"route": route, "body": body}, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def run_once(optician_id: str, event_id: str, print_: str, process: Callable[[], Outcome],
             clock: Callable[[], float] = time.time,
             sleep: Callable[[float], None] = time.sleep) -> tuple[int, dict[str, Any]]:
    """Process the event unless it was processed before; ``(status code, body)`` of the (first) answer."""
    store = stores().webhook_events
    attempt = secrets.token_hex(8)
    expires_at = datetime.now(timezone.utc) + timedelta(days=EVENT_TTL_DAYS)
    deadline = clock() + WAIT_SECONDS
    while not store.claim(optician_id, event_id, attempt=attempt, fingerprint=print_,
                          lease_until=int(clock()) + LEASE_SECONDS, expires_at=expires_at):
        known = store.get(optician_id, event_id)
        if known is None:
            if clock() >= deadline:
                raise Conflict("This event is being processed by another delivery; retry later.",
                               field="event_id", code="event_in_progress")
            continue  # released meanwhile: claim it ourselves
        if known.fingerprint != print_:
            raise Conflict("This event_id was already used for a different request.", field="event_id")
        if known.state == store.DONE:
            return 200, json.loads(known.response or "{}")
        if known.lease_until < clock():
            if store.take_over(optician_id, event_id, abandoned_attempt=known.attempt, attempt=attempt,
                               lease_until=int(clock()) + LEASE_SECONDS):
                break
            continue
        if clock() >= deadline:
            raise Conflict("This event is being processed by another delivery; retry later.",
                           field="event_id", code="event_in_progress")
        sleep(POLL_SECONDS)
    try:
        status, answer, customer_id = process()
    except BaseException:
        store.release(optician_id, event_id, attempt=attempt)
        raise
    if not store.finish(optician_id, event_id, attempt=attempt, status_code=status,
                        response=json.dumps(answer), customer_id=customer_id,
                        expires_at=expires_at):
        known = store.get(optician_id, event_id)  # our lease ran out and another delivery answered
        if known is not None and known.state == store.DONE:
            return 200, json.loads(known.response or "{}")
    return status, answer


def order_event(optician_id: str, body: object, given: WebhookOrder) -> tuple[int, dict[str, Any]]:
    """``POST /webhooks/{optician_id}/orders``: 201 with the new order, 200 for an order_id placed
    before with the same content (409 ``order_id`` if its content differs). ``body`` is the
    delivery as sent (its fingerprint), ``given`` the same decoded by its model.

    The whole body is validated before its ``event_id`` or ``order_id`` is looked up (SPEC §9): a
    malformed delivery is a 4xx even under ids seen before, never the stored answer of another.
    """
    event_id = checked_event_id(given.event_id)
    order = orders.webshop_order(optician_id, given)

    def process() -> Outcome:
        try:
            placed, created = orders.place(optician_id, order.customer_id, lines=[line.shown() for line in order.lines],
                                           delivery=order.delivery, source="webshop",
                                           ordered_at=order.ordered_at, order_id=order.order_id)
        except NotFound as exc:  # unknown, or erased while the order was being placed
            if exc.field != "customer_id":
                raise
            raise ValidationError("No customer with this id.", field="customer_id") from None
        return (201 if created else 200), orders.present(placed), order.customer_id

    return run_once(optician_id, event_id, fingerprint("orders", body), process)


def status_event(optician_id: str, order_id: str, body: object,
                 given: WebhookOrderStatus) -> tuple[int, dict[str, Any]]:
    """``POST /webhooks/{optician_id}/orders/{order_id}/status``: the order (found by the webshop's
    id). ``body`` as sent (its fingerprint), ``given`` decoded (fields the webshop adds are ignored)."""
    event_id = checked_event_id(given.event_id)
    status, tracking_url = given.status, v.web_url(given.tracking_url, "tracking_url")

    def process() -> Outcome:
        customer_id, order_key = orders.find_webshop_order(optician_id, order_id)
        changed = orders.change_status(optician_id, customer_id, order_key, status, tracking_url)
        return 200, orders.present(changed), customer_id

    return run_once(optician_id, event_id, fingerprint(f"orders/{order_id}/status", body), process)
