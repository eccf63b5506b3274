"""The webshop's PUT of a customer's lens-exchange reminder, each ``event_id`` applied once (SPEC §5).

The reminder's rules are the reminders feature's (``lens_exchange_reminders.put_from_webshop``);
what the webshop's side adds is the once-only delivery of ``webhooks.run_once``. Kept here, above
both, so that the reminders never import the webshop (whose order webhooks import the orders,
which set the reminders).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from chalicelib.services.reminders.lens_exchange_reminders import present, put_from_webshop
from chalicelib.services.webshop import webhooks

if TYPE_CHECKING:  # the API's model (decoded by the route); only its attributes are read here
    from chalicelib.schemas.lens_exchange_reminders import WebshopLensExchangeReminder


def put_from_webshop_once(optician_id: str, customer_id: str, given: WebshopLensExchangeReminder,
                          body: object) -> tuple[int, dict[str, Any]]:
    """The webshop's PUT (``given``, decoded from the JSON ``body``), each ``event_id`` applied
    once; ``(status code, reminder)``.

    A repeated delivery of an ``event_id`` answers what the first one answered and changes
    nothing (SPEC §5) — a late retry of an old event must not undo a newer choice of the
    customer (the raw ``body`` is its fingerprint). Without ``event_id`` the PUT is simply applied.
    """
    if given.event_id is None:
        reminder, created = put_from_webshop(optician_id, customer_id, given)
        return (201 if created else 200), present(reminder)

    def process() -> tuple[int, dict[str, Any], str]:
        reminder, created = put_from_webshop(optician_id, customer_id, given)
        return (201 if created else 200), present(reminder), customer_id

    route = f"customers/{customer_id}/lens-exchange-reminder"
    return webhooks.run_once(optician_id, webhooks.checked_event_id(given.event_id), webhooks.fingerprint(route, body),
                             process)
