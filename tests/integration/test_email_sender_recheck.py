"""The send path asks SES again about a sender that is not verified, at most once an hour (SPEC §8)."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.services.opticians import email_sender

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def ses(monkeypatch):
    from chalicelib.adapters import email_identity

    calls, answer = [], {"identity": {"VerifiedForSendingStatus": False, "DkimAttributes": {"Status": "PENDING"}}}

    def get_identity(identity):
        calls.append(identity)
        return answer["identity"]

    monkeypatch.setattr(email_identity, "get_identity", get_identity)
    return calls, answer


@pytest.fixture
def optician(aws):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.settings import SettingsInput
    from chalicelib.services.opticians.opticians import get_settings, onboard
    from tests.conftest import OPTICIAN_SETTINGS

    created = onboard(decode(dict(OPTICIAN_SETTINGS), SettingsInput))
    return get_settings(created["id"])


def pending(checked: datetime) -> dict:
    return {"domain": "optik-muster.ch", "status": "pending", "tokens": ["t1", "t2", "t3"],
            "checked_at": checked.isoformat(timespec="seconds")}


def test_a_recent_answer_is_not_asked_again(optician, ses):
    calls, _ = ses
    optician["email_sender"] = pending(NOW - timedelta(minutes=10))

    assert email_sender.ready(optician, NOW) is False and calls == []


def test_after_an_hour_ses_is_asked_and_a_verified_answer_is_stored(optician, ses):
    from chalicelib.services.opticians.opticians import get_settings

    calls, answer = ses
    optician["email_sender"] = pending(NOW - timedelta(hours=2))
    answer["identity"] = {"VerifiedForSendingStatus": True, "DkimAttributes": {"Status": "SUCCESS"}}

    assert email_sender.ready(optician, NOW) is True and calls == ["optik-muster.ch"]
    stored = get_settings(optician["id"])["email_sender"]
    assert stored["status"] == "verified" and stored["checked_at"] == NOW.isoformat(timespec="seconds")
    assert stored["tokens"] == ["t1", "t2", "t3"]  # SES gave none in this answer: the known ones stay


def test_ses_unavailable_keeps_the_sender_not_ready(optician, monkeypatch):
    from chalicelib.adapters import email_identity

    def down(identity):
        raise email_identity.IdentityUnavailable("Throttling")

    monkeypatch.setattr(email_identity, "get_identity", down)
    optician["email_sender"] = pending(NOW - timedelta(hours=2))

    assert email_sender.ready(optician, NOW) is False
