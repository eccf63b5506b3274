"""Render customer messages (SMS and e-mail) from the Jinja2 templates (SPEC §3, §4).

Pure: no AWS. Each message kind has one template per language,
``templates/{lang}/{kind}.j2``, defining three macros: ``sms()``, ``subject()`` and
``body()`` (the e-mail content, written once with the components of
``templates/email/ui.*.j2``). The e-mail body is rendered twice, as plain text and as
HTML, so both parts always say the same; ``templates/email/layout.*.j2`` wrap it with
greeting, signature, branding, address and the unsubscribe link.

Escaping: a template name with the prefix ``html:`` loads the same file but compiles
it with autoescaping, as do ``*.html.j2`` files. The HTML rendering only ever uses
``html:`` names, so a customer called ``<b>Eve</b>`` stays text in the HTML part and
is not mangled into ``&lt;b&gt;`` in the SMS or the plain-text part.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.sms_parts import count_parts
from chalicelib.rendering import formatting as fmt

TEMPLATES_DIR = Path(__file__).resolve().parent.parent / "templates"
HTML_PREFIX = "html:"
CHANNELS: tuple[str, ...] = ("sms", "email")

KINDS: tuple[str, ...] = (
    "repurchase_reminder",
    "control_reminder",
    "lens_exchange_reminder",
    "repurchase_control_reminder",
    "subscription_confirmation",
    "subscription_preannouncement",
    "subscription_changed",
    "subscription_cancelled",
    "order_confirmation",
    "shipping_confirmation",
    "pickup_invitation",
    "lens_passport",
    "webshop_login",
    "webapp_install",
)

_ORDER_KINDS = frozenset({"order_confirmation", "shipping_confirmation", "pickup_invitation"})
_SUBSCRIPTION_KINDS = frozenset(k for k in KINDS if k.startswith("subscription_"))
# Kinds whose whole point is the personal webshop link; the others use it when given.
_LINK_REQUIRED = frozenset(
    {"repurchase_reminder", "repurchase_control_reminder", "lens_passport", "webshop_login"}
)
# Kinds that invite the customer to book a check-up: online or by phone.
_APPOINTMENT_KINDS = frozenset({"control_reminder", "repurchase_control_reminder"})

_BLANK_LINES = re.compile(r"\n{3,}")
_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


@dataclass(frozen=True)
class MessageContext:
    """Everything one message needs. ``data`` is kind specific:

    - order kinds: ``{"order": {"id", "order_id", "delivery": "home"|"pickup", "lines":
      [{"product_name", "eye", "pack_size", "quantity"}], "ordered_at", "tracking_url"?,
      "total"?}}``
    - subscription kinds: ``{"subscription": {"next_order_on", "interval_weeks", "lines",
      "skipped_on"?, "delivery"?}}``
    - reminders: ``{"reminder": {"product_name"?, "runs_out_on"?, "interval_days"?}}``
    - lens_passport: ``{"passport": {"issued_on"?, "valid_until"?}}`` (prescription
      values are never written into a message; the link shows them)
    """

    kind: str
    language: str  # de|fr|it|en (falls back to the optician's language, then de)
    optician: dict
    customer: dict
    link_url: str | None = None  # personal login link {webshop_url}/l/{token}
    unsubscribe_url: str | None = None  # one-click unsubscribe for the e-mail's topic
    data: dict = field(default_factory=dict)  # kind specific: order, subscription, reminder, passport


@dataclass(frozen=True)
class RenderedMessage:
    subject: str | None  # e-mail only
    text: str  # the SMS text, or the e-mail's plain-text part
    html: str | None  # e-mail only


def resolve_language(language: str | None, optician_language: str | None = None) -> str:
    """The customer's language if we have templates for it, else the optician's, else de."""
    for candidate in (language, optician_language):
        # Accept tags like "fr-CH" or "it_CH" as their primary language.
        primary = str(candidate or "").lower().replace("_", "-").split("-")[0]
        if primary in fmt.LANGUAGES:
            return primary
    return fmt.DEFAULT_LANGUAGE


def render_message(ctx: MessageContext, channel: str) -> RenderedMessage:
    """Render ``ctx`` for ``channel`` ("sms" | "email").

    Raises ValidationError naming the optician setting a kind needs but lacks (e.g.
    ``settings.webapp_url`` for webapp_install, ``settings.booking_url`` for a
    control reminder without booking URL and phone), or the missing ``data.order`` /
    ``data.subscription``. An SMS is returned in GSM-7 wherever its content allows.
    """
    if channel not in CHANNELS:
        raise ValidationError("channel must be 'sms' or 'email'", field="channel")
    if ctx.kind not in KINDS:
        raise ValidationError(f"unknown message kind: {ctx.kind}", field="kind")
    optician = _optician(ctx.optician or {})
    _check_requirements(ctx, optician)
    language = resolve_language(ctx.language, optician["language"])
    variables = _variables(ctx, optician, language)
    env = _environment()

    if channel == "sms":
        return RenderedMessage(subject=None, text=_sms_text(env, f"{language}/{ctx.kind}.j2", variables), html=None)
    plain = _module(env, f"{language}/{ctx.kind}.j2", variables, html=False)

    from markupsafe import Markup  # why: comes with Jinja2, which loads on the first render only

    subject = _ASCII_SPACES.sub(" ", str(plain.subject())).strip()
    text_body = _tidy_text(plain.body())
    html_module = _module(env, f"{HTML_PREFIX}{language}/{ctx.kind}.j2", variables, html=True)
    html_body = Markup(str(html_module.body()))
    text = env.get_template("email/layout.text.j2").render(
        _mode(variables, html=False), subject=subject, body=text_body
    )
    html = env.get_template("email/layout.html.j2").render(
        _mode(variables, html=True), subject=subject, body=html_body
    )
    return RenderedMessage(subject=subject, text=_tidy_text(text), html=html.strip() + "\n")


# --- settings and data ---------------------------------------------------------------


def _optician(raw: dict) -> dict:
    """The optician's settings with every key a template reads present (None if unset)."""
    branding = raw.get("branding") or {}
    return {
        "name": (raw.get("name") or "").strip(),
        "sender_name": (raw.get("sender_name") or "").strip(),
        "language": raw.get("language"),
        "timezone": raw.get("timezone") or fmt.DEFAULT_TIMEZONE,
        "phone": fmt.format_phone_for(raw.get("phone")),
        "phone_uri": fmt.phone_uri(raw.get("phone")),
        "address_lines": fmt.address_lines(raw.get("address")),
        "address_inline": ", ".join(fmt.address_lines(raw.get("address"))) or None,
        "webshop_url": fmt.safe_url(raw.get("webshop_url")),
        "webapp_url": fmt.safe_url(raw.get("webapp_url")),
        "booking_url": fmt.safe_url(raw.get("booking_url")),
        "brand": fmt.email_branding(branding),
    }


