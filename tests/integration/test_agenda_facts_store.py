"""agenda_facts on emulated DynamoDB: a refresh that began earlier never overwrites a later one."""
from __future__ import annotations

from chalicelib.adapters.dynamo import agenda_facts, occurrence_items
from tests.integration.test_reminder_store import CID, OID, make


def test_an_older_refresh_is_refused_and_an_erased_item_is_not_recreated(aws):
    created = make()
    pk, sk = f"OPT#{OID}#CUST#{CID}", f"REMINDER#repurchase#{created.id}"
    assert agenda_facts.write(pk, sk, '{"name":"new"}', "2026-03-27T08:00:00.000002+00:00") is True
    assert agenda_facts.write(pk, sk, '{"name":"old"}', "2026-03-27T08:00:00.000001+00:00") is False
    assert occurrence_items.get(pk, sk)["agenda_facts"] == '{"name":"new"}'
    assert [item["sk"] for item in agenda_facts.scheduled_items(OID, CID)] == [sk]
    assert agenda_facts.write(pk, "REMINDER#repurchase#gone", "{}", "2026-03-27T08:00:00+00:00") is False
    assert occurrence_items.get(pk, "REMINDER#repurchase#gone") is None
