"""The one-off backfill of the reports (scripts/backfill_reports.py) over data from before issue 17."""
from __future__ import annotations

from datetime import timedelta

from tests.api.test_agenda import agenda, repurchase, weekday_in
from tests.api.test_conversion_report import clock, new_customer, order, remind, report, shop  # noqa: F401
from tests.api.test_schedules import next_weekday
from tests.conftest import body


def forget_reports_data() -> None:
    """The table as it was before issue 17: no sent-reminder index, counters, credits, due_owner or agenda facts."""
    from chalicelib.adapters.dynamo.occurrence_items import get_dynamodb_client
    from chalicelib.config import get_config

    client, table = get_dynamodb_client(), get_config().table_name
    for raw in client.scan(TableName=table)["Items"]:
        key = {"pk": raw["pk"], "sk": raw["sk"]}
        sk = raw["sk"]["S"]
        if sk.startswith(("SENT_REMINDER#", "CONVERSION#")):
            client.delete_item(TableName=table, Key=key)
        elif sk.startswith("ORDER#") and "attribution" in raw:
            client.update_item(TableName=table, Key=key, UpdateExpression="REMOVE attribution")
        elif "due_owner" in raw:
            client.update_item(TableName=table, Key=key,
                               UpdateExpression="REMOVE due_owner, agenda_facts, agenda_rev")


def backfill() -> dict:
    from scripts.backfill_reports import main
    from chalicelib.services.backfills.conversion_backfill import run

    assert main(["--dry-run"]) == 0  # the command runs; a dry run writes nothing
    return run().as_dict()


def test_the_backfill_rebuilds_the_reports_from_older_data_and_a_second_run_changes_nothing(
        client, api, shop, clock):  # noqa: F811
    anna, beat = new_customer(api), new_customer(api, mobile="079 765 43 21", preferred_channel="sms")
    sent_a = remind(client, api, anna, next_weekday(1))
    sent_b = remind(client, api, beat, next_weekday(2))
    clock(max(sent_a, sent_b) + timedelta(days=5))
    placed = body(order(shop, anna, sent_a + timedelta(days=4), "b-1"))
    repurchase(api, new_customer(api, mobile="079 555 44 33", preferred_channel="sms"), weekday_in(30))
    months = (sent_a.strftime("%Y-%m"), (sent_b + timedelta(days=10)).strftime("%Y-%m"))
    live = report(api, *months)
    live_agenda = agenda(api, "?days=60")["items"]
    assert live["totals"]["sent"] == 2 and live["totals"]["converted"] == 1 and live_agenda

    forget_reports_data()
    assert report(api, *months)["totals"]["sent"] == 0
    assert agenda(api, "?days=60")["items"] == []
    assert body(api.get(f"/customers/{anna['id']}/orders"))["items"][0]["attribution"] is None

    first = backfill()
    assert first["reminders_indexed"] == 2 and first["orders_credited"] == 1 and first["due_owner_set"] == 3
    assert first["agenda_facts_set"] == 3
    assert report(api, *months) == live
    assert agenda(api, "?days=60")["items"] == live_agenda
    assert body(api.get(f"/customers/{anna['id']}/orders"))["items"][0]["attribution"] == placed["attribution"]

    second = backfill()
    assert second["reminders_indexed"] == 0 and second["orders_credited"] == 1 and second["due_owner_set"] == 0
    assert second["agenda_facts_set"] == 0
    assert report(api, *months) == live


def test_what_was_counted_live_is_not_counted_again(client, api, shop, clock):  # noqa: F811
    anna = new_customer(api)
    sent_at = remind(client, api, anna, next_weekday(3))
    clock(sent_at + timedelta(days=2))
    order(shop, anna, sent_at + timedelta(days=2), "l-1")
    live = report(api, sent_at.strftime("%Y-%m"))
    result = backfill()
    assert result["reminders_indexed"] == 0 and result["orders_credited"] == 0
    assert report(api, sent_at.strftime("%Y-%m")) == live
