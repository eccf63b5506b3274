"""The next template to deploy when the table's global secondary indexes must change by more than one.

DynamoDB creates or deletes one GSI per table update, and CloudFormation refuses a stack update that
would do more. So a stack whose table lacks several indexes of the release (or has one the release
dropped) is brought there in stages, each a normal deploy of a staged copy of the packaged template:

    .venv/bin/python scripts/gsi_stage.py build/package/sam.json --table <TableName> \
        --out build/package/stage.json [--region eu-central-2]

It reads the table's indexes (DescribeTable, the caller's credentials) and writes ``--out``: the packaged
template with the table's indexes as they are now plus ONE change, the next missing index of the release
(in template order; indexes the release dropped are kept meanwhile), or once all are there the removal
of one dropped index. It prints what the stage does and exits 0; deploy ``--out`` like the template
itself (docs/deployment.md, "Updating a stack whose table lacks indexes of the release") and run it
again. When nothing is left to change it writes the template unchanged, says ``final`` and exits 3.
It refuses (exit 2) while an index is still being created or deleted.
"""
from __future__ import annotations

import argparse
import copy
import json
import sys
from pathlib import Path

TABLE = "KontaktTable"
FINAL, BUSY = 3, 2


def stage(template: dict, table: dict) -> tuple[dict, str, bool]:
    """``template`` staged for a table described by ``table`` (DescribeTable's ``Table``): the template
    to deploy, what it changes, and whether it is the release's own (nothing left to stage)."""
    staged = copy.deepcopy(template)
    props = staged["Resources"][TABLE]["Properties"]
    wanted = props.get("GlobalSecondaryIndexes", [])
    existing = [_as_template(index) for index in table.get("GlobalSecondaryIndexes", [])]
    wanted_names = [index["IndexName"] for index in wanted]
    existing_names = [index["IndexName"] for index in existing]
    missing = [index for index in wanted if index["IndexName"] not in existing_names]
    dropped = [index for index in existing if index["IndexName"] not in wanted_names]
    if not missing and not dropped:
        return staged, "final: the table has every index of the release", True
    if missing:
        kept = [next(w for w in wanted if w["IndexName"] == name) if name in wanted_names else index
                for name, index in zip(existing_names, existing)]
        indexes, change = kept + [missing[0]], f"adds index {missing[0]['IndexName']}"
        rest = len(missing) - 1 + len(dropped)
    else:
        indexes = [w for w in wanted] + dropped[1:]
        change, rest = f"deletes index {dropped[0]['IndexName']} (the release no longer uses it)", len(dropped) - 1
    props["GlobalSecondaryIndexes"] = indexes
    definitions = {d["AttributeName"]: d for d in props["AttributeDefinitions"]}
    definitions.update({d["AttributeName"]: d for d in table.get("AttributeDefinitions", [])
                        if d["AttributeName"] not in definitions})
    used = [key["AttributeName"] for key in props["KeySchema"]]
    used += [key["AttributeName"] for index in indexes for key in index["KeySchema"]]
    props["AttributeDefinitions"] = [definitions[name] for name in dict.fromkeys(used)]
    return staged, f"stage: {change}; {rest} more stage(s) after this one", False


def _as_template(index: dict) -> dict:
    """A GSI as DescribeTable shows it, as the template writes it."""
    projection = {"ProjectionType": index["Projection"]["ProjectionType"]}
    if index["Projection"].get("NonKeyAttributes"):
        projection["NonKeyAttributes"] = index["Projection"]["NonKeyAttributes"]
    return {"IndexName": index["IndexName"], "KeySchema": index["KeySchema"], "Projection": projection}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("template", type=Path, help="the packaged template (build/package/sam.json)")
    parser.add_argument("--table", required=True, help="the stack's table name (output TableName)")
    parser.add_argument("--out", type=Path, required=True, help="where to write the staged template")
    parser.add_argument("--region", default=None)
    args = parser.parse_args(argv)

    import boto3

    table = boto3.client("dynamodb", region_name=args.region).describe_table(TableName=args.table)["Table"]
    busy = [index["IndexName"] for index in table.get("GlobalSecondaryIndexes", [])
            if index.get("IndexStatus") not in (None, "ACTIVE")]
    if busy:
        print(f"wait: index {', '.join(busy)} is still being created or deleted; run this again when it is ACTIVE")
        return BUSY
    staged, change, final = stage(json.loads(args.template.read_text()), table)
    args.out.write_text(json.dumps(staged, indent=2))
    print(change)
    return FINAL if final else 0


if __name__ == "__main__":
    sys.exit(main())
