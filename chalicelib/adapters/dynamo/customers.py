"""Customer items (profile and communication preferences) and erasure of a customer.

The services see a customer as the record ``chalicelib.domain.customer.Customer``: this module
converts item <-> record (``to_record``, ``from_raw`` for the scheduler's plain items).
"""
from __future__ import annotations

from typing import Any, Mapping

from pynamodb.attributes import BooleanAttribute, MapAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.adapters.dynamo.base import (
    KontaktModel,
    OwnedRef,
    customer_pk,
    is_condition_failure,
    optician_pk,
    utc_timestamp,
)
from chalicelib.adapters.dynamo.paging import decode_cursor, encode_cursor
from chalicelib.domain.customer import FIELDS, Customer
from chalicelib.domain.customer_search import search_keys as keys_of
from chalicelib.adapters.dynamo import customer_search_index
from chalicelib.adapters.dynamo.transactions import Cancelled, CHECK, DELETE, PUT, UPDATE, Write, execute
from chalicelib.domain.errors import Conflict, NotFound

PREFIX = "CUSTOMER#"


class CustomerItem(KontaktModel):
    customer_id = UnicodeAttribute()
    first_name = UnicodeAttribute()
    last_name = UnicodeAttribute()
    salutation = UnicodeAttribute(null=True)
    language = UnicodeAttribute()
    mobile = UnicodeAttribute(null=True)
    email = UnicodeAttribute(null=True)
    preferred_channel = UnicodeAttribute()
    topics = MapAttribute(default=dict)
    # Set when SES reported a bounce or complaint for the current address.
    email_blocked = BooleanAttribute(default=False)
    email_blocked_reason = UnicodeAttribute(null=True)
    # The keys of the customer's search index entries, space-separated (customer_search_index.py).
    search_keys = UnicodeAttribute(null=True)
    # The substring haystack of before the search index; removed by the backfill (reindex_all).
    search_text = UnicodeAttribute(null=True)
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


def search_keys(fields: Mapping[str, Any]) -> list[str]:
    """The keys the customer is found by (domain/customer_search.py), from their profile fields."""
    return keys_of(fields.get("first_name"), fields.get("last_name"), fields.get("email"), fields.get("mobile"))


def stored_keys(item: CustomerItem) -> list[str]:
    """The keys whose index entries were written for the customer (none before the index existed)."""
    return item.search_keys.split(" ") if item.search_keys else []


def to_record(item: CustomerItem) -> Customer:
    """The customer record of a stored item."""
    topics = item.topics.as_dict() if hasattr(item.topics, "as_dict") else item.topics
    return Customer(
        id=item.customer_id,
        **{name: getattr(item, name) for name in FIELDS},
        topics=dict(topics or {}),
        email_blocked=bool(item.email_blocked),
        email_blocked_reason=item.email_blocked_reason,
        created_at=item.created_at,
        updated_at=item.updated_at,
    )


def from_raw(raw: dict[str, Any]) -> Customer:
    """The customer record of an item in DynamoDB's low-level JSON (a batch or client read)."""
    return to_record(CustomerItem.from_raw_data(raw))


def create(optician_id: str, customer: Customer) -> Customer:
    """Store a new customer and their search index entries, in one transaction; the stored
    customer (with its timestamps, unblocked)."""
    now = utc_timestamp()
    fields = customer.profile()
    keys = search_keys(fields)
    item = CustomerItem(optician_pk(optician_id), PREFIX + customer.id, customer_id=customer.id,
                        topics=dict(customer.topics), search_keys=" ".join(keys), created_at=now, updated_at=now,
                        **fields)
    execute([Write(PUT, item, condition=CustomerItem.pk.does_not_exist()),
             *customer_search_index.writes(optician_id, customer.id, [], keys)])
    return to_record(item)


def exists_check(optician_id: str, customer_id: str):
    """A ConditionCheck for a transaction: the customer item exists (not erased meanwhile)."""
    return Write(CHECK, CustomerItem(optician_pk(optician_id), PREFIX + customer_id),
                 condition=CustomerItem.pk.exists())


def get_item(optician_id: str, customer_id: str) -> CustomerItem | None:
    try:
        return CustomerItem.get(optician_pk(optician_id), PREFIX + customer_id)
    except DoesNotExist:
        return None


def get(optician_id: str, customer_id: str) -> Customer | None:
    """The customer, or None."""
    item = get_item(optician_id, customer_id)
    return to_record(item) if item else None


