"""Repurchase reminders (Nachkauf-Erinnerung) through the API: the seed's manual flow and its adaptations."""
from __future__ import annotations

from datetime import date

import pytest

from tests.api.fixtures_repurchase import (  # noqa: F401 - fixtures
    DAILY_PASSPORT,
    MONTHLY_PASSPORT,
    SPEC_LINES,
    customer,
    passport,
    pinned_today,
    reminder_item,
)
from tests.conftest import body

BOUGHT = date(2026, 1, 10)


def base(customer) -> str:
    return f"/customers/{customer['id']}/repurchase-reminders"


def purchase(passport, **changes) -> dict:
    return {"passport_id": passport["id"], "lines": SPEC_LINES, "purchased_on": BOUGHT.isoformat(), **changes}


@pytest.fixture(autouse=True)
def bought_today(pinned_today):
    # GIVEN the optician enters the purchase on the day it was made (the seed's flow)
    pinned_today(BOUGHT)


def test_seed_manual_flow_passport_suggestion_accept_saved_reminder(api, optician, customer, passport):
    # WHEN the optician asks for the suggestion (step 6 of the seed)
    suggested = api.post(base(customer) + "/suggestion", purchase(passport))
    # THEN it is the SPEC §2 example
    assert suggested.status_code == 200, suggested.body
    assert body(suggested) == {"supply_days": 90, "runs_out_on": "2026-04-10", "first_reminder_on": "2026-03-27",
                               "cycle_days": 90}

    # WHEN they accept it (save with the same input)
    created = api.post(base(customer), purchase(passport))
    assert created.status_code == 201, created.body
    reminder = body(created)
    assert reminder["next_reminder_on"] == "2026-03-27" and reminder["cycle_days"] == 90
    assert reminder["passport_id"] == passport["id"] and reminder["source"] == "manual"
    assert reminder["active"] is True and reminder["usage"] == "daily" and reminder["no_stock"] is False
    assert reminder["lines"] == SPEC_LINES and reminder["runs_out_on"] == "2026-04-10"

    # THEN it is listed and can be read back
    assert body(api.get(base(customer)))["items"] == [reminder]
    assert body(api.get(f"{base(customer)}/{reminder['id']}")) == reminder
    # AND it is scheduled: due on 27 March at the start of the send window (09:00 Zurich = 08:00 UTC)
    item = reminder_item(optician[0]["id"], customer["id"], reminder["id"])
    assert item["occurrence"] == "2026-03-27"
    assert item["due_at"].startswith("2026-03-27T08:00:00Z#") and item["due_shard"].startswith("DUE#")


@pytest.mark.parametrize("usage, supply, first", [
    ("daily", 90, "2026-03-27"),
    ("5_per_week", 117, "2026-04-23"),
    ("3_4_per_week", 171, "2026-06-16"),
    ("1_2_per_week", 261, "2026-09-14"),
])
def test_usage_factors_stretch_the_cycle_of_daily_lenses(api, customer, passport, usage, supply, first):
    suggested = body(api.post(base(customer) + "/suggestion", purchase(passport, usage=usage)))
    assert (suggested["supply_days"], suggested["cycle_days"], suggested["first_reminder_on"]) == (supply, supply, first)
    saved = body(api.post(base(customer), purchase(passport, usage=usage)))
    assert (saved["cycle_days"], saved["next_reminder_on"], saved["usage"]) == (supply, first, usage)


def test_no_stock_reminds_three_weeks_earlier(api, customer, passport):
    suggested = body(api.post(base(customer) + "/suggestion", purchase(passport, no_stock=True)))
    assert suggested["first_reminder_on"] == "2026-03-06" and suggested["cycle_days"] == 90
    saved = body(api.post(base(customer), purchase(passport, no_stock=True)))
    assert saved["next_reminder_on"] == "2026-03-06" and saved["no_stock"] is True


def test_a_both_eyes_line_is_shared_between_the_eyes(api, customer, passport):
    lines = [{"eye": "both", "pack_size": 90, "quantity": 2}]
    assert body(api.post(base(customer) + "/suggestion", purchase(passport, lines=lines)))["supply_days"] == 90


