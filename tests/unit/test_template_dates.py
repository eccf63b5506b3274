"""Dates in the Italian and French messages: the article before a date and the first of the month.

Italian elides the article before "otto" and "undici" ("l'8 maggio", "dall'11.05.2026") and
writes the first "1°"; French writes the first "1er" ("le 1er août"). Each template that puts
an article or preposition before a date is checked with the 1st, 8th, 11th and an ordinary day.
"""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from chalicelib.domain.sms_parts import count_parts
from chalicelib.rendering.render import KINDS, render_message
from tests.unit.test_templates import LONG_LINK, LONG_NAME_OPTICIAN, make_ctx, with_data

DAYS = (1, 8, 11, 27)


def on(day: int) -> date:
    return date(2026, 5, day)


def dated(day: int, skipped_day: int | None = None) -> dict:
    """The test data with every date on ``day`` of May 2026 (the skipped order on ``skipped_day``)."""
    return with_data(
        order={"ordered_at": datetime(2026, 5, day, 8, 0, tzinfo=timezone.utc)},
        subscription={"next_order_on": on(day), "skipped_on": on(skipped_day) if skipped_day else None},
        reminder={"runs_out_on": on(day)},
        passport={"valid_until": on(day)},
    )


def email_text(kind: str, language: str, data: dict) -> str:
    return render_message(make_ctx(kind, language, data=data), "email").text


ITALIAN_LONG = {1: {"il": "il 1° maggio", "al": "al 1° maggio", "del": "del 1° maggio"},
                8: {"il": "l'8 maggio", "al": "all'8 maggio", "del": "dell'8 maggio"},
                11: {"il": "l'11 maggio", "al": "all'11 maggio", "del": "dell'11 maggio"},
                27: {"il": "il 27 maggio", "al": "al 27 maggio", "del": "del 27 maggio"}}
# Each Italian e-mail that puts an article before a date (a postponed order was due on 3 May).
ITALIAN_EMAILS = [("repurchase_reminder", "fino {al} 2026"),
                  ("repurchase_control_reminder", "(la scorta dovrebbe bastare fino {al} 2026)"),
                  ("lens_passport", "valido fino {al} 2026"),
                  ("order_confirmation", "grazie per il suo ordine {del} 2026"),
                  ("subscription_preannouncement", "{il} 2026 effettueremo"),
                  ("subscription_preannouncement", "contattarci prima {del} 2026 al numero"),
                  ("subscription_changed", "previsto per il 3 maggio 2026 {al} 2026")]


@pytest.mark.parametrize("day", DAYS)
def test_italian_emails_elide_the_article_before_otto_and_undici(day):
    for kind, phrase in ITALIAN_EMAILS:
        assert phrase.format(**ITALIAN_LONG[day]) in email_text(kind, "it", dated(day, skipped_day=3)), kind
    postponed = with_data(subscription={"next_order_on": on(28), "skipped_on": on(day)})
    assert f"previsto per {ITALIAN_LONG[day]['il']} 2026 al 28 maggio 2026" in email_text(
        "subscription_changed", "it", postponed)


@pytest.mark.parametrize("day, dal, al", [(1, "dal 01.05.2026", "al 01.05.2026"),
                                         (8, "dall'08.05.2026", "all'08.05.2026"),
                                         (11, "dall'11.05.2026", "all'11.05.2026"),
                                         (27, "dal 27.05.2026", "al 27.05.2026")])
def test_italian_sms_elide_the_article_before_otto_and_undici(day, dal, al):
    changed = with_data(subscription={"next_order_on": on(day), "skipped_on": on(day)})
    assert f"passa {dal} {al}." in render_message(make_ctx("subscription_changed", "it", data=changed), "sms").text
    preannouncement = render_message(make_ctx("subscription_preannouncement", "it", data=dated(day)), "sms").text
    article = "l'" if day in (8, 11) else "il "
    assert f"abbonamento è {article}{on(day):%d.%m.%Y}." in preannouncement


# Each French e-mail that puts an article or preposition before a date.
FRENCH_EMAILS = [("repurchase_reminder", "jusqu'au {} 2026"),
                 ("repurchase_control_reminder", "elle devrait durer jusqu'au {} 2026. Votre prochain"),
                 ("subscription_preannouncement", "avant le {} 2026 au"),
                 ("order_confirmation", "Merci pour votre commande du {} 2026"),
                 ("subscription_preannouncement", "Le {} 2026, nous passerons"),
                 ("subscription_changed", "reportée au {} 2026")]


@pytest.mark.parametrize("day, expected", [(1, "1er mai"), (8, "8 mai"), (11, "11 mai"), (27, "27 mai")])
def test_french_emails_write_the_first_of_the_month_as_1er(day, expected):
    for kind, phrase in FRENCH_EMAILS:
        assert phrase.format(expected) in email_text(kind, "fr", dated(day, skipped_day=3)), kind
    subject = render_message(make_ctx("subscription_preannouncement", "fr", data=dated(day)), "email").subject
    assert subject.endswith(f": {expected} 2026")


@pytest.mark.parametrize("language", ["fr", "it"])
@pytest.mark.parametrize("day", DAYS)
@pytest.mark.parametrize("kind", KINDS)
def test_sms_with_any_day_stays_one_gsm7_part(kind, day, language):
    # GIVEN the longest SMS: a long optician name and shop domain, a postponed order
    ctx = make_ctx(kind, language, optician=LONG_NAME_OPTICIAN, link_url=LONG_LINK,
                   data=dated(day, skipped_day=day), customer={"first_name": "Anna-Lena", "last_name": "Muster"})
    sms = render_message(ctx, "sms").text
    parts = count_parts(sms)
    assert (parts.encoding, parts.parts) == ("GSM-7", 1), (parts.units, sms)