_SEARCHED = ("first_name", "last_name", "email", "mobile")
_UPDATE_ATTEMPTS = 5


def update(optician_id: str, customer_id: str, fields: Mapping[str, Any], *, topics: Mapping[str, bool] | None = None,
           current: Customer | None = None) -> Customer:
    """Write only the changed attributes, if the customer still exists; the stored customer.

    ``topics``: the switches to set, each on its own path (``topics.<name>``): a concurrent
    change of another switch (an unsubscribe, another preferences PUT) or of the bounce block
    is never overwritten. A change of a name, e-mail or mobile also rewrites the customer's
    search index entries in the same transaction, conditional on the searched fields and keys
    being what was read, read again and retried if another write changed them. A changed
    e-mail address lifts a bounce block (new address). NotFound if the customer does not exist
    (erased meanwhile): an update never re-creates an erased customer.
    """
    searched = any(name in fields for name in _SEARCHED)
    for _ in range(_UPDATE_ATTEMPTS):
        stored = None
        if current is None or searched:
            stored = _require(get_item(optician_id, customer_id))
            current = to_record(stored)
        actions = [getattr(CustomerItem, name).set(value) if value is not None else getattr(CustomerItem, name).remove()
                   for name, value in fields.items()]
        condition = CustomerItem.pk.exists()
        if "email" in fields and fields["email"] != current.email:
            actions += [CustomerItem.email_blocked.set(False), CustomerItem.email_blocked_reason.remove()]
        index_writes = []
        if stored is not None and searched:
            old_keys, new_keys = stored_keys(stored), search_keys({**current.profile(), **fields})
            index_writes = _index_writes(optician_id, customer_id, old_keys, new_keys)
            actions.append(CustomerItem.search_keys.set(" ".join(new_keys)))
            condition &= _unchanged(stored)
        for topic, value in (topics or {}).items():
            actions.append(CustomerItem.topics[topic].set(bool(value)))
        actions.append(CustomerItem.updated_at.set(utc_timestamp()))
        item = CustomerItem(optician_pk(optician_id), PREFIX + customer_id)
        if not _write(item, actions, condition, index_writes):
            current = None  # erased, or a searched field changed meanwhile: read again
            continue
        # A transaction does not return the new item (an UpdateItem alone does): read it.
        return to_record(_require(get_item(optician_id, customer_id)) if index_writes else item)
    raise Conflict("The customer kept changing; try again.", field="customer_id")


def _require(item: CustomerItem | None) -> CustomerItem:
    if item is None:
        raise NotFound("No customer with this id.", field="customer_id")
    return item


def _unchanged(stored: CustomerItem):
    """Condition: the searched fields and the index keys are still those of ``stored``."""
    condition = None
    for name in (*_SEARCHED, "search_keys"):
        attribute, value = getattr(CustomerItem, name), getattr(stored, name)
        part = attribute == value if value is not None else attribute.does_not_exist()
        condition = part if condition is None else condition & part
    return condition


def _index_writes(optician_id: str, customer_id: str, old_keys: list[str], new_keys: list[str]) -> list:
    return customer_search_index.writes(optician_id, customer_id, old_keys, new_keys)


def _write(item: CustomerItem, actions: list, condition, index_writes: list) -> bool:
    """The customer's UpdateItem, in one transaction with its index writes if any; False if refused."""
    if not index_writes:
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if not is_condition_failure(exc):
                raise
            return False
        return True
    try:
        execute([Write(UPDATE, item, condition=condition, actions=tuple(actions)), *index_writes])
    except Cancelled as exc:
        if exc.condition_failed(0):
            return False
        raise
    return True


def list_page(optician_id: str, *, words: list[str], limit: int, cursor: str | None) -> tuple[list[Customer], str | None]:
    """One page of the optician's customers: all, oldest first; or those matching the query ``words``
    (domain/customer_search.query_words), in the order of the key they were found by, from the
    search index (customer_search_index.py) and one BatchGetItem: O(page), never all customers."""
    if words:
        ids, next_cursor = customer_search_index.search(optician_id, words, limit=limit, cursor=cursor)
        return _by_ids(optician_id, ids), next_cursor
    partition = optician_pk(optician_id)
    results = CustomerItem.query(partition, CustomerItem.sk.startswith(PREFIX), limit=limit,
                                 last_evaluated_key=decode_cursor(cursor, partition, PREFIX), page_size=max(limit, 25))
    items = [to_record(item) for item in results]
    next_key = results.last_evaluated_key if len(items) == limit else None
    return items, encode_cursor(next_key)