def _check_requirements(ctx: MessageContext, optician: dict) -> None:
    kind = ctx.kind
    if kind == "webapp_install" and not optician["webapp_url"]:
        raise ValidationError(
            "Set the web app URL (an https:// address) before sending the web app installation.",
            field="settings.webapp_url",
        )
    if kind in _APPOINTMENT_KINDS and not (optician["booking_url"] or optician["phone"]):
        raise ValidationError(
            "A check-up reminder needs a booking URL or a phone number in the settings.",
            field="settings.booking_url",
        )
    if kind in _LINK_REQUIRED and not ctx.link_url:
        if not optician["webshop_url"]:
            raise ValidationError(
                "This message links to the webshop: set the webshop URL first.",
                field="settings.webshop_url",
            )
        # The optician is set up correctly, so the caller forgot to mint the link.
        raise ValueError(f"{kind} needs the customer's personal link (link_url)")
    data = ctx.data or {}
    if kind in _ORDER_KINDS and not isinstance(data.get("order"), dict):
        raise ValidationError(f"{kind} needs the order it is about", field="data.order")
    if kind in _SUBSCRIPTION_KINDS:
        subscription = data.get("subscription")
        if not isinstance(subscription, dict):
            raise ValidationError(f"{kind} needs the subscription it is about", field="data.subscription")
        if kind != "subscription_cancelled" and not subscription.get("next_order_on"):
            raise ValidationError(
                f"{kind} needs the next order date", field="data.subscription.next_order_on"
            )