def test_the_optician_may_override_first_reminder_and_cycle(api, customer, passport):
    saved = api.post(base(customer), purchase(passport, first_reminder_on="2026-01-11", cycle_days=60))
    assert saved.status_code == 201
    assert body(saved)["next_reminder_on"] == "2026-01-11" and body(saved)["cycle_days"] == 60


def test_a_purchase_entered_late_is_reminded_today_not_in_the_past(api, customer, passport, pinned_today):
    # GIVEN the purchase of 10 January is entered on 1 April (its suggested reminder date has passed)
    pinned_today(date(2026, 4, 1))
    assert body(api.post(base(customer) + "/suggestion", purchase(passport)))["first_reminder_on"] == "2026-03-27"
    # THEN the saved reminder goes out today
    assert body(api.post(base(customer), purchase(passport)))["next_reminder_on"] == "2026-04-01"


def test_the_lead_days_of_the_optician_apply(api, optician, customer, passport):
    settings, _ = optician
    changed = {k: val for k, val in settings.items() if k not in ("id", "webhook_secret")}
    assert api.put("/settings", {**changed, "repurchase_lead_days": 7}).status_code == 200
    assert body(api.post(base(customer) + "/suggestion", purchase(passport)))["first_reminder_on"] == "2026-04-03"


def test_one_repurchase_reminder_per_customer_and_passport(api, customer, passport):
    assert api.post(base(customer), purchase(passport)).status_code == 201
    second = api.post(base(customer), purchase(passport, usage="5_per_week"))
    assert second.status_code == 409 and body(second)["error"]["field"] == "passport_id"
    assert len(body(api.get(base(customer)))["items"]) == 1


def test_a_second_passport_may_get_its_own_reminder(api, customer, passport):
    other = body(api.post(f"/customers/{customer['id']}/lens-passports", {**DAILY_PASSPORT, "issued_on": "2026-01-08"}))
    assert api.post(base(customer), purchase(passport)).status_code == 201
    assert api.post(base(customer), purchase(other)).status_code == 201


@pytest.mark.parametrize("change, field", [
    ({"passport_id": None}, "passport_id"),
    ({"lines": []}, "lines"),
    ({"lines": [{"eye": "middle", "pack_size": 90, "quantity": 1}]}, "lines[0].eye"),
    ({"lines": [{"eye": "right", "pack_size": 45, "quantity": 1}]}, "lines[0].pack_size"),
    ({"lines": [{"eye": "right", "pack_size": 90, "quantity": 0}]}, "lines[0].quantity"),
    ({"lines": [{"eye": "right", "pack_size": 90, "quantity": "1"}]}, "lines[0].quantity"),
    ({"purchased_on": "10.01.2026"}, "purchased_on"),
    ({"purchased_on": "2026-01-11"}, "purchased_on"),   # in the future
    ({"usage": "sometimes"}, "usage"),
    ({"no_stock": "yes"}, "no_stock"),
    ({"first_reminder_on": "2026-01-09"}, "first_reminder_on"),  # in the past
    ({"cycle_days": 0}, "cycle_days"),
    ({"colour": "blue"}, "colour"),
])
def test_bad_input_is_422_naming_the_field(api, customer, passport, change, field):
    response = api.post(base(customer), purchase(passport, **change))
    assert response.status_code == 422, response.body
    assert body(response)["error"]["field"] == field
    assert body(api.get(base(customer)))["items"] == []


def test_a_line_for_an_eye_the_passport_lacks_is_422(api, customer):
    one_eye = body(api.post(f"/customers/{customer['id']}/lens-passports", {**DAILY_PASSPORT, "left": None}))
    response = api.post(base(customer) + "/suggestion", purchase(one_eye))
    assert response.status_code == 422 and body(response)["error"]["field"] == "lines[1].eye"


def test_reduced_wearing_is_refused_for_monthly_lenses(api, customer):
    monthly = body(api.post(f"/customers/{customer['id']}/lens-passports", MONTHLY_PASSPORT))
    lines = [{"eye": "both", "pack_size": 6, "quantity": 1}]
    ok = body(api.post(base(customer) + "/suggestion", purchase(monthly, lines=lines)))
    assert ok["supply_days"] == 90  # 3 lenses per eye × 30 days
    refused = api.post(base(customer) + "/suggestion", purchase(monthly, lines=lines, usage="5_per_week"))
    assert refused.status_code == 422 and body(refused)["error"]["field"] == "usage"


