"""The optician's settings rules: the SMS sender name and the brand colours (SPEC §1)."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.optician import check_colour, check_sender_name

SENDER_RULE = "'sender_name' must be 1–11 characters of A–Z, a–z, 0–9 and space, with at least one letter."


@pytest.mark.parametrize("name", ["A", "Optik Muste", "Optik 2000", "abcdefghijk", "x1"])
def test_sender_names_of_one_to_eleven_letters_digits_and_spaces_are_accepted(name):
    assert check_sender_name(name) == name


@pytest.mark.parametrize("name", ["", "abcdefghijkl", "12345", "   ", "Optik-Muster", "Brillenü"])
def test_a_sender_name_carriers_would_refuse_is_refused_with_the_rule(name):
    # too long, all digits (taken for a phone number), no letter, a hyphen, an umlaut
    with pytest.raises(ValidationError) as refused:
        check_sender_name(name, field="settings.sender_name")
    assert (refused.value.field, refused.value.code) == ("settings.sender_name", "invalid_field")
    assert refused.value.message == SENDER_RULE


def test_the_sender_name_field_defaults_to_sender_name():
    with pytest.raises(ValidationError) as refused:
        check_sender_name("")
    assert refused.value.field == "sender_name"


@pytest.mark.parametrize("colour, stored", [("#1a73e8", "#1A73E8"), ("#000000", "#000000"), ("#FFffFF", "#FFFFFF")])
def test_colours_are_six_hex_digits_kept_in_capitals(colour, stored):
    assert check_colour(colour, field="brand_colour") == stored


@pytest.mark.parametrize("colour", ["1A73E8", "#1A73E", "#1A73E8F", "#GGGGGG", "red", " #1A73E8"])
def test_a_colour_that_is_not_hash_and_six_hex_digits_is_refused_with_an_example(colour):
    with pytest.raises(ValidationError) as refused:
        check_colour(colour, field="brand_colour")
    assert refused.value.field == "brand_colour"
    assert refused.value.message == "'brand_colour' must be a colour like #1A73E8."
