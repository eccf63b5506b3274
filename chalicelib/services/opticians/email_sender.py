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

from datetime import datetime, timezone

from chalicelib.domain import email_sender as rules
from chalicelib.domain.errors import DomainError, NotFound
from chalicelib.observability import logger


class SesUnavailable(DomainError):
    """SES could not be asked right now (503)."""

    status = 503
    code = "provider_unavailable"


def _store():
    from chalicelib.adapters.dynamo import opticians

    return opticians


def _ses():
    from chalicelib.adapters import email_identity

    return email_identity


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _state(domain: str, identity: dict | None, now: datetime) -> dict:
    from chalicelib.config import get_config

    tokens = _ses().dkim_tokens(identity) if identity else []
    if not tokens and identity is not None and get_config().stage == "local":
        tokens = rules.made_up_tokens(domain)
    return {"domain": domain, "status": rules.status_of(identity), "tokens": tokens,
            "checked_at": now.isoformat(timespec="seconds")}


def onboard(optician_id: str, email_from: str | None, now: datetime | None = None) -> dict | None:
    """Create the SES identity of ``email_from``'s domain and store its state; None without an address.

    SES being unavailable does not stop the onboarding: the state is stored ``pending`` without
    records, and ``POST /settings/email-sender`` creates the identity later.
    """
    domain = rules.domain_of(email_from)
    if domain is None:
        return None
    now = now or _now()
    try:
        identity = _ses().create_domain_identity(domain)
    except _ses().IdentityUnavailable as exc:
        logger.warning("ses identity not created yet", extra={"optician_id": optician_id, "error": str(exc)})
        identity = None
    state = _state(domain, identity, now)
    _store().set_email_sender(optician_id, state)
    logger.info("email sender onboarded", extra={"optician_id": optician_id, "status": state["status"]})
    return state


def settings_changed(optician_id: str, before: dict, after: dict) -> None:
    """After ``PUT /settings``: a new sending domain is onboarded (the old identity stays, unused)."""
    new_domain = rules.domain_of(after.get("email_from"))
    old_domain = (before.get("email_sender") or {}).get("domain") or rules.domain_of(before.get("email_from"))
    if new_domain and (new_domain != old_domain or not before.get("email_sender")):
        onboard(optician_id, after["email_from"])


def get_sender(optician_id: str) -> dict:
    """``GET /settings/email-sender``: the stored state (no call to SES), with the DNS records."""
    from chalicelib.services.opticians.opticians import get_settings

    settings = get_settings(optician_id)
    email_from, state = _require_address(settings), settings.get("email_sender")
    if state is None or state.get("domain") != rules.domain_of(email_from):
        # Onboarded before sender onboarding existed (or mid-change): tell what SES knows, store nothing.
        domain = rules.domain_of(email_from)
        state = _state(domain, _lookup(domain), _now())
    return _shown(email_from, state)


def check_now(optician_id: str) -> dict:
    """``POST /settings/email-sender``: ask SES now (creating the identity if it has none); the new state."""
    from chalicelib.services.opticians.opticians import get_settings

    settings = get_settings(optician_id)
    email_from = _require_address(settings)
    domain = rules.domain_of(email_from)
    identity = _lookup(domain)
    if identity is None:
        try:
            identity = _ses().create_domain_identity(domain)
        except _ses().IdentityUnavailable:
            raise SesUnavailable("Amazon SES is unavailable right now; please check again in a minute.") from None
    state = _state(domain, identity, _now())
    _store().set_email_sender(optician_id, state)
    return _shown(email_from, state)


def ready(optician: dict, now: datetime | None = None) -> bool:
    """Whether the send path may use e-mail for this optician now (SPEC §8).

    A sender not verified yet is asked about again when its last check is older than
    ``RECHECK_SECONDS`` (one GetEmailIdentity; SES unavailable: still not ready).
    """
    state = optician.get("email_sender")
    if rules.is_ready(state):
        return True
    now = now or _now()
    checked = datetime.fromisoformat(state.get("checked_at") or "1970-01-01T00:00:00+00:00")
    if (now - checked).total_seconds() < rules.RECHECK_SECONDS:
        return False
    try:
        identity = _ses().get_identity(state["domain"])
    except _ses().IdentityUnavailable:
        return False
    fresh = {**_state(state["domain"], identity, now), "tokens": _ses().dkim_tokens(identity or {}) or state.get("tokens", [])}
    _store().set_email_sender(optician["id"], fresh)
    optician["email_sender"] = fresh
    return fresh["status"] == rules.VERIFIED


def _lookup(domain: str) -> dict | None:
    try:
        return _ses().get_identity(domain)
    except _ses().IdentityUnavailable:
        raise SesUnavailable("Amazon SES is unavailable right now; please check again in a minute.") from None


def _require_address(settings: dict) -> str:
    if not settings.get("email_from"):
        raise NotFound("No e-mail sender: set 'email_from' in the settings first.", field="email_from")
    return settings["email_from"]


def _shown(email_from: str, state: dict) -> dict:
    return {"email_from": email_from, "domain": state["domain"], "status": state["status"],
            "dns_records": rules.dns_records(state["domain"], state.get("tokens") or []),
            "checked_at": state.get("checked_at")}
