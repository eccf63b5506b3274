"""What the opticians' services need of their store: one item per optician (settings, webhook
secret, e-mail sender state).

Production: ``chalicelib/adapters/dynamo/opticians.py``; tests: ``tests/fakes/opticians.py``.
"""
from __future__ import annotations

from typing import Protocol

from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import OpticianSettings


class OpticianStore(Protocol):
    def create(self, settings: OpticianSettings, webhook_secret: str) -> OpticianSettings:
        """Store a new optician (its id is new) with its first webhook secret; the stored settings."""

    def get_versioned(self, optician_id: str) -> tuple[OpticianSettings, int] | None:
        """The settings and their version (0 before the first change), or None for an unknown optician."""

    def save_settings(self, settings: OpticianSettings, *, version: int) -> bool:
        """Replace the settings (not the e-mail sender state) if still at ``version``; False if they
        changed meanwhile or the optician is gone."""

    def get_webhook_secret(self, optician_id: str) -> str | None:
        """The current webhook secret, None for an unknown optician."""

    def set_webhook_secret(self, optician_id: str, secret: str) -> None:
        """Replace the webhook secret of an existing optician."""

    def set_email_sender(self, optician_id: str, sender: EmailSenderState) -> None:
        """Store the e-mail sender's state (the settings stay as they are)."""
