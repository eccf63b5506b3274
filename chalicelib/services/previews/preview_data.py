"""The template data of a preview (``POST /messages/preview``): the customer's real items.

A preview is the message as it would be sent now, so its data is built by the functions the
real sends use, from the customer's records (one read of their partition, nothing written):

- ``repurchase_reminder`` and ``repurchase_control_reminder``: the active repurchase reminder
  due next, at its pending date, as the schedule builds it (lenses' name, when they run
  out, reorder basket);
- ``lens_exchange_reminder``: the active lens-exchange reminder due next;
- ``control_reminder``: nothing (the real one names no data either);
- subscription kinds: the active subscription whose next order comes first, else the one
  changed last (``subscription_changed`` in its general form, without a postponed date);
- ``order_confirmation``: the latest order that was not cancelled; ``shipping_confirmation``
  / ``pickup_invitation``: the latest such order for home delivery / pickup;
- ``lens_passport``: the newest passport, as the manual send (422 without one).

Only when the customer has no such item is the message shown with example data: an order
placed today, a subscription whose next order is in four weeks, a reminder without its
lenses' name and date.
"""
from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.passport import newest
from chalicelib.domain.subscription import Subscription
from chalicelib.services.lenses.passports import list_all
from chalicelib.services.wiring import stores
from chalicelib.services.scheduling.customer_records import CustomerRecords
from chalicelib.services.reminders.control_occurrences import repurchase_data
from chalicelib.services.reminders.lens_exchange_occurrences import message_data as exchange_data
from chalicelib.services.subscriptions.subscriptions import message_data as subscription_data
from chalicelib.domain.orders import last_order
from chalicelib.services.orders.orders import message_data as order_data

ORDER_KINDS = ("order_confirmation", "shipping_confirmation", "pickup_invitation")
_REPURCHASE_KINDS = ("repurchase_reminder", "repurchase_control_reminder")
# The order a message of an order kind is about: of this delivery (None: any).
_ORDER_DELIVERY = {"order_confirmation": None, "shipping_confirmation": "home", "pickup_invitation": "pickup"}


def message_data(optician_id: str, customer_id: str, kind: str) -> dict[str, Any]:
    """The template data of a manual kind: the lens passport message names the newest passport."""
    if kind != "lens_passport":
        return {}
    latest = newest(list_all(optician_id, customer_id))
    if latest is None:
        raise ValidationError("This customer has no lens passport to send yet.", field="kind")
    shown = latest.shown()
    return {"passport": {"issued_on": shown["issued_on"], "valid_until": shown["valid_until"]}}


def example_data(kind: str, today: date) -> dict[str, Any]:
    """Illustrative data for a customer without the order or subscription a kind is about."""
    if kind in ORDER_KINDS:
        return {"order": {"id": "ord_preview", "order_id": "10001", "ordered_at": today.isoformat(),
                          "delivery": "pickup" if kind == "pickup_invitation" else "home", "lines": [],
                          "tracking_url": None}}
    if kind.startswith("subscription_"):
        return {"subscription": {"next_order_on": (today + timedelta(days=28)).isoformat(), "interval_weeks": 12,
                                 "lines": []}}
    return {}


def preview_data(optician: OpticianSettings, customer: Customer, kind: str, today: date) -> dict[str, Any]:
    """The data ``kind`` would be sent with now: from the customer's items, else example data."""
    if kind == "lens_passport":
        return message_data(optician.id, customer.id, kind)
    records = CustomerRecords(optician.id, customer.id)
    data = _real_data(optician, customer, kind, records)
    return example_data(kind, today) if data is None else data


def _real_data(optician: OpticianSettings, customer: Customer, kind: str, records: CustomerRecords) -> dict[str, Any] | None:
    """The data of the customer's item ``kind`` is about; None if they have none."""
    if kind in _REPURCHASE_KINDS:
        item = _next_reminder(records, "repurchase")
        return None if item is None else repurchase_data(optician, customer, item, records)
    if kind == "lens_exchange_reminder":
        item = _next_reminder(records, "lens_exchange")
        return None if item is None else exchange_data(stores().reminders.from_raw(item), records)
    if kind.startswith("subscription_"):
        subscription = _subscription(records)
        return None if subscription is None else subscription_data(optician.id, subscription,
                                                                   find=records.find_product)
    if kind in ORDER_KINDS:
        delivery = _ORDER_DELIVERY[kind]
        order = last_order(o for o in records.orders() if delivery in (None, o.delivery))
        return None if order is None else order_data(optician.id, order)
    return {}


def _next_reminder(records: CustomerRecords, reminder_kind: str) -> dict[str, Any] | None:
    """The active reminder of ``reminder_kind`` whose pending occurrence comes first (plain item)."""
    pending = [item for item in records.pending_reminders(reminder_kind) if item.get("active")]
    return min(pending, key=lambda item: (item["occurrence"], item["sk"]), default=None)


def _subscription(records: CustomerRecords) -> Subscription | None:
    """The active subscription ordering next, else the one changed last; None without any."""
    stored = records.subscriptions()
    active = [s for s in stored if s.active]
    if active:
        return min(active, key=lambda s: (s.next_order_on, s.id))
    return max(stored, key=lambda s: (s.updated_at or "", s.id), default=None)
