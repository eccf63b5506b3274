"""What the send path needs of the e-mail provider (SES).

Production: ``chalicelib/adapters/email.py``; it raises the adapters' TransientSendError /
PermanentSendError (``chalicelib/adapters/provider_errors.py``).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from chalicelib.adapters.email import OutgoingEmail as Email


class EmailProvider(Protocol):
    @property
    def OutgoingEmail(self) -> type[Email]:  # noqa: N802 - the adapter's class, built by the send path
        """The message the send path builds."""

    def send_email(self, message: Email, configuration_set: str | None = None) -> str:
        """Hand one e-mail to the provider; its message id."""
