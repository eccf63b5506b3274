"""Customer items (profile and communication preferences) and erasure of a customer."""
from __future__ import annotations


from pynamodb.attributes import BooleanAttribute, MapAttribute, UnicodeAttribute
from pynamodb.exceptions import DoesNotExist

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk, optician_pk, utc_timestamp
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


def update(optician_id: str, customer_id: str, fields: dict, *, topics: dict | None = None) -> dict:
    """Write changed fields; a changed e-mail address lifts a bounce block (new address)."""
    item = get_item(optician_id, customer_id)
    if "email" in fields and fields["email"] != item.email:
        item.email_blocked, item.email_blocked_reason = False, None
    for name, value in fields.items():
        setattr(item, name, value)
    if topics is not None:
        item.topics = topics
    item.search_text = search_text(to_dict(item))
    item.updated_at = utc_timestamp()
    item.save()
    return to_dict(item)


def list_page(optician_id: str, *, query: str | None, limit: int, cursor: str | None) -> tuple[list[dict], str | None]:
    """One page of the optician's customers, oldest first, optionally filtered by ``query`` (a needle)."""
    partition = optician_pk(optician_id)
    condition = None
    if query:
        condition = CustomerItem.search_text.contains(query)
    results = CustomerItem.query(
        partition, CustomerItem.sk.startswith(PREFIX), filter_condition=condition,
        limit=limit, last_evaluated_key=decode_cursor(cursor, partition, PREFIX), page_size=max(limit, 25),
    )
    items = [to_dict(item) for item in results]
    next_key = results.last_evaluated_key if len(items) == limit else None
    return items, encode_cursor(next_key)


def set_email_blocked(optician_id: str, customer_id: str, reason: str | None) -> None:
    """Block (reason given) or unblock (None) the customer's e-mail address for future sends."""
    item = CustomerItem(optician_pk(optician_id), PREFIX + customer_id)
    actions = [CustomerItem.email_blocked.set(reason is not None)]
    actions.append(CustomerItem.email_blocked_reason.set(reason) if reason else CustomerItem.email_blocked_reason.remove())
    try:
        item.update(actions=actions, condition=CustomerItem.pk.exists())
    except Exception as exc:  # the customer was erased meanwhile: nothing to block
        from pynamodb.exceptions import UpdateError

        if not isinstance(exc, UpdateError):
            raise


def erase(optician_id: str, customer_id: str) -> int:
    """Delete the customer and everything they own: their partition and the items it references."""
    from chalicelib.adapters.dynamo.base import OwnedRef

    partition = customer_pk(optician_id, customer_id)
    deleted = 0
    with OwnedRef.batch_write() as batch:
        for item in OwnedRef.query(partition, attributes_to_get=["pk", "sk", "ref_pk", "ref_sk"]):
            if item.sk.startswith("REF#") and item.ref_pk:
                batch.delete(OwnedRef(item.ref_pk, item.ref_sk))
                deleted += 1
            batch.delete(OwnedRef(item.pk, item.sk))
            deleted += 1
        batch.delete(CustomerItem(optician_pk(optician_id), PREFIX + customer_id))
    return deleted + 1
