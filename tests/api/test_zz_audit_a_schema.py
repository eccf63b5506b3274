"""AUDIT probe (temporary): happy path of every route, responses checked against /openapi.json."""
import json, re, time
from datetime import date, timedelta
import pytest
from tests.conftest import body
from tests.api.fixtures_messaging import signed_post, create_customer
from tests.api.fixtures_repurchase import DAILY_PASSPORT, SPEC_LINES, ORDER_LINES, order_event, now_iso

OUT = []

def doc(client):
    return body(client.http.get("/openapi.json"))

def resolve(d, node):
    while isinstance(node, dict) and "$ref" in node:
        parts = node["$ref"][2:].split("/")
        n = d
        for p in parts: n = n[p]
        node = n
    return node

def props_of(d, schema):
    schema = resolve(d, schema)
    out = dict(schema.get("properties", {}))
    for sub in schema.get("allOf", []):
        out.update(props_of(d, sub))
    return out

def check(d, method, template, resp):
    from openapi_schema_validator import OAS30Validator
    from jsonschema import FormatChecker
    op = d["paths"][template][method.lower()]
    st = str(resp.status_code)
    b = body(resp) if resp.body else None
    if st not in op["responses"]:
        OUT.append(f"UNDOCUMENTED STATUS {method} {template} -> {st} {str(b)[:200]}")
        return b
    r = resolve(d, op["responses"][st])
    sch = r.get("content", {}).get("application/json", {}).get("schema")
    if sch is None:
        if resp.body: OUT.append(f"BODY BUT NO SCHEMA {method} {template} {st}: {str(b)[:200]}")
        return b
    full = dict(sch); full["components"] = d["components"]
    v = OAS30Validator(full, format_checker=FormatChecker())
    for e in v.iter_errors(b):
        OUT.append(f"SCHEMA {method} {template} {st}: {e.message[:200]} at {list(e.path)}")
    # undocumented fields (one level)
    p = props_of(d, sch)
    if isinstance(b, dict) and p:
        extra = set(b) - set(p)
        if extra: OUT.append(f"UNDOC FIELDS {method} {template}: {sorted(extra)}")
        missing = set(p) - set(b)
        if missing: OUT.append(f"DOC FIELDS NOT RETURNED {method} {template}: {sorted(missing)}")
    scan(b, f"{method} {template}")
    return b

TS = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$")
def scan(b, where, path=""):
    if isinstance(b, dict):
        for k, v in b.items():
            if k != k.lower() or "-" in k: OUT.append(f"NON-SNAKE key {k} in {where}")
            if isinstance(v, str):
                if k.endswith("_at") and not TS.match(v): OUT.append(f"BAD TIMESTAMP {where} {path}{k}={v}")
                if k.endswith("_on") and not re.fullmatch(r"\d{4}-\d{2}-\d{2}", v): OUT.append(f"BAD DATE {where} {path}{k}={v}")
            if k.endswith("_chf") and not (isinstance(v, str) and re.fullmatch(r"\d+\.\d{2}", v)): OUT.append(f"BAD MONEY {where} {k}={v!r}")
            if isinstance(v, float): OUT.append(f"FLOAT {where} {path}{k}={v}")
            scan(v, where, path + k + ".")
    elif isinstance(b, list):
        for x in b: scan(x, where, path)

