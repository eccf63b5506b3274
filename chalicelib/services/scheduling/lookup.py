"""Reading what one occurrence needs: the item, its optician's settings, its customer, and
the customer's records (orders, passports, reminders, subscriptions) for the handler.

``SingleLookup`` reads each one when asked (three reads per occurrence). ``BatchLookup``
reads all of them for a whole SQS batch in one BatchGetItem (up to ten occurrences →
thirty keys): the consumer's main saving in AWS calls per sent reminder
(docs/performance.md). Both read strongly consistent data; a batch's reads happen when
the batch starts, which is as fresh as a read a few milliseconds before each occurrence.
``records`` is one Query of the customer's partition, made when the handler first asks
(services/scheduling/customer_records.py); the batch lookup shares one product finder per optician
across the batch, so an optician's own products are read once per batch.
"""
from __future__ import annotations

from typing import Any, Iterable, Protocol

from chalicelib.domain.customer import Customer
from chalicelib.domain.errors import NotFound
from chalicelib.domain.optician import OpticianSettings
from chalicelib.services.customers import customers
from chalicelib.services.opticians import opticians
from chalicelib.services.scheduling.customer_records import CustomerRecords, ProductFinder, product_finder
from chalicelib.services.wiring import stores


class Lookup(Protocol):
    def item(self, pk: str, sk: str) -> dict[str, Any] | None: ...

    def optician(self, optician_id: str) -> OpticianSettings | None: ...

    def customer(self, optician_id: str, customer_id: str) -> Customer | None: ...

    def records(self, optician_id: str, customer_id: str) -> CustomerRecords: ...


class SingleLookup:
    """One read per question, through the services (what a lone occurrence needs)."""

    def records(self, optician_id: str, customer_id: str) -> CustomerRecords:
        return CustomerRecords(optician_id, customer_id)

    def item(self, pk: str, sk: str) -> dict[str, Any] | None:
        return stores().occurrence_items.get(pk, sk)

    def optician(self, optician_id: str) -> OpticianSettings | None:
        try:
            return opticians.get_settings(optician_id)
        except NotFound:
            return None

    def customer(self, optician_id: str, customer_id: str) -> Customer | None:
        try:
            return customers.get_customer(optician_id, customer_id)
        except NotFound:
            return None


class BatchLookup:
    """Everything a batch of occurrences needs, read up front (``read_batch`` of the scheduled items:
    the items, their opticians and customers in one BatchGetItem). Anything the batch read did not
    cover is read singly."""

    def __init__(self, keys: Iterable[tuple[str, str]]):
        self._fallback = SingleLookup()
        self._read = stores().occurrence_items.read_batch(list(dict.fromkeys(keys)))
        self._finders: dict[str, ProductFinder] = {}  # optician id -> its product finder, for the whole batch

    def records(self, optician_id: str, customer_id: str) -> CustomerRecords:
        if optician_id not in self._finders:
            self._finders[optician_id] = product_finder(optician_id)
        return CustomerRecords(optician_id, customer_id, self._finders[optician_id])

    def item(self, pk: str, sk: str) -> dict[str, Any] | None:
        if (pk, sk) not in self._read.items:
            return self._fallback.item(pk, sk)
        return self._read.items[(pk, sk)]

    def optician(self, optician_id: str) -> OpticianSettings | None:
        if optician_id not in self._read.opticians:
            return self._fallback.optician(optician_id)
        return self._read.opticians[optician_id]

    def customer(self, optician_id: str, customer_id: str) -> Customer | None:
        if (optician_id, customer_id) not in self._read.customers:
            return self._fallback.customer(optician_id, customer_id)
        return self._read.customers[(optician_id, customer_id)]
