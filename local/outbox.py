"""The outbox of local mode: every SMS and e-mail the emulated SNS and SES accepted (SPEC §5).

The messages are read from moto's backends (SNS ``sms_messages``, SES ``sent_messages``).
moto keeps neither the SMS message attributes (the sender ID), nor the order of SMS relative
to e-mails, nor when a message was accepted, so ``enable_capture`` wraps the two send calls
once to note all three.

Beyond SPEC §5's fields each entry has ``accepted_at`` (when the emulated provider accepted
it; for a message sent before the capture, when the outbox first saw it) and, when the
kontakt table holds the message in a customer's history (the record's
``provider_message_id``), its ``kind``, ``customer_id`` and ``optician_id`` (else null).
"""
from __future__ import annotations

import inspect
import itertools
from datetime import datetime, timezone
from email import policy
from email.parser import BytesParser

_sequence = itertools.count(1)
_CAPTURED = "_kontakt_captured"  # attribute on moto's backend / message objects
SENDER_ID = "AWS.SNS.SMS.SenderID"
_first_seen: dict[str, str] = {}  # provider message id -> when the outbox saw an uncaptured message


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def enable_capture() -> None:
    """Wrap moto's SNS publish and SES send calls (once per process) to note order and sender ID."""
    from moto.ses.models import SESBackend
    from moto.sns.models import SNSBackend

    if getattr(SNSBackend.publish, _CAPTURED, False):
        return
    publish = SNSBackend.publish
    publish_signature = inspect.signature(publish)

    def capturing_publish(self, *args, **kwargs):
        message_id = publish(self, *args, **kwargs)
        call = publish_signature.bind(self, *args, **kwargs).arguments
        if call.get("phone_number"):
            notes = self.__dict__.setdefault(_CAPTURED, {})
            notes[message_id] = (next(_sequence), dict(call.get("message_attributes") or {}), _now())
        return message_id

    setattr(capturing_publish, _CAPTURED, True)
    SNSBackend.publish = capturing_publish

    for name in ("send_email", "send_raw_email", "send_templated_email"):
        original = getattr(SESBackend, name)

        def capturing_send(self, *args, _original=original, **kwargs):
            message = _original(self, *args, **kwargs)
            setattr(message, _CAPTURED, (next(_sequence), _now()))
            return message

        setattr(SESBackend, name, capturing_send)


def outbox_messages(to: str | None = None) -> list[dict]:
    """Every SMS and e-mail accepted by the emulator, newest first; ``to``: only those whose
    recipient contains it (case-insensitive), as ``?to=`` of the outbox routes."""
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    entries: list[tuple[int, dict]] = []
    for regions in list(sns_backends.values()):
        for backend in list(regions.values()):
            notes = backend.__dict__.get(_CAPTURED, {})
            for message_id, (to_number, text) in list(backend.sms_messages.items()):
                sequence, attributes, accepted_at = notes.get(message_id, (0, {}, None))
                entry = _sms(message_id, to_number, text, attributes)
                entries.append((sequence, {**entry, "accepted_at": accepted_at or _seen(message_id)}))
    for regions in list(ses_backends.values()):
        for backend in list(regions.values()):
            for message in list(backend.sent_messages):
                sequence, accepted_at = getattr(message, _CAPTURED, (0, None))
                entries.append((sequence, {**_email(message), "accepted_at": accepted_at or _seen(message.id)}))
    # Stable sort: uncaptured messages (sequence 0) keep the emulator's order, at the end.
    ordered = sorted(enumerate(entries), key=lambda item: (item[1][0], item[0]), reverse=True)
    messages = [entry for _, (_, entry) in ordered if matches_to(entry, to)]
    history = _history_by_provider_id() if messages else {}
    return [{**entry, **history.get(entry["id"], _UNKNOWN)} for entry in messages]


def matches_to(message: dict, to: str | None) -> bool:
    """Whether ``message`` goes to ``to`` (a part of the number or address); no ``to``: all do."""
    return not to or not to.strip() or to.strip().lower() in str(message.get("to") or "").lower()


def _seen(message_id: str) -> str:
    return _first_seen.setdefault(message_id, _now())


_UNKNOWN = {"kind": None, "customer_id": None, "optician_id": None}


