"""Searching the Kundenkartei through the search index: found by the beginning of a name, e-mail or
mobile, kept true on every change, O(page) however many customers share the partition."""
from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.conftest import body


def search(api, query: str, **params) -> dict:
    extra = "".join(f"&{name}={value}" for name, value in params.items() if value)
    return body(api.get(f"/customers?q={quote(query)}{extra}"))


def ids(page: dict) -> list[str]:
    return [customer["id"] for customer in page["items"]]


def new(api, first: str, last: str, **fields) -> dict:
    return body(api.post("/customers", {"first_name": first, "last_name": last, "mobile": "079 123 45 67", **fields}))


def index_keys(customer_id: str) -> list[str]:
    """The search keys of every index entry that names the customer (the index as stored)."""
    from tests.api.test_customer_erasure import _mentioning

    return sorted(sk.split("#")[0] for _, pk, sk in _mentioning(customer_id) if "#CSEARCH#" in (pk or ""))


@pytest.fixture
def entries_read(monkeypatch):
    """How many index entries each search read (what DynamoDB bills for a page)."""
    from chalicelib.adapters.dynamo import customer_search_index

    counts: list[int] = []
    original = customer_search_index.SearchEntry.query

    def counting(*args, **kwargs):
        counts.append(0)
        for entry in original(*args, **kwargs):
            counts[-1] += 1
            yield entry

    monkeypatch.setattr(customer_search_index.SearchEntry, "query", counting)
    return counts


@pytest.mark.parametrize("query", ["mul", "muller", "Mül", "MÜLLER", "mueller", "jür", "jurg mul", "mül jü"])
def test_a_customer_is_found_by_the_beginning_of_a_name_with_or_without_accents(api, query):
    mueller = new(api, "Jürg", "Müller")
    new(api, "Beat", "Mullis")  # begins with "mul" too, but not with "mull" + "e"/"er" or "jür"
    found = ids(search(api, query))
    assert mueller["id"] in found
    if query not in ("mul", "Mül"):
        assert found == [mueller["id"]], query


def test_the_index_follows_a_change_of_name_email_and_mobile_and_is_gone_with_the_customer(api):
    anna = new(api, "Anna", "Müller", email="anna@example.ch")
    assert api.patch(f"/customers/{anna['id']}", {"last_name": "Meier", "email": "a.meier@beispiel.ch",
                                                  "mobile": "078 222 33 44"}).status_code == 200
    assert ids(search(api, "meier")) == [anna["id"]] and ids(search(api, "078 222")) == [anna["id"]]
    assert ids(search(api, "mul")) == [] and ids(search(api, "anna@")) == [] and ids(search(api, "079 123")) == []
    assert index_keys(anna["id"]) == ["0782223344", "41782223344", "782223344", "a", "a.meier",
                                      "a.meier@beispiel.ch", "anna", "beispiel.ch", "meier"]
    assert api.patch(f"/customers/{anna['id']}", {"salutation": "Frau"}).status_code == 200  # not searched
    assert len(index_keys(anna["id"])) == 9

    assert api.delete(f"/customers/{anna['id']}").status_code == 204
    assert ids(search(api, "meier")) == [] and index_keys(anna["id"]) == []


def test_a_page_reads_about_a_page_of_entries_however_many_customers_there_are(api, entries_read):
    musters = [new(api, f"Kund{n}", "Muster", email=f"muster{n}@example.ch")["id"] for n in range(30)]
    rare = new(api, "Zora", "Zebrowski")["id"]

    assert ids(search(api, "zeb")) == [rare]
    assert entries_read[-1] == 1  # the rare name's one entry, not the 31 customers

    before = len(entries_read)
    seen, cursor = [], None
    while True:
        page = search(api, "muster", limit=5, cursor=cursor)
        seen += ids(page)
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(musters) and len(seen) == len(set(seen)) == 30
    # Each Muster has three keys beginning with "muster" (name, e-mail, its local part): the first
    # page reads its customers' name entries; all pages together read each of the 90 entries once.
    assert entries_read[before] == 5 and sum(entries_read[before:]) == 90


def test_a_cursor_of_another_search_is_422(api):
    for n in range(3):
        new(api, f"K{n}", "Keller")
    cursor = search(api, "keller", limit=1)["next_cursor"]
    response = api.get(f"/customers?q=brunner&cursor={cursor}")
    assert response.status_code == 422 and body(response)["error"]["field"] == "cursor"


def test_the_backfill_indexes_customers_stored_before_the_index_and_a_second_run_changes_nothing(api):
    from chalicelib.adapters.dynamo import customer_search_index, customers
    from chalicelib.services.backfills.customer_search_backfill import run
    from scripts.backfill_customer_search import main

    anna, beat = new(api, "Anna", "Müller"), new(api, "Beat", "Brunner")
    oid = body(api.get("/settings"))["id"]
    # GIVEN customers as stored before the index: a substring haystack, no keys, no entries
    for customer in (anna, beat):
        for key in index_keys(customer["id"]):
            customer_search_index._entry(oid, customer["id"], key).delete()
        item = customers.CustomerItem(f"OPT#{oid}", customers.PREFIX + customer["id"])
        item.update(actions=[customers.CustomerItem.search_keys.remove(),
                             customers.CustomerItem.search_text.set("anna muller")])
    assert ids(search(api, "mul")) == []

    assert main(["--dry-run", "--optician", oid]) == 0 and ids(search(api, "mul")) == []  # a dry run writes nothing
    assert run([oid]) == {"opticians": 1, "customers": 2, "reindexed": 2}
    assert ids(search(api, "mul")) == [anna["id"]] and ids(search(api, "brun")) == [beat["id"]]
    assert customers.get_item(oid, anna["id"]).search_text is None
    assert run([oid]) == {"opticians": 1, "customers": 2, "reindexed": 0}


def test_a_query_longer_than_any_name_is_422_naming_q(api):
    response = api.get("/customers?q=" + "a" * 201)
    assert response.status_code == 422 and body(response)["error"]["field"] == "q"
    assert api.get("/customers?q=" + "a" * 200).status_code == 200
