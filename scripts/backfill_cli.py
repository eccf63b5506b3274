"""The command line every one-off backfill shares: ``[--optician opt_…]… [--dry-run]``, the
report printed as JSON. Each backfill script names its own service and what a dry run does."""
from __future__ import annotations

import argparse
import json
from typing import Callable

Run = Callable[[list[str] | None, bool], dict]


def main(doc: str, run: Run, *, dry_run_help: str, argv: list[str] | None = None) -> int:
    """Parse the shared options, call ``run(opticians, dry_run)`` and print its report."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("--optician", action="append", dest="opticians", metavar="OPTICIAN_ID",
                        help="only this optician (repeatable); default: every optician")
    parser.add_argument("--dry-run", action="store_true", help=dry_run_help)
    args = parser.parse_args(argv)
    report = run(args.opticians, args.dry_run)
    print(json.dumps({**report, "dry_run": args.dry_run}, indent=2))
    return 0