def _line(raw: dict) -> dict:
    return {
        "product_name": raw.get("product_name") or "",
        "eye": raw.get("eye"),
        "pack_size": raw.get("pack_size"),
        "quantity": raw.get("quantity") or 1,
    }


def _with_defaults(raw: Any, keys: tuple[str, ...]) -> dict:
    """A copy of ``raw`` where the optional keys a template tests are present."""
    result = dict(raw) if isinstance(raw, dict) else {}
    for key in keys:
        result.setdefault(key, None)
    if "lines" in keys:
        result["lines"] = [_line(line) for line in (result.get("lines") or [])]
    return result


# The salutation is free text the optician types, mostly German. The usual ones (in any of
# the four languages, any case, with or without a dot) are written in the message's language.
_SALUTATIONS = {
    "female": ("frau", "madame", "mme", "signora", "sig.ra", "ms", "mrs"),
    "male": ("herr", "monsieur", "m", "signor", "signore", "sig", "mr"),
}
_SALUTATION_WORDS = {
    "de": {"female": "Frau", "male": "Herr"},
    "fr": {"female": "Madame", "male": "Monsieur"},
    "it": {"female": "Signora", "male": "Signor"},
    "en": {"female": "Ms", "male": "Mr"},
}
_SALUTATION_FORMS = {form: key for key, forms in _SALUTATIONS.items() for form in forms}


def salutation_for(salutation: str | None, language: str) -> str | None:
    """The salutation written in ``language``: "Frau" → "Madame" (fr), "Signora" (it), "Ms" (en).

    An English "Mrs" stays "Mrs" in English. A salutation we do not know ("Dr.", "Frau Dr.")
    is kept as typed in German, the language opticians type it in, and left out in the
    other languages, where it would be a German word in a French or English text.
    """
    text = " ".join(str(salutation or "").split())
    if not text:
        return None
    form = text.lower().rstrip(".")
    if language == "en" and form == "mrs":
        return "Mrs"
    gender = _SALUTATION_FORMS.get(form)
    if gender:
        return _SALUTATION_WORDS.get(language, _SALUTATION_WORDS["de"])[gender]
    return text if language == "de" else None


def _variables(ctx: MessageContext, optician: dict, language: str) -> dict:
    data = ctx.data or {}
    customer = {
        key: (str((ctx.customer or {}).get(key) or "").strip() or None)
        for key in ("first_name", "last_name", "salutation")
    }
    customer["salutation"] = salutation_for(customer["salutation"], language)
    order = _with_defaults(
        data.get("order"), ("id", "order_id", "delivery", "lines", "ordered_at", "tracking_url", "total")
    )
    # The number the customer knows: the webshop's. Back-office and subscription orders have
    # only our internal id, which means nothing to the customer: they are shown without number.
    order["number"] = order["order_id"]
    order["tracking_url"] = fmt.safe_url(order["tracking_url"])
    return {
        "kind": ctx.kind,
        "language": language,
        "timezone": optician["timezone"],
        "optician": optician,
        "sms_signature": optician["name"] or optician["sender_name"],
        "brand": optician["brand"],
        "customer": customer,
        "link_url": ctx.link_url,
        "unsubscribe_url": ctx.unsubscribe_url,
        "order": order,
        "subscription": _with_defaults(
            data.get("subscription"), ("next_order_on", "interval_weeks", "lines", "skipped_on", "delivery")
        ),
        "reminder": _with_defaults(data.get("reminder"), ("product_name", "runs_out_on", "interval_days")),
        "passport": _with_defaults(data.get("passport"), ("issued_on", "valid_until")),
    }


