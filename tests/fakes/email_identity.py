"""A stand-in for SES's domain identities (the port chalicelib/services/ports/email_identity.py)."""
from __future__ import annotations

from typing import Any


class IdentityUnavailable(Exception):
    """SES could not be asked (as adapters/email_identity.IdentityUnavailable)."""


class FakeIdentities:
    """Identities by domain, answered in SES's shape; ``down`` makes every call fail, ``asked`` lists
    the domains GetEmailIdentity was called for."""

    IdentityUnavailable = IdentityUnavailable

    def __init__(self, *, verified: bool = False, tokens: tuple[str, ...] = ("t1", "t2", "t3")) -> None:
        self.verified, self.tokens, self.down = verified, tokens, False
        self.identities: dict[str, dict[str, Any]] = {}
        self.asked: list[str] = []

    def _answer(self) -> dict[str, Any]:
        status = "SUCCESS" if self.verified else "PENDING"
        return {"VerifiedForSendingStatus": self.verified,
                "DkimAttributes": {"Status": status, "Tokens": list(self.tokens)}}

    def create_domain_identity(self, domain: str) -> dict[str, Any]:
        if self.down:
            raise IdentityUnavailable("Throttling")
        self.identities[domain] = self._answer()
        return self.identities[domain]

    def get_identity(self, identity: str) -> dict[str, Any] | None:
        self.asked.append(identity)
        if self.down:
            raise IdentityUnavailable("Throttling")
        return self._answer() if identity in self.identities else None

    def dkim_tokens(self, identity: dict[str, Any]) -> list[str]:
        return list((identity.get("DkimAttributes") or {}).get("Tokens") or [])
