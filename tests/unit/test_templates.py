"""Every message kind renders in de/fr/it/en as SMS and e-mail, in the optician's name."""
from __future__ import annotations

import subprocess
import sys
from dataclasses import replace
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.message_kinds import KIND_TOPIC
from chalicelib.domain.sms_parts import count_parts
from chalicelib.rendering.render import (
    KINDS,
    TEMPLATES_DIR,
    MessageContext,
    render_message,
    resolve_language,
)

LANGUAGES = ("de", "fr", "it", "en")
# Typical, not short, first names per language.
FIRST_NAMES = {"de": "Franziska", "fr": "Christine", "it": "Francesca", "en": "Elizabeth"}
TOKEN = "Xk3_9aQz-7LmPq2RtVb0Yw"  # 22 URL-safe characters = 132 random bits
LINK = "https://shop.optik-muster.ch/l/" + TOKEN
UNSUBSCRIBE = "https://api.kontakt.example/unsubscribe/eyJ0b3BpYyI6InJlcHVyY2hhc2UifQ"
TRACKING = "https://www.post.ch/swisspost-tracking?formattedParcelCodes=99.60.123456.12345678"

OPTICIAN = {
    "name": "Optik Muster",
    "phone": "+41441234567",
    "address": "Bahnhofstrasse 12\n8001 Zürich",
    "webshop_url": "https://shop.optik-muster.ch",
    "webapp_url": "https://app.optik-muster.ch",
    "booking_url": "https://www.optik-muster.ch/termin",
    "email_from": "info@optik-muster.ch",
    "reply_to": "info@optik-muster.ch",
    "branding": {"logo_url": "https://cdn.optik-muster.ch/logo.png", "primary_color": "#0A7B83"},
    "language": "de",
    "timezone": "Europe/Zurich",
}
LINES = [
    {"product_name": "Dailies Total1", "eye": "right", "pack_size": 90, "quantity": 1},
    {"product_name": "Dailies Total1", "eye": "left", "pack_size": 90, "quantity": 1},
]
DATA = {
    "order": {
        "id": "01HZX3Q9V8K2M4N6P8R0T2V4X6",
        "order_id": "100234",
        "delivery": "home",
        "lines": LINES,
        "ordered_at": datetime(2026, 3, 27, 9, 30, tzinfo=timezone.utc),
        "tracking_url": TRACKING,
        "total": Decimal("119.80"),
    },
    "subscription": {"next_order_on": date(2026, 4, 3), "interval_weeks": 12, "lines": LINES},
    "reminder": {"product_name": "Dailies Total1", "runs_out_on": date(2026, 4, 10), "interval_days": 1},
    "passport": {"issued_on": date(2026, 1, 10), "valid_until": date(2027, 1, 10)},
}
# Kinds whose message is the personal webshop link (SPEC §4).
LINK_KINDS = {
    "repurchase_reminder",
    "repurchase_control_reminder",
    "subscription_confirmation",
    "subscription_preannouncement",
    "subscription_changed",
    "subscription_cancelled",
    "lens_passport",
    "webshop_login",
}


def make_ctx(kind: str, language: str = "de", **changes) -> MessageContext:
    ctx = MessageContext(
        kind=kind,
        language=language,
        optician=OPTICIAN,
        customer={"first_name": FIRST_NAMES.get(language, "Franziska"), "last_name": "Muster", "salutation": "Frau"},
        link_url=LINK,
        unsubscribe_url=UNSUBSCRIBE,
        data=DATA,
    )
    return replace(ctx, **changes)


def with_data(**changes) -> dict:
    """DATA with some entries replaced (shallow merge per entry)."""
    return {key: {**value, **changes.get(key, {})} for key, value in DATA.items()}


