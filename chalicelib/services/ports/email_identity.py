"""What the e-mail sender service needs of SES: the domain identities (Easy DKIM).

Production: ``chalicelib/adapters/email_identity.py``; tests: ``tests/fakes/email_identity.py``.
"""
from __future__ import annotations

from typing import Any, Protocol


class IdentityService(Protocol):
    @property
    def IdentityUnavailable(self) -> type[Exception]:  # noqa: N802 - the adapter's exception class
        """Raised when SES cannot be asked right now (throttled, down, no connection)."""

    def create_domain_identity(self, domain: str) -> dict[str, Any]:
        """Create the identity of ``domain`` with Easy DKIM (an existing one is kept); its state."""

    def get_identity(self, identity: str) -> dict[str, Any] | None:
        """``GetEmailIdentity``'s answer, None if SES has no such identity."""

    def dkim_tokens(self, identity: dict[str, Any]) -> list[str]:
        """The DKIM tokens of an identity's answer."""
