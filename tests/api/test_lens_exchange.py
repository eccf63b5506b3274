"""Lens-exchange reminders: set by the optician (back office) or by the customer (webshop)."""
import pytest

from tests.api.fixtures_lifecycles import PASSPORT, customer, day, signed_put  # noqa: F401 - fixtures
from tests.conftest import body


def path_of(customer, reminder=None):
    base = f"/customers/{customer['id']}/lens-exchange-reminders"
    return f"{base}/{reminder['id']}" if reminder else base


def webshop_path(optician, customer):
    return f"/webshop/{optician['id']}/customers/{customer['id']}/lens-exchange-reminder"


def test_the_optician_sets_a_reminder_with_the_lens_life_as_interval(api, customer):
    api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    response = api.post(path_of(customer), {"first_reminder_on": day(1), "time_of_day": "07:30"})
    assert response.status_code == 201
    reminder = body(response)
    # THEN Biofinity (a monthly lens, 30 days) sets the interval
    assert reminder["interval_days"] == 30 and reminder["time_of_day"] == "07:30"
    assert reminder["next_reminder_on"] == day(1) and reminder["active"] is True
    assert reminder["set_by"] == "optician"
    assert body(api.get(path_of(customer)))["items"] == [reminder]
    assert body(api.get(path_of(customer, reminder))) == reminder


def test_without_passport_the_interval_must_be_given(api, customer):
    response = api.post(path_of(customer), {"first_reminder_on": day(1)})
    assert response.status_code == 422 and body(response)["error"]["field"] == "interval_days"
    reminder = body(api.post(path_of(customer), {"first_reminder_on": day(1), "interval_days": 14}))
    assert reminder["interval_days"] == 14
    assert reminder["time_of_day"] == "09:00"  # the send window's opening by default


def test_a_customer_has_one_lens_exchange_reminder(api, customer):
    api.post(path_of(customer), {"first_reminder_on": day(1), "interval_days": 14})
    response = api.post(path_of(customer), {"first_reminder_on": day(2), "interval_days": 14})
    assert response.status_code == 409


@pytest.mark.parametrize("payload, field", [
    ({"interval_days": 14}, "first_reminder_on"),
    ({"first_reminder_on": day(-1), "interval_days": 14}, "first_reminder_on"),
    ({"first_reminder_on": day(1), "interval_days": 0}, "interval_days"),
    ({"first_reminder_on": day(1), "interval_days": 14, "time_of_day": "24:00"}, "time_of_day"),
    ({"first_reminder_on": day(1), "interval_days": 14, "time_of_day": "7:30"}, "time_of_day"),
])
def test_bad_reminders_are_422_naming_the_field(api, customer, payload, field):
    response = api.post(path_of(customer), payload)
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_the_optician_changes_deactivates_and_deletes_it(api, customer):
    reminder = body(api.post(path_of(customer), {"first_reminder_on": day(1), "interval_days": 14}))
    changed = body(api.patch(path_of(customer, reminder), {"time_of_day": "20:15", "interval_days": 30,
                                                           "next_reminder_on": day(3)}))
    assert (changed["time_of_day"], changed["interval_days"], changed["next_reminder_on"]) == ("20:15", 30, day(3))
    assert body(api.patch(path_of(customer, reminder), {"active": False}))["active"] is False
    assert api.delete(path_of(customer, reminder)).status_code == 204
    assert api.get(path_of(customer, reminder)).status_code == 404


