"""Manual sends from the back office (built on what the preview shows)."""