def test_templates_cover_every_kind_of_the_spec_plus_the_combined_reminder():
    spec_kinds = {
        "repurchase_reminder", "control_reminder", "lens_exchange_reminder",
        "subscription_confirmation", "subscription_preannouncement", "subscription_changed",
        "subscription_cancelled", "order_confirmation", "shipping_confirmation",
        "pickup_invitation", "lens_passport", "webshop_login", "webapp_install",
    }  # fmt: skip
    assert set(KINDS) == spec_kinds | {"repurchase_control_reminder"}
    assert set(KIND_TOPIC) <= set(KINDS)  # every kind the domain can send has templates
    for language in LANGUAGES:
        for kind in KINDS:
            assert (TEMPLATES_DIR / language / f"{kind}.j2").is_file(), (language, kind)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_sms_is_personal_signed_and_carries_the_link(kind, language):
    sms = render_message(make_ctx(kind, language), "sms")
    assert sms.subject is None and sms.html is None
    assert FIRST_NAMES[language] in sms.text
    assert sms.text.splitlines()[-1] == "Optik Muster"  # signed with the optician's name
    if kind in LINK_KINDS:
        assert LINK in sms.text
    assert "ß" not in sms.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_sms_fits_in_one_gsm7_part(kind, language):
    # GIVEN a realistic optician, personal link and first name
    sms = render_message(make_ctx(kind, language), "sms")
    # THEN the SMS costs one part: GSM-7, at most 160 septets
    parts = count_parts(sms.text)
    assert parts.encoding == "GSM-7", sms.text
    assert parts.parts == 1, (parts.units, sms.text)


LONG_NAME_OPTICIAN = {**OPTICIAN, "name": "Augenoptik Bahnhofstrasse", "sender_name": "BahnhofOpt",
                      "webshop_url": "https://shop.augenoptik-bahnhofstrasse.ch"}
LONG_LINK = "https://shop.augenoptik-bahnhofstrasse.ch/l/" + TOKEN


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_a_long_optician_name_and_shop_domain_still_cost_one_part(kind, language):
    # GIVEN an optician with a long name and shop domain, and a customer with a long first name
    ctx = make_ctx(kind, language, optician=LONG_NAME_OPTICIAN, link_url=LONG_LINK,
                   customer={"first_name": "Anna-Lena", "last_name": "Muster"})
    sms = render_message(ctx, "sms").text
    # THEN the SMS stays in one GSM-7 part: signed with the name, else the sender ID, else unsigned
    parts = count_parts(sms)
    assert (parts.encoding, parts.parts) == ("GSM-7", 1), (parts.units, sms)
    assert "Anna-Lena" in sms
    if kind in LINK_KINDS:
        assert LONG_LINK in sms
    last = sms.splitlines()[-1]
    full = render_message(replace(ctx, optician={**LONG_NAME_OPTICIAN, "name": "X"}), "sms").text
    assert last in ("Augenoptik Bahnhofstrasse", "BahnhofOpt") or last == full.splitlines()[-2]


