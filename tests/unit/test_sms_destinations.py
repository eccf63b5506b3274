"""SMS destinations and prices (SPEC §9): number types with real numbers of the phonenumbers
metadata, the optician's countries, the price table per country."""
from decimal import Decimal

import phonenumbers
import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.sms_destinations import (
    DEFAULT_PRICES_CHF,
    check_mobile_type,
    check_sms_countries,
    country_of,
    destination_allowed,
    parse_price_table,
    price_per_part,
    sms_cost,
)

PRICES = parse_price_table("DE=0.09,AT=0.10")


@pytest.mark.parametrize("number, region, what", [
    ("0900 123 456", "CH", "premium-rate"),   # Swiss business numbers, premium rate
    ("0901 123 456", "CH", "premium-rate"),   # entertainment
    ("0906 123 456", "CH", "premium-rate"),   # adult
    ("0840 123 456", "CH", "shared-cost"),
    ("0848 123 456", "CH", "shared-cost"),
    ("+1 900 234 5678", None, "premium-rate"),
    ("+44 909 879 0000", None, "premium-rate"),
    ("+44 9012 345678", None, "premium-rate"),
    ("+41 878 123 456", None, "personal"),
    ("+41 58 123 45 67", None, "UAN"),
    ("+44 56 1234 5678", None, "VoIP"),
    ("+423 900 2222", None, "premium-rate"),
])
def test_chargeable_numbers_are_refused_naming_mobile(number, region, what):
    parsed = phonenumbers.parse(number, region)
    assert phonenumbers.is_valid_number(parsed)  # real, valid numbers: refused for their type

    with pytest.raises(ValidationError) as refused:
        check_mobile_type(parsed)

    assert refused.value.field == "mobile" and refused.value.code == "chargeable_number"
    assert what in refused.value.message


@pytest.mark.parametrize("number, region", [("0800 123 456", "CH"), ("044 123 45 67", "CH")])
def test_toll_free_and_landline_numbers_are_no_mobiles(number, region):
    with pytest.raises(ValidationError) as refused:
        check_mobile_type(phonenumbers.parse(number, region), "customer.mobile")

    assert refused.value.field == "customer.mobile" and "mobile number" in refused.value.message


@pytest.mark.parametrize("number", ["+41791234567", "+423660123456", "+447400123456", "+4915123456789",
                                    "+12015550123"])
def test_mobiles_pass(number):
    check_mobile_type(phonenumbers.parse(number, None))


def test_the_country_of_a_number_and_whether_an_sms_may_go_there():
    assert [country_of(n) for n in ("+41791234567", "+423660123456", "+4915123456789", "+12015550123")] == [
        "CH", "LI", "DE", "US"]
    assert country_of(None) is None and country_of("garbage") is None
    default = ("CH", "LI")
    assert destination_allowed("+41791234567", default, DEFAULT_PRICES_CHF)
    assert destination_allowed("+423660123456", default, DEFAULT_PRICES_CHF)
    assert not destination_allowed("+4915123456789", default, PRICES)      # not the optician's country
    assert destination_allowed("+4915123456789", ("CH", "DE"), PRICES)
    assert not destination_allowed("+4915123456789", ("CH", "DE"), DEFAULT_PRICES_CHF)  # no price: never sent
    assert not destination_allowed(None, default, DEFAULT_PRICES_CHF)


def test_the_price_is_per_part_and_destination_country():
    assert sms_cost(1, "+41791234567", PRICES) == Decimal("0.12")
    assert sms_cost(3, "+423660123456", PRICES) == Decimal("0.36")
    assert sms_cost(2, "+4915123456789", PRICES) == Decimal("0.18")
    assert sms_cost(2, "+436641234567", PRICES) == Decimal("0.20")
    assert sms_cost(0, "+41791234567", PRICES) == Decimal("0.00")


def test_the_operator_extends_and_overrides_the_price_table():
    assert DEFAULT_PRICES_CHF == {"CH": Decimal("0.12"), "LI": Decimal("0.12")}
    assert parse_price_table(None) == DEFAULT_PRICES_CHF
    assert parse_price_table(" de = 0.09 , CH=0.11 ") == {"CH": Decimal("0.11"), "LI": Decimal("0.12"),
                                                        "DE": Decimal("0.09")}
    for bad in ("DE", "DE=cheap", "DEU=0.1", "DE=-0.1"):
        with pytest.raises(ValueError):
            parse_price_table(bad)


