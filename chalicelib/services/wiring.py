"""The one wiring point: which store (adapter) each service uses; tests swap them here.

Services never import ``chalicelib.adapters`` themselves: they ask ``stores()`` for the store
they need (``stores().products.get(...)``), typed by the port the feature declares
(``chalicelib/services/ports/``), and unit tests swap in an in-memory fake without moto::

    with wiring.override(products=InMemoryProducts()):
        products.create_product(...)

Each store is built when first asked for, never at import time: an adapter module pulls in
PynamoDB or boto3 (cold start), and moto must be active before a client is created. The
adapter modules are the production stores as they are (a module satisfies a Protocol of its
functions); Python's module cache makes every later access a dictionary lookup.

One property per store, in alphabetical order, so that converting a feature touches only its
own entries: a converted store's property is annotated with its port; a store not converted
yet is still the adapter module typed ``Any`` (docs/architecture.md, "The wiring").
"""
from __future__ import annotations

from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Iterator, TypeVar

if TYPE_CHECKING:
    from chalicelib.services.ports.agenda import AgendaFactsStore, AgendaIndex
    from chalicelib.services.ports.audit import AuditStore
    from chalicelib.services.ports.backfill import BackfillStore
    from chalicelib.services.ports.conversions import ConversionCounters
    from chalicelib.services.ports.coordination import CoordinationStore
    from chalicelib.services.ports.counters import CounterStore
    from chalicelib.services.ports.customer_partition import CustomerPartition
    from chalicelib.services.ports.customers import CustomerStore
    from chalicelib.services.ports.due import DueIndex
    from chalicelib.services.ports.email import EmailProvider
    from chalicelib.services.ports.email_identity import IdentityService
    from chalicelib.services.ports.links import TokenStore
    from chalicelib.services.ports.message_index import MessageIndex
    from chalicelib.services.ports.messages import MessageStore
    from chalicelib.services.ports.occurrence_items import ScheduledItems
    from chalicelib.services.ports.opticians import OpticianStore
    from chalicelib.services.ports.orders import OrderStore
    from chalicelib.services.ports.passports import PassportStore
    from chalicelib.services.ports.products import ProductStore
    from chalicelib.services.ports.queue import SendQueue
    from chalicelib.services.ports.receipt_pointers import ReceiptPointers
    from chalicelib.services.ports.reminders import ReminderStore
    from chalicelib.services.ports.sms import SmsProvider
    from chalicelib.services.ports.subscriptions import SubscriptionStore
    from chalicelib.services.ports.webhook_events import WebhookEventStore

T = TypeVar("T")

_overrides: dict[str, Any] = {}


class Stores:
    """The stores of this process: each property is the override a test installed, or the adapter."""

    @staticmethod
    def _pick(name: str, built: T) -> T:
        picked: T = _overrides.get(name, built)  # an override stands in for the adapter (tests)
        return picked

    @property
    def agenda(self) -> AgendaIndex:
        from chalicelib.adapters.dynamo import agenda

        return self._pick("agenda", agenda)

    @property
    def agenda_facts(self) -> AgendaFactsStore:
        from chalicelib.adapters.dynamo import agenda_facts

        return self._pick("agenda_facts", agenda_facts)

    @property
    def audit(self) -> AuditStore:
        from chalicelib.adapters.dynamo import audit

        return self._pick("audit", audit)

    @property
    def backfill(self) -> BackfillStore:
        from chalicelib.adapters.dynamo import backfill

        return self._pick("backfill", backfill)

    @property
    def conversions(self) -> ConversionCounters:
        from chalicelib.adapters.dynamo import conversions

        return self._pick("conversions", conversions)

    @property
    def coordination(self) -> CoordinationStore:
        from chalicelib.adapters.dynamo import coordination

        return self._pick("coordination", coordination)

    @property
    def counters(self) -> CounterStore:
        from chalicelib.adapters.dynamo import counters

        return self._pick("counters", counters)

    @property
    def customer_partition(self) -> CustomerPartition:
        from chalicelib.adapters.dynamo import customer_partition

        return self._pick("customer_partition", customer_partition)

    @property
    def customers(self) -> CustomerStore:
        from chalicelib.adapters.dynamo import customers

        return self._pick("customers", customers)

    @property
    def due(self) -> DueIndex:
        from chalicelib.adapters.dynamo import due

        return self._pick("due", due)

    @property
    def email(self) -> EmailProvider:
        from chalicelib.adapters import email

        return self._pick("email", email)

    @property
    def email_identity(self) -> IdentityService:
        from chalicelib.adapters import email_identity

        return self._pick("email_identity", email_identity)

    @property
    def links(self) -> TokenStore:
        from chalicelib.adapters.dynamo import links

        return self._pick("links", links)

    @property
    def message_index(self) -> MessageIndex:
        from chalicelib.adapters.dynamo import message_index

        return self._pick("message_index", message_index)

    @property
    def messages(self) -> MessageStore:
        from chalicelib.adapters.dynamo import messages

        return self._pick("messages", messages)

    @property
    def occurrence_items(self) -> ScheduledItems:
        from chalicelib.adapters.dynamo import occurrence_items

        return self._pick("occurrence_items", occurrence_items)

    @property
    def opticians(self) -> OpticianStore:
        from chalicelib.adapters.dynamo import opticians

        return self._pick("opticians", opticians)

    @property
    def orders(self) -> OrderStore:
        from chalicelib.adapters.dynamo import orders

        return self._pick("orders", orders)

    @property
    def passports(self) -> PassportStore:
        from chalicelib.adapters.dynamo import passports

        return self._pick("passports", passports)

    @property
    def products(self) -> ProductStore:
        from chalicelib.adapters.dynamo import products

        return self._pick("products", products)

    @property
    def queue(self) -> SendQueue:
        from chalicelib.adapters import queue

        return self._pick("queue", queue)

    @property
    def receipt_pointers(self) -> ReceiptPointers:
        from chalicelib.adapters.dynamo import receipt_pointers

        return self._pick("receipt_pointers", receipt_pointers)

    @property
    def reminders(self) -> ReminderStore:
        from chalicelib.adapters.dynamo import reminders

        return self._pick("reminders", reminders)

    @property
    def sms(self) -> SmsProvider:
        from chalicelib.adapters import sms

        return self._pick("sms", sms)

    @property
    def subscriptions(self) -> SubscriptionStore:
        from chalicelib.adapters.dynamo import subscriptions

        return self._pick("subscriptions", subscriptions)

    @property
    def transactions(self) -> Any:
        from chalicelib.adapters.dynamo import transactions

        return self._pick("transactions", transactions)

    @property
    def webhook_events(self) -> WebhookEventStore:
        from chalicelib.adapters.dynamo import webhook_events

        return self._pick("webhook_events", webhook_events)


_STORES = Stores()


def stores() -> Stores:
    """The stores services use (the adapters, or what a test installed with ``override``)."""
    return _STORES


@contextmanager
def override(**replacements: Any) -> Iterator[Stores]:
    """Use these stores instead of the adapters inside the block (tests); nested blocks restore in order."""
    unknown = sorted(name for name in replacements if not isinstance(getattr(Stores, name, None), property))
    if unknown:
        raise TypeError(f"no such store: {', '.join(unknown)}")
    saved = dict(_overrides)
    _overrides.update(replacements)
    try:
        yield _STORES
    finally:
        _overrides.clear()
        _overrides.update(saved)
