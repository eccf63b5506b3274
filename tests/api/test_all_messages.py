"""``GET /messages`` (SPEC §8): every customer's messages, newest first, filtered, paged from an index."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from tests.api.fixtures_messaging import create_customer, verified_sender  # noqa: F401 - fixture
from tests.api.test_delivery_receipts import sms_receipt
from tests.conftest import body


def send(api, customer_id: str, kind: str = "webshop_login") -> dict:
    record = body(api.post(f"/customers/{customer_id}/messages", {"kind": kind}))
    assert record["status"] == "sent", record
    return record


@pytest.fixture
def sent(client, api, verified_sender, config_env):
    """Anna (SMS) and Ben (e-mail) with five messages; Anna's second is failed (wrong number). The manual
    sends' rate limit and the daily cap are lifted: this history needs many messages per customer."""
    config_env(RATE_LIMIT_MANUAL_SENDS="1000/300", TRANSACTIONAL_DAILY_CAP="1000")
    anna = create_customer(api)
    ben = create_customer(api, first_name="Ben", last_name="Brunner", email="ben@example.ch",
                          mobile="078 234 56 78", preferred_channel="email")
    records = [send(api, anna["id"]), send(api, anna["id"], "webapp_install"), send(api, ben["id"]),
               send(api, ben["id"], "webapp_install"), send(api, anna["id"])]
    sms_receipt(client, records[1]["provider_message_id"], "failed", "invalid_number")
    sms_receipt(client, records[4]["provider_message_id"], "delivered")
    return anna, ben, records


def ids(page: dict) -> list[str]:
    return [message["id"] for message in page["messages"]]


def test_every_customers_messages_newest_first_with_the_customers_name(api, sent):
    anna, ben, records = sent

    page = body(api.get("/messages"))

    assert ids(page) == [r["id"] for r in reversed(records)] and page["next_cursor"] is None
    names = {m["customer_id"]: m["customer_name"] for m in page["messages"]}
    assert names == {anna["id"]: "Anna Aebi", ben["id"]: "Ben Brunner"}
    newest = page["messages"][0]
    assert newest["status"] == "delivered" and newest["text"] and newest["to"] == "+41791234567"


@pytest.mark.parametrize("query, expected", [
    ("status=failed", [1]),
    ("status=delivered", [4]),
    ("status=sent", [3, 2, 0]),
    ("channel=email", [3, 2]),
    ("kind=webapp_install", [3, 1]),
    ("channel=sms&status=sent", [0]),
    ("status=skipped", []),
    ("kind=webapp_install&status=failed", [1]),
    ("kind=webapp_install&status=sent", [3]),
    ("kind=webshop_login&channel=sms", [4, 0]),
    ("kind=webshop_login&channel=email", [2]),
    ("kind=webshop_login&channel=sms&status=delivered", [4]),
    ("kind=webshop_login&channel=sms&status=failed", []),
    ("channel=email&status=delivered", []),
])
def test_filters(api, sent, query, expected):
    _, _, records = sent

    assert ids(body(api.get(f"/messages?{query}"))) == [records[n]["id"] for n in expected]


def test_a_failed_message_shows_why_so_it_can_be_fixed(api, sent):
    [failed] = body(api.get("/messages?status=failed"))["messages"]

    assert failed["reason"] == "invalid_number" and failed["customer_name"] == "Anna Aebi"
    assert "Handynummer" in failed["reason_text"]


def test_pages_follow_the_cursor_without_gaps_or_repeats(api, sent):
    _, _, records = sent
    seen, cursor, pages = [], None, 0
    while True:
        page = body(api.get("/messages?limit=2" + (f"&cursor={cursor}" if cursor else "")))
        assert len(page["messages"]) <= 2
        seen += ids(page)
        pages += 1
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == [r["id"] for r in reversed(records)] and pages == 3


