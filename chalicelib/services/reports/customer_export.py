"""``GET /customers/{customer_id}/export``: everything stored about one customer as one JSON document
(GDPR art. 15/20, Swiss nDSG; SPEC §9).

The document holds what erasure (``DELETE /customers/{id}``, adapters/dynamo/customers.erase)
removes: the customer record with its preferences, every lens passport, every reminder (also
inactive ones), subscription and order, and the whole message history with the texts sent. Each
part in the shape its own route answers, so the export reads like the API. Technical items
(send claims, coordination claims, link token hashes, webhook events) carry no information
about the person beyond these and are not listed; erasure deletes them too.
"""
from __future__ import annotations

from typing import Any
from datetime import datetime, timezone

from chalicelib.services.wiring import stores
from chalicelib.services.reminders import control_reminders, lens_exchange_reminders, repurchase_reminders
from chalicelib.services.messaging import history
from chalicelib.services.orders import orders
from chalicelib.services.lenses import passports
from chalicelib.services.subscriptions import subscriptions
from chalicelib.services.customers.customers import get_customer, present

FORMAT = "kontakt.customer-export/1"


def export_customer(optician_id: str, customer_id: str) -> dict[str, Any]:
    """The export document; NotFound (404) for an unknown id or another optician's customer."""
    customer = get_customer(optician_id, customer_id)
    return {
        "format": FORMAT,
        "exported_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "customer": present(customer),
        "preferences": customer.preferences(),
        "lens_passports": passports.list_passports(optician_id, customer_id)["items"],
        "repurchase_reminders": [repurchase_reminders.present(r)
                                 for r in repurchase_reminders.list_reminders(optician_id, customer_id)],
        "control_reminders": [control_reminders.present(r)
                              for r in control_reminders.list_control_reminders(optician_id, customer_id)],
        "lens_exchange_reminders": [lens_exchange_reminders.present(r) for r in
                                    lens_exchange_reminders.list_lens_exchange_reminders(optician_id, customer_id)],
        "subscriptions": [subscriptions.present(s) for s in subscriptions.list_subscriptions(optician_id, customer_id)],
        "orders": [orders.present(order) for order in orders.list_orders(optician_id, customer_id)],
        "messages": [history.present(record) for record in stores().messages.list_all(optician_id, customer_id)],
    }
