"""What the send path needs of the SMS provider (SNS).

Production: ``chalicelib/adapters/sms.py``; it raises ``TransientSendError`` /
``PermanentSendError`` (``chalicelib/domain/errors.py``); tests: ``tests/fakes/__init__.py``.
"""
from __future__ import annotations

from typing import Protocol


class SmsProvider(Protocol):
    def send_sms(self, to: str, text: str, sender_id: str, sms_type: str = "Transactional") -> str:
        """Hand one SMS to the provider; its message id."""
