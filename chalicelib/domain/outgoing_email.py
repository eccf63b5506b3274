"""One e-mail as the send path hands it to the e-mail provider (``adapters/email.py`` builds the MIME)."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class OutgoingEmail:
    """One e-mail as the send path hands it over."""

    from_name: str
    from_address: str
    to: str
    subject: str
    text: str
    html: str
    reply_to: str | None = None
    headers: dict[str, str] = field(default_factory=dict)  # e.g. List-Unsubscribe
    tags: dict[str, str] = field(default_factory=dict)  # SES message tags for feedback
