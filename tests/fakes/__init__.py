"""In-memory stand-ins for the SMS (SNS) and e-mail (SES) adapters.

They have the adapters' interface (``send_sms``, ``send_email`` + ``OutgoingEmail``), keep
what was sent, and raise queued errors, so the send path can be tested without AWS.
Install both with ``use_fake_providers(monkeypatch)``.
"""
from __future__ import annotations

import itertools

from chalicelib.adapters.email import OutgoingEmail, build_mime


class FakeSms:
    def __init__(self):
        self.sent: list[dict] = []
        self.errors: list[Exception] = []
        self._ids = itertools.count(1)

    def fail_next(self, *errors: Exception) -> None:
        """The next calls raise these errors, one per call, in order."""
        self.errors.extend(errors)

    def send_sms(self, to: str, text: str, sender_id: str, sms_type: str = "Transactional") -> str:
        if self.errors:
            raise self.errors.pop(0)
        message_id = f"sms-{next(self._ids)}"
        self.sent.append({"to": to, "text": text, "sender_id": sender_id, "sms_type": sms_type, "id": message_id})
        return message_id


class FakeEmail:
    OutgoingEmail = OutgoingEmail

    def __init__(self):
        self.sent: list[dict] = []
        self.errors: list[Exception] = []
        self._ids = itertools.count(1)

    def fail_next(self, *errors: Exception) -> None:
        self.errors.extend(errors)

    def send_email(self, message: OutgoingEmail, configuration_set: str | None = None) -> str:
        if self.errors:
            raise self.errors.pop(0)
        message_id = f"email-{next(self._ids)}"
        self.sent.append({"message": message, "raw": build_mime(message), "configuration_set": configuration_set,
                          "id": message_id})
        return message_id


def use_fake_providers(monkeypatch) -> tuple[FakeSms, FakeEmail]:
    """Route the send path's SNS and SES calls to fresh fakes (the wiring's ``sms`` and ``email``
    stores, restored with the monkeypatch); (sms, email)."""
    from chalicelib.services import wiring

    sms, email = FakeSms(), FakeEmail()
    monkeypatch.setitem(wiring._overrides, "sms", sms)
    monkeypatch.setitem(wiring._overrides, "email", email)
    return sms, email
