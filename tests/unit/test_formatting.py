"""Locale formatting of dates, money, phone numbers, addresses, SMS text and branding."""
from __future__ import annotations

from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from chalicelib.domain.sms_parts import count_parts
from chalicelib.rendering.formatting import (
    NEUTRAL_COLOR,
    address_lines,
    date_with_article,
    email_branding,
    format_date_for,
    format_money_for,
    format_phone_for,
    gsm7_friendly,
    locale_for,
    phone_uri,
    safe_url,
)


def plain_spaces(text: str) -> str:
    """babel uses no-break spaces; compare what a reader sees."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize(
    "language, expected",
    [("de", "27. März 2026"), ("fr", "27 mars 2026"), ("it", "27 marzo 2026"), ("en", "27 March 2026")],
)
def test_long_date_spells_the_month_in_the_customers_language(language, expected):
    assert format_date_for(date(2026, 3, 27), language) == expected


@pytest.mark.parametrize("language", ["de", "fr", "it", "en"])
def test_short_date_is_swiss_numeric_in_every_language(language):
    # SMS use it: "août" (French August) would force the whole SMS into UCS-2.
    assert format_date_for(date(2026, 8, 3), language, style="short") == "03.08.2026"


@pytest.mark.parametrize("day, french, italian", [
    (1, "1er août 2026", "1° agosto 2026"),
    (8, "8 août 2026", "8 agosto 2026"),
    (11, "11 août 2026", "11 agosto 2026"),
    (27, "27 août 2026", "27 agosto 2026"),
])
def test_long_dates_write_the_first_of_the_month_as_an_ordinal_in_french_and_italian(day, french, italian):
    assert format_date_for(date(2026, 8, day), "fr") == french
    assert format_date_for(date(2026, 8, day), "it") == italian
    assert format_date_for(date(2026, 8, day), "de") == f"{day}. August 2026"
    assert format_date_for(date(2026, 8, day), "en") == f"{day} August 2026"


@pytest.mark.parametrize("day, il, al, dal, del_, dal_short", [
    (1, "il 1° maggio 2026", "al 1° maggio 2026", "dal 1° maggio 2026", "del 1° maggio 2026", "dal 01.05.2026"),
    (8, "l'8 maggio 2026", "all'8 maggio 2026", "dall'8 maggio 2026", "dell'8 maggio 2026", "dall'08.05.2026"),
    (11, "l'11 maggio 2026", "all'11 maggio 2026", "dall'11 maggio 2026", "dell'11 maggio 2026", "dall'11.05.2026"),
    (27, "il 27 maggio 2026", "al 27 maggio 2026", "dal 27 maggio 2026", "del 27 maggio 2026", "dal 27.05.2026"),
])
def test_italian_articles_before_a_date_are_elided_before_otto_and_undici(day, il, al, dal, del_, dal_short):
    on = date(2026, 5, day)
    assert date_with_article(on, "it", "il") == il
    assert date_with_article(on, "it", "al") == al
    assert date_with_article(on, "it", "dal") == dal
    assert date_with_article(on.isoformat(), "it", "del") == del_
    assert date_with_article(on, "it", "dal", style="short") == dal_short


@pytest.mark.parametrize("day, expected", [
    (1, "le 1er août 2026"), (8, "le 8 août 2026"), (11, "le 11 août 2026"), (27, "le 27 août 2026")])
def test_french_articles_before_a_date_are_never_elided(day, expected):
    assert date_with_article(date(2026, 8, day), "fr", "le") == expected
    assert date_with_article(date(2026, 8, day), "fr", "au", style="short") == f"au {day:02d}.08.2026"


def test_an_order_late_in_the_evening_is_named_with_its_local_day_and_article():
    ordered_at = datetime(2026, 5, 10, 22, 30, tzinfo=timezone.utc)  # 00:30 on 11 May in Zurich
    assert date_with_article(ordered_at, "it", "del", timezone="Europe/Zurich") == "dell'11 maggio 2026"


def test_unknown_language_formats_like_german():
    assert locale_for("rm") == "de_CH"
    assert format_date_for(date(2026, 3, 27), "rm") == "27. März 2026"


def test_an_order_late_in_the_evening_shows_the_local_day():
    # GIVEN an order at 23:30 UTC (00:30 in Zurich the next day)
    ordered_at = datetime(2026, 3, 27, 23, 30, tzinfo=timezone.utc)
    # THEN the customer sees the Swiss date
    assert format_date_for(ordered_at, "de", timezone="Europe/Zurich") == "28. März 2026"
    assert format_date_for(ordered_at, "de", timezone="UTC") == "27. März 2026"


def test_iso_strings_from_storage_are_accepted():
    assert format_date_for("2026-04-10", "en") == "10 April 2026"
    assert format_date_for("2026-04-10T08:00:00+00:00", "de", style="short") == "10.04.2026"


def test_unknown_date_style_or_type_is_a_programming_error():
    with pytest.raises(ValueError):
        format_date_for(date(2026, 1, 1), "de", style="medium")
    with pytest.raises(TypeError):
        format_date_for(20260101, "de")


@pytest.mark.parametrize(
    "language, expected",
    [("de", "CHF 119.80"), ("it", "CHF 119.80"), ("en", "CHF 119.80"), ("fr", "CHF 119.80")],
)
def test_money_is_shown_in_chf_per_language(language, expected):
    assert plain_spaces(format_money_for(Decimal("119.8"), language)) == expected


def test_money_groups_thousands_the_swiss_way():
    assert plain_spaces(format_money_for(Decimal("1234.5"), "de")) == "CHF 1’234.50"
    assert plain_spaces(format_money_for(Decimal("1234.5"), "fr")) == "CHF 1’234.50"
    assert plain_spaces(format_money_for("0.24", "de")) == "CHF 0.24"


def test_money_keeps_the_currency_next_to_the_amount():
    # A no-break space: an e-mail client never wraps "CHF" away from the number.
    assert format_money_for(Decimal("12"), "de") == "CHF\u00a012.00"


def test_swiss_phone_numbers_are_shown_in_national_format():
    assert format_phone_for("+41441234567") == "044 123 45 67"
    assert format_phone_for("044 123 45 67") == "044 123 45 67"
    assert phone_uri("044 123 45 67") == "tel:+41441234567"


def test_foreign_and_free_text_phone_numbers():
    assert format_phone_for("+49 1511 2345678") == "+49 1511 2345678"
    assert format_phone_for("ask at the counter") == "ask at the counter"
    assert phone_uri("ask at the counter") is None
    assert format_phone_for(None) is None
    assert format_phone_for("  ") is None


def test_address_as_text_or_object():
    assert address_lines("Bahnhofstrasse 12\n8001 Zürich\n") == ["Bahnhofstrasse 12", "8001 Zürich"]
    assert address_lines("Bahnhofstrasse 12, 8001 Zürich") == ["Bahnhofstrasse 12", "8001 Zürich"]
    assert address_lines({"street": "Rue du Marché 3", "postal_code": "1204", "city": "Genève"}) == [
        "Rue du Marché 3",
        "1204 Genève",
    ]
    assert address_lines(None) == []


def test_gsm7_friendly_keeps_an_sms_in_gsm7():
    # GIVEN typography and a name with a letter GSM-7 lacks
    text = "François’ «Laden» – 1\u202f234… Zoë"
    # WHEN made SMS friendly
    friendly = gsm7_friendly(text)
    # THEN it reads the same and stays GSM-7 (160 characters per part, not 70)
    assert friendly == 'Francois\' "Laden" - 1 234... Zoe'
    assert count_parts(friendly).encoding == "GSM-7"


def test_gsm7_friendly_leaves_gsm7_letters_and_unfixable_text_alone():
    assert gsm7_friendly("Hélène, Zürich, già, è, ñ") == "Hélène, Zürich, già, è, ñ"
    assert gsm7_friendly("Привет 👓") == "Привет 👓"


def test_only_http_urls_are_used():
    assert safe_url("https://shop.optik-muster.ch") == "https://shop.optik-muster.ch"
    assert safe_url(" http://a.ch/x ") == "http://a.ch/x"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url('https://a.ch/"onmouseover="x') is None
    assert safe_url(None) is None


def test_branding_keeps_a_valid_colour():
    brand = email_branding({"primary_color": "#0a7b83", "logo_url": "https://cdn.example.ch/logo.png"})
    assert brand["color"] == "#0A7B83"
    assert brand["accent"] == "#0A7B83"
    assert brand["text_color"] == "#FFFFFF"
    assert brand["logo_url"] == "https://cdn.example.ch/logo.png"


def test_branding_expands_short_hex_and_falls_back_to_neutral():
    assert email_branding({"primary_color": "#f60"})["color"] == "#FF6600"
    assert email_branding({"primary_color": "red; background:url(x)"})["color"] == NEUTRAL_COLOR
    assert email_branding({})["color"] == NEUTRAL_COLOR
    assert email_branding(None)["logo_url"] is None
    assert email_branding({"logo_url": "javascript:alert(1)"})["logo_url"] is None


def test_a_light_brand_colour_gets_dark_button_text_and_a_readable_accent():
    brand = email_branding({"primary_color": "#FFEB3B"})
    assert brand["text_color"] == "#111827"
    assert brand["accent"] == NEUTRAL_COLOR
