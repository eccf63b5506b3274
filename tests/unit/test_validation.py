"""Field parsing: clean values or a 422 naming the field."""
from datetime import date
from decimal import Decimal

import pytest

from chalicelib import validation as v
from chalicelib.domain.errors import BadRequest, ValidationError


@pytest.mark.parametrize("raw, e164", [
    ("079 123 45 67", "+41791234567"),
    ("+41 79 123 45 67", "+41791234567"),
    ("0041791234567", "+41791234567"),
    ("+49 151 23456789", "+4915123456789"),   # a German mobile is fine too
])
def test_mobiles_are_parsed_with_region_ch_into_e164(raw, e164):
    assert v.mobile_number(raw) == e164


@pytest.mark.parametrize("raw", ["079 123", "hello", "044 123 45 67", "+41 800 000 000"])
def test_invalid_or_non_mobile_numbers_are_refused(raw):
    with pytest.raises(ValidationError) as error:
        v.mobile_number(raw)
    assert error.value.field == "mobile"


def test_email_addresses_are_normalised_and_checked():
    assert v.email_address("Anna@Example.CH", "email") == "Anna@example.ch"
    with pytest.raises(ValidationError):
        v.email_address("anna@", "email")


def test_dates_must_be_iso_calendar_dates():
    assert v.parse_iso_date("2028-02-29", "d") == date(2028, 2, 29)
    for bad in ("2026-02-29", "2026-1-5", "05.01.2026", "tomorrow"):
        with pytest.raises(ValidationError):
            v.parse_iso_date(bad, "d")


def test_decimals_stay_exact_and_respect_steps():
    assert v.decimal_number(-2.25, "s", step=Decimal("0.25")) == Decimal("-2.25")
    assert v.decimal_number("7.05", "s", minimum=Decimal("7.0"), step=Decimal("0.05")) == Decimal("7.05")
    for bad in ("NaN", float("inf"), -2.3, True, "abc"):
        with pytest.raises(ValidationError):
            v.decimal_number(bad, "s", step=Decimal("0.25"))


def test_a_body_that_is_not_an_object_is_a_bad_request():
    with pytest.raises(BadRequest):
        v.require_object([1, 2])


def test_nested_paths_are_named():
    with pytest.raises(ValidationError) as error:
        v.string({"x": 5}, "x", path="lines[0].eye")
    assert error.value.field == "lines[0].eye"
