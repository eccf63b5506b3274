"""Settings, onboarding, webhook secret, catalogue."""
import pytest

from tests.conftest import OPTICIAN_SETTINGS, body


def test_onboarding_fills_defaults_and_shows_the_webhook_secret_once(optician, api):
    settings, _ = optician
    assert settings["webhook_secret"].startswith("whsec_")
    assert settings["timezone"] == "Europe/Zurich" and settings["language"] == "de"
    assert settings["repurchase_lead_days"] == 14
    assert settings["send_window"] == {"days": ["mon", "tue", "wed", "thu", "fri", "sat"],
                                       "start": "09:00", "end": "19:00"}
    shown = body(api.get("/settings"))
    assert "webhook_secret" not in shown and shown["name"] == "Optik Muster"


@pytest.mark.parametrize("change, field", [
    ({"sender_name": "Optik Muster AG"}, "sender_name"),   # 15 characters
    ({"sender_name": "12345"}, "sender_name"),             # no letter
    ({"sender_name": "Optik-Muster"}, "sender_name"),      # hyphen
    ({"package": "platinum"}, "package"),
    ({"timezone": "Mars/Olympus"}, "timezone"),
    ({"send_window": {"start": "19:00", "end": "09:00"}}, "send_window.end"),
    ({"branding": {"primary_color": "blue"}}, "branding.primary_color"),
    ({"repurchase_lead_days": -1}, "repurchase_lead_days"),
    ({"webshop_url": "shop.optik-muster.ch"}, "webshop_url"),
    ({"package": "gold", "email_from": None}, "email_from"),
])
def test_bad_settings_are_422_naming_the_field(api, change, field):
    response = api.put("/settings", {**OPTICIAN_SETTINGS, **change})
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_settings_are_replaced(api):
    response = api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster 2", "repurchase_lead_days": 10})
    assert response.status_code == 200
    assert body(api.get("/settings"))["repurchase_lead_days"] == 10


def test_rotating_the_webhook_secret_replaces_the_old_one(api, optician):
    from chalicelib.adapters.dynamo import opticians

    new = body(api.post("/settings/webhook-secret"))["webhook_secret"]
    assert new != optician[0]["webhook_secret"]
    assert opticians.get_webhook_secret(optician[0]["id"]) == new


def test_the_catalogue_lists_real_products_of_every_replacement(api):
    products = body(api.get("/products"))["items"]
    assert len(products) >= 12
    assert {p["replacement"] for p in products} >= {"daily", "two_weekly", "monthly"}
    biofinity = next(p for p in products if p["id"] == "biofinity")
    assert biofinity["pack_sizes"] == [3, 6] and biofinity["days_per_lens"] == 30


@pytest.mark.parametrize("change, field", [
    ({"replacement": "weekly"}, "replacement"),
    ({"pack_sizes": []}, "pack_sizes"),
    ({"pack_sizes": [30, "90"]}, "pack_sizes[1]"),
    ({"replacement": "daily", "days_per_lens": 14}, "days_per_lens"),
])
def test_bad_own_products_are_422(api, change, field):
    product = {"brand": "Hausmarke", "name": "Tageslinse", "replacement": "daily", "pack_sizes": [30], **change}
    response = api.post("/products", product)
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_own_products_are_visible_to_their_optician_only(api, new_optician):
    own = body(api.post("/products", {"brand": "Hausmarke", "name": "Tageslinse", "replacement": "daily",
                                      "pack_sizes": [30]}))
    _, other = new_optician(name="Optik Zwei", sender_name="OptikZwei")
    assert own["id"] in [p["id"] for p in body(api.get("/products"))["items"]]
    assert own["id"] not in [p["id"] for p in body(other.get("/products"))["items"]]


@pytest.mark.parametrize("branding", [False, 0, "", []])
def test_branding_that_is_no_object_is_422_and_keeps_the_logo(api, branding):
    current = body(api.get("/settings"))
    response = api.put("/settings", {**current, "branding": branding})
    assert response.status_code == 422 and body(response)["error"]["field"] == "branding"
    assert body(api.get("/settings"))["branding"] == current["branding"]
