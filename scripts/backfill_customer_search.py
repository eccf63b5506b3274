"""One-off: the customer search index for customers stored before it existed (docs/data-model.md,
"Customer search index"). Idempotent: run it again and it finds nothing to do.

    TABLE_NAME=<stack name> AWS_REGION=eu-central-2 .venv/bin/python scripts/backfill_customer_search.py [--optician opt_…] [--dry-run]

Uses the caller's AWS credentials (it reads and writes the table directly); prints what it
did as JSON.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.backfill_cli import main as backfill_main  # noqa: E402


def _run(opticians: list[str] | None, dry_run: bool) -> dict:
    from chalicelib.services.backfills.customer_search_backfill import run

    return run(opticians, dry_run=dry_run)


def main(argv: list[str] | None = None) -> int:
    return backfill_main(__doc__ or "", _run, dry_run_help="count the customers to reindex, write nothing", argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
