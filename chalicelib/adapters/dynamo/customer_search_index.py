"""The customer search index: one item per search key of a customer (domain/customer_search.py).

``pk`` = ``OPT#<oid>#CSEARCH#<first character of the key>``, ``sk`` = ``<key>#<customer id>``,
with the customer's id and all their keys (space-separated) as attributes. A search is one
``begins_with`` Query of the lead word's range, read a page at a time; the other words and the
once-per-customer rule are checked on the entries themselves, so a page of 25 customers costs
about 25 entries plus one BatchGetItem of the customers: O(page), whatever the number of
customers. The partition per first character spreads an optician's entries.

The entries are written in the same transaction as the customer item (create, a change of a
searched field, erasure: adapters/dynamo/customers.py), so the index is never out of step with
the customers; ``search_keys`` on the customer item lists what was written, so the entries of
an earlier version of the key rules are still found and deleted.
"""
from __future__ import annotations

from pynamodb.attributes import UnicodeAttribute

from chalicelib.adapters.dynamo.base import KontaktModel, optician_pk
from chalicelib.adapters.dynamo.paging import decode_cursor, encode_cursor
from chalicelib.adapters.dynamo.transactions import DELETE, PUT, Write
from chalicelib.domain.customer_search import is_hit, lead_word

PAGE_FACTOR = 2  # entries read per Query page for each customer wanted (some are another key of a listed customer)


class SearchEntry(KontaktModel):
    customer_id = UnicodeAttribute()
    search_key = UnicodeAttribute()
    all_keys = UnicodeAttribute()


def partition(optician_id: str, key: str) -> str:
    return f"{optician_pk(optician_id)}#CSEARCH#{key[0]}"


def _entry(optician_id: str, customer_id: str, key: str, keys: list[str] | None = None) -> SearchEntry:
    entry = SearchEntry(partition(optician_id, key), f"{key}#{customer_id}")
    if keys is not None:
        entry.customer_id, entry.search_key, entry.all_keys = customer_id, key, " ".join(keys)
    return entry


def writes(optician_id: str, customer_id: str, old_keys: list[str], new_keys: list[str]) -> list:
    """The transaction writes that turn the customer's entries for ``old_keys`` into ``new_keys``.

    Every new entry is put (each carries the full key list, which changed); old keys no longer
    present are deleted.
    """
    if old_keys == new_keys:
        return []
    result = [Write(DELETE, _entry(optician_id, customer_id, key)) for key in sorted(set(old_keys) - set(new_keys))]
    result += [Write(PUT, _entry(optician_id, customer_id, key, new_keys)) for key in new_keys]
    return result


def search(optician_id: str, words: list[str], *, limit: int, cursor: str | None) -> tuple[list[str], str | None]:
    """Ids of up to ``limit`` customers matching ``words`` (in key order), and the cursor of the next page."""
    lead = lead_word(words)
    where = partition(optician_id, lead)
    results = SearchEntry.query(where, SearchEntry.sk.startswith(lead),
                                last_evaluated_key=decode_cursor(cursor, where, lead),
                                page_size=max(PAGE_FACTOR * limit, 10))
    found: list[str] = []
    for entry in results:
        if not is_hit(entry.search_key, entry.all_keys.split(" "), words):
            continue
        found.append(entry.customer_id)
        if len(found) == limit:
            return found, encode_cursor({"pk": {"S": entry.pk}, "sk": {"S": entry.sk}})
    return found, None
