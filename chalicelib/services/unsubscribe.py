"""One-click unsubscribe (RFC 8058) from one topic, for the links in every e-mail.

Each e-mail carries ``List-Unsubscribe: <{public_api_url}/unsubscribe/{optician_id}/{token}>``
and ``List-Unsubscribe-Post: List-Unsubscribe=One-Click``; the footer links to the same URL.

- ``POST`` to the URL switches the topic off (what mail clients send on "unsubscribe");
- ``GET`` only shows a page with a button that POSTs: a link scanner or a preview that
  follows the URL changes nothing.

The token is random (128 bits), stored only as a hash with the customer and the topic,
and kept for ``UNSUBSCRIBE_TTL_DAYS``; it can do nothing but switch that one topic off.
"""
from __future__ import annotations

import html
import secrets
from datetime import datetime, timedelta, timezone

from chalicelib.domain.errors import NotFound

UNSUBSCRIBE_TTL_DAYS = 400  # an e-mail may be read (and unsubscribed from) long after it came
_UNKNOWN = "This unsubscribe link is unknown or has expired."

TOPIC_NAMES = {
    "de": {"subscription": "Bestell-Abo", "repurchase": "Nachkauf-Erinnerungen", "control": "Kontroll-Erinnerungen",
           "orders": "Bestellungen", "service": "Service", "marketing": "Webshop und Web App",
           "lens_exchange": "Linsenaustausch-Erinnerungen"},
    "fr": {"subscription": "abonnement de commande", "repurchase": "rappels de réachat", "control": "rappels de contrôle",
           "orders": "commandes", "service": "service", "marketing": "boutique en ligne et web app",
           "lens_exchange": "rappels de changement de lentilles"},
    "it": {"subscription": "abbonamento d'ordine", "repurchase": "promemoria di riacquisto",
           "control": "promemoria di controllo", "orders": "ordini", "service": "servizio",
           "marketing": "negozio online e web app", "lens_exchange": "promemoria di cambio lenti"},
    "en": {"subscription": "order subscription", "repurchase": "repurchase reminders", "control": "check-up reminders",
           "orders": "orders", "service": "service", "marketing": "webshop and web app",
           "lens_exchange": "lens exchange reminders"},
}
PAGE_TEXT = {
    "de": ("Nachrichten abbestellen", "Möchten Sie keine Nachrichten zum Thema «{topic}» von {optician} mehr erhalten?",
           "Abbestellen", "Sie erhalten keine Nachrichten zum Thema «{topic}» von {optician} mehr."),
    "fr": ("Se désabonner", "Vous ne souhaitez plus recevoir de messages de {optician} sur le thème « {topic} » ?",
           "Se désabonner", "Vous ne recevrez plus de messages de {optician} sur le thème « {topic} »."),
    "it": ("Annullare l'iscrizione", "Non desidera più ricevere messaggi di {optician} sul tema «{topic}»?",
           "Annulla l'iscrizione", "Non riceverà più messaggi di {optician} sul tema «{topic}»."),
    "en": ("Unsubscribe", "Do you no longer want to receive messages about “{topic}” from {optician}?",
           "Unsubscribe", "You will no longer receive messages about “{topic}” from {optician}."),
}


def _store():
    from chalicelib.adapters.dynamo import links

    return links


def mint_url(optician_id: str, customer_id: str, topic: str, now: datetime | None = None) -> tuple[str, str, list]:
    """A new unsubscribe token for the customer and topic, not stored yet: (url, token, the writes that store it)."""
    from chalicelib.config import get_config

    now = now or datetime.now(timezone.utc)
    token = secrets.token_urlsafe(16)
    writes = _store().token_writes(optician_id, customer_id, "UNSUB", token, topic, created_at=now,
                                   expires_at=now + timedelta(days=UNSUBSCRIBE_TTL_DAYS))
    return f"{get_config().public_api_url}/unsubscribe/{optician_id}/{token}", token, writes


def issue_url(optician_id: str, customer_id: str, topic: str, now: datetime | None = None) -> tuple[str, str]:
    """Mint and store an unsubscribe token for the customer and topic; (url, token)."""
    from chalicelib.adapters.dynamo import transactions

    url, token, writes = mint_url(optician_id, customer_id, topic, now)
    transactions.execute(writes)
    return url, token


def revoke(optician_id: str, customer_id: str, token: str) -> None:
    _store().revoke(optician_id, customer_id, "UNSUB", token)


def _resolve(optician_id: str, token: str) -> tuple[dict, dict, dict]:
    """(token, optician, customer); 404 for an unknown or expired token or an erased customer."""
    from chalicelib.services.customers import get_customer
    from chalicelib.services.opticians import get_settings

    found = None
    if isinstance(token, str) and 16 <= len(token) <= 128:
        found = _store().find(optician_id, "UNSUB", token)
    if found is None or found["expires_at"] <= datetime.now(timezone.utc):
        raise NotFound(_UNKNOWN)
    try:
        return found, get_settings(optician_id), get_customer(optician_id, found["customer_id"])
    except NotFound:
        raise NotFound(_UNKNOWN) from None


def confirmation_page(optician_id: str, token: str) -> str:
    """GET: the page with the button; changes nothing."""
    found, optician, customer = _resolve(optician_id, token)
    title, question, button, _ = _texts(customer, optician, found["purpose"])
    return _page(customer, title, f'<p>{question}</p><form method="post"><button type="submit">{button}</button></form>')


def unsubscribe(optician_id: str, token: str) -> str:
    """POST (one-click): switch the token's topic off for its customer; the confirmation page.

    Idempotent: a second POST finds the topic off already and answers the same.
    """
    from chalicelib.services.customers import replace_preferences

    found, optician, customer = _resolve(optician_id, token)
    topic = found["purpose"]
    if customer["topics"].get(topic, True):
        replace_preferences(optician_id, customer["id"], {"topics": {topic: False}})
    title, _, _, done = _texts(customer, optician, topic)
    return _page(customer, title, f"<p>{done}</p>")


def not_found_page() -> str:
    return _page({}, "Link", f"<p>{html.escape(_UNKNOWN)}</p>")


def _texts(customer: dict, optician: dict, topic: str) -> tuple[str, str, str, str]:
    language = customer.get("language") if customer.get("language") in PAGE_TEXT else "de"
    names = TOPIC_NAMES[language]
    values = {"topic": html.escape(names.get(topic, topic)), "optician": html.escape(optician.get("name") or "")}
    return tuple(part.format(**values) for part in PAGE_TEXT[language])  # type: ignore[return-value]


def _page(customer: dict, title: str, content: str) -> str:
    language = customer.get("language") or "de"
    return (f'<!DOCTYPE html><html lang="{html.escape(language)}"><head><meta charset="utf-8">'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex">'
            f"<title>{html.escape(title)}</title></head><body style=\"font-family:Helvetica,Arial,sans-serif;"
            f'max-width:32em;margin:3em auto;padding:0 1em;line-height:1.5"><h1>{html.escape(title)}</h1>{content}'
            "</body></html>")