def test_a_customer_without_lens_passport_cannot_get_a_reminder(api, customer):
    for path in (base(customer), base(customer) + "/suggestion"):
        response = api.post(path, {"passport_id": "lp_unknown", "lines": SPEC_LINES})
        assert response.status_code == 422 and body(response)["error"]["field"] == "passport_id"


def test_an_optician_without_webshop_is_told_at_set_up_not_on_the_reminder_date(new_optician):
    # GIVEN an optician who has not entered a webshop URL
    _, shop_less = new_optician(webshop_url=None)
    anna = body(shop_less.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67"}))
    lens_passport = body(shop_less.post(f"/customers/{anna['id']}/lens-passports", DAILY_PASSPORT))
    # THEN the suggestion is shown, but saving the reminder is refused naming the setting
    assert shop_less.post(f"{base(anna)}/suggestion", purchase(lens_passport)).status_code == 200
    refused = shop_less.post(base(anna), purchase(lens_passport))
    assert refused.status_code == 422 and body(refused)["error"]["field"] == "settings.webshop_url"
    assert body(shop_less.get(base(anna)))["items"] == []


def test_another_customers_passport_is_404(api, customer, passport):
    other = body(api.post("/customers", {"first_name": "Beat", "last_name": "Bühler", "mobile": "079 765 43 21"}))
    api.post(f"/customers/{other['id']}/lens-passports", DAILY_PASSPORT)
    response = api.post(base(other), purchase(passport))
    assert response.status_code == 404 and body(response)["error"]["field"] == "passport_id"


def test_another_opticians_staff_get_404_for_everything(api, new_optician, customer, passport):
    reminder = body(api.post(base(customer), purchase(passport)))
    _, intruder = new_optician(name="Optik Fremd")
    one = f"{base(customer)}/{reminder['id']}"
    assert intruder.get(base(customer)).status_code == 404
    assert intruder.post(base(customer), purchase(passport)).status_code == 404
    assert intruder.post(base(customer) + "/suggestion", purchase(passport)).status_code == 404
    assert intruder.get(one).status_code == 404
    assert intruder.patch(one, {"active": False}).status_code == 404
    assert intruder.delete(one).status_code == 404
    assert body(api.get(one))["active"] is True


def test_patch_moves_the_date_and_the_occurrence(api, optician, customer, passport):
    reminder = body(api.post(base(customer), purchase(passport)))
    one = f"{base(customer)}/{reminder['id']}"
    changed = api.patch(one, {"next_reminder_on": "2026-03-20", "cycle_days": 80})
    assert changed.status_code == 200, changed.body
    assert body(changed)["next_reminder_on"] == "2026-03-20" and body(changed)["cycle_days"] == 80
    assert reminder_item(optician[0]["id"], customer["id"], reminder["id"])["occurrence"] == "2026-03-20"


def test_patch_of_usage_recomputes_from_the_purchase(api, customer, passport):
    reminder = body(api.post(base(customer), purchase(passport)))
    changed = body(api.patch(f"{base(customer)}/{reminder['id']}", {"usage": "5_per_week"}))
    assert (changed["usage"], changed["cycle_days"], changed["next_reminder_on"]) == ("5_per_week", 117, "2026-04-23")


def test_a_late_recomputation_continues_the_series_instead_of_reminding_again_today(api, customer, passport,
                                                                                  pinned_today):
    reminder = body(api.post(base(customer), purchase(passport)))
    # GIVEN the reminder of 27 March went out; on 1 May the optician learns the customer wears them 5× a week
    pinned_today(date(2026, 5, 1))
    changed = body(api.patch(f"{base(customer)}/{reminder['id']}", {"usage": "5_per_week"}))
    # THEN the new series (23 April, every 117 days) continues: 18 August, not today
    assert (changed["cycle_days"], changed["next_reminder_on"]) == (117, "2026-08-18")


def test_patch_of_lines_recomputes_but_an_explicit_date_wins(api, customer, passport):
    reminder = body(api.post(base(customer), purchase(passport)))
    lines = [{"eye": "both", "pack_size": 30, "quantity": 2}]
    changed = body(api.patch(f"{base(customer)}/{reminder['id']}", {"lines": lines, "next_reminder_on": "2026-01-20"}))
    assert changed["lines"] == lines and changed["cycle_days"] == 30 and changed["next_reminder_on"] == "2026-01-20"


@pytest.mark.parametrize("change, field", [
    ({"next_reminder_on": "2026-01-01"}, "next_reminder_on"),
    ({"cycle_days": -3}, "cycle_days"),
    ({"usage": "never"}, "usage"),
    ({"active": "no"}, "active"),
    ({"lines": [{"eye": "right", "pack_size": 7, "quantity": 1}]}, "lines[0].pack_size"),
    ({"passport_id": "lp_x"}, "passport_id"),
])
def test_bad_patches_are_422_and_change_nothing(api, customer, passport, change, field):
    reminder = body(api.post(base(customer), purchase(passport)))
    response = api.patch(f"{base(customer)}/{reminder['id']}", change)
    assert response.status_code == 422 and body(response)["error"]["field"] == field
    assert body(api.get(f"{base(customer)}/{reminder['id']}")) == reminder


def test_deactivating_takes_the_reminder_off_the_schedule_and_reactivating_puts_it_back(
        api, optician, customer, passport, pinned_today):
    reminder = body(api.post(base(customer), purchase(passport)))
    one = f"{base(customer)}/{reminder['id']}"
    assert body(api.patch(one, {"active": False}))["active"] is False
    item = reminder_item(optician[0]["id"], customer["id"], reminder["id"])
    assert "due_at" not in item and "due_shard" not in item and "occurrence" not in item
    # WHEN it is re-activated after its date passed, the cycle continues: 27 March + 90 days
    pinned_today(date(2026, 4, 2))
    again = body(api.patch(one, {"active": True}))
    assert again["active"] is True and again["next_reminder_on"] == "2026-06-25"
    assert reminder_item(optician[0]["id"], customer["id"], reminder["id"])["occurrence"] == "2026-06-25"


def test_a_reminder_is_deleted(api, customer, passport):
    reminder = body(api.post(base(customer), purchase(passport)))
    one = f"{base(customer)}/{reminder['id']}"
    assert api.delete(one).status_code == 204
    assert api.get(one).status_code == 404
    assert api.delete(one).status_code == 404
    # and the passport may get a new one
    assert api.post(base(customer), purchase(passport)).status_code == 201


# --- the scheduler's handler (services/reminders/repurchase_occurrences.py) ---------------------------


def _due_item(optician, customer, reminder) -> tuple[dict, dict, dict]:
    from chalicelib.services.customers.customers import get_customer
    from chalicelib.services.opticians.opticians import get_settings

    oid = optician[0]["id"]
    return get_settings(oid), get_customer(oid, customer["id"]), reminder_item(oid, customer["id"], reminder["id"])


def test_a_due_reminder_says_which_lenses_run_out_and_carries_the_basket(api, optician, customer, passport):
    from chalicelib.services.reminders import repurchase_occurrences

    reminder = body(api.post(base(customer), purchase(passport)))
    settings, person, item = _due_item(optician, customer, reminder)
    outgoing = repurchase_occurrences.message_for(settings, person, item)
    kind, data = outgoing.kind, outgoing.data
    assert kind == "repurchase_reminder"
    assert data["reminder"]["product_name"] == "Dailies Total1" and data["reminder"]["runs_out_on"] == "2026-04-10"
    assert [(l["eye"], l["pack_size"], l["product_name"]) for l in data["basket"]] == [
        ("right", 90, "Dailies Total1"), ("left", 90, "Dailies Total1")]
    assert data["reminder"]["lines"] == data["basket"]


def test_no_repurchase_reminder_while_a_subscription_covers_the_customer(api, optician, customer, passport):
    from datetime import date

    from chalicelib.adapters.dynamo import subscriptions
    from chalicelib.domain.orders import OrderLine
    from chalicelib.domain.subscription import Subscription
    from chalicelib.services.reminders import repurchase_occurrences

    reminder = body(api.post(base(customer), purchase(passport)))
    subscriptions.create(optician[0]["id"], Subscription(
        id="sub_1", customer_id=customer["id"],
        lines=(OrderLine(product_id="dailies-total1", eye="both", pack_size=90, quantity=2),),
        interval_weeks=12, next_order_on=date(2026, 6, 1), delivery="home", active=True), None, None)
    assert repurchase_occurrences.message_for(*_due_item(optician, customer, reminder)) is None


def test_advance_moves_to_the_next_cycle_and_only_once(api, optician, customer, passport):
    from datetime import datetime, timezone

    from chalicelib.services.reminders import repurchase_occurrences

    reminder = body(api.post(base(customer), purchase(passport)))
    settings, _, item = _due_item(optician, customer, reminder)
    sent_at = datetime(2026, 3, 27, 8, 5, tzinfo=timezone.utc)
    repurchase_occurrences.advance(settings, item, sent_at)
    moved = body(api.get(f"{base(customer)}/{reminder['id']}"))
    assert moved["next_reminder_on"] == "2026-06-25" and moved["runs_out_on"] == "2026-07-09"
    after = reminder_item(optician[0]["id"], customer["id"], reminder["id"])
    assert after["occurrence"] == "2026-06-25" and after["due_at"].startswith("2026-06-25T07:00:00Z#")
    # a second worker advancing the same (old) occurrence changes nothing
    repurchase_occurrences.advance(settings, item, sent_at)
    assert body(api.get(f"{base(customer)}/{reminder['id']}"))["next_reminder_on"] == "2026-06-25"


def test_an_edit_during_processing_wins_over_the_scheduler(api, optician, customer, passport):
    from datetime import datetime, timezone

    from chalicelib.services.reminders import repurchase_occurrences

    reminder = body(api.post(base(customer), purchase(passport)))
    settings, _, item = _due_item(optician, customer, reminder)
    api.patch(f"{base(customer)}/{reminder['id']}", {"cycle_days": 30})  # same date, new cycle
    repurchase_occurrences.advance(settings, item, datetime(2026, 3, 27, 8, 5, tzinfo=timezone.utc))
    # the stale write was refused; the occurrence stays pending (the pipeline finds it again)
    assert body(api.get(f"{base(customer)}/{reminder['id']}"))["next_reminder_on"] == "2026-03-27"


def test_a_reminder_saved_late_keeps_its_run_out_date_one_cycle_later(api, optician, customer, passport,
                                                                         pinned_today):
    from datetime import datetime, timezone

    from chalicelib.services.reminders import repurchase_occurrences

    # GIVEN a purchase of 10 January (runs out 10 April) entered only on 1 April: reminded "today"
    pinned_today(date(2026, 4, 1))
    reminder = body(api.post(base(customer), purchase(passport)))
    assert (reminder["next_reminder_on"], reminder["runs_out_on"]) == ("2026-04-01", "2026-04-10")
    # WHEN it is sent and moves on by its 90-day cycle
    settings, _, item = _due_item(optician, customer, reminder)
    repurchase_occurrences.advance(settings, item, datetime(2026, 4, 1, 7, 5, tzinfo=timezone.utc))
    # THEN the next supply runs out 90 days after the first one did, not "next reminder + lead days"
    moved = body(api.get(f"{base(customer)}/{reminder['id']}"))
    assert (moved["next_reminder_on"], moved["runs_out_on"]) == ("2026-06-30", "2026-07-09")


def test_a_recomputed_reminder_that_continues_its_series_runs_out_as_many_cycles_later(api, customer, passport,
                                                                                        pinned_today):
    reminder = body(api.post(base(customer), purchase(passport)))
    # WHEN, half a year on, the optician changes the usage (the series continues on the new cycle)
    pinned_today(date(2026, 7, 1))
    changed = body(api.patch(f"{base(customer)}/{reminder['id']}", {"usage": "5_per_week"}))
    # THEN the run-out date moved with the series: first + k cycles, and 14 days after the next reminder
    assert changed["cycle_days"] == 117
    next_on, runs_out = date.fromisoformat(changed["next_reminder_on"]), date.fromisoformat(changed["runs_out_on"])
    assert next_on >= date(2026, 7, 1) and (runs_out - next_on).days == 14
