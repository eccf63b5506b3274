"""The optician's settings record: the adapter's conversion of a stored item (the DynamoDB edge),
with the defaults of settings stored before they existed, and the shapes the API shows."""
from __future__ import annotations

import json
from datetime import time

from chalicelib.adapters.dynamo.opticians import OpticianItem, to_record
from chalicelib.domain.email_sender import EmailSenderState
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.send_window import DEFAULT_WINDOW


def item(settings: dict, sender: dict | None = None) -> OpticianItem:
    return OpticianItem("OPT#opt_1", "PROFILE", optician_id="opt_1", settings=json.dumps(settings),
                        created_at="2026-01-01T00:00:00+00:00",
                        email_sender=json.dumps(sender) if sender else None)


def test_an_optician_stored_before_the_newer_settings_gets_their_defaults():
    record = to_record(item({"name": "Optik Alt", "sender_name": "OptikAlt"}))

    assert record == OpticianSettings(id="opt_1", name="Optik Alt", sender_name="OptikAlt")
    assert record.sms_countries == ("CH", "LI") and record.sms_monthly_limit_chf == "300.00"
    assert (record.package, record.language, record.timezone) == ("silver", "de", "Europe/Zurich")
    assert record.send_window == DEFAULT_WINDOW and record.repurchase_lead_days == 14
    assert record.pending_sender_name is None and record.email_sender is None


def test_stored_settings_and_the_sender_state_are_read_as_they_are():
    stored = {"name": "Optik Muster", "sender_name": "OptikMstr", "pending_sender_name": "Muster",
              "package": "gold", "email_from": "kontakt@optik-muster.ch", "language": "fr",
              "timezone": "Europe/Vaduz", "repurchase_lead_days": 0, "sms_countries": ["CH", "DE"],
              "sms_monthly_limit_chf": "50.00", "send_window": {"days": ["tue"], "start": "08:30", "end": "12:00"},
              "branding": {"logo_url": "https://optik-muster.ch/logo.png", "primary_color": "#0A5FAA"}}
    record = to_record(item(stored, {"domain": "optik-muster.ch", "status": "verified", "tokens": ["a", "b"],
                                     "checked_at": "2026-03-01T09:00:00+00:00"}))

    assert record.repurchase_lead_days == 0  # 0 is a setting, not a missing one
    assert record.sms_countries == ("CH", "DE") and record.sms_monthly_limit_chf == "50.00"
    assert record.send_window.days == frozenset({1}) and record.send_window.start == time(8, 30)
    assert record.branding.primary_color == "#0A5FAA" and record.pending_sender_name == "Muster"
    assert record.email_sender == EmailSenderState("optik-muster.ch", "verified", ("a", "b"),
                                                   "2026-03-01T09:00:00+00:00")


def test_the_api_shows_the_settings_with_the_id_and_never_the_sender_state():
    record = to_record(item({"name": "Optik", "sender_name": "Optik"}, {"domain": "optik.ch", "status": "pending"}))
    shown = record.shown()

    assert shown["id"] == "opt_1" and "email_sender" not in shown
    assert shown["send_window"] == {"days": ["mon", "tue", "wed", "thu", "fri", "sat"], "start": "09:00",
                                    "end": "19:00"}
    assert shown["sms_countries"] == ["CH", "LI"] and shown["branding"] == {"logo_url": None, "primary_color": None}
    # what is stored again is what was shown, without the id
    assert record.settings() == {key: value for key, value in shown.items() if key != "id"}