def test_the_full_name_is_kept_where_it_fits():
    ctx = make_ctx("order_confirmation", "de", optician=LONG_NAME_OPTICIAN, link_url=LONG_LINK)
    assert render_message(ctx, "sms").text.splitlines()[-1] == "Augenoptik Bahnhofstrasse"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "kind, changes",
    [
        ("subscription_changed", {"data": with_data(subscription={"skipped_on": date(2026, 3, 27)})}),
        ("order_confirmation", {"data": with_data(order={"delivery": "pickup"})}),
        ("shipping_confirmation", {"data": with_data(order={"tracking_url": None})}),
        ("control_reminder", {"optician": {**OPTICIAN, "booking_url": None}}),
        ("control_reminder", {"optician": {**OPTICIAN, "phone": None}}),
        ("subscription_cancelled", {"link_url": None}),
        ("lens_exchange_reminder", {"link_url": None}),
        # Booking URL but no phone: the SMS carries two links (reorder and booking).
        ("repurchase_control_reminder", {"optician": {**OPTICIAN, "phone": None}}),
    ],
)
def test_sms_variants_also_fit_in_one_gsm7_part(kind, changes, language):
    sms = render_message(make_ctx(kind, language, **changes), "sms")
    parts = count_parts(sms.text)
    assert (parts.encoding, parts.parts) == ("GSM-7", 1), (parts.units, sms.text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_combined_reminder_without_phone_links_reorder_and_booking(language):
    sms = render_message(make_ctx("repurchase_control_reminder", language, optician={**OPTICIAN, "phone": None}), "sms")
    assert LINK in sms.text and "https://www.optik-muster.ch/termin" in sms.text


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_email_has_subject_branded_html_and_the_same_plain_text(kind, language):
    mail = render_message(make_ctx(kind, language), "email")
    assert mail.subject and "\n" not in mail.subject
    assert f'<html lang="{language}">' in mail.html
    assert "#0A7B83" in mail.html  # the optician's colour
    assert 'src="https://cdn.optik-muster.ch/logo.png"' in mail.html
    for part in (mail.text, mail.html):
        assert FIRST_NAMES[language] in part
        assert "Optik Muster" in part
        assert "Bahnhofstrasse 12" in part
        assert "044 123 45 67" in part
        assert UNSUBSCRIBE in part  # the unsubscribe link in both parts
        if kind in LINK_KINDS:
            assert LINK in part
    assert "<" not in mail.text  # plain text, no markup
    for part in (mail.subject, mail.text, mail.html):
        assert "ß" not in part


def test_no_template_contains_a_sharp_s():
    # Swiss German writes "ss": "Grüsse", "regelmässig".
    sources = [path for path in TEMPLATES_DIR.rglob("*.j2")]
    assert len(sources) >= 4 * 15
    offenders = [str(path) for path in sources if "ß" in path.read_text(encoding="utf-8")]
    assert offenders == []


@pytest.mark.parametrize("language", ["fr", "it"])
def test_french_and_italian_sms_sources_avoid_letters_outside_gsm7(language):
    # "ç ê â ô î û" etc. are not GSM-7: one of them would make the SMS UCS-2 (70 characters).
    for kind in KINDS:
        sms = render_message(make_ctx(kind, language), "sms").text
        assert not set(sms) & set("çêâôîûëïœ’«»"), (kind, sms)


def test_html_escapes_the_customer_name_but_text_and_sms_keep_it_verbatim():
    ctx = make_ctx("webshop_login", customer={"first_name": "<b>Eve</b>"})
    mail = render_message(ctx, "email")
    assert "<b>Eve</b>" not in mail.html
    assert "&lt;b&gt;Eve&lt;/b&gt;" in mail.html
    assert "Guten Tag <b>Eve</b>" in mail.text
    assert "&lt;" not in mail.text
    assert render_message(ctx, "sms").text.startswith("Hallo <b>Eve</b>,")


def test_html_escapes_optician_and_product_text():
    ctx = make_ctx(
        "order_confirmation",
        optician={**OPTICIAN, "name": 'Optik "Blick" & <Co>'},
        data=with_data(order={"lines": [{**LINES[0], "product_name": "<script>x</script>"}]}),
    )
    html = render_message(ctx, "email").html
    assert "<script>" not in html and "<Co>" not in html
    assert "&lt;script&gt;x&lt;/script&gt;" in html
    assert "Optik &#34;Blick&#34; &amp; &lt;Co&gt;" in html


def test_invalid_branding_falls_back_to_a_neutral_look():
    optician = {**OPTICIAN, "branding": {"primary_color": "red;background:url(evil)", "logo_url": "javascript:x"}}
    html = render_message(make_ctx("webshop_login", optician=optician), "email").html
    assert "url(evil)" not in html and "javascript:" not in html
    assert "#374151" in html
    assert "<img" not in html  # no logo: the optician's name is shown instead
    assert ">Optik Muster</span>" in html


@pytest.mark.parametrize(
    "language, ordered_on, total",
    [
        ("de", "27. März 2026", "CHF\u00a0119.80"),
        ("fr", "27 mars 2026", "CHF\u00a0119.80"),
        ("it", "27 marzo 2026", "CHF\u00a0119.80"),
        ("en", "27 March 2026", "CHF\u00a0119.80"),
    ],
)
def test_email_formats_dates_and_money_per_language(language, ordered_on, total):
    mail = render_message(make_ctx("order_confirmation", language), "email")
    for part in (mail.text, mail.html):
        assert ordered_on in part
        assert total in part
        assert "100234" in part


@pytest.mark.parametrize(
    "language, expected",
    [("de", "3. April 2026"), ("fr", "3 avril 2026"), ("it", "3 aprile 2026"), ("en", "3 April 2026")],
)
def test_preannouncement_names_the_order_date_long_in_email_and_numeric_in_sms(language, expected):
    ctx = make_ctx("subscription_preannouncement", language)
    assert expected in render_message(ctx, "email").subject
    assert "03.04.2026" in render_message(ctx, "sms").text


def test_postponed_subscription_order_names_both_dates():
    ctx = make_ctx("subscription_changed", data=with_data(subscription={"skipped_on": date(2026, 3, 27)}))
    assert "03.04.2026" in render_message(ctx, "sms").text
    assert "27.03.2026" in render_message(ctx, "sms").text
    mail = render_message(ctx, "email")
    assert "verschoben" in mail.subject
    assert "27. März 2026" in mail.text and "3. April 2026" in mail.text


def test_order_lines_are_listed_in_the_email():
    text = render_message(make_ctx("subscription_confirmation", "en"), "email").text
    assert "- 1 × Dailies Total1, pack of 90 lenses, right eye" in text
    assert "- 1 × Dailies Total1, pack of 90 lenses, left eye" in text
    assert "every 12 weeks" in text


def test_shipping_confirmation_links_the_tracking_page():
    ctx = make_ctx("shipping_confirmation")
    assert TRACKING in render_message(ctx, "sms").text
    assert f'href="{TRACKING}"' in render_message(ctx, "email").html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", ["order_confirmation", "shipping_confirmation", "pickup_invitation"])
def test_back_office_order_never_shows_our_internal_id(kind, language):
    # GIVEN an order entered in the back office: no webshop order number, only our id
    ctx = make_ctx(kind, language, data=with_data(order={"order_id": None}))
    mail = render_message(ctx, "email")
    sms = render_message(ctx, "sms").text
    # THEN no message shows the id (it means nothing to the customer), nor a number label
    for part in (mail.subject, mail.text, mail.html, sms):
        assert "01HZX3Q9V8K2M4N6P8R0T2V4X6" not in part
    for label in ("Bestellnummer", "Numéro de commande", "Numero d'ordine", "Order number"):
        assert label not in mail.text
    assert "  " not in mail.subject and not mail.subject.endswith(" ")


@pytest.mark.parametrize(
    "language, subject",
    [
        ("de", "Bestätigung Ihrer Bestellung"),
        ("fr", "Confirmation de votre commande"),
        ("it", "Conferma del suo ordine"),
        ("en", "We've received your order"),
    ],
)
def test_order_confirmation_subject_names_the_webshop_number_only(language, subject):
    webshop = render_message(make_ctx("order_confirmation", language), "email")
    assert webshop.subject == f"{subject} 100234"
    assert "100234" in webshop.text and "100234" in render_message(make_ctx("order_confirmation", language), "sms").text
    back_office = make_ctx("order_confirmation", language, data=with_data(order={"order_id": None}))
    assert render_message(back_office, "email").subject == subject


def test_pickup_invitation_tells_where_to_pick_up():
    sms = render_message(make_ctx("pickup_invitation"), "sms").text
    assert "Bahnhofstrasse 12, 8001 Zürich" in sms


def test_control_reminder_offers_booking_url_and_phone():
    sms = render_message(make_ctx("control_reminder"), "sms").text
    assert "https://www.optik-muster.ch/termin" in sms and "044 123 45 67" in sms
    phone_only = render_message(make_ctx("control_reminder", optician={**OPTICIAN, "booking_url": None}), "sms")
    assert "044 123 45 67" in phone_only.text and "termin" not in phone_only.text
    html = render_message(make_ctx("control_reminder"), "email").html
    assert 'href="https://www.optik-muster.ch/termin"' in html
    assert 'href="tel:+41441234567"' in html


def test_combined_reminder_carries_reorder_link_and_appointment():
    sms = render_message(make_ctx("repurchase_control_reminder"), "sms").text
    assert LINK in sms and "044 123 45 67" in sms
    mail = render_message(make_ctx("repurchase_control_reminder"), "email")
    assert "Kontrolle" in mail.subject
    assert "10. April 2026" in mail.text


def test_lens_passport_never_contains_prescription_values():
    passport = {
        **DATA["passport"],
        "right": {"sphere": "-2.75", "cylinder": "-0.75", "axis": 170, "base_curve": "8.65"},
        "left": {"sphere": "-3.25", "base_curve": "8.65"},
    }
    ctx = make_ctx("lens_passport", data={**DATA, "passport": passport})
    for part in (render_message(ctx, "sms").text, render_message(ctx, "email").text):
        for value in ("-2.75", "-0.75", "8.65", "-3.25", "170"):
            assert value not in part
        assert LINK in part


def test_webapp_install_links_the_web_app():
    assert "https://app.optik-muster.ch" in render_message(make_ctx("webapp_install"), "sms").text


@pytest.mark.parametrize("channel", ["sms", "email"])
def test_webapp_install_without_webapp_url_names_the_setting(channel):
    ctx = make_ctx("webapp_install", optician={**OPTICIAN, "webapp_url": None})
    with pytest.raises(ValidationError) as error:
        render_message(ctx, channel)
    assert error.value.field == "settings.webapp_url"


@pytest.mark.parametrize("kind", ["control_reminder", "repurchase_control_reminder"])
def test_check_up_reminder_without_booking_url_and_phone_names_the_setting(kind):
    ctx = make_ctx(kind, optician={**OPTICIAN, "booking_url": None, "phone": None})
    with pytest.raises(ValidationError) as error:
        render_message(ctx, "sms")
    assert error.value.field == "settings.booking_url"


def test_link_message_without_webshop_names_the_setting():
    ctx = make_ctx("webshop_login", link_url=None, optician={**OPTICIAN, "webshop_url": None})
    with pytest.raises(ValidationError) as error:
        render_message(ctx, "sms")
    assert error.value.field == "settings.webshop_url"


@pytest.mark.parametrize(
    "kind, data, field",
    [
        ("order_confirmation", {}, "data.order"),
        ("subscription_confirmation", {}, "data.subscription"),
        ("subscription_preannouncement", {"subscription": {"interval_weeks": 4}}, "data.subscription.next_order_on"),
    ],
)
def test_missing_order_or_subscription_is_a_validation_error(kind, data, field):
    with pytest.raises(ValidationError) as error:
        render_message(make_ctx(kind, data=data), "email")
    assert error.value.field == field


def test_unknown_kind_or_channel_is_rejected():
    with pytest.raises(ValidationError) as error:
        render_message(make_ctx("birthday_greeting"), "sms")
    assert error.value.field == "kind"
    with pytest.raises(ValidationError) as error:
        render_message(make_ctx("webshop_login"), "fax")
    assert error.value.field == "channel"


def test_language_falls_back_to_the_opticians_then_german():
    assert resolve_language("fr", "de") == "fr"
    assert resolve_language("fr-CH") == "fr"
    assert resolve_language("rm", "it") == "it"
    assert resolve_language(None, None) == "de"
    ctx = make_ctx("webshop_login", language="rm", optician={**OPTICIAN, "language": "fr"})
    assert render_message(ctx, "sms").text.startswith("Bonjour ")
    ctx = make_ctx("webshop_login", language="rm", optician={**OPTICIAN, "language": None})
    assert render_message(ctx, "sms").text.startswith("Hallo ")


@pytest.mark.parametrize(
    "language, sms_start, email_start",
    [
        ("de", "Guten Tag Frau Keller,", "Guten Tag Frau Keller\n"),
        ("fr", "Bonjour Madame Keller,", "Bonjour Madame Keller,\n"),
        ("it", "Buongiorno Signora Keller,", "Gentile Signora Keller,\n"),
        ("en", "Hello Ms Keller,", "Dear Ms Keller,\n"),
    ],
)
def test_customer_without_first_name_is_greeted_politely(language, sms_start, email_start):
    # GIVEN a customer known by salutation and last name only; the optician typed "Frau"
    customer = {"first_name": None, "last_name": "Keller", "salutation": "Frau"}
    ctx = make_ctx("webshop_login", language, customer=customer)
    # THEN the salutation is written in the message's language
    assert render_message(ctx, "sms").text.startswith(sms_start)
    assert render_message(ctx, "email").text.startswith(email_start)
    anonymous = render_message(make_ctx("webshop_login", language, customer={}), "sms").text
    assert " ," not in anonymous and "None" not in anonymous


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("Frau", {"de": "Frau", "fr": "Madame", "it": "Signora", "en": "Ms"}),
        ("herr", {"de": "Herr", "fr": "Monsieur", "it": "Signor", "en": "Mr"}),
        (" HERR. ", {"de": "Herr", "fr": "Monsieur", "it": "Signor", "en": "Mr"}),
        ("Madame", {"de": "Frau", "fr": "Madame", "it": "Signora", "en": "Ms"}),
        ("Monsieur", {"de": "Herr", "fr": "Monsieur", "it": "Signor", "en": "Mr"}),
        ("M.", {"de": "Herr", "fr": "Monsieur", "it": "Signor", "en": "Mr"}),
        ("Signora", {"de": "Frau", "fr": "Madame", "it": "Signora", "en": "Ms"}),
        ("Signor", {"de": "Herr", "fr": "Monsieur", "it": "Signor", "en": "Mr"}),
        ("Ms.", {"de": "Frau", "fr": "Madame", "it": "Signora", "en": "Ms"}),
        ("Mrs", {"de": "Frau", "fr": "Madame", "it": "Signora", "en": "Mrs"}),
        ("MR.", {"de": "Herr", "fr": "Monsieur", "it": "Signor", "en": "Mr"}),
    ],
)
def test_salutation_is_written_in_the_message_language(typed, expected):
    for language, salutation in expected.items():
        customer = {"last_name": "Keller", "salutation": typed}
        greeting = {"de": "Guten Tag", "fr": "Bonjour", "it": "Buongiorno", "en": "Hello"}[language]
        sms = render_message(make_ctx("webshop_login", language, customer=customer), "sms").text
        assert sms.startswith(f"{greeting} {salutation} Keller,"), (typed, sms)


