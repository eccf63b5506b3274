"""The monthly SMS spend limit setting and how much of it is used (SPEC §9)."""
from decimal import Decimal

import pytest

from chalicelib.domain.errors import ValidationError
from chalicelib.domain.send_window import start_of_next_month
from chalicelib.domain.optician import OpticianSettings
from chalicelib.domain.spend_limit import check_monthly_limit, limit_message, monthly_limit, used_percent


@pytest.mark.parametrize("given, stored", [(None, "300.00"), ("300", "300.00"), ("12.5", "12.50"), (0, "0.00"),
                                           (" 99.99 ", "99.99"), ("100000", "100000.00")])
def test_the_limit_is_a_chf_amount_stored_with_two_decimals(given, stored):
    assert check_monthly_limit(given) == stored


@pytest.mark.parametrize("given", ["-0.01", "100000.01", "0.001", "abc", "NaN", "Infinity", True, [], {}])
def test_a_bad_limit_names_the_field(given):
    with pytest.raises(ValidationError) as refused:
        check_monthly_limit(given)
    assert refused.value.field == "sms_monthly_limit_chf"


def test_an_optician_without_the_setting_has_the_default():
    assert monthly_limit(OpticianSettings(id="opt", name="Optik", sender_name="Optik").sms_monthly_limit_chf) \
        == Decimal("300.00")
    assert monthly_limit("50.00") == Decimal("50.00")


def test_used_percent_rounds_down_and_a_zero_limit_is_used_up():
    assert used_percent(Decimal("240.00"), Decimal("300.00")) == 80
    assert used_percent(Decimal("239.99"), Decimal("300.00")) == 79
    assert used_percent(Decimal("0"), Decimal("0")) == 100


def test_the_refusal_names_the_limit():
    assert "CHF 300.00" in limit_message(Decimal("300")) and "sms_monthly_limit_chf" in limit_message(Decimal("300"))


def test_the_start_of_next_month_is_local_midnight_also_across_the_year():
    from datetime import datetime, timezone

    assert start_of_next_month(datetime(2026, 12, 31, 23, 30, tzinfo=timezone.utc), "Europe/Zurich") == datetime(
        2027, 1, 31, 23, 0, tzinfo=timezone.utc)  # already January in Zurich: February 1st, 00:00 CET
    assert start_of_next_month(datetime(2026, 3, 15, 10, 0, tzinfo=timezone.utc), "Europe/Zurich") == datetime(
        2026, 3, 31, 22, 0, tzinfo=timezone.utc)  # April 1st, 00:00 CEST


@pytest.mark.parametrize("given", ["abc", "-1", [], "0.001"])
def test_a_bad_limit_says_what_is_expected(given):
    with pytest.raises(ValidationError) as refused:
        check_monthly_limit(given, field="settings.sms_monthly_limit_chf")
    assert refused.value.field == "settings.sms_monthly_limit_chf"
    assert refused.value.message == ("'settings.sms_monthly_limit_chf' must be an amount in CHF like \"300.00\" "
                                     "(0 to 100000.00).")


def test_a_limit_below_one_franc_is_a_limit_and_not_used_up():
    assert used_percent(Decimal("0.25"), Decimal("0.50")) == 50
    assert used_percent(Decimal("0.50"), Decimal("1.00")) == 50
    assert used_percent(Decimal("1.00"), Decimal("1.00")) == 100


def test_the_refusal_says_what_the_optician_can_do():
    assert limit_message(Decimal("50")) == (
        "The monthly SMS limit of CHF 50.00 (sms_monthly_limit_chf) is reached: no more SMS are sent this month. "
        "Raise the limit in the settings, or send by e-mail.")
