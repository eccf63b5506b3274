"""The outbox of local mode: every SMS and e-mail the emulated SNS and SES accepted (SPEC §5).

The messages are read from moto's backends (SNS ``sms_messages``, SES ``sent_messages``).
moto keeps neither the SMS message attributes (the sender ID) nor the order of SMS relative
to e-mails, so ``enable_capture`` wraps the two send calls once to note both.
"""
from __future__ import annotations

import inspect
import itertools
from email import policy
from email.parser import BytesParser

_sequence = itertools.count(1)
_CAPTURED = "_kontakt_captured"  # attribute on moto's backend / message objects
SENDER_ID = "AWS.SNS.SMS.SenderID"


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
            notes[message_id] = (next(_sequence), dict(call.get("message_attributes") or {}))
        return message_id

    setattr(capturing_publish, _CAPTURED, True)
    SNSBackend.publish = capturing_publish

    for name in ("send_email", "send_raw_email", "send_templated_email"):
        original = getattr(SESBackend, name)

        def capturing_send(self, *args, _original=original, **kwargs):
            message = _original(self, *args, **kwargs)
            setattr(message, _CAPTURED, next(_sequence))
            return message

        setattr(SESBackend, name, capturing_send)


def outbox_messages() -> list[dict]:
    """Every SMS and e-mail accepted by the emulator, newest first."""
    from moto.ses.models import ses_backends
    from moto.sns.models import sns_backends

    entries: list[tuple[int, dict]] = []
    for regions in list(sns_backends.values()):
        for backend in list(regions.values()):
            notes = backend.__dict__.get(_CAPTURED, {})
            for message_id, (to, text) in list(backend.sms_messages.items()):
                sequence, attributes = notes.get(message_id, (0, {}))
                entries.append((sequence, _sms(message_id, to, text, attributes)))
    for regions in list(ses_backends.values()):
        for backend in list(regions.values()):
            for message in list(backend.sent_messages):
                entries.append((getattr(message, _CAPTURED, 0), _email(message)))
    # Stable sort: uncaptured messages (sequence 0) keep the emulator's order, at the end.
    ordered = sorted(enumerate(entries), key=lambda item: (item[1][0], item[0]), reverse=True)
    return [entry for _, (_, entry) in ordered]


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