@pytest.mark.parametrize(
    "language, sms_start, email_start",
    [
        ("de", "Guten Tag,", "Guten Tag\n"),
        ("fr", "Bonjour,", "Bonjour,\n"),
        ("it", "Buongiorno,", "Buongiorno,\n"),
        ("en", "Hello,", "Hello,\n"),
    ],
)
@pytest.mark.parametrize("salutation", [None, "", "Dr."])
def test_last_name_without_a_known_salutation_gets_the_plain_greeting(language, sms_start, email_start, salutation):
    # GIVEN a last name only, with no salutation (or one unknown outside German: "Dr.")
    customer = {"first_name": None, "last_name": "Keller", "salutation": salutation}
    ctx = make_ctx("webshop_login", language, customer=customer)
    sms = render_message(ctx, "sms").text
    mail = render_message(ctx, "email").text
    if language == "de" and salutation == "Dr.":
        # German keeps what the optician typed
        assert sms.startswith("Guten Tag Dr. Keller,") and mail.startswith("Guten Tag Dr. Keller\n")
        return
    # THEN the greeting is the plain one, never "Guten Tag Keller" / "Dear Keller"
    assert sms.startswith(sms_start), sms
    assert mail.startswith(email_start), mail
    assert "Keller" not in sms and "Keller" not in mail