def test_sms_countries_default_to_ch_and_li_and_take_priced_iso_codes():
    assert check_sms_countries(None, PRICES) == ["CH", "LI"]
    assert check_sms_countries(["ch", "DE", "CH"], PRICES) == ["CH", "DE"]


@pytest.mark.parametrize("value, field", [
    ("CH", "sms_countries"),
    ([], "sms_countries"),
    (["CH", "XX"], "sms_countries[1]"),       # not an ISO country
    (["CH", 41], "sms_countries[1]"),
    (["FR"], "sms_countries[0]"),             # a country, but no price in the table
])
def test_bad_sms_countries_name_the_entry(value, field):
    with pytest.raises(ValidationError) as refused:
        check_sms_countries(value, PRICES)

    assert refused.value.field == field


@pytest.mark.parametrize("number, what", [
    ("+41900123456", "a premium-rate number"), ("+41840123456", "a shared-cost number"),
    ("+41581234567", "a company number (UAN)"), ("+41878123456", "a personal (forwarding) number"),
    ("+445612345678", "a VoIP number"), ("+41740123456", "a pager number"),
])
def test_the_refusal_of_a_chargeable_number_says_what_it_is_and_what_to_enter(number, what):
    with pytest.raises(ValidationError) as refused:
        check_mobile_type(phonenumbers.parse(number, None), "customer.mobile")

    assert refused.value.message == (f"'customer.mobile' is {what}: no SMS are sent to chargeable numbers. "
                                     "Enter the customer's mobile number.")


def test_a_landline_is_refused_as_not_a_mobile():
    with pytest.raises(ValidationError) as refused:
        check_mobile_type(phonenumbers.parse("044 123 45 67", "CH"))
    assert (refused.value.field, refused.value.message) == ("mobile", "'mobile' must be a mobile number (SMS).")


def test_up_to_fifty_countries_are_accepted_and_fifty_one_refused():
    regions = sorted(phonenumbers.SUPPORTED_REGIONS)[:51]
    prices = {region: Decimal("0.10") for region in regions}

    assert check_sms_countries(regions[:50], prices) == regions[:50]
    with pytest.raises(ValidationError) as refused:
        check_sms_countries(regions, prices)
    assert refused.value.message == "'sms_countries' must be a list of 1–50 country codes like \"CH\"."


def test_the_country_errors_name_the_entry_and_the_priced_countries():
    with pytest.raises(ValidationError) as not_a_country:
        check_sms_countries(["CH", "XX"], PRICES, field="settings.sms_countries")
    with pytest.raises(ValidationError) as not_priced:
        check_sms_countries(["CH", "fr"], PRICES)

    assert not_a_country.value.message == "'settings.sms_countries[1]' must be an ISO 3166 country code like \"CH\"."
    assert not_priced.value.message == ("'sms_countries[1]': SMS to FR are not offered "
                                        "(countries with a price: AT, CH, DE, LI).")


def test_a_preview_to_a_country_without_a_price_shows_the_swiss_price():
    assert price_per_part("+33612345678", {"CH": Decimal("0.11"), "DE": Decimal("0.09")}) == Decimal("0.11")
    assert price_per_part("+33612345678", {"DE": Decimal("0.09")}) == Decimal("0.12")  # table without CH
    assert price_per_part(None, {"CH": Decimal("0.11")}) == Decimal("0.11")
    assert price_per_part("+4915123456789", PRICES) == Decimal("0.09")


def test_a_negative_part_count_is_a_programming_error():
    with pytest.raises(ValueError, match="^parts must not be negative$"):
        sms_cost(-1, "+41791234567", PRICES)


def test_the_price_table_skips_empty_entries_and_takes_a_free_country():
    assert parse_price_table("DE=0.09,,AT=0") == {**DEFAULT_PRICES_CHF, "DE": Decimal("0.09"), "AT": Decimal("0")}
    with pytest.raises(ValueError, match=r"^SMS_PRICES_CHF: 'DE=cheap' is not COUNTRY=PRICE$"):
        parse_price_table("CH=0.12, DE=cheap ")
    with pytest.raises(ValueError, match=r"^SMS_PRICES_CHF: 'DE=-0.1' is not COUNTRY=PRICE$"):
        parse_price_table("DE=-0.1")
