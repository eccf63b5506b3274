"""SMS part counting and cost (SPEC §4): what an optician is billed per message."""
from decimal import Decimal

import pytest

from chalicelib.domain.sms_parts import (
    SMS_PRICE_CHF,
    SmsParts,
    count_parts,
    format_chf,
    sms_cost,
)


@pytest.mark.parametrize(
    "length, parts",
    [(1, 1), (160, 1), (161, 2), (153 * 2, 2), (153 * 2 + 1, 3), (153 * 3, 3), (153 * 3 + 1, 4)],
)
def test_gsm7_boundaries(length, parts):
    assert count_parts("a" * length) == SmsParts("GSM-7", length, parts)


@pytest.mark.parametrize(
    "length, parts",
    [(70, 1), (71, 2), (67 * 2, 2), (67 * 2 + 1, 3)],
)
def test_ucs2_boundaries(length, parts):
    # GIVEN one French "ç" (not GSM-7) forces UCS-2 for the whole text
    text = "ç" + "a" * (length - 1)
    assert count_parts(text) == SmsParts("UCS-2", length, parts)


def test_empty_text_is_still_one_sms():
    assert count_parts("") == SmsParts("GSM-7", 0, 1)


@pytest.mark.parametrize("char", list("€[]{}\\^~|\f"))
def test_extension_characters_count_two_septets(char):
    assert count_parts(char) == SmsParts("GSM-7", 2, 1)


def test_euro_sign_can_push_a_text_into_a_second_part():
    assert count_parts("a" * 158 + "€").parts == 1  # 160 septets
    assert count_parts("a" * 159 + "€").parts == 2  # 161 septets


def test_extension_pair_is_not_split_across_parts():
    # GIVEN 152 septets, then "€" (2 septets) that would straddle the 153 boundary
    text = "a" * 152 + "€" + "a" * 152
    result = count_parts(text)
    # THEN 306 septets, which naively fit in 2 parts, need 3: the pair moves to part 2
    assert result.units == 306
    assert result.parts == 3


def test_extension_pair_ending_exactly_on_the_boundary_fits():
    text = "a" * 151 + "€" + "a" * 153
    assert count_parts(text) == SmsParts("GSM-7", 306, 2)


def test_surrogate_pair_is_not_split_across_parts():
    # GIVEN 66 code units, then an emoji (2 code units) that would straddle 67
    text = "ç" * 66 + "😀" + "ç" * 66
    result = count_parts(text)
    assert result.encoding == "UCS-2"
    assert result.units == 134
    assert result.parts == 3


def test_emoji_counts_two_code_units():
    assert count_parts("😀" * 35) == SmsParts("UCS-2", 70, 1)
    assert count_parts("😀" * 36) == SmsParts("UCS-2", 72, 2)


@pytest.mark.parametrize("char", list("çêâôîûëïÀ`") + ["’", "–", "\u00a0"])
def test_characters_outside_gsm7_force_ucs2(char):
    assert count_parts("Bonjour " + char).encoding == "UCS-2"


def test_german_umlauts_and_common_accents_stay_gsm7():
    text = "Grüezi Frau Müller, Ihre Kontaktlinsen für Ä Ö Ü ä ö ü ß sind bereit."
    assert count_parts(text).encoding == "GSM-7"
    assert count_parts("éèùìòÇàñÑÅåÆæÉØø¡¿§£¥¤@$_ΔΦΓΛΩΠΨΣΘΞ\n\r").encoding == "GSM-7"


def test_italian_text_with_basic_accents_stays_gsm7():
    assert count_parts("È ora di ordinare le lenti? Perché no, è facile.").encoding == "UCS-2"
    assert count_parts("è ora di ordinare le lenti, perché no").encoding == "GSM-7"


def test_cost_is_twelve_rappen_per_part():
    assert SMS_PRICE_CHF == Decimal("0.12")
    assert sms_cost(1) == Decimal("0.12")
    assert sms_cost(3) == Decimal("0.36")
    assert format_chf(sms_cost(3)) == "0.36"
    assert sms_cost(0) == Decimal("0.00")


def test_negative_parts_are_a_programming_error():
    with pytest.raises(ValueError, match="^parts must not be negative$"):
        sms_cost(-1)


@pytest.mark.parametrize(
    "amount, shown",
    [(Decimal("0"), "0.00"), (Decimal("0.24"), "0.24"), (Decimal("1.2"), "1.20"),
     (Decimal("12.345"), "12.35"), (Decimal("120"), "120.00")],
)
def test_format_chf_shows_two_decimals(amount, shown):
    assert format_chf(amount) == shown


def test_only_characters_beyond_the_basic_plane_take_two_ucs2_units():
    assert count_parts("\uffff").units == 1       # the last character of the basic plane
    assert count_parts("\U00010000").units == 2   # the first beyond it: a surrogate pair
