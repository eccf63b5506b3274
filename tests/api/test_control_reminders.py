"""Check-up reminders (Kontroll-Erinnerung) through the back-office API."""
import pytest

from tests.api.fixtures_lifecycles import customer, day  # noqa: F401 - fixtures
from tests.conftest import body


def path_of(customer, reminder=None):
    base = f"/customers/{customer['id']}/control-reminders"
    return f"{base}/{reminder['id']}" if reminder else base


def test_a_control_reminder_is_created_listed_and_shown(api, customer):
    response = api.post(path_of(customer), {"first_reminder_on": day(30), "cycle_months": 12})
    assert response.status_code == 201
    reminder = body(response)
    assert (reminder["first_reminder_on"], reminder["next_reminder_on"]) == (day(30), day(30))
    assert reminder["cycle_months"] == 12 and reminder["active"] is True
    assert body(api.get(path_of(customer)))["items"] == [reminder]
    assert body(api.get(path_of(customer, reminder))) == reminder


def test_the_cycle_defaults_to_a_year(api, customer):
    assert body(api.post(path_of(customer), {"first_reminder_on": day(1)}))["cycle_months"] == 12


@pytest.mark.parametrize("payload, field", [
    ({}, "first_reminder_on"),
    ({"first_reminder_on": day(-1)}, "first_reminder_on"),
    ({"first_reminder_on": "2026-02-30"}, "first_reminder_on"),
    ({"first_reminder_on": day(1), "cycle_months": 0}, "cycle_months"),
    ({"first_reminder_on": day(1), "cycle_months": 61}, "cycle_months"),
    ({"first_reminder_on": day(1), "cycle_days": 30}, "cycle_days"),
])
def test_bad_control_reminders_are_422_naming_the_field(api, customer, payload, field):
    response = api.post(path_of(customer), payload)
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_an_optician_without_booking_url_or_phone_cannot_invite_to_a_check_up(new_optician):
    _, api = new_optician(booking_url=None, phone=None)
    someone = body(api.post("/customers", {"first_name": "Ben", "last_name": "Bär", "mobile": "079 222 33 44"}))
    response = api.post(path_of(someone), {"first_reminder_on": day(1)})
    assert response.status_code == 422
    assert body(response)["error"]["field"] == "settings.booking_url"


def test_a_phone_number_alone_is_enough(new_optician):
    _, api = new_optician(booking_url=None)
    someone = body(api.post("/customers", {"first_name": "Ben", "last_name": "Bär", "mobile": "079 222 33 44"}))
    assert api.post(path_of(someone), {"first_reminder_on": day(1)}).status_code == 201


def test_the_next_date_and_cycle_are_changed_and_the_reminder_deactivated(api, customer):
    reminder = body(api.post(path_of(customer), {"first_reminder_on": day(30)}))
    changed = body(api.patch(path_of(customer, reminder), {"next_reminder_on": day(40), "cycle_months": 6}))
    assert (changed["next_reminder_on"], changed["cycle_months"]) == (day(40), 6)
    assert changed["first_reminder_on"] == day(30)
    off = body(api.patch(path_of(customer, reminder), {"active": False}))
    assert off["active"] is False
    assert body(api.get(path_of(customer, reminder)))["active"] is False
    on = body(api.patch(path_of(customer, reminder), {"active": True}))
    assert on["active"] is True and on["next_reminder_on"] == day(40)


def test_a_past_next_date_is_refused(api, customer):
    reminder = body(api.post(path_of(customer), {"first_reminder_on": day(30)}))
    response = api.patch(path_of(customer, reminder), {"next_reminder_on": day(-3)})
    assert response.status_code == 422 and body(response)["error"]["field"] == "next_reminder_on"


def test_a_control_reminder_is_deleted(api, customer):
    reminder = body(api.post(path_of(customer), {"first_reminder_on": day(30)}))
    assert api.delete(path_of(customer, reminder)).status_code == 204
    assert api.get(path_of(customer, reminder)).status_code == 404
    assert body(api.get(path_of(customer)))["items"] == []


def test_another_opticians_reminders_are_404(api, customer, new_optician):
    reminder = body(api.post(path_of(customer), {"first_reminder_on": day(30)}))
    _, other = new_optician()
    assert other.get(path_of(customer)).status_code == 404
    assert other.get(path_of(customer, reminder)).status_code == 404
    assert other.patch(path_of(customer, reminder), {"active": False}).status_code == 404
    assert other.delete(path_of(customer, reminder)).status_code == 404
    assert body(api.get(path_of(customer, reminder)))["active"] is True