def test_the_date_range_is_days_in_the_opticians_time_zone(api, sent):
    zurich_today = datetime.now(timezone.utc).astimezone(ZoneInfo("Europe/Zurich")).date()
    tomorrow = (zurich_today + timedelta(days=1)).isoformat()
    yesterday = (zurich_today - timedelta(days=1)).isoformat()

    assert len(body(api.get(f"/messages?from={zurich_today}&to={zurich_today}"))["messages"]) == 5
    assert body(api.get(f"/messages?from={tomorrow}"))["messages"] == []
    assert body(api.get(f"/messages?to={yesterday}"))["messages"] == []


def test_another_optician_sees_none_of_them_and_cannot_use_their_cursor(api, sent, new_optician):
    _, other = new_optician(name="Optik Anders")
    cursor = body(api.get("/messages?limit=1"))["next_cursor"]

    assert body(other.get("/messages")) == {"messages": [], "next_cursor": None}
    response = other.get(f"/messages?limit=1&cursor={cursor}")
    assert response.status_code == 422 and body(response)["error"]["field"] == "cursor"


@pytest.mark.parametrize("query, field", [
    ("status=bogus", "status"), ("channel=fax", "channel"), ("kind=letter", "kind"), ("from=2026-13-01", "from"),
    ("to=yesterday", "to"), ("from=2026-03-02&to=2026-03-01", "to"), ("cursor=not-a-cursor", "cursor"),
    ("limit=0", "limit"), ("limit=1000", "limit"),
])
def test_bad_queries_are_422_naming_the_field(api, query, field):
    response = api.get(f"/messages?{query}")

    assert response.status_code == 422 and body(response)["error"]["field"] == field


def test_a_cursor_of_one_status_is_refused_for_another(api, sent):
    cursor = body(api.get("/messages?limit=1&status=sent"))["next_cursor"]

    response = api.get(f"/messages?limit=1&cursor={cursor}")

    assert response.status_code == 422 and body(response)["error"]["field"] == "cursor"


def reads_of(optician_id: str, **filters):
    from chalicelib.adapters.dynamo import message_index

    query = {"status": None, "kind": None, "channel": None, **filters}
    return message_index.list_all(optician_id, **query, start=None, end=None, limit=25, cursor=None)


def test_a_rare_kind_channel_or_status_reads_only_its_own_index_entries(optician, api, sent):
    """12 more SMS of the common kind: asking for the rare ones reads one index entry per message returned,
    not the 12 others (each filter is a key condition, never a filter on the index)."""
    anna, _, records = sent
    for _ in range(12):
        send(api, anna["id"])
    oid = optician[0]["id"]

    for filters, expected in [({"kind": "webapp_install"}, [3, 1]), ({"channel": "email"}, [3, 2]),
                              ({"status": "failed"}, [1]), ({"status": "delivered"}, [4]),
                              ({"kind": "webapp_install", "status": "sent"}, [3]),
                              ({"kind": "webapp_install", "channel": "email", "status": "sent"}, [3])]:
        found, cursor, reads = reads_of(oid, **filters)

        assert [r.id for r, _ in found] == [records[n]["id"] for n in expected] and cursor is None, filters
        assert reads.index_items == len(expected), (filters, reads)


def test_a_delivery_receipt_moves_the_message_from_sent_to_delivered(client, api, sent):
    _, _, records = sent
    sms_receipt(client, records[0]["provider_message_id"], "delivered")

    assert ids(body(api.get("/messages?status=delivered&channel=sms"))) == [records[4]["id"], records[0]["id"]]
    assert ids(body(api.get("/messages?status=sent&channel=sms"))) == []


def test_a_page_reads_o_page_items_from_the_index_however_many_are_stored(optician, api, sent):
    """30 more messages stored; a page of 2 reads a few index entries, not all of them."""
    from chalicelib.adapters.dynamo import message_index

    anna, _, _ = sent
    for _ in range(30):
        send(api, anna["id"])

    records, cursor, reads = message_index.list_all(optician[0]["id"], status=None, kind=None, channel=None,
                                                    start=None, end=None, limit=2, cursor=None)

    assert len(records) == 2 and cursor
    assert reads.index_items <= 4 * 3 and reads.items_by_key <= 2 * 3