def _history_by_provider_id() -> dict[str, dict]:
    """``{provider message id: {"kind", "customer_id", "optician_id"}}`` of the history records
    (``MESSAGE#`` items) in the kontakt table, read from moto's DynamoDB backend like SNS and
    SES above: no API call, so a test that counts the service's AWS calls sees none; without the
    table every entry's kind and customer stay null."""
    from moto.dynamodb.models import dynamodb_backends

    from chalicelib.config import get_config

    name = get_config().table_name
    found: dict[str, dict] = {}
    for regions in list(dynamodb_backends.values()):
        for backend in list(regions.values()):
            table = backend.tables.get(name)
            if table is not None:
                for attrs in _items(table):
                    found.update(_history_entry(attrs))
    return found


def _items(table) -> list[dict]:
    """The attributes of every item; retried when a write (the ticker's thread) changed the table meanwhile."""
    for _ in range(5):
        try:
            return [dict(item.attrs) for item in table.all_items()]
        except RuntimeError:  # dictionary changed size during iteration
            continue
    return []


def _history_entry(attrs: dict) -> dict[str, dict]:
    def text(attribute: str) -> str | None:
        value = attrs.get(attribute)
        return value.value if value is not None and value.type == "S" else None

    pk, sk, provider_id = text("pk") or "", text("sk") or "", text("provider_message_id")
    if not sk.startswith("MESSAGE#") or not provider_id:
        return {}
    optician = pk.split("#")[1] if pk.startswith("OPT#") else None
    return {provider_id: {"kind": text("kind"), "customer_id": text("customer_id"), "optician_id": optician}}


def _attribute(attributes: dict, name: str) -> str | None:
    value = attributes.get(name) or {}
    return value.get("Value", value.get("StringValue"))


def _sms(message_id: str, to: str, text: str, attributes: dict) -> dict:
    return {"id": message_id, "channel": "sms", "to": to, "sender": _attribute(attributes, SENDER_ID),
            "subject": None, "text": text, "html": None,
            "headers": {name: _attribute(attributes, name) for name in sorted(attributes)}}


def _email(message) -> dict:
    raw = getattr(message, "raw_data", None)
    if raw is not None:
        return _raw_email(message, raw)
    body = getattr(message, "body", None)
    is_html = isinstance(body, str) and body.lstrip().startswith("<")
    destinations = getattr(message, "destinations", {}) or {}
    to = ", ".join(destinations.get("ToAddresses", [])) if isinstance(destinations, dict) else str(destinations)
    return {"id": message.id, "channel": "email", "to": to, "sender": message.source,
            "subject": getattr(message, "subject", None), "text": None if is_html else body,
            "html": body if is_html else None, "headers": {}}


def _raw_email(message, raw: str | bytes) -> dict:
    data = raw.encode("utf-8") if isinstance(raw, str) else raw
    mime = BytesParser(policy=policy.default).parsebytes(data)
    text = mime.get_body(preferencelist=("plain",))
    html = mime.get_body(preferencelist=("html",))
    return {
        "id": message.id,
        "channel": "email",
        "to": str(mime["To"]) if mime["To"] else ", ".join(message.destinations or []),
        "sender": str(mime["From"]) if mime["From"] else message.source,
        "subject": str(mime["Subject"]) if mime["Subject"] else None,
        "text": text.get_content() if text is not None else None,
        "html": html.get_content() if html is not None else None,
        "headers": {name: str(value) for name, value in mime.items()},
    }


def accepted() -> list[tuple[str, str, str]]:
    """``(provider message id, channel, accepted_at)`` of every SMS and e-mail the emulator accepted
    (the cheap part of ``outbox_messages``: no parsing, no table read)."""
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    found = []
    for regions in list(sns_backends.values()):
        for backend in list(regions.values()):
            notes = backend.__dict__.get(_CAPTURED, {})
            for message_id in list(backend.sms_messages):
                found.append((message_id, "sms", notes.get(message_id, (0, {}, None))[2] or _seen(message_id)))
    for regions in list(ses_backends.values()):
        for backend in list(regions.values()):
            for message in list(backend.sent_messages):
                found.append((message.id, "email", getattr(message, _CAPTURED, (0, None))[1] or _seen(message.id)))
    return found
