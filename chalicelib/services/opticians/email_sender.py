"""E-mail sender onboarding (SPEC §8): the SES identity of the optician's sending domain.

When an optician is created, or changes ``email_from`` to another domain, ``onboard`` creates
the SES identity of that domain with Easy DKIM and stores its state on the optician
(``email_sender``: domain, status, DKIM tokens, when SES was last asked). ``GET
/settings/email-sender`` shows it with the DNS records to add; ``POST`` asks SES again now.

While the sender is not verified, the channel rule treats e-mail as unavailable
(``ready``): no e-mail is attempted that SES would refuse. The send path asks SES again at
most once an hour (``RECHECK_SECONDS``) for a sender that is not verified yet, so e-mail
starts by itself once the DNS records are in place. An optician onboarded before this
existed has no sender state: it sends as before (SES decides) until ``POST`` sets it up.

Locally the emulated SES verifies a new identity at once but gives no DKIM tokens: local
mode makes up three, so the settings screen shows what production would.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone
from typing import Any

from chalicelib.domain import email_sender as rules
from chalicelib.domain.errors import DomainError, NotFound
from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import OpticianSettings
from chalicelib.observability import logger
from chalicelib.services.wiring import stores
from chalicelib.config import get_config
# The settings service calls this module when settings change, so it is imported as a module (a
# cycle inside the package that Python resolves because no name is read at import time).
from chalicelib.services.opticians import opticians


class SesUnavailable(DomainError):
    """SES could not be asked right now (503)."""

    status = 503
    code = "provider_unavailable"


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _state(domain: str, identity: dict[str, Any] | None, now: datetime) -> EmailSenderState:
    tokens = stores().email_identity.dkim_tokens(identity) if identity else []
    if not tokens and identity is not None and get_config().stage == "local":
        tokens = rules.made_up_tokens(domain)
    return EmailSenderState(domain=domain, status=rules.status_of(identity), tokens=tuple(tokens),
                            checked_at=now.isoformat(timespec="seconds"))


def onboard(optician_id: str, email_from: str | None, now: datetime | None = None) -> EmailSenderState | None:
    """Create the SES identity of ``email_from``'s domain and store its state; None without an address.

    SES being unavailable does not stop the onboarding: the state is stored ``pending`` without
    records, and ``POST /settings/email-sender`` creates the identity later.
    """
    domain = rules.domain_of(email_from)
    if domain is None:
        return None
    now = now or _now()
    ses = stores().email_identity
    identity: dict[str, Any] | None
    try:
        identity = ses.create_domain_identity(domain)
    except ses.IdentityUnavailable as exc:
        logger.warning("ses identity not created yet", extra={"optician_id": optician_id, "error": str(exc)})
        identity = None
    state = _state(domain, identity, now)
    stores().opticians.set_email_sender(optician_id, state)
    logger.info("email sender onboarded", extra={"optician_id": optician_id, "status": state.status})
    return state


def settings_changed(before: OpticianSettings, after: OpticianSettings) -> None:
    """After ``PUT /settings``: a new sending domain is onboarded (the old identity stays, unused)."""
    new_domain = rules.domain_of(after.email_from)
    old_domain = (before.email_sender.domain if before.email_sender else None) or rules.domain_of(before.email_from)
    if new_domain and (new_domain != old_domain or not before.email_sender):
        onboard(after.id, after.email_from)


def get_sender(optician_id: str) -> dict[str, Any]:
    """``GET /settings/email-sender``: the stored state (no call to SES), with the DNS records."""
    settings = opticians.get_settings(optician_id)
    email_from, state = _require_address(settings), settings.email_sender
    domain = rules.domain_of(email_from) or ""
    if state is None or state.domain != domain:
        # Onboarded before sender onboarding existed (or mid-change): tell what SES knows, store nothing.
        state = _state(domain, _lookup(domain), _now())
    return _shown(email_from, state)


def check_now(optician_id: str) -> dict[str, Any]:
    """``POST /settings/email-sender``: ask SES now (creating the identity if it has none); the new state."""
    settings = opticians.get_settings(optician_id)
    email_from = _require_address(settings)
    domain = rules.domain_of(email_from) or ""
    identity = _lookup(domain)
    if identity is None:
        ses = stores().email_identity
        try:
            identity = ses.create_domain_identity(domain)
        except ses.IdentityUnavailable:
            raise SesUnavailable("Amazon SES is unavailable right now; please check again in a minute.") from None
    state = _state(domain, identity, _now())
    stores().opticians.set_email_sender(optician_id, state)
    return _shown(email_from, state)


def ready(optician: OpticianSettings, now: datetime | None = None) -> bool:
    """Whether the send path may use e-mail for this optician now (SPEC §8).

    A sender not verified yet is asked about again when its last check is older than
    ``RECHECK_SECONDS`` (one GetEmailIdentity; SES unavailable: still not ready); the answer is stored.
    """
    state = optician.email_sender
    if state is None or rules.is_ready(state):
        return True
    now = now or _now()
    checked = datetime.fromisoformat(state.checked_at or "1970-01-01T00:00:00+00:00")
    if (now - checked).total_seconds() < rules.RECHECK_SECONDS:
        return False
    ses = stores().email_identity
    try:
        identity = ses.get_identity(state.domain)
    except ses.IdentityUnavailable:
        return False
    asked = _state(state.domain, identity, now)
    # SES gave no tokens in this answer: the known ones stay.
    fresh = replace(asked, tokens=tuple(ses.dkim_tokens(identity or {})) or state.tokens)
    stores().opticians.set_email_sender(optician.id, fresh)
    return fresh.status == rules.VERIFIED


def _lookup(domain: str) -> dict[str, Any] | None:
    ses = stores().email_identity
    try:
        return ses.get_identity(domain)
    except ses.IdentityUnavailable:
        raise SesUnavailable("Amazon SES is unavailable right now; please check again in a minute.") from None


def _require_address(settings: OpticianSettings) -> str:
    if not settings.email_from:
        raise NotFound("No e-mail sender: set 'email_from' in the settings first.", field="email_from")
    return settings.email_from


def _shown(email_from: str, state: EmailSenderState) -> dict[str, Any]:
    return {"email_from": email_from, "domain": state.domain, "status": state.status,
            "dns_records": rules.dns_records(state.domain, list(state.tokens)),
            "checked_at": state.checked_at}