def test_happy(client, new_optician, admin_api):
    d = doc(client)
    opt, api = new_optician()
    oid = opt["id"]
    check(d, "POST", "/admin/opticians", admin_api.post("/admin/opticians", {"name": "X", "sender_name": "Xx"}))
    check(d, "GET", "/settings", api.get("/settings"))
    s = body(api.get("/settings"))
    s2 = {k: v for k, v in s.items() if k not in ("id", "webhook_secret", "created_at", "updated_at")}
    r = api.put("/settings", s2)
    OUT.append(f"PUT /settings roundtrip of GET -> {r.status_code} {r.body[:300]}")
    check(d, "PUT", "/settings", r)
    sec = check(d, "POST", "/settings/webhook-secret", api.post("/settings/webhook-secret"))
    secret = sec["webhook_secret"]
    check(d, "GET", "/products", api.get("/products"))
    check(d, "POST", "/products", api.post("/products", {"brand": "B", "name": "N", "replacement": "monthly", "pack_sizes": [3, 6]}))
    c = check(d, "POST", "/customers", api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67", "email": "a@example.ch", "salutation": "Frau", "language": "de", "preferred_channel": "sms"}))
    cid = c["id"]
    check(d, "GET", "/customers", api.get("/customers?q=Anna"))
    check(d, "GET", "/customers/{customer_id}", api.get(f"/customers/{cid}"))
    check(d, "PATCH", "/customers/{customer_id}", api.patch(f"/customers/{cid}", {"last_name": "B"}))
    check(d, "GET", "/customers/{customer_id}/preferences", api.get(f"/customers/{cid}/preferences"))
    check(d, "PUT", "/customers/{customer_id}/preferences", api.put(f"/customers/{cid}/preferences", {"topics": {"marketing": True}, "preferred_channel": "sms"}))
    p = check(d, "POST", "/customers/{customer_id}/lens-passports", api.post(f"/customers/{cid}/lens-passports", DAILY_PASSPORT))
    pid = p["id"]
    check(d, "GET", "/customers/{customer_id}/lens-passports", api.get(f"/customers/{cid}/lens-passports"))
    check(d, "GET", "/customers/{customer_id}/lens-passports/{passport_id}", api.get(f"/customers/{cid}/lens-passports/{pid}"))
    check(d, "PUT", "/customers/{customer_id}/lens-passports/{passport_id}", api.put(f"/customers/{cid}/lens-passports/{pid}", DAILY_PASSPORT))
    sug = {"passport_id": pid, "lines": SPEC_LINES, "purchased_on": "2026-01-10"}
    check(d, "POST", "/customers/{customer_id}/repurchase-reminders/suggestion", api.post(f"/customers/{cid}/repurchase-reminders/suggestion", sug))
    rr = check(d, "POST", "/customers/{customer_id}/repurchase-reminders", api.post(f"/customers/{cid}/repurchase-reminders", sug))
    OUT.append(f"repurchase create body: {json.dumps(rr)[:400]}")
    rid = rr["id"]
    check(d, "GET", "/customers/{customer_id}/repurchase-reminders", api.get(f"/customers/{cid}/repurchase-reminders"))
    check(d, "GET", "/customers/{customer_id}/repurchase-reminders/{reminder_id}", api.get(f"/customers/{cid}/repurchase-reminders/{rid}"))
    check(d, "PATCH", "/customers/{customer_id}/repurchase-reminders/{reminder_id}", api.patch(f"/customers/{cid}/repurchase-reminders/{rid}", {"cycle_days": 80, "usage": "5_per_week", "lines": SPEC_LINES, "active": True, "next_reminder_on": (date.today()+timedelta(days=30)).isoformat()}))
    cr = check(d, "POST", "/customers/{customer_id}/control-reminders", api.post(f"/customers/{cid}/control-reminders", {"first_reminder_on": (date.today()+timedelta(days=30)).isoformat(), "cycle_months": 12}))
    check(d, "GET", "/customers/{customer_id}/control-reminders", api.get(f"/customers/{cid}/control-reminders"))
    check(d, "GET", "/customers/{customer_id}/control-reminders/{reminder_id}", api.get(f"/customers/{cid}/control-reminders/{cr['id']}"))
    check(d, "PATCH", "/customers/{customer_id}/control-reminders/{reminder_id}", api.patch(f"/customers/{cid}/control-reminders/{cr['id']}", {"active": False}))
    le = check(d, "POST", "/customers/{customer_id}/lens-exchange-reminders", api.post(f"/customers/{cid}/lens-exchange-reminders", {"first_reminder_on": (date.today()+timedelta(days=3)).isoformat(), "interval_days": 30, "time_of_day": "07:30"}))
    check(d, "GET", "/customers/{customer_id}/lens-exchange-reminders", api.get(f"/customers/{cid}/lens-exchange-reminders"))
    check(d, "GET", "/customers/{customer_id}/lens-exchange-reminders/{reminder_id}", api.get(f"/customers/{cid}/lens-exchange-reminders/{le['id']}"))
    check(d, "PATCH", "/customers/{customer_id}/lens-exchange-reminders/{reminder_id}", api.patch(f"/customers/{cid}/lens-exchange-reminders/{le['id']}", {"interval_days": 14}))
    sub = check(d, "POST", "/customers/{customer_id}/subscriptions", api.post(f"/customers/{cid}/subscriptions", {"lines": ORDER_LINES, "interval_weeks": 12, "next_order_on": (date.today()+timedelta(days=84)).isoformat(), "delivery": "home"}))
    OUT.append(f"subscription create: {json.dumps(sub)[:400]}")
    check(d, "GET", "/customers/{customer_id}/subscriptions", api.get(f"/customers/{cid}/subscriptions"))
    check(d, "GET", "/customers/{customer_id}/subscriptions/{subscription_id}", api.get(f"/customers/{cid}/subscriptions/{sub['id']}"))
    check(d, "PATCH", "/customers/{customer_id}/subscriptions/{subscription_id}", api.patch(f"/customers/{cid}/subscriptions/{sub['id']}", {"active": False}))
    o = check(d, "POST", "/customers/{customer_id}/orders", api.post(f"/customers/{cid}/orders", {"lines": ORDER_LINES, "delivery": "home"}))
    OUT.append(f"order create: {json.dumps(o)[:500]}")
    check(d, "GET", "/customers/{customer_id}/orders", api.get(f"/customers/{cid}/orders"))
    check(d, "GET", "/customers/{customer_id}/orders/{order_id}", api.get(f"/customers/{cid}/orders/{o['id']}"))
    check(d, "PATCH", "/customers/{customer_id}/orders/{order_id}", api.patch(f"/customers/{cid}/orders/{o['id']}", {"status": "shipped", "tracking_url": "https://track.example/1"}))
    check(d, "GET", "/customers/{customer_id}/reorder-basket", api.get(f"/customers/{cid}/reorder-basket"))
    m = check(d, "POST", "/customers/{customer_id}/messages", api.post(f"/customers/{cid}/messages", {"kind": "webshop_login"}))
    OUT.append(f"manual send: {json.dumps(m)[:600]}")
    check(d, "GET", "/customers/{customer_id}/messages", api.get(f"/customers/{cid}/messages"))
    pv = check(d, "POST", "/messages/preview", api.post("/messages/preview", {"kind": "webshop_login", "customer_id": cid}))
    OUT.append(f"preview: {json.dumps(pv)[:300]}")
    u = check(d, "GET", "/usage", api.get(f"/usage?month={date.today():%Y-%m}"))
    OUT.append(f"usage: {u}")
    u = api.get("/usage"); OUT.append(f"usage no month: {u.status_code} {u.body[:200]}")
    # webhook
    wh = signed_post(api, f"/webhooks/{oid}/orders", order_event(cid, order_id="W1"), secret)
    check(d, "POST", "/webhooks/{optician_id}/orders", wh)
    OUT.append(f"webhook order: {wh.status_code} {wh.body[:400]}")
    ws = signed_post(api, f"/webhooks/{oid}/orders/W1/status", {"event_id": "e2", "status": "shipped", "tracking_url": "https://t.example/x"}, secret)
    check(d, "POST", "/webhooks/{optician_id}/orders/{order_id}/status", ws)
    OUT.append(f"webhook status: {ws.status_code} {ws.body[:300]}")
    # webshop session
    from tests.api.fixtures_messaging import token_of
    tok = token_of(m.get("text") or "") if m and "/l/" in (m.get("text") or "") else None
    OUT.append(f"token {tok}")
    if tok:
        ss = signed_post(api, f"/webshop/{oid}/sessions", {"token": tok}, secret)
        check(d, "POST", "/webshop/{optician_id}/sessions", ss)
        OUT.append(f"session: {ss.status_code} {ss.body[:600]}")
    from tests.api.fixtures_lifecycles import signed_put
    wp = signed_put(client, {"webhook_secret": secret}, f"/webshop/{oid}/customers/{cid}/lens-exchange-reminder", {"first_reminder_on": (date.today()+timedelta(days=3)).isoformat(), "interval_days": 30, "time_of_day": "08:00"})
    check(d, "PUT", "/webshop/{optician_id}/customers/{customer_id}/lens-exchange-reminder", wp)
    OUT.append(f"webshop lx: {wp.status_code} {wp.body[:300]}")
    check(d, "DELETE", "/customers/{customer_id}/links", api.delete(f"/customers/{cid}/links"))
    for t, path in [("/customers/{customer_id}/subscriptions/{subscription_id}", f"/customers/{cid}/subscriptions/{sub['id']}"),
                    ("/customers/{customer_id}/lens-exchange-reminders/{reminder_id}", f"/customers/{cid}/lens-exchange-reminders/{le['id']}"),
                    ("/customers/{customer_id}/control-reminders/{reminder_id}", f"/customers/{cid}/control-reminders/{cr['id']}"),
                    ("/customers/{customer_id}/repurchase-reminders/{reminder_id}", f"/customers/{cid}/repurchase-reminders/{rid}"),
                    ("/customers/{customer_id}/lens-passports/{passport_id}", f"/customers/{cid}/lens-passports/{pid}"),
                    ("/customers/{customer_id}", f"/customers/{cid}")]:
        check(d, "DELETE", t, api.delete(path))
    open("/tmp/audit_a/schema.txt", "w").write("\n".join(OUT))
