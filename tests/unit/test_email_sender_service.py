"""The e-mail sender service on in-memory stores: the send path asks SES again about a sender that
is not verified, at most once an hour (SPEC §8); a changed domain is onboarded; the settings screen's
state and its check. No moto: tests/fakes/opticians.py and tests/fakes/email_identity.py."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timedelta, timezone

import pytest

from chalicelib.api.bodies import decode
from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import OpticianSettings
from chalicelib.schemas.settings import SettingsInput
from chalicelib.services import wiring
from chalicelib.services.opticians import email_sender, opticians
from tests.conftest import OPTICIAN_SETTINGS
from tests.fakes.email_identity import FakeIdentities
from tests.fakes.opticians import InMemoryOpticians

NOW = datetime(2026, 12, 5, 9, 0, tzinfo=timezone.utc)


@pytest.fixture
def ses():
    fake = FakeIdentities()
    with wiring.override(opticians=InMemoryOpticians(), email_identity=fake):
        yield fake


@pytest.fixture
def optician(ses) -> OpticianSettings:
    created = opticians.onboard(decode(dict(OPTICIAN_SETTINGS), SettingsInput))
    ses.asked.clear()
    return opticians.get_settings(created["id"])


def pending(optician: OpticianSettings, checked: datetime) -> OpticianSettings:
    """The optician with a sender not verified yet, last asked about at ``checked``."""
    return replace(optician, email_sender=EmailSenderState("optik-muster.ch", "pending", ("t1", "t2", "t3"),
                                                          checked.isoformat(timespec="seconds")))


def test_a_recent_answer_is_not_asked_again(optician, ses):
    assert email_sender.ready(pending(optician, NOW - timedelta(minutes=10)), NOW) is False
    assert ses.asked == []


def test_after_an_hour_ses_is_asked_and_a_verified_answer_is_stored(optician, ses):
    ses.verified, ses.tokens = True, ()  # SES gives no tokens in this answer: the known ones stay

    assert email_sender.ready(pending(optician, NOW - timedelta(hours=2)), NOW) is True
    assert ses.asked == ["optik-muster.ch"]
    assert opticians.get_settings(optician.id).email_sender == EmailSenderState(
        "optik-muster.ch", "verified", ("t1", "t2", "t3"), NOW.isoformat(timespec="seconds"))


def test_ses_unavailable_keeps_the_sender_not_ready(optician, ses):
    ses.down = True

    assert email_sender.ready(pending(optician, NOW - timedelta(hours=2)), NOW) is False


def test_a_verified_sender_or_none_at_all_is_ready_without_asking(optician, ses):
    verified = replace(optician, email_sender=EmailSenderState("optik-muster.ch", "verified"))

    assert email_sender.ready(verified, NOW) and email_sender.ready(replace(optician, email_sender=None), NOW)
    assert ses.asked == []


def test_a_new_sending_domain_is_onboarded_and_the_same_one_is_not(optician, ses):
    moved = replace(optician, email_from="info@neu-optik.ch")
    email_sender.settings_changed(optician, replace(optician, reply_to="x@optik-muster.ch"))
    assert set(ses.identities) == {"optik-muster.ch"}

    email_sender.settings_changed(optician, moved)

    assert "neu-optik.ch" in ses.identities
    assert opticians.get_settings(optician.id).email_sender.domain == "neu-optik.ch"


def test_the_settings_screen_shows_the_dns_records_and_a_check_asks_ses_now(optician, ses):
    shown = email_sender.get_sender(optician.id)
    assert ses.asked == []  # the stored state, no call to SES
    assert shown["status"] == "pending" and [r["name"] for r in shown["dns_records"]] == [
        "t1._domainkey.optik-muster.ch", "t2._domainkey.optik-muster.ch", "t3._domainkey.optik-muster.ch"]
    ses.verified = True

    checked = email_sender.check_now(optician.id)

    assert checked["status"] == "verified" and ses.asked == ["optik-muster.ch"]
    ses.down = True
    with pytest.raises(email_sender.SesUnavailable):
        email_sender.check_now(optician.id)