def test_name_with_letters_outside_gsm7_does_not_triple_the_sms_price():
    sms = render_message(make_ctx("webshop_login", "fr", customer={"first_name": "François"}), "sms").text
    assert sms.startswith("Bonjour Francois,")
    assert count_parts(sms).encoding == "GSM-7"
    mail = render_message(make_ctx("webshop_login", "fr", customer={"first_name": "François"}), "email")
    assert "Bonjour François," in mail.text  # e-mail keeps the name as written


def test_importing_the_renderer_does_not_load_jinja_or_babel():
    # Cold start: the Chalice app imports the messaging package on every Lambda start.
    code = (
        "import sys, chalicelib.rendering;"
        "print(sorted(m for m in ('jinja2', 'babel', 'phonenumbers') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        capture_output=True,
        text=True,
        check=True,
    )
    assert result.stdout.strip() == "[]"


@pytest.mark.parametrize(
    "language, days, expected",
    [
        ("de", 1, "jeden Tag"),
        ("de", 14, "alle 14 Tage"),
        ("fr", 1, "chaque jour"),
        ("it", 30, "ogni 30 giorni"),
        ("en", 1, "every day"),
    ],
)
def test_lens_exchange_email_names_the_interval_in_words(language, days, expected):
    ctx = make_ctx("lens_exchange_reminder", language, data=with_data(reminder={"interval_days": days}))
    assert expected in render_message(ctx, "email").text


