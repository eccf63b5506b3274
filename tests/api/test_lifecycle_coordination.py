"""Coordination of a customer's automatic messages, walked through time (issue 6, point 4)."""
from collections import Counter

import pytest

from tests.api.fixtures_lifecycles import PASSPORT, all_week, at, day, history, patient, run_schedules  # noqa: F401
from tests.conftest import body

LINES = [{"product_id": "biofinity", "eye": "both", "pack_size": 6, "quantity": 2}]


def kinds(api, customer) -> dict[str, int]:
    """How many messages of each kind were sent (passed-over occurrences are recorded skipped)."""
    return dict(Counter(m["kind"] for m in history(api, customer) if m["status"] == "sent"))


def passed_over(api, customer) -> list[tuple[str, str]]:
    return [(m["kind"], m["reason"]) for m in history(api, customer) if m["status"] == "skipped"]


@pytest.fixture
def passport(all_week, patient):
    _, api = all_week
    return body(api.post(f"/customers/{patient['id']}/lens-passports", PASSPORT))


def repurchase_on(api, customer, passport, n: int) -> dict:
    response = api.post(f"/customers/{customer['id']}/repurchase-reminders", {
        "passport_id": passport["id"], "lines": [{"eye": "both", "pack_size": 6, "quantity": 2}],
        "purchased_on": day(0), "first_reminder_on": day(n), "cycle_days": 90})
    assert response.status_code == 201, response.body
    return body(response)


def control_on(api, customer, n: int) -> dict:
    response = api.post(f"/customers/{customer['id']}/control-reminders", {"first_reminder_on": day(n)})
    assert response.status_code == 201, response.body
    return body(response)


def test_a_repurchase_reminder_stays_silent_while_a_subscription_is_active(all_week, patient, passport):
    _, api = all_week
    reminder = repurchase_on(api, patient, passport, 10)
    subscription = body(api.post(f"/customers/{patient['id']}/subscriptions", {
        "lines": LINES, "interval_weeks": 26, "next_order_on": day(120), "delivery": "pickup"}))
    run_schedules(at(10, "08:05"))
    assert "repurchase_reminder" not in kinds(api, patient)
    # the series moved on silently
    moved = body(api.get(f"/customers/{patient['id']}/repurchase-reminders/{reminder['id']}"))
    assert moved["next_reminder_on"] == day(100)
    # WHEN the subscription ends, THEN the repurchase reminder speaks again
    api.patch(f"/customers/{patient['id']}/subscriptions/{subscription['id']}", {"active": False})
    run_schedules(at(100, "08:05"))
    assert kinds(api, patient).get("repurchase_reminder") == 1


@pytest.mark.parametrize("repurchase_day, control_day", [(10, 12), (12, 10), (10, 10)])
def test_repurchase_and_check_up_within_three_days_go_out_as_one_message(all_week, patient, passport,
                                                                        repurchase_day, control_day):
    _, api = all_week
    repurchase_on(api, patient, passport, repurchase_day)
    control = control_on(api, patient, control_day)
    for n in range(min(repurchase_day, control_day), max(repurchase_day, control_day) + 1):
        run_schedules(at(n, "08:05"))
    got = kinds(api, patient)
    assert got == {"repurchase_control_reminder": 1}
    # the partner covered by the combined message is in the history: skipped, merged
    partners = {"control_reminder", "repurchase_reminder"}  # same day: whichever was processed second
    if repurchase_day != control_day:
        partners = {"control_reminder" if repurchase_day < control_day else "repurchase_reminder"}
    ((partner, reason),) = passed_over(api, patient)
    assert partner in partners and reason == "merged"
    combined = history(api, patient, "repurchase_control_reminder")[0]
    assert combined["status"] == "sent" and "044 123 45 67" in combined["text"]  # how to book
    assert "https://shop.optik-muster.ch/l/" in combined["text"]  # the reorder link
    # both series moved on: the check-up a year later
    moved = body(api.get(f"/customers/{patient['id']}/control-reminders/{control['id']}"))
    assert moved["next_reminder_on"] > day(360)


def test_reminders_further_apart_go_out_separately(all_week, patient, passport):
    _, api = all_week
    repurchase_on(api, patient, passport, 10)
    control_on(api, patient, 14)
    run_schedules(at(10, "08:05"))
    run_schedules(at(14, "08:05"))
    assert kinds(api, patient) == {"repurchase_reminder": 1, "control_reminder": 1}


def test_with_the_control_topic_off_the_repurchase_reminder_goes_alone(all_week, patient, passport):
    _, api = all_week
    api.put(f"/customers/{patient['id']}/preferences", {"topics": {"control": False}})
    repurchase_on(api, patient, passport, 10)
    control_on(api, patient, 11)
    run_schedules(at(10, "08:05"))
    run_schedules(at(11, "08:05"))
    sent = {m["kind"]: m["status"] for m in history(api, patient)}
    assert sent == {"repurchase_reminder": "sent", "control_reminder": "skipped"}


def test_never_two_automatic_messages_of_one_kind_on_one_day(all_week, patient):
    _, api = all_week
    control_on(api, patient, 5)
    control_on(api, patient, 5)
    run_schedules(at(5, "08:05"))
    assert kinds(api, patient) == {"control_reminder": 1}
    assert passed_over(api, patient) == [("control_reminder", "coordinated")]  # recorded, not dropped
    # both series still moved on
    items = body(api.get(f"/customers/{patient['id']}/control-reminders"))["items"]
    assert all(item["next_reminder_on"] > day(360) for item in items)
