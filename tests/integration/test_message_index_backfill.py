"""The one-off backfill of the ``GET /messages`` index keys (scripts/backfill_message_index.py) over history
recorded before the index views, on the emulated table."""
from __future__ import annotations

from tests.api.fixtures_messaging import create_customer, verified_sender  # noqa: F401 - fixtures
from tests.api.test_all_messages import ids, sent  # noqa: F401 - fixture
from tests.api.test_delivery_receipts import sms_receipt
from tests.conftest import body

NEW_KEYS = ("msgs_s", "msgs_k", "msgs_ks")


def as_before_the_views() -> int:
    """The table as older releases left it: records with the keys of the first ``messages`` index (one
    partition per status bucket, delivered sharing ``sent``) or with no index keys, pointers without the kind."""
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    client, table = get_dynamodb_client(), get_config().table_name
    changed = 0
    for n, raw in enumerate(client.scan(TableName=table)["Items"]):
        key = {"pk": raw["pk"], "sk": raw["sk"]}
        if raw["sk"]["S"].startswith("MESSAGE#"):
            if n % 2:  # the first index release: bucketed key
                bucket = {"delivered": "sent"}.get(raw["status"]["S"], raw["status"]["S"])
                optician = raw["pk"]["S"].split("#CUST#")[0]
                client.update_item(TableName=table, Key=key, UpdateExpression="SET msgs_pk = :p, msgs_sk = :s REMOVE "
                                   + ", ".join(NEW_KEYS), ExpressionAttributeValues={
                                       ":p": {"S": f"{optician}#MSG#{bucket}"}, ":s": {"S": raw["sk"]["S"][8:]}})
            else:  # from before any index
                client.update_item(TableName=table, Key=key, UpdateExpression="REMOVE " + ", ".join(NEW_KEYS))
            changed += 1
        elif raw["sk"]["S"] == "POINTER":
            client.update_item(TableName=table, Key=key, UpdateExpression="REMOVE kind")
    return changed


def test_the_backfill_lists_older_history_again_and_a_second_run_writes_nothing(client, api, sent, optician):
    from scripts.backfill_message_index import main
    from chalicelib.services.backfills.message_index_backfill import run

    _, _, records = sent
    every = ids(body(api.get("/messages")))
    failed = ids(body(api.get("/messages?status=failed")))
    assert len(every) == 5 and len(failed) == 1

    assert as_before_the_views() == 5
    assert ids(body(api.get("/messages"))) == []
    assert main(["--dry-run"]) == 0  # the command runs; a dry run writes nothing
    assert ids(body(api.get("/messages"))) == []

    first = run().as_dict()

    assert first["records_updated"] == 5 and first["customers"] == 2 and first["changed_meanwhile"] == 0
    assert ids(body(api.get("/messages"))) == every
    assert ids(body(api.get("/messages?status=failed"))) == failed
    assert ids(body(api.get("/messages?kind=webapp_install&channel=email"))) == [records[3]["id"]]
    assert run([optician[0]["id"]]).as_dict()["records_updated"] == 0
    assert not any("msgs_pk" in raw or "msgs_sk" in raw for raw in scan())  # the first index's keys are gone

    # A receipt through a pointer written before it kept the kind still moves the message in the views.
    sms_receipt(client, records[0]["provider_message_id"], "delivered")
    assert ids(body(api.get("/messages?status=delivered&kind=webshop_login"))) == [records[4]["id"], records[0]["id"]]


def scan() -> list[dict]:
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    return get_dynamodb_client().scan(TableName=get_config().table_name)["Items"]


def test_a_record_whose_status_changed_after_it_was_read_is_left_to_that_change(api, sent, optician):
    """The backfill's write is conditional on the status it read: a receipt in between wrote the keys itself."""
    from chalicelib.adapters.dynamo import messages

    anna, _, _ = sent
    as_before_the_views()
    gaps = messages.index_key_gaps(optician[0]["id"], anna["id"])
    sk, status, keys = gaps[0]

    assert not messages.set_index_keys(optician[0]["id"], anna["id"], sk, "pending" if status != "pending" else "sent",
                                       keys)
    assert len(messages.index_key_gaps(optician[0]["id"], anna["id"])) == len(gaps)
    assert messages.set_index_keys(optician[0]["id"], anna["id"], sk, status, keys)
    assert len(messages.index_key_gaps(optician[0]["id"], anna["id"])) == len(gaps) - 1
