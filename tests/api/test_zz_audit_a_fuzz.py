"""AUDIT probe (temporary): bad input on every route."""
import json, time
from datetime import date, timedelta
from tests.conftest import body
from tests.api.fixtures_repurchase import DAILY_PASSPORT, SPEC_LINES, ORDER_LINES, order_event
from chalicelib.domain.signature import HEADER, sign

OUT = []
D = lambda n: (date.today() + timedelta(days=n)).isoformat()

def note(tag, method, path, sent, resp):
    try: b = body(resp)
    except Exception: b = resp.body[:200]
    OUT.append(f"{tag} | {method} {path} | sent={str(sent)[:150]} | -> {resp.status_code} {str(b)[:260]}")

def judge(method, path, sent, resp, field=None, expect_4xx=True):
    st = resp.status_code
    if st >= 500:
        note("5XX", method, path, sent, resp); return
    if 400 <= st < 500:
        try:
            b = body(resp)
            e = b.get("error") if isinstance(b, dict) else None
            if not isinstance(e, dict) or "code" not in e or "message" not in e:
                note("BADERRFORMAT", method, path, sent, resp); return
            if field and st == 422 and e.get("field") is None:
                note("NOFIELD", method, path, sent, resp)
            elif field and st == 422 and e.get("field") and field.split(".")[0].split("[")[0] not in e["field"]:
                note("WRONGFIELD(want %s)" % field, method, path, sent, resp)
        except Exception:
            note("NONJSONERR", method, path, sent, resp)
        return
    if expect_4xx and 200 <= st < 300:
        note("ACCEPTED", method, path, sent, resp)

class Raw:
    def __init__(self, api): self.api = api
    def send(self, method, path, payload, headers=None):
        return self.api.call(method, path, payload, headers=headers)

BAD_VALUES = [None, True, 0, -1, 10**20, 1.5, "", "abc", "x" * 5000, {"a": 1}, [1], "2026-13-45", "ü\u0000☃"]

def mutate(base):
    for k in list(base.keys()) + ["zz_unknown"]:
        for bv in BAD_VALUES:
            m = dict(base); m[k] = bv
            yield k, bv, m
        if k in base:
            m = dict(base); del m[k]
            yield k, "<missing>", m

def fuzz_body(api, method, path, base, skip_fields=(), sign_secret=None, client=None):
    wrappers = ["not json", "[]", "[1,2]", "null", "123", '"str"', "{", b"\xff\xfe", "true"]
    for w in wrappers:
        r = send(api, method, path, w, sign_secret, client)
        judge(method, path, w, r)
    for k, bv, m in mutate(base):
        if k in skip_fields: continue
        r = send(api, method, path, m, sign_secret, client)
        # some values are legitimately OK (e.g. None for optional); flag only 5xx and format; note accepted
        judge(method, path, {k: (bv if not isinstance(bv, str) else bv[:20])}, r, field=k, expect_4xx=False)
        if 200 <= r.status_code < 300 and bv not in (None, "<missing>") and not (isinstance(bv, str) and bv == ""):
            OUT.append(f"ACCEPTED? | {method} {path} | {k}={str(bv)[:30]!r} -> {r.status_code} {r.body[:160]}")
        # nested: lines
        if isinstance(base.get(k), list) and base[k] and isinstance(base[k][0], dict):
            for lk, lbv, lm in mutate(base[k][0]):
                mm = dict(base); mm[k] = [lm] + base[k][1:]
                r = send(api, method, path, mm, sign_secret, client)
                judge(method, path, {f"{k}[0].{lk}": str(lbv)[:20]}, r, field=k, expect_4xx=False)
                if 200 <= r.status_code < 300 and lbv not in (None, "<missing>"):
                    OUT.append(f"ACCEPTED? | {method} {path} | {k}[0].{lk}={str(lbv)[:30]!r} -> {r.status_code} {r.body[:160]}")
        if isinstance(base.get(k), dict):
            for lk, lbv, lm in mutate(base[k]):
                mm = dict(base); mm[k] = lm
                r = send(api, method, path, mm, sign_secret, client)
                judge(method, path, {f"{k}.{lk}": str(lbv)[:20]}, r, field=k, expect_4xx=False)
                if 200 <= r.status_code < 300 and lbv not in (None, "<missing>"):
                    OUT.append(f"ACCEPTED? | {method} {path} | {k}.{lk}={str(lbv)[:30]!r} -> {r.status_code} {r.body[:160]}")

def send(api, method, path, payload, secret, client):
    if secret is None:
        return api.call(method, path, payload)
    raw = payload if isinstance(payload, bytes) else (payload.encode() if isinstance(payload, str) else json.dumps(payload).encode())
    h = {"Content-Type": "application/json", HEADER: sign(secret, raw, int(time.time()))}
    return client.http.request(method, path, headers=h, body=raw)

