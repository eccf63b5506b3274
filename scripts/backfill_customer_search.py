"""One-off: the customer search index for customers stored before it existed (docs/data-model.md,
"Customer search index"). Idempotent: run it again and it finds nothing to do.

    TABLE_NAME=<stack name> AWS_REGION=eu-central-2 .venv/bin/python scripts/backfill_customer_search.py [--optician opt_…] [--dry-run]

Uses the caller's AWS credentials (it reads and writes the table directly); prints what it
did as JSON.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--optician", action="append", dest="opticians", metavar="OPTICIAN_ID",
                        help="only this optician (repeatable); default: every optician")
    parser.add_argument("--dry-run", action="store_true", help="count the customers to reindex, write nothing")
    args = parser.parse_args(argv)

    from chalicelib.services.customer_search_backfill import run

    report = run(args.opticians, dry_run=args.dry_run)
    print(json.dumps({**report, "dry_run": args.dry_run}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
