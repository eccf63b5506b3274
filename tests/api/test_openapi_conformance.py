"""The published OpenAPI document is true to the real answers.

The main flows are walked through the API; each answer must have a status the document declares for
that route and a body matching the declared schema (every returned field documented); each request
body sent must match the declared ``requestBody``. A change of an answer or of the document that
makes them disagree fails here.
"""
from __future__ import annotations

import json
import time
from email import policy
from email.parser import BytesParser
from functools import partialmethod

import pytest

from chalicelib.domain.signature import HEADER, sign
from tests.api.fixtures_messaging import last_sms_token, moto_emails, verified_sender  # noqa: F401 - fixture
from tests.api.fixtures_repurchase import DAILY_PASSPORT, ORDER_LINES, SPEC_LINES, in_days, now_iso
from tests.api.openapi_conformance import Conformance
from tests.conftest import OPTICIAN_SETTINGS, body


@pytest.fixture
def conformance(client):
    return Conformance(body(client.http.get("/openapi.json")))


class Checked:
    """An ``Api`` whose every call is checked against the document."""

    def __init__(self, api, conformance: Conformance):
        self.api, self.conformance = api, conformance

    def call(self, method: str, path: str, payload=None, *, expect: int, headers: dict | None = None,
             valid_request: bool = True):
        if valid_request and isinstance(payload, (dict, list)):
            self.conformance.request(method, path, payload)
        response = self.api.call(method, path, payload, headers=headers)
        assert response.status_code == expect, (method, path, response.status_code, response.body)
        self.conformance.response(method, path, response)
        return None if response.headers.get("Content-Type", "").startswith("text/html") else body(response)

    get = partialmethod(call, "GET")
    post = partialmethod(call, "POST")
    put = partialmethod(call, "PUT")
    patch = partialmethod(call, "PATCH")
    delete = partialmethod(call, "DELETE")


class SignedWebshop:
    """The optician's webshop: calls signed with the webhook secret, checked against the document."""

    def __init__(self, client, conformance: Conformance, secret: str):
        self.client, self.conformance, self.secret = client, conformance, secret

    def call(self, method: str, path: str, payload: dict, *, expect: int):
        self.conformance.request(method, path, payload)
        raw = json.dumps(payload).encode()
        headers = {"Content-Type": "application/json", HEADER: sign(self.secret, raw, int(time.time()))}
        response = self.client.http.request(method, path, headers=headers, body=raw)
        assert response.status_code == expect, (method, path, response.status_code, response.body)
        self.conformance.response(method, path, response)
        return body(response)


