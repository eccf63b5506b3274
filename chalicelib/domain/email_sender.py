"""The optician's e-mail sender (SPEC §8): its domain, its status, the DNS records to add.

SES sends only from verified identities. kontakt creates the identity of the domain of the
optician's ``email_from`` with Easy DKIM: SES gives three tokens, each a CNAME
``<token>._domainkey.<domain>`` → ``<token>.dkim.amazonses.com`` for the optician's DNS; once
SES finds them the domain is verified and e-mail can go out.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

PENDING, VERIFIED, FAILED = "pending", "verified", "failed"
STATUSES = (PENDING, VERIFIED, FAILED)
# How long a sender that is not verified yet keeps its last answer before the send path asks SES again.
RECHECK_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class EmailSenderState:
    """The SES identity of the domain of the optician's ``email_from`` as last seen (stored on the optician)."""

    domain: str
    status: str  # PENDING | VERIFIED | FAILED
    tokens: tuple[str, ...] = ()  # Easy DKIM tokens
    checked_at: str | None = None  # when SES was last asked (ISO instant)


def domain_of(address: str | None) -> str | None:
    """``kontakt@Optik-Muster.ch`` → ``optik-muster.ch``."""
    if not address or "@" not in address:
        return None
    return address.rsplit("@", 1)[1].strip().lower() or None


def status_of(identity: dict[str, Any] | None) -> str:
    """Our status of an SES identity (``GetEmailIdentity``'s answer; None: no identity)."""
    if not identity:
        return PENDING
    dkim = (identity.get("DkimAttributes") or {}).get("Status")
    verification = identity.get("VerificationStatus")
    if identity.get("VerifiedForSendingStatus") or verification == "SUCCESS" or dkim == "SUCCESS":
        return VERIFIED
    if verification == "FAILED" or dkim == "FAILED":
        return FAILED
    return PENDING


def dns_records(domain: str, tokens: list[str]) -> list[dict[str, Any]]:
    """The Easy DKIM CNAMEs for ``domain``, as SES lists them."""
    return [{"type": "CNAME", "name": f"{token}._domainkey.{domain}", "value": f"{token}.dkim.amazonses.com"}
            for token in tokens]


def made_up_tokens(domain: str) -> list[str]:
    """Three DKIM tokens for local mode (the emulator gives none): 32 lower-case characters each,
    like SES's, the same for the same domain."""
    return [hashlib.sha256(f"{domain}#{n}".encode()).hexdigest()[:32] for n in range(3)]


def is_ready(sender: EmailSenderState | None) -> bool:
    """Whether e-mail may be sent: verified, or no sender record at all (an optician onboarded before
    sender onboarding existed: SES decides, as it did then)."""
    return sender is None or sender.status == VERIFIED