def _by_ids(optician_id: str, customer_ids: list[str]) -> list[Customer]:
    """The customers, in the order given (one erased since its index entry was read is left out)."""
    if not customer_ids:
        return []
    keys = [(optician_pk(optician_id), PREFIX + customer_id) for customer_id in dict.fromkeys(customer_ids)]
    found = {item.customer_id: to_record(item) for item in CustomerItem.batch_get(keys)}
    return [found[customer_id] for customer_id in dict.fromkeys(customer_ids) if customer_id in found]


def set_email_blocked(optician_id: str, customer_id: str, reason: str | None, *, address: str | None = None) -> bool:
    """Block (reason given) or unblock (None) the customer's e-mail address for future sends.

    One UpdateItem of the two block attributes only (a concurrent preferences change stays),
    if the customer exists — and, with ``address``, only while that is still their address (a
    new one given meanwhile is not blocked). False if refused (erased, address changed).
    """
    item = CustomerItem(optician_pk(optician_id), PREFIX + customer_id)
    actions = [CustomerItem.email_blocked.set(reason is not None),
               CustomerItem.email_blocked_reason.set(reason) if reason else CustomerItem.email_blocked_reason.remove()]
    condition = CustomerItem.pk.exists()
    if address is not None:
        condition &= CustomerItem.email == address
    try:
        item.update(actions=actions, condition=condition)
    except UpdateError as exc:
        if is_condition_failure(exc):
            return False
        raise
    return True


def erase(optician_id: str, customer_id: str) -> int:
    """Delete the customer and everything they own: their partition and the items it references.

    The customer item goes first, with their search index entries in the same transaction: from
    then on every conditional write for the customer (a scheduled send's claim, a preferences
    change, an order) is refused, so nothing new lands in the partition while it is swept; then
    the partition and what it references.
    """
    _delete_with_index(optician_id, customer_id)
    partition = customer_pk(optician_id, customer_id)
    deleted = 0
    with OwnedRef.batch_write() as batch:
        for item in OwnedRef.query(partition, attributes_to_get=["pk", "sk", "ref_pk", "ref_sk"]):
            # Back-references (REF#…) and sent messages (their provider pointer) name an outside item.
            if item.ref_pk and item.ref_sk:
                batch.delete(OwnedRef(item.ref_pk, item.ref_sk))
                deleted += 1
            batch.delete(OwnedRef(item.pk, item.sk))
            deleted += 1
    return deleted + 1


def _delete_with_index(optician_id: str, customer_id: str) -> None:
    """Delete the customer item and its search index entries together (nothing if already gone)."""
    for _ in range(_UPDATE_ATTEMPTS):
        stored = get_item(optician_id, customer_id)
        if stored is None:
            return
        try:
            execute([Write(DELETE, CustomerItem(stored.pk, stored.sk), condition=_unchanged(stored)),
                     *_index_writes(optician_id, customer_id, stored_keys(stored), [])])
        except Cancelled as exc:
            if exc.condition_failed(0):
                continue  # changed (or erased) meanwhile: read again
            raise
        return
    raise Conflict("The customer kept changing; try again.", field="customer_id")


def reindex_all(optician_id: str, *, dry_run: bool = False) -> tuple[int, int]:
    """Bring every customer's search index entries in line with the key rules: (customers, reindexed).

    A customer whose stored ``search_keys`` already equal the computed ones is left alone (their
    entries were written in the same transaction as those keys); any other gets their entries
    rewritten and the keys stored, conditional on the customer being unchanged since read (a
    concurrent change wrote the index itself). Customers stored before the index lose the old
    ``search_text`` attribute on the way. Running it again changes nothing: idempotent.
    """
    seen = reindexed = 0
    for stored in CustomerItem.query(optician_pk(optician_id), CustomerItem.sk.startswith(PREFIX)):
        seen += 1
        old_keys, new_keys = stored_keys(stored), search_keys(to_record(stored).profile())
        if old_keys == new_keys and stored.search_keys:
            continue
        reindexed += 1
        if dry_run:
            continue
        actions = (CustomerItem.search_keys.set(" ".join(new_keys)), CustomerItem.search_text.remove())
        try:
            execute([Write(UPDATE, CustomerItem(stored.pk, stored.sk), condition=_unchanged(stored), actions=actions),
                     *_index_writes(optician_id, stored.customer_id, old_keys, new_keys)])
        except Cancelled as exc:
            if not exc.condition_failed(0):
                raise
    return seen, reindexed