@pytest.mark.parametrize("language", LANGUAGES)
def test_pickup_invitation_does_not_repeat_that_the_order_is_for_pickup(language):
    text = render_message(make_ctx("pickup_invitation", language, data=with_data(order={"delivery": "pickup"})), "email").text
    for label in ("Lieferung:", "Livraison :", "Consegna:", "Delivery:"):
        assert label not in text
    assert any(hours in text for hours in ("Öffnungszeiten", "heures d'ouverture", "orari di apertura", "opening hours"))


@pytest.mark.parametrize(
    "language, deadline",
    [
        ("de", "Melden Sie sich bitte vor dem 3. April 2026 bei uns: 044 123 45 67."),
        ("fr", "Merci de nous contacter avant le 3 avril 2026 au 044 123 45 67."),
        ("it", "La preghiamo di contattarci prima del 3 aprile 2026 al numero 044 123 45 67."),
        ("en", "Please get in touch before 3 April 2026 on 044 123 45 67."),
    ],
)
def test_preannouncement_says_until_when_the_order_can_be_changed(language, deadline):
    text = render_message(make_ctx("subscription_preannouncement", language), "email").text
    body = text.split("\n\n--\n")[0]
    assert deadline in body
    # the date is in the opening sentence and the deadline, not a third time as a fact line
    date_text = {"de": "3. April 2026", "fr": "3 avril 2026", "it": "3 aprile 2026", "en": "3 April 2026"}[language]
    assert body.count(date_text) == 2, body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("kind", KINDS)
def test_every_personal_link_in_an_email_comes_with_the_note(kind, language):
    mail = render_message(make_ctx(kind, language), "email")
    note = {"de": "Dieser Link ist persönlich", "fr": "Ce lien est personnel", "it": "Questo link è personale",
            "en": "This link is personal"}[language]
    if LINK in mail.text:
        assert note in mail.text and note in mail.html


@pytest.mark.parametrize("language", LANGUAGES)
def test_plain_text_signs_with_the_name_once_then_the_shop_details(language):
    text = render_message(make_ctx("webshop_login", language), "email").text
    signature, footer = text.split("\n\n--\n")
    assert signature.endswith("\nOptik Muster")
    assert footer.startswith("Bahnhofstrasse 12\n8001 Zürich\n")
    bare = render_message(make_ctx("webshop_login", language, optician={
        **OPTICIAN, "address": None, "phone": None, "webshop_url": None}, link_url=LINK), "email").text
    assert "\n--\n" not in bare
