"""One-off: the ``GET /messages`` index keys for history recorded before the index views existed
(docs/deployment.md, "Updating a stack from before the index views"). Idempotent: a second run
writes nothing.

    TABLE_NAME=<stack name> AWS_REGION=eu-central-2 .venv/bin/python scripts/backfill_message_index.py [--optician opt_…] [--dry-run]

Uses the caller's AWS credentials (it reads and writes the table directly); prints what it
did as JSON.
"""
from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts.backfill_cli import main as backfill_main  # noqa: E402


def _run(opticians: list[str] | None, dry_run: bool) -> dict:
    from chalicelib.services.backfills.message_index_backfill import run

    return run(opticians, dry_run=dry_run).as_dict()


def main(argv: list[str] | None = None) -> int:
    return backfill_main(__doc__ or "", _run, dry_run_help="count what is missing, write nothing", argv=argv)


if __name__ == "__main__":
    raise SystemExit(main())
