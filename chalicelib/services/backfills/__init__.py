"""One-off backfill commands over data stored before a feature existed (scripts/backfill_*.py)."""
