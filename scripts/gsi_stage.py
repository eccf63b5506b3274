"""The next template to deploy when the table's global secondary indexes must change by more than one.

DynamoDB creates or deletes one GSI per table update, and CloudFormation refuses a stack update that
would do more. So a stack whose table lacks several indexes of the release (or has one the release
dropped) is brought there in stages, each a normal deploy of a staged copy of the packaged template:

    .venv/bin/python scripts/gsi_stage.py build/package/sam.json --table <TableName> \
        --out build/package/stage.json [--region eu-central-2]

It reads the table's indexes (DescribeTable, the caller's credentials) and writes ``--out``: the packaged
template with the table's indexes as they are now plus ONE change: the next missing index of the release
(in template order; indexes the release dropped are kept meanwhile); once all are there the removal of
an index whose key or projection the release changed (the following stage creates it anew), then the
removal of one the release dropped. It prints what the stage does and exits 0; deploy ``--out`` like the template
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
    to deploy, what it changes, and whether it is the release's own (nothing left to stage).

    Order: the release's missing indexes are added one by one (every index there stays as deployed);
    then an index whose key or projection the release changed is deleted (CloudFormation cannot
    change one in place: the next stage adds it back as the release defines it); then the indexes
    the release dropped are deleted one by one."""
    staged = copy.deepcopy(template)
    props = staged["Resources"][TABLE]["Properties"]
    wanted = {index["IndexName"]: index for index in props.get("GlobalSecondaryIndexes", [])}
    existing = {index["IndexName"]: _as_template(index) for index in table.get("GlobalSecondaryIndexes", [])}
    missing = [name for name in wanted if name not in existing]
    changed = [name for name in wanted if name in existing and _shape(wanted[name]) != _shape(existing[name])]
    dropped = [name for name in existing if name not in wanted]
    if not missing and not changed and not dropped:
        return staged, "final: the table has every index of the release", True
    indexes = dict(existing)
    if missing:
        indexes[missing[0]] = wanted[missing[0]]
        change = f"adds index {missing[0]}"
    elif changed:
        del indexes[changed[0]]
        change = (f"deletes index {changed[0]}, whose key or projection the release changes (the next stage "
                  "creates it anew; until then what reads it fails)")
    else:
        del indexes[dropped[0]]
        change = f"deletes index {dropped[0]} (the release no longer uses it)"
    rest = len(missing) + 2 * len(changed) + len(dropped) - 1
    # In the release's order, then the ones it no longer has.
    ordered = [indexes[name] for name in wanted if name in indexes]
    ordered += [index for name, index in indexes.items() if name not in wanted]
    props["GlobalSecondaryIndexes"] = ordered
    definitions = {d["AttributeName"]: d for d in props["AttributeDefinitions"]}
    definitions.update({d["AttributeName"]: d for d in table.get("AttributeDefinitions", [])
                        if d["AttributeName"] not in definitions})
    used = [key["AttributeName"] for key in props["KeySchema"]]
    used += [key["AttributeName"] for index in ordered for key in index["KeySchema"]]
    props["AttributeDefinitions"] = [definitions[name] for name in dict.fromkeys(used)]
    return staged, f"stage: {change}; {rest} more stage(s) after this one", False


def _shape(index: dict) -> tuple:
    projection = index.get("Projection", {})
    return (json.dumps(index["KeySchema"], sort_keys=True), projection.get("ProjectionType"),
            tuple(sorted(projection.get("NonKeyAttributes") or ())))


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