def test_the_main_flows_answer_as_documented(optician, api, admin_api, client, conformance,
                                              verified_sender):
    settings, _ = optician
    office = Checked(api, conformance)
    operator = Checked(admin_api, conformance)
    webshop = SignedWebshop(client, conformance, settings["webhook_secret"])

    # Onboarding, settings, products
    operator.post("/admin/opticians", {**OPTICIAN_SETTINGS, "name": "Optik Zwei"}, expect=201)
    shown = office.get("/settings", expect=200)
    office.put("/settings", {**OPTICIAN_SETTINGS, "repurchase_lead_days": 10}, expect=200)
    office.put("/settings", {key: value for key, value in shown.items() if key != "id"}, expect=200)
    office.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Neu"}, expect=200)   # pending
    operator.post(f"/admin/opticians/{settings['id']}/sender-name", {"sender_name": "Muster Neu"}, expect=200)
    webhook_secret = office.post("/settings/webhook-secret", expect=200)["webhook_secret"]
    webshop.secret = webhook_secret
    office.get("/products", expect=200)
    office.post("/products", {"brand": "Optik Muster", "name": "Hauslinse", "replacement": "monthly",
                              "pack_sizes": [3, 6]}, expect=201)

    # Customers
    anna = office.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "salutation": "Frau",
                                      "language": "de", "mobile": "079 123 45 67", "email": "anna@example.ch",
                                      "preferred_channel": "sms", "topics": {"control": True}}, expect=201)
    ben = office.post("/customers", {"first_name": "Ben", "last_name": "Brun", "email": "ben@example.ch"},
                      expect=201)
    customer = f"/customers/{anna['id']}"
    office.get("/customers?limit=1", expect=200)
    office.get("/customers?q=Aebi", expect=200)
    office.get(customer, expect=200)
    office.get(f"{customer}/export", expect=200)
    office.patch(customer, {"salutation": None, "email": "anna.aebi@example.ch"}, expect=200)
    preferences = office.get(f"{customer}/preferences", expect=200)
    office.put(f"{customer}/preferences", {**preferences, "preferred_channel": "sms"}, expect=200)

    # Lens passports
    passport = office.post(f"{customer}/lens-passports", DAILY_PASSPORT, expect=201)
    office.get(f"{customer}/lens-passports", expect=200)
    office.get(f"{customer}/lens-passports/{passport['id']}", expect=200)
    office.put(f"{customer}/lens-passports/{passport['id']}", {**DAILY_PASSPORT, "notes": "Trägt sie gern"},
               expect=200)

    # Repurchase reminders: suggestion, set-up with overrides, change
    purchase = {"passport_id": passport["id"], "lines": SPEC_LINES, "usage": "daily"}
    office.post(f"{customer}/repurchase-reminders/suggestion", purchase, expect=200)
    reminder = office.post(f"{customer}/repurchase-reminders",
                           {**purchase, "first_reminder_on": in_days(30), "cycle_days": 90}, expect=201)
    office.get(f"{customer}/repurchase-reminders", expect=200)
    office.get(f"{customer}/repurchase-reminders/{reminder['id']}", expect=200)
    office.patch(f"{customer}/repurchase-reminders/{reminder['id']}", {"usage": "5_per_week"}, expect=200)

    # Orders, the reorder basket, webshop orders
    order = office.post(f"{customer}/orders", {"lines": ORDER_LINES, "delivery": "home"}, expect=201)
    office.get(f"{customer}/orders", expect=200)
    office.get(f"{customer}/orders/{order['id']}", expect=200)
    office.patch(f"{customer}/orders/{order['id']}",
                 {"status": "shipped", "tracking_url": "https://post.ch/track/123"}, expect=200)
    office.get(f"{customer}/reorder-basket", expect=200)
    office.get(f"/customers/{ben['id']}/reorder-basket", expect=200)
    event = {"event_id": "evt-1", "order_id": "100234", "customer_id": anna["id"], "ordered_at": now_iso(),
             "delivery": "pickup", "lines": ORDER_LINES}
    webshop.call("POST", f"/webhooks/{settings['id']}/orders", event, expect=201)
    webshop.call("POST", f"/webhooks/{settings['id']}/orders", event, expect=200)
    webshop.call("POST", f"/webhooks/{settings['id']}/orders/100234/status",
                 {"event_id": "evt-2", "status": "ready_for_pickup"}, expect=200)

    # Subscriptions: set-up (skipped_on null), skip (skipped_on a date)
    lines = [{"product_id": "dailies-total1", "eye": "both", "pack_size": 90, "quantity": 1}]
    subscription = office.post(f"{customer}/subscriptions",
                               {"lines": lines, "interval_weeks": 12, "next_order_on": in_days(20),
                                "delivery": "home"}, expect=201)
    assert subscription["skipped_on"] is None
    office.get(f"{customer}/subscriptions", expect=200)
    skipped = office.patch(f"{customer}/subscriptions/{subscription['id']}", {"skip_next": True}, expect=200)
    assert skipped["skipped_on"] is not None
    office.get(f"{customer}/subscriptions/{subscription['id']}", expect=200)

    # Control and lens-exchange reminders (back office and webshop)
    control = office.post(f"{customer}/control-reminders", {"first_reminder_on": in_days(200)}, expect=201)
    office.get(f"{customer}/control-reminders", expect=200)
    office.get(f"{customer}/control-reminders/{control['id']}", expect=200)
    office.patch(f"{customer}/control-reminders/{control['id']}", {"cycle_months": 24}, expect=200)
    exchange = office.post(f"{customer}/lens-exchange-reminders",
                           {"first_reminder_on": in_days(1), "interval_days": 1, "time_of_day": "07:30"},
                           expect=201)
    office.get(f"{customer}/lens-exchange-reminders", expect=200)
    office.get(f"{customer}/lens-exchange-reminders/{exchange['id']}", expect=200)
    office.patch(f"{customer}/lens-exchange-reminders/{exchange['id']}", {"time_of_day": "08:00"}, expect=200)
    shop_reminder = f"/webshop/{settings['id']}/customers/{ben['id']}/lens-exchange-reminder"
    webshop.call("PUT", shop_reminder, {"first_reminder_on": in_days(2), "interval_days": 14, "event_id": "e1"},
                 expect=201)
    webshop.call("PUT", shop_reminder, {"time_of_day": "06:45", "event_id": "e2"}, expect=200)

    # Messages: manual send, history, usage, preview; the webshop session of the link
    sent = office.post(f"{customer}/messages", {"kind": "webshop_login"}, expect=201)
    office.post(f"/customers/{ben['id']}/messages", {"kind": "webshop_login"}, expect=201)
    mail = BytesParser(policy=policy.default).parsebytes(moto_emails()[-1].raw_data.encode())
    unsubscribe = "/unsubscribe/" + mail["List-Unsubscribe"].strip("<>").split("/unsubscribe/", 1)[1]
    public = Checked(type(api)(client, None), conformance)
    public.get(unsubscribe, expect=200)
    public.post(unsubscribe, "List-Unsubscribe=One-Click", headers={"Content-Type": "application/x-www-form-urlencoded"},
                expect=200)
    public.get("/unsubscribe/opt_unknown/tok", expect=404)
    history = office.get(f"{customer}/messages?limit=50", expect=200)
    assert history["items"]
    everyone = office.get("/messages?limit=1", expect=200)
    assert everyone["messages"] and everyone["messages"][0]["customer_name"]
    office.get(f"/messages?status=sent&channel=sms&kind=webshop_login&cursor={everyone['next_cursor']}",
               expect=422)  # a cursor of another status
    office.get("/messages?status=failed&from=2026-01-01", expect=200)
    office.get("/settings/email-sender", expect=200)
    office.post("/settings/email-sender", expect=200)
    office.get(f"/usage?month={sent['created_at'][:7]}", expect=200)
    office.get("/usage", expect=200)
    office.get(f"/reports/conversion?from={sent['created_at'][:7]}&to={sent['created_at'][:7]}", expect=200)
    assert office.get("/agenda?days=60", expect=200)["items"]
    for kind in ("webshop_login", "repurchase_reminder", "subscription_confirmation", "order_confirmation"):
        office.post("/messages/preview", {"kind": kind, "customer_id": anna["id"]}, expect=200)
    office.post("/messages/preview", {"kind": "lens_passport", "customer_id": anna["id"], "channel": "email"},
                expect=200)
    webshop.call("POST", f"/webshop/{settings['id']}/sessions", {"token": last_sms_token()}, expect=200)
    office.delete(f"{customer}/links", expect=200)

    # Removal
    office.delete(f"{customer}/lens-exchange-reminders/{exchange['id']}", expect=204)
    office.delete(f"{customer}/control-reminders/{control['id']}", expect=204)
    office.delete(f"{customer}/subscriptions/{subscription['id']}", expect=204)
    office.delete(f"{customer}/repurchase-reminders/{reminder['id']}", expect=204)
    office.delete(f"{customer}/lens-passports/{passport['id']}", expect=204)
    office.delete(customer, expect=204)
    office.get(customer, expect=404)
    public.get("/openapi.json", expect=200)
    office.get("/audit?limit=5", expect=200)

    # Every documented operation was walked: a new route needs a step here.
    walked = {(method, template) for method, template, status in conformance.checked if status < 300}
    documented = {(method.upper(), template) for template, entry in conformance.document["paths"].items()
                  for method in entry if method in {"get", "put", "post", "patch", "delete"}}
    assert sorted(documented - walked) == []


