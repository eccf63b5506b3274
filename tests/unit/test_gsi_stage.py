"""scripts/gsi_stage.py: a table that lacks several indexes of the release gets them one per stack update."""
from __future__ import annotations

import json
from pathlib import Path

from scripts.gsi_stage import TABLE, stage

TEMPLATE = json.loads((Path(__file__).resolve().parents[2] / "infra" / "resources.json").read_text())
FIRST_MESSAGES_INDEX = {"IndexName": "messages", "IndexStatus": "ACTIVE",
                        "KeySchema": [{"AttributeName": "msgs_pk", "KeyType": "HASH"},
                                      {"AttributeName": "msgs_sk", "KeyType": "RANGE"}],
                        "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["kind", "channel"]}}


def deployed(template: dict) -> dict:
    """The table as DescribeTable shows it once ``template`` is deployed."""
    props = template["Resources"][TABLE]["Properties"]
    return {"AttributeDefinitions": props["AttributeDefinitions"],
            "GlobalSecondaryIndexes": [{**index, "IndexStatus": "ACTIVE"} for index in props["GlobalSecondaryIndexes"]]}


def names(template: dict) -> list[str]:
    return [index["IndexName"] for index in template["Resources"][TABLE]["Properties"]["GlobalSecondaryIndexes"]]


def test_a_table_of_the_previous_release_gets_one_index_change_per_stage_until_the_release_template():
    props = TEMPLATE["Resources"][TABLE]["Properties"]
    old_indexes = [index for index in props["GlobalSecondaryIndexes"] if index["IndexName"] in ("due", "agenda")]
    # The previous release projected less on ``agenda``: CloudFormation cannot change that in place.
    old_indexes = [{**index, "Projection": {"ProjectionType": "INCLUDE", "NonKeyAttributes": ["occurrence"]}}
                   if index["IndexName"] == "agenda" else index for index in old_indexes]
    table = {"AttributeDefinitions": [d for d in props["AttributeDefinitions"] if not d["AttributeName"].startswith("msgs")]
             + [{"AttributeName": "msgs_pk", "AttributeType": "S"}, {"AttributeName": "msgs_sk", "AttributeType": "S"}],
             "GlobalSecondaryIndexes": [{**index, "IndexStatus": "ACTIVE"} for index in old_indexes]
             + [FIRST_MESSAGES_INDEX]}
    seen, changes = [], []
    for _ in range(10):
        staged, change, final = stage(TEMPLATE, table)
        changes.append(change)
        if final:
            break
        before, after = set(names_of(table)), set(names(staged))
        assert len(before ^ after) == 1, change  # exactly one index created or deleted
        used = {key["AttributeName"] for index in staged["Resources"][TABLE]["Properties"]["GlobalSecondaryIndexes"]
                for key in index["KeySchema"]} | {"pk", "sk"}
        assert {d["AttributeName"] for d in staged["Resources"][TABLE]["Properties"]["AttributeDefinitions"]} == used
        seen.append(names(staged))
        table = deployed(staged)
    assert final and staged == TEMPLATE
    assert [c.split(";")[0].split(",")[0] for c in changes[:-1]] == [
        "stage: adds index messages_by_status", "stage: adds index messages_by_kind",
        "stage: adds index messages_by_kind_status", "stage: deletes index agenda", "stage: adds index agenda",
        "stage: deletes index messages (the release no longer uses it)"]
    assert "messages" in seen[4] and "messages" not in seen[5] and "agenda" not in seen[3]


def names_of(table: dict) -> list[str]:
    return [index["IndexName"] for index in table["GlobalSecondaryIndexes"]]


def test_a_new_stack_or_an_up_to_date_table_needs_no_stage():
    staged, change, final = stage(TEMPLATE, deployed(TEMPLATE))

    assert final and staged == TEMPLATE and change.startswith("final")