def test_the_customer_sets_changes_and_stops_it_through_the_webshop(client, optician, customer):
    settings, api = optician
    api.post(f"/customers/{customer['id']}/lens-passports", PASSPORT)
    created = signed_put(client, settings, webshop_path(settings, customer),
                         {"first_reminder_on": day(2), "time_of_day": "07:00", "event_id": "evt-1"})
    assert created.status_code == 201
    reminder = body(created)
    assert reminder["set_by"] == "customer" and reminder["interval_days"] == 30
    # the optician sees the customer's reminder
    assert body(api.get(path_of(customer)))["items"] == [reminder]
    # WHEN the customer changes the time, THEN the same reminder changes (PUT upserts)
    changed = signed_put(client, settings, webshop_path(settings, customer), {"time_of_day": "21:00"})
    assert changed.status_code == 200
    assert body(changed)["id"] == reminder["id"] and body(changed)["time_of_day"] == "21:00"
    stopped = signed_put(client, settings, webshop_path(settings, customer), {"active": False})
    assert stopped.status_code == 200 and body(stopped)["active"] is False
    assert len(body(api.get(path_of(customer)))["items"]) == 1


def test_the_webshop_route_needs_the_signature(client, optician, customer):
    settings, _ = optician
    payload = {"first_reminder_on": day(2), "interval_days": 14}
    assert signed_put(client, settings, webshop_path(settings, customer), payload,
                      secret="whsec_wrong").status_code == 401
    unsigned = client.http.put(webshop_path(settings, customer), headers={"Content-Type": "application/json"},
                               body=b"{}")
    assert unsigned.status_code == 401


def test_the_webshop_cannot_reach_another_opticians_customer(client, optician, new_optician, customer):
    other, _ = new_optician()
    payload = {"first_reminder_on": day(2), "interval_days": 14}
    response = signed_put(client, other, f"/webshop/{other['id']}/customers/{customer['id']}/lens-exchange-reminder",
                          payload)
    assert response.status_code == 404


def test_stopping_a_reminder_that_does_not_exist_is_404(client, optician, customer):
    settings, _ = optician
    response = signed_put(client, settings, webshop_path(settings, customer), {"active": False})
    assert response.status_code == 404


def test_bad_webshop_input_is_422_naming_the_field(client, optician, customer):
    settings, _ = optician
    response = signed_put(client, settings, webshop_path(settings, customer),
                          {"first_reminder_on": day(2), "interval_days": "often"})
    assert response.status_code == 422 and body(response)["error"]["field"] == "interval_days"


def test_a_repeated_webshop_event_changes_nothing(client, optician, customer):
    # GIVEN the customer set the reminder (e1) and then changed it (e2)
    settings, api = optician
    first = {"first_reminder_on": day(2), "interval_days": 14, "time_of_day": "18:00", "event_id": "e1"}
    assert signed_put(client, settings, webshop_path(settings, customer), first).status_code == 201
    second = {"first_reminder_on": day(5), "time_of_day": "07:00", "event_id": "e2"}
    assert signed_put(client, settings, webshop_path(settings, customer), second).status_code == 200
    # WHEN the webshop delivers e1 again (a late retry)
    replay = signed_put(client, settings, webshop_path(settings, customer), first)
    # THEN it answers what it answered the first time, and the customer's newer choice stands
    assert replay.status_code == 200 and body(replay)["next_reminder_on"] == day(2)
    [reminder] = body(api.get(path_of(customer)))["items"]
    assert (reminder["next_reminder_on"], reminder["time_of_day"]) == (day(5), "07:00")
    # AND an event_id reused for another request is refused
    reused = signed_put(client, settings, webshop_path(settings, customer), {**second, "time_of_day": "08:00"})
    assert reused.status_code == 409 and body(reused)["error"]["field"] == "event_id"


def test_a_change_by_the_optician_shows_the_optician_as_who_set_it(client, optician, customer):
    settings, api = optician
    signed_put(client, settings, webshop_path(settings, customer),
               {"first_reminder_on": day(2), "interval_days": 14, "event_id": "e1"})
    [reminder] = body(api.get(path_of(customer)))["items"]
    assert reminder["set_by"] == "customer"
    changed = body(api.patch(path_of(customer, reminder), {"time_of_day": "10:30"}))
    assert changed["set_by"] == "optician"