def test_fuzz(client, new_optician):
    opt, api = new_optician()
    oid, secret = opt["id"], opt["webhook_secret"]
    c = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67", "email": "a@example.ch"}))
    cid = c["id"]
    p = body(api.post(f"/customers/{cid}/lens-passports", DAILY_PASSPORT)); pid = p["id"]
    cust = f"/customers/{cid}"
    s = body(api.get("/settings")); settings = {k: v for k, v in s.items() if k not in ("id", "webhook_secret", "created_at", "updated_at")}
    sug = {"passport_id": pid, "lines": SPEC_LINES, "purchased_on": D(-5), "usage": "daily", "no_stock": False}
    rr = body(api.post(f"{cust}/repurchase-reminders", sug))
    cr = body(api.post(f"{cust}/control-reminders", {"first_reminder_on": D(30), "cycle_months": 12}))
    le = body(api.post(f"{cust}/lens-exchange-reminders", {"first_reminder_on": D(3), "interval_days": 30, "time_of_day": "07:30"}))
    sub = body(api.post(f"{cust}/subscriptions", {"lines": ORDER_LINES, "interval_weeks": 12, "next_order_on": D(84), "delivery": "home"}))
    o = body(api.post(f"{cust}/orders", {"lines": ORDER_LINES, "delivery": "home"}))
    cases = [
        ("PUT", "/settings", settings),
        ("POST", "/products", {"brand": "B", "name": "N", "replacement": "monthly", "days_per_lens": 30, "pack_sizes": [3, 6]}),
        ("POST", "/customers", {"first_name": "A", "last_name": "B", "mobile": "079 123 45 67", "email": "x@example.ch", "salutation": "Frau", "language": "de", "preferred_channel": "sms", "topics": {"marketing": False}}),
        ("PATCH", cust, {"first_name": "A", "last_name": "B", "mobile": "079 123 45 67", "email": "x@example.ch", "salutation": "Frau", "language": "de", "preferred_channel": "sms"}),
        ("PUT", f"{cust}/preferences", {"topics": {"marketing": True}, "preferred_channel": "sms"}),
        ("POST", f"{cust}/lens-passports", {**DAILY_PASSPORT, "valid_until": D(300), "notes": "n"}),
        ("PUT", f"{cust}/lens-passports/{pid}", {**DAILY_PASSPORT, "valid_until": D(300), "notes": "n"}),
        ("POST", f"{cust}/repurchase-reminders/suggestion", sug),
        ("PATCH", f"{cust}/repurchase-reminders/{rr['id']}", {"next_reminder_on": D(10), "cycle_days": 90, "usage": "daily", "lines": SPEC_LINES, "active": True}),
        ("POST", f"{cust}/control-reminders", {"first_reminder_on": D(30), "cycle_months": 12}),
        ("PATCH", f"{cust}/control-reminders/{cr['id']}", {"next_reminder_on": D(30), "cycle_months": 12, "active": True}),
        ("POST", f"{cust}/lens-exchange-reminders", {"first_reminder_on": D(3), "interval_days": 30, "time_of_day": "07:30"}),
        ("PATCH", f"{cust}/lens-exchange-reminders/{le['id']}", {"next_reminder_on": D(3), "interval_days": 30, "time_of_day": "07:30", "active": True}),
        ("POST", f"{cust}/subscriptions", {"lines": ORDER_LINES, "interval_weeks": 12, "next_order_on": D(84), "delivery": "home"}),
        ("PATCH", f"{cust}/subscriptions/{sub['id']}", {"lines": ORDER_LINES, "interval_weeks": 12, "next_order_on": D(84), "delivery": "home", "active": True}),
        ("POST", f"{cust}/orders", {"lines": ORDER_LINES, "delivery": "home", "ordered_at": "2026-01-10T10:00:00+01:00"}),
        ("PATCH", f"{cust}/orders/{o['id']}", {"status": "shipped", "tracking_url": "https://t.example/1"}),
        ("POST", "/messages/preview", {"kind": "webshop_login", "customer_id": cid, "channel": "sms"}),
        ("POST", f"{cust}/messages", {"kind": "webshop_login"}),
        ("POST", "/admin/opticians", None),
    ]
    for method, path, base in cases:
        if base is None: continue
        fuzz_body(api, method, path, base)
    # repurchase reminder create (separate customer to avoid one-per-passport conflict)
    fuzz_body(api, "POST", f"{cust}/repurchase-reminders", {**sug, "first_reminder_on": D(10), "cycle_days": 90})
    # webhooks, signed
    fuzz_body(api, "POST", f"/webhooks/{oid}/orders", order_event(cid, order_id="FZ1", event_id="fz"), sign_secret=secret, client=client)
    fuzz_body(api, "POST", f"/webhooks/{oid}/orders/FZ1/status", {"event_id": "fs", "status": "shipped", "tracking_url": "https://t.example/x"}, sign_secret=secret, client=client)
    fuzz_body(api, "POST", f"/webshop/{oid}/sessions", {"token": "abcdefghijklmnopqrstuv"}, sign_secret=secret, client=client)
    fuzz_body(api, "PUT", f"/webshop/{oid}/customers/{cid}/lens-exchange-reminder", {"first_reminder_on": D(3), "interval_days": 30, "time_of_day": "08:00", "active": True, "event_id": "x"}, sign_secret=secret, client=client)
    open("/tmp/audit_a/fuzz.txt", "w").write("\n".join(OUT))
