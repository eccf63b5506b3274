"""Each lifecycle walked through time with the scheduled function's events (issue 6, done-when)."""
from collections import Counter
from datetime import date

from chalicelib.domain.calendar import add_months
from tests.api.fixtures_lifecycles import all_week, at, day, history, patient, run_schedules  # noqa: F401
from tests.conftest import body


def test_a_yearly_control_reminder_fires_on_its_date_and_a_year_later(all_week, patient):
    _, api = all_week
    reminder = body(api.post(f"/customers/{patient['id']}/control-reminders",
                             {"first_reminder_on": day(30), "cycle_months": 12}))
    # the day before: nothing
    run_schedules(at(29, "18:00"))
    assert history(api, patient) == []
    # on its date, inside the send window: one check-up reminder with the booking link
    run_schedules(at(30, "08:05"))
    sent = history(api, patient, "control_reminder")
    assert len(sent) == 1 and sent[0]["status"] == "sent" and sent[0]["trigger"] == "automatic"
    assert "optik-muster.ch/termin" in sent[0]["text"]
    # a repeated run the same day sends nothing more
    run_schedules(at(30, "09:05"))
    assert len(history(api, patient, "control_reminder")) == 1
    # the reminder now points a year ahead, on the same day of the month
    moved = body(api.get(f"/customers/{patient['id']}/control-reminders/{reminder['id']}"))
    a_year_later = add_months(date.fromisoformat(day(30)), 12)
    assert moved["next_reminder_on"] == a_year_later.isoformat()
    # a year later it fires again
    offset = (a_year_later - date.fromisoformat(day(0))).days
    run_schedules(at(offset - 1, "19:00"))
    assert len(history(api, patient, "control_reminder")) == 1
    run_schedules(at(offset, "08:05"))
    assert len(history(api, patient, "control_reminder")) == 2


def test_a_customer_sets_a_lens_exchange_reminder_in_the_webshop_and_receives_it(client, all_week, patient):
    from tests.api.fixtures_lifecycles import PASSPORT, signed_put

    settings, api = all_week
    api.post(f"/customers/{patient['id']}/lens-passports", PASSPORT)
    path = f"/webshop/{settings['id']}/customers/{patient['id']}/lens-exchange-reminder"
    assert signed_put(client, settings, path, {"first_reminder_on": day(2), "interval_days": 14,
                                               "time_of_day": "18:30", "active": True}).status_code == 201
    # not before the chosen local time
    run_schedules(at(2, "18:25"))
    assert history(api, patient) == []
    run_schedules(at(2, "18:35"))
    sent = history(api, patient, "lens_exchange_reminder")
    assert len(sent) == 1 and sent[0]["status"] == "sent"
    assert "Linsenwechsel" in sent[0]["text"]
    # and again after the interval
    run_schedules(at(16, "18:35"))
    assert len(history(api, patient, "lens_exchange_reminder")) == 2
    # WHEN the customer stops it, THEN nothing more comes
    assert signed_put(client, settings, path, {"active": False}).status_code == 200
    run_schedules(at(30, "18:35"))
    assert len(history(api, patient, "lens_exchange_reminder")) == 2


def test_a_lens_exchange_time_outside_the_send_window_waits_for_the_window(all_week, patient):
    _, api = all_week
    api.post(f"/customers/{patient['id']}/lens-exchange-reminders",
             {"first_reminder_on": day(2), "interval_days": 7, "time_of_day": "21:30"})
    run_schedules(at(2, "21:35"))  # window closed (08:00–20:00)
    assert history(api, patient) == []
    run_schedules(at(3, "08:05"))  # next opening
    assert len(history(api, patient, "lens_exchange_reminder")) == 1
    reminder = body(api.get(f"/customers/{patient['id']}/lens-exchange-reminders"))["items"][0]
    assert reminder["next_reminder_on"] == day(9)


LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


def kinds(api, customer) -> dict[str, int]:
    """How many messages of each kind the customer got (history order mixes real and walked time)."""
    return dict(Counter(m["kind"] for m in history(api, customer)))


def test_a_subscription_confirms_preannounces_orders_and_moves_on(all_week, patient):
    _, api = all_week
    base = f"/customers/{patient['id']}"
    # day 0: set up with a 12-week interval, first order on day 84 → confirmed at once
    subscription = body(api.post(f"{base}/subscriptions", {"lines": LINES, "interval_weeks": 12,
                                                           "next_order_on": day(84), "delivery": "home"}))
    assert kinds(api, patient) == {"subscription_confirmation": 1}
    run_schedules(at(76, "19:00"))
    assert kinds(api, patient) == {"subscription_confirmation": 1}
    # day 77: pre-announced seven days ahead, naming the order date
    run_schedules(at(77, "08:05"))
    assert kinds(api, patient) == {"subscription_confirmation": 1, "subscription_preannouncement": 1}
    order_day = date.fromisoformat(day(84)).strftime("%d.%m.%Y")
    assert order_day in history(api, patient, "subscription_preannouncement")[0]["text"]
    run_schedules(at(83, "19:00"))
    assert body(api.get(f"{base}/orders"))["items"] == []
    # day 84: the order is placed (source subscription) and confirmed; the next order is on day 168
    run_schedules(at(84, "08:05"))
    orders = body(api.get(f"{base}/orders"))["items"]
    assert len(orders) == 1 and orders[0]["source"] == "subscription" and orders[0]["lines"] == LINES
    assert orders[0]["delivery"] == "home"
    assert kinds(api, patient).get("order_confirmation") == 1
    moved = body(api.get(f"{base}/subscriptions/{subscription['id']}"))
    assert moved["next_order_on"] == day(168) and moved["active"] is True
    # a second run on the same day places no second order
    run_schedules(at(84, "12:00"))
    assert len(body(api.get(f"{base}/orders"))["items"]) == 1
    # the optician postpones the next order: confirmed to the customer
    api.patch(f"{base}/subscriptions/{subscription['id']}", {"next_order_on": day(175)})
    changed = history(api, patient, "subscription_changed")
    assert len(changed) == 1 and changed[0]["status"] == "sent"
    # ... and cancels it: confirmed, and nothing is pre-announced or ordered any more
    api.patch(f"{base}/subscriptions/{subscription['id']}", {"active": False})
    assert kinds(api, patient).get("subscription_cancelled") == 1
    before = kinds(api, patient)
    run_schedules(at(168, "08:05"))
    run_schedules(at(175, "08:05"))
    assert len(body(api.get(f"{base}/orders"))["items"]) == 1
    assert kinds(api, patient) == before
