"""SMS destinations (SPEC §9): chargeable numbers refused when a customer is saved, SMS only to
the optician's ``sms_countries``, priced per part by destination country."""
from __future__ import annotations

import pytest

from tests.api.fixtures_messaging import create_customer, moto_emails, moto_sms, verified_sender  # noqa: F401
from tests.api.fixtures_repurchase import DAILY_PASSPORT, ORDER_LINES
from tests.conftest import OPTICIAN_SETTINGS, body

GERMAN_MOBILE = "+49 151 23456789"


@pytest.fixture
def german_prices(config_env):
    """The operator offers SMS to Germany at CHF 0.09 per part (SMS_PRICES_CHF)."""
    config_env(SMS_PRICES_CHF="DE=0.09")


@pytest.mark.parametrize("mobile", ["0900 123 456", "0901 123 456", "0906 123 456", "0848 123 456",
                                    "+1 900 234 5678", "+44 909 879 0000"])
def test_a_premium_rate_or_shared_cost_number_is_refused_on_create_and_patch(api, mobile):
    created = api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": mobile})
    anna = create_customer(api)
    patched = api.patch(f"/customers/{anna['id']}", {"mobile": mobile})

    for response in (created, patched):
        assert response.status_code == 422
        assert body(response)["error"]["field"] == "mobile"
        assert body(response)["error"]["code"] == "chargeable_number"
    assert body(api.get(f"/customers/{anna['id']}"))["mobile"] == "+41791234567"


def test_settings_default_to_ch_and_li_and_refuse_unknown_or_unpriced_countries(api):
    settings = body(api.get("/settings"))
    assert settings["sms_countries"] == ["CH", "LI"]

    unknown = api.put("/settings", {**OPTICIAN_SETTINGS, "sms_countries": ["CH", "ZZ"]})
    unpriced = api.put("/settings", {**OPTICIAN_SETTINGS, "sms_countries": ["CH", "DE"]})

    assert unknown.status_code == 422 and body(unknown)["error"]["field"] == "sms_countries[1]"
    assert unpriced.status_code == 422 and body(unpriced)["error"]["field"] == "sms_countries[1]"
    assert "DE" in body(unpriced)["error"]["message"]


def test_a_manual_sms_outside_the_countries_is_refused_and_nothing_recorded(new_optician):
    _, silver = new_optician(package="silver", email_from=None)
    hans = create_customer(silver, mobile=GERMAN_MOBILE, email=None)

    response = silver.post(f"/customers/{hans['id']}/messages", {"kind": "webshop_login"})

    assert response.status_code == 422
    error = body(response)["error"]
    assert error["code"] == "country_not_allowed" and error["field"] == "mobile"
    assert "DE" in error["message"] and "CH, LI" in error["message"]
    assert moto_sms() == [] and body(silver.get(f"/customers/{hans['id']}/messages"))["items"] == []


def test_an_automatic_sms_outside_the_countries_is_recorded_failed_and_never_sent(new_optician):
    _, silver = new_optician(package="silver", email_from=None)
    hans = create_customer(silver, mobile=GERMAN_MOBILE, email=None)
    assert silver.post(f"/customers/{hans['id']}/lens-passports", DAILY_PASSPORT).status_code == 201

    assert silver.post(f"/customers/{hans['id']}/orders", {"lines": ORDER_LINES, "delivery": "home"}).status_code == 201

    [confirmation] = body(silver.get(f"/customers/{hans['id']}/messages"))["items"]
    assert (confirmation["status"], confirmation["reason"], confirmation["reason_detail"]) == (
        "failed", "country_not_allowed", "DE")
    assert confirmation["cost_chf"] == "0.00" and moto_sms() == []


def test_a_gold_customer_with_a_foreign_mobile_gets_the_email_instead(api, verified_sender):
    hans = create_customer(api, mobile=GERMAN_MOBILE, preferred_channel="sms")

    record = body(api.post(f"/customers/{hans['id']}/messages", {"kind": "webshop_login"}))

    assert record["status"] == "sent" and record["channel"] == "email"
    assert moto_sms() == [] and len(moto_emails()) == 1


def test_an_allowed_foreign_country_is_sent_and_priced_by_its_table_entry(api, german_prices):
    assert api.put("/settings", {**OPTICIAN_SETTINGS, "sms_countries": ["CH", "LI", "de"]}).status_code == 200
    assert body(api.get("/settings"))["sms_countries"] == ["CH", "LI", "DE"]
    hans = create_customer(api, mobile=GERMAN_MOBILE, email=None, first_name="Hans")
    anna = create_customer(api)

    preview = body(api.post("/messages/preview", {"kind": "webshop_login", "customer_id": hans["id"]}))
    record = body(api.post(f"/customers/{hans['id']}/messages", {"kind": "webshop_login"}))
    swiss = body(api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}))

    assert preview["parts"] == 1 and preview["cost_chf"] == "0.09"
    assert record["status"] == "sent" and record["to"] == "+4915123456789" and record["cost_chf"] == "0.09"
    assert swiss["cost_chf"] == "0.12"
    assert body(api.get(f"/usage?month={record['created_at'][:7]}"))["sms_cost_chf"] == "0.21"


def test_a_preview_of_an_sms_to_a_country_not_allowed_says_so(new_optician):
    _, silver = new_optician(package="silver", email_from=None)
    hans = create_customer(silver, mobile=GERMAN_MOBILE, email=None)

    response = silver.post("/messages/preview", {"kind": "webshop_login", "customer_id": hans["id"]})

    assert response.status_code == 422 and body(response)["error"]["code"] == "country_not_allowed"