# --- Jinja2 --------------------------------------------------------------------------


def _mode(variables: dict, html: bool) -> dict:
    """The variables plus the names of the shared templates for HTML or plain text."""
    prefix = HTML_PREFIX if html else ""
    return {
        **variables,
        "phrases": f"{prefix}{variables['language']}/_phrases.j2",
        "components": "email/ui.html.j2" if html else "email/ui.text.j2",
    }


def _module(env: Any, name: str, variables: dict, html: bool) -> Any:
    return env.get_template(name).make_module(_mode(variables, html))


@functools.cache
def _environment() -> Any:
    """The Jinja2 environment, built once per process (jinja2 imported lazily)."""
    import jinja2

    class ModeLoader(jinja2.FileSystemLoader):
        """Loads ``html:<name>`` from the same file as ``<name>``."""

        def get_source(self, environment: jinja2.Environment, template: str) -> Any:
            return super().get_source(environment, template.removeprefix(HTML_PREFIX))

    by_extension = jinja2.select_autoescape(enabled_extensions=("html", "htm", "xml", "html.j2"))

    def autoescape(name: str | None) -> bool:
        return bool(name) and (name.startswith(HTML_PREFIX) or by_extension(name))

    env = jinja2.Environment(
        loader=ModeLoader(str(TEMPLATES_DIR)),
        autoescape=autoescape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )

    @jinja2.pass_context
    def date_filter(context: Any, value: Any, style: str = "long") -> str:
        return fmt.format_date_for(value, context["language"], style, context["timezone"])

    @jinja2.pass_context
    def date_with_article_filter(context: Any, value: Any, article: str, style: str = "long") -> str:
        return fmt.date_with_article(value, context["language"], article, style, context["timezone"])

    @jinja2.pass_context
    def money_filter(context: Any, value: Any) -> str:
        return fmt.format_money_for(value, context["language"])

    env.filters.update(
        date=date_filter,
        date_with_article=date_with_article_filter,
        money=money_filter,
        # Plain-text components only: it turns Markup into str, which HTML would re-escape.
        # Only ASCII whitespace: the no-break space in "CHF 12.50" must stay.
        collapse=lambda value: _ASCII_SPACES.sub(" ", str(value)).strip(),
    )
    return env


def render_page(name: str, **variables: Any) -> str:
    """A web page the customer opens from a message (``templates/pages/{name}.html.j2``, autoescaped)."""
    return _environment().get_template(f"pages/{name}.html.j2").render(**variables)


def _sms_text(env: Any, template: str, variables: dict) -> str:
    """The SMS, signed with the optician's name if that still fits the fewest parts.

    A long name ("Augenoptik Bahnhofstrasse") can tip a text into a second part, which
    doubles its price. Then it is signed with the SMS sender ID (at most 11 characters,
    shown as the sender anyway), and if even that does not fit, left unsigned.
    """
    best = None
    for signature in dict.fromkeys((variables["sms_signature"], variables["optician"]["sender_name"], "")):
        module = _module(env, template, {**variables, "sms_signature": signature}, html=False)
        text = _tidy_sms(module.sms())
        parts = count_parts(text).parts
        if best is None or parts < best[0]:
            best = (parts, text)
        if parts == 1:
            break
    return best[1]


def _tidy_text(value: Any) -> str:
    """Plain text: no trailing spaces, at most one blank line in a row."""
    lines = [line.rstrip() for line in str(value).strip().splitlines()]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def _tidy_sms(value: Any) -> str:
    """SMS: each template line one line, single spaces, and GSM-7 wherever possible."""
    lines = (" ".join(line.split()) for line in str(value).splitlines())
    return fmt.gsm7_friendly("\n".join(line for line in lines if line))
