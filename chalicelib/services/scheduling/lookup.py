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

from typing import Any, Iterable, Protocol, TYPE_CHECKING

from chalicelib.adapters.dynamo.base import optician_pk
from chalicelib.domain.optician import OpticianSettings
from chalicelib.observability import logger
from chalicelib.services.wiring import stores

if TYPE_CHECKING:
    from chalicelib.services.scheduling.customer_records import CustomerRecords


def owner_of(pk: str) -> tuple[str, str] | None:
    """(optician_id, customer_id) of a customer partition key ``OPT#<oid>#CUST#<cid>``."""
    if not pk.startswith("OPT#") or "#CUST#" not in pk:
        return None
    optician_id, customer_id = pk[len("OPT#"):].split("#CUST#", 1)
    return (optician_id, customer_id) if optician_id and customer_id else None


class Lookup(Protocol):
    def item(self, pk: str, sk: str) -> dict[str, Any] | None: ...

    def optician(self, optician_id: str) -> OpticianSettings | None: ...

    def customer(self, optician_id: str, customer_id: str) -> dict[str, Any] | None: ...

    def records(self, optician_id: str, customer_id: str) -> CustomerRecords: ...


class SingleLookup:
    """One read per question, through the services (what a lone occurrence needs)."""

    def records(self, optician_id: str, customer_id: str) -> CustomerRecords:
        from chalicelib.services.scheduling.customer_records import CustomerRecords

        return CustomerRecords(optician_id, customer_id)

    def item(self, pk: str, sk: str) -> dict[str, Any] | None:
        return stores().occurrence_items.get(pk, sk)

    def optician(self, optician_id: str) -> OpticianSettings | None:
        from chalicelib.domain.errors import NotFound
        from chalicelib.services.opticians.opticians import get_settings

        try:
            return get_settings(optician_id)
        except NotFound:
            return None

    def customer(self, optician_id: str, customer_id: str) -> dict[str, Any] | None:
        from chalicelib.domain.errors import NotFound
        from chalicelib.services.customers.customers import get_customer

        try:
            return get_customer(optician_id, customer_id)
        except NotFound:
            return None


def _customer_key(optician_id: str, customer_id: str) -> tuple[str, str]:
    from chalicelib.adapters.dynamo.customers import PREFIX

    return optician_pk(optician_id), PREFIX + customer_id


def _profile_key(optician_id: str) -> tuple[str, str]:
    from chalicelib.adapters.dynamo.opticians import PROFILE

    return optician_pk(optician_id), PROFILE


class BatchLookup:
    """Everything a batch of occurrences needs, read up front in one BatchGetItem.

    Opticians and customers are turned into the same dicts the services return (through
    their adapters' converters). Anything the batch read did not cover is read singly.
    """

    def __init__(self, keys: Iterable[tuple[str, str]]):
        self._fallback = SingleLookup()
        item_keys = list(dict.fromkeys(keys))
        owners = [owner for owner in (owner_of(pk) for pk, _ in item_keys) if owner]
        wanted = item_keys + [_profile_key(o) for o, _ in owners] + [_customer_key(o, c) for o, c in owners]
        wanted = list(dict.fromkeys(wanted))
        self._raw: dict[tuple[str, str], dict[str, Any]] = {}
        for start in range(0, len(wanted), stores().occurrence_items.BATCH_GET_LIMIT):
            chunk = wanted[start:start + stores().occurrence_items.BATCH_GET_LIMIT]
            self._raw.update(stores().occurrence_items.batch_get_raw(chunk))
        self._covered = set(wanted)
        self._finders: dict[str, Any] = {}  # optician id -> its product finder, for the whole batch

    def records(self, optician_id: str, customer_id: str) -> CustomerRecords:
        from chalicelib.services.scheduling.customer_records import CustomerRecords, product_finder

        if optician_id not in self._finders:
            self._finders[optician_id] = product_finder(optician_id)
        return CustomerRecords(optician_id, customer_id, self._finders[optician_id])

    def item(self, pk: str, sk: str) -> dict[str, Any] | None:
        if (pk, sk) not in self._covered:
            return self._fallback.item(pk, sk)
        raw = self._raw.get((pk, sk))
        return stores().occurrence_items.to_plain(raw) if raw is not None else None

    def optician(self, optician_id: str) -> OpticianSettings | None:
        key = _profile_key(optician_id)
        if key not in self._covered:
            return self._fallback.optician(optician_id)
        raw = self._raw.get(key)
        if raw is None:
            return None
        from chalicelib.adapters.dynamo import opticians

        try:
            return opticians.to_record(opticians.OpticianItem.from_raw_data(raw))
        except Exception:  # noqa: BLE001 - the adapter's shape changed: read it the normal way
            logger.warning("batch optician conversion failed; reading singly")
            return self._fallback.optician(optician_id)

    def customer(self, optician_id: str, customer_id: str) -> dict[str, Any] | None:
        key = _customer_key(optician_id, customer_id)
        if key not in self._covered:
            return self._fallback.customer(optician_id, customer_id)
        raw = self._raw.get(key)
        if raw is None:
            return None
        from chalicelib.adapters.dynamo import customers

        try:
            return customers.to_dict(customers.CustomerItem.from_raw_data(raw))
        except Exception:  # noqa: BLE001 - as above
            logger.warning("batch customer conversion failed; reading singly")
            return self._fallback.customer(optician_id, customer_id)
