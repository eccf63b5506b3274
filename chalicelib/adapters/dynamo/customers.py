"""Customer items (profile and communication preferences) and erasure of a customer."""
from __future__ import annotations

from pynamodb.attributes import BooleanAttribute, MapAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist, UpdateError

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk, is_condition_failure, optician_pk, utc_timestamp
from chalicelib.adapters.dynamo.paging import decode_cursor, encode_cursor

PREFIX = "CUSTOMER#"
FIELDS = ("first_name", "last_name", "salutation", "language", "mobile", "email", "preferred_channel")


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
    search_text = UnicodeAttribute()
    created_at = UnicodeAttribute()
    updated_at = UnicodeAttribute()


def search_text(fields: dict) -> str:
    """The haystack for ``?q=`` (domain/customer_search.py)."""
    from chalicelib.domain.customer_search import haystack

    return haystack(fields.get("first_name"), fields.get("last_name"), fields.get("email"), fields.get("mobile"))


def to_dict(item: CustomerItem) -> dict:
    return {
        "id": item.customer_id,
        **{name: getattr(item, name) for name in FIELDS},
        "topics": dict(item.topics.as_dict() if hasattr(item.topics, "as_dict") else item.topics),
        "email_blocked": bool(item.email_blocked),
        "email_blocked_reason": item.email_blocked_reason,
        "created_at": item.created_at,
        "updated_at": item.updated_at,
    }


def create(optician_id: str, customer_id: str, fields: dict, topics: dict) -> dict:
    now = utc_timestamp()
    item = CustomerItem(optician_pk(optician_id), PREFIX + customer_id, customer_id=customer_id,
                        topics=topics, search_text=search_text(fields), created_at=now, updated_at=now,
                        **fields)
    item.save(condition=CustomerItem.pk.does_not_exist())
    return to_dict(item)


def exists_check(optician_id: str, customer_id: str):
    """A ConditionCheck for a transaction: the customer item exists (not erased meanwhile)."""
    from chalicelib.adapters.dynamo.transactions import CHECK, Write

    return Write(CHECK, CustomerItem(optician_pk(optician_id), PREFIX + customer_id),
                 condition=CustomerItem.pk.exists())


def get_item(optician_id: str, customer_id: str) -> CustomerItem | None:
    try:
        return CustomerItem.get(optician_pk(optician_id), PREFIX + customer_id)
    except DoesNotExist:
        return None


def get(optician_id: str, customer_id: str) -> dict | None:
    item = get_item(optician_id, customer_id)
    return to_dict(item) if item else None


_SEARCHED = ("first_name", "last_name", "email", "mobile")
_UPDATE_ATTEMPTS = 5


def update(optician_id: str, customer_id: str, fields: dict, *, topics: dict | None = None,
           current: dict | None = None) -> dict:
    """Write only the changed attributes (one UpdateItem), if the customer still exists; the stored customer.

    ``topics``: the switches to set, each on its own path (``topics.<name>``): a concurrent
    change of another switch (an unsubscribe, another preferences PUT) or of the bounce block
    is never overwritten. A change of a name, e-mail or mobile also rewrites ``search_text``,
    conditional on the searched fields being what was read (``current``, or read here), read
    again and retried if another write changed them. A changed e-mail address lifts a bounce
    block (new address). NotFound if the customer does not exist (erased meanwhile): an
    update never re-creates an erased customer.
    """
    from chalicelib.domain.errors import Conflict, NotFound

    for _ in range(_UPDATE_ATTEMPTS):
        if current is None:
            current = get(optician_id, customer_id)
        if current is None:
            raise NotFound("No customer with this id.", field="customer_id")
        actions = [getattr(CustomerItem, name).set(value) if value is not None else getattr(CustomerItem, name).remove()
                   for name, value in fields.items()]
        condition = CustomerItem.pk.exists()
        if "email" in fields and fields["email"] != current.get("email"):
            actions += [CustomerItem.email_blocked.set(False), CustomerItem.email_blocked_reason.remove()]
        if any(name in fields for name in _SEARCHED):
            actions.append(CustomerItem.search_text.set(search_text({**current, **fields})))
            for name in _SEARCHED:
                attribute = getattr(CustomerItem, name)
                condition &= attribute == current[name] if current.get(name) is not None else attribute.does_not_exist()
        for topic, value in (topics or {}).items():
            actions.append(CustomerItem.topics[topic].set(bool(value)))
        actions.append(CustomerItem.updated_at.set(utc_timestamp()))
        item = CustomerItem(optician_pk(optician_id), PREFIX + customer_id)
        try:
            item.update(actions=actions, condition=condition)
        except UpdateError as exc:
            if not is_condition_failure(exc):
                raise
            current = None  # erased, or a searched field changed meanwhile: read again
            continue
        return to_dict(item)
    raise Conflict("The customer kept changing; try again.", field="customer_id")


SEARCH_PAGE_SIZE = 1000  # items DynamoDB evaluates per request of a filtered search (1 MB caps it anyway)


def list_page(optician_id: str, *, query: str | None, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    """One page of the optician's customers, oldest first, optionally filtered by ``query`` (a needle)."""
    partition = optician_pk(optician_id)
    condition = None
    if query:
        condition = CustomerItem.search_text.contains(query)
    # A search filters after reading: reading 25 items per request, a name few customers share cost
    # one round trip per 25 customers (400 for 10,000: the web app's search as you type took minutes
    # on the emulator, seconds on AWS). Larger pages read the same items in far fewer requests.
    page_size = SEARCH_PAGE_SIZE if query else max(limit, 25)
    results = CustomerItem.query(
        partition, CustomerItem.sk.startswith(PREFIX), filter_condition=condition,
        limit=limit, last_evaluated_key=decode_cursor(cursor, partition, PREFIX), page_size=page_size,
    )
    items = [to_dict(item) for item in results]
    next_key = results.last_evaluated_key if len(items) == limit else None
    return items, encode_cursor(next_key)


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

    The customer item goes first: from then on every conditional write for the customer (a
    scheduled send's claim, a preferences change, an order) is refused, so nothing new lands
    in the partition while it is swept; then the partition and what it references.
    """
    from chalicelib.adapters.dynamo.base import OwnedRef

    CustomerItem(optician_pk(optician_id), PREFIX + customer_id).delete()
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
