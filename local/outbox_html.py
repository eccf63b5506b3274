"""``GET /_local/outbox.html``: the local outbox for a person to read (local mode only).

Every SMS is shown as a phone would show it (sender ID, text, parts), every e-mail as a
mail client would: From, To, Reply-To, subject, the unsubscribe headers, the HTML part
rendered in a sandboxed ``<iframe srcdoc>`` (no scripts, no forms) and the plain-text part.
Everything is escaped: the page shows exactly what was sent, it never runs it.
Each message shows when the emulated provider accepted it and, when the customer's history
holds it, its kind and customer. ``?to=`` shows only the messages to one number or address
(as ``/_local/outbox?to=``). Registered by local.server next to ``/_local/outbox`` (JSON),
from the same ``local.outbox.outbox_messages()``.
"""
from __future__ import annotations

from html import escape
from urllib.parse import quote

from chalice import Response

from chalicelib.api.blueprint import ApiBlueprint

bp = ApiBlueprint(__name__)

_STYLE = """
body{font-family:Helvetica,Arial,sans-serif;margin:0;background:#f3f4f6;color:#111827}
header{background:#111827;color:#fff;padding:12px 24px}header a{color:#93c5fd}
main{max-width:860px;margin:0 auto;padding:16px}
article{background:#fff;border-radius:6px;margin:0 0 16px;padding:16px;box-shadow:0 1px 2px #0002}
.meta{font-size:13px;color:#4b5563;margin:0 0 8px}.meta b{color:#111827}
.sms{white-space:pre-wrap;background:#e5f3e5;border-radius:12px;padding:10px 14px;max-width:420px}
.origin{font-size:12px;color:#6b7280}.origin b{color:#374151;font-weight:600}
.tag{display:inline-block;font-size:11px;padding:1px 6px;border-radius:8px;background:#e5e7eb;margin-right:6px}
iframe{width:100%;height:520px;border:1px solid #e5e7eb;border-radius:4px;background:#fff}
details pre{white-space:pre-wrap;font-size:13px;background:#f9fafb;padding:8px}
"""


def _origin(message: dict) -> str:
    """When it was accepted and, if the history knows it, which message of which customer."""
    shown = [("accepted", message.get("accepted_at")), ("kind", message.get("kind")),
             ("customer", message.get("customer_id")), ("optician", message.get("optician_id"))]
    return ('<p class="meta origin">' + " · ".join(f"{name} <b>{escape(str(value))}</b>"
                                                   for name, value in shown if value) + "</p>")


def _sms(message: dict) -> str:
    from chalicelib.domain.sms_parts import count_parts

    size = count_parts(message.get("text") or "")
    return (f'<article>{_origin(message)}<p class="meta"><span class="tag">SMS</span>'
            f'<b>{escape(message.get("sender") or "?")}</b>'
            f' → {escape(message.get("to") or "")} · {size.parts} part(s), {escape(size.encoding)}</p>'
            f'<div class="sms">{escape(message.get("text") or "")}</div></article>')


def _email(message: dict) -> str:
    headers = message.get("headers") or {}
    shown = [("From", message.get("sender")), ("To", message.get("to")), ("Reply-To", headers.get("Reply-To")),
             ("List-Unsubscribe", headers.get("List-Unsubscribe")),
             ("List-Unsubscribe-Post", headers.get("List-Unsubscribe-Post"))]
    meta = "<br>".join(f"<b>{escape(name)}:</b> {escape(str(value))}" for name, value in shown if value)
    html_part = message.get("html")
    # srcdoc is an attribute: escape() quotes it; sandbox="" allows no scripts, forms or navigation.
    frame = f'<iframe sandbox="" srcdoc="{escape(html_part)}"></iframe>' if html_part else ""
    return (f'<article>{_origin(message)}<p class="meta"><span class="tag">E-Mail</span>'
            f'<b>{escape(message.get("subject") or "")}</b></p><p class="meta">{meta}</p>{frame}'
            f'<details><summary>Text part</summary><pre>{escape(message.get("text") or "")}</pre></details>'
            "</article>")


def render_outbox(messages: list[dict], to: str | None = None) -> str:
    """The HTML page for ``messages`` (the shape of ``GET /_local/outbox``), newest first."""
    from local.outbox import matches_to

    messages = [m for m in messages if matches_to(m, to)]
    items = "".join(_sms(m) if m.get("channel") == "sms" else _email(m) for m in messages)
    if not items:
        items = "<article><p>No messages yet.</p></article>"
    title = f"Outbox ({len(messages)})" + (f" to {escape(to)}" if to else "")
    json_link = "/_local/outbox" + (f"?to={quote(to.strip())}" if to and to.strip() else "")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
            f'<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>'
            f'<body><header><b>kontakt local outbox</b> · {title} · <a href="{escape(json_link)}">JSON</a></header>'
            f"<main>{items}</main></body></html>")


@bp.route("/_local/outbox.html", methods=["GET"])
def outbox_html():
    from local.outbox import outbox_messages

    to = (bp.current_request.query_params or {}).get("to")
    return Response(body=render_outbox(outbox_messages(to), to), status_code=200,
                    headers={"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store"})
