"""What the send path needs of the e-mail provider (SES).

Production: ``chalicelib/adapters/email.py``; it raises ``TransientSendError`` /
``PermanentSendError`` (``chalicelib/domain/errors.py``); tests: ``tests/fakes/__init__.py``.
"""
from __future__ import annotations

from typing import Protocol

from chalicelib.domain.outgoing_email import OutgoingEmail


class EmailProvider(Protocol):
    def send_email(self, message: OutgoingEmail, configuration_set: str | None = None) -> str:
        """Hand one e-mail to the provider; its message id."""