def test_error_answers_are_documented_for_their_routes(optician, api, admin_api, client, conformance, token):
    settings, _ = optician
    office = Checked(api, conformance)
    operator = Checked(admin_api, conformance)
    anonymous = Checked(type(api)(client, None), conformance)
    anna = office.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67"},
                       expect=201)
    customer = f"/customers/{anna['id']}"

    anonymous.get("/customers", expect=401)
    operator.get("/customers", expect=403)                     # a token of no optician
    operator.post("/customers", {"first_name": "A", "last_name": "B", "mobile": "079 123 45 67"}, expect=403)
    operator.get("/settings", expect=403)
    office.post("/admin/opticians", OPTICIAN_SETTINGS, expect=403)
    office.put("/settings", {**OPTICIAN_SETTINGS, "package": "silver"}, expect=403)   # only the operator
    Checked(type(api)(client, token("opt_01gone0000000000000000000")), conformance).get("/usage", expect=404)
    office.post("/customers", "{not json", expect=400)
    office.post("/customers", [1, 2], expect=400, valid_request=False)
    office.put("/settings", "[]", expect=400)
    office.post(f"{customer}/orders", "nope", expect=400)
    office.post("/customers", {"first_name": "Anna"}, expect=422, valid_request=False)
    office.get("/customers/cus_unknown", expect=404)
    office.post(f"{customer}/lens-passports", DAILY_PASSPORT, expect=201)
    order = office.post(f"{customer}/orders", {"lines": ORDER_LINES, "delivery": "home"}, expect=201)
    office.patch(f"{customer}/orders/{order['id']}", {"status": "picked_up"}, expect=409)   # home delivery
    office.post("/customers", "first_name=Anna", headers={"Content-Type": "application/x-www-form-urlencoded"},
                expect=415)
    not_allowed = api.put("/customers", {})                    # the document's description: any route
    assert not_allowed.status_code == 405
    conformance.error(not_allowed)

    webshop = SignedWebshop(client, conformance, settings["webhook_secret"])
    raw = b"not json"
    signed = {"Content-Type": "application/json", HEADER: sign(settings["webhook_secret"], raw, int(time.time()))}
    response = client.http.post(f"/webshop/{settings['id']}/sessions", headers=signed, body=raw)
    assert response.status_code == 400, response.body
    conformance.response("POST", f"/webshop/{settings['id']}/sessions", response)
    webshop.call("POST", f"/webshop/{settings['id']}/sessions", {"token": "A" * 22}, expect=401)


def test_every_operation_documents_the_errors_it_can_answer(conformance):
    """401 and 403 wherever a bearer token is checked; 400, 413, 415 and 422 wherever a JSON body is read."""
    document = conformance.document
    missing = []
    for template, entry in document["paths"].items():
        for method, operation in entry.items():
            if method not in {"get", "put", "post", "patch", "delete"}:
                continue
            security = operation.get("security", document["security"])
            expected = set()
            if any("bearer" in requirement for requirement in security):
                expected |= {"401", "403"}
            content = operation.get("requestBody", {}).get("content", {})
            if "application/json" in content:
                expected |= {"400", "413", "415", "422"}
            missing += [f"{method.upper()} {template} {status}" for status in sorted(expected)
                        if status not in operation["responses"]]
    assert missing == []
