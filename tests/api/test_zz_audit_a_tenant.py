"""AUDIT probe (temporary): tenant isolation, malformed ids, query params."""
import json, time
from datetime import date, timedelta
from tests.conftest import body
from tests.api.fixtures_repurchase import DAILY_PASSPORT, SPEC_LINES, ORDER_LINES, order_event
from tests.api.fixtures_messaging import signed_post, token_of
from chalicelib.domain.signature import HEADER, sign

OUT = []
D = lambda n: (date.today() + timedelta(days=n)).isoformat()

def setup(api):
    c = body(api.post("/customers", {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67", "email": "a@example.ch"}))
    cid = c["id"]; cust = f"/customers/{cid}"
    p = body(api.post(f"{cust}/lens-passports", DAILY_PASSPORT))
    sug = {"passport_id": p["id"], "lines": SPEC_LINES, "purchased_on": D(-5)}
    rr = body(api.post(f"{cust}/repurchase-reminders", sug))
    cr = body(api.post(f"{cust}/control-reminders", {"first_reminder_on": D(30), "cycle_months": 12}))
    le = body(api.post(f"{cust}/lens-exchange-reminders", {"first_reminder_on": D(3), "interval_days": 30, "time_of_day": "07:30"}))
    sub = body(api.post(f"{cust}/subscriptions", {"lines": ORDER_LINES, "interval_weeks": 12, "next_order_on": D(84), "delivery": "home"}))
    o = body(api.post(f"{cust}/orders", {"lines": ORDER_LINES, "delivery": "home"}))
    prod = body(api.post("/products", {"brand": "Own", "name": "Own Lens", "replacement": "monthly", "pack_sizes": [3, 6]}))
    return dict(cid=cid, pid=p["id"], rr=rr["id"], cr=cr["id"], le=le["id"], sub=sub["id"], o=o["id"], prod=prod["id"])

def routes(ids, cid=None):
    cid = cid or ids["cid"]; c = f"/customers/{cid}"
    return [
        ("GET", c, None), ("PATCH", c, {"last_name": "Hacked"}), ("GET", f"{c}/preferences", None),
        ("PUT", f"{c}/preferences", {"topics": {"marketing": False}}),
        ("GET", f"{c}/lens-passports", None), ("POST", f"{c}/lens-passports", DAILY_PASSPORT),
        ("GET", f"{c}/lens-passports/{ids['pid']}", None), ("PUT", f"{c}/lens-passports/{ids['pid']}", DAILY_PASSPORT),
        ("POST", f"{c}/repurchase-reminders/suggestion", {"passport_id": ids["pid"], "lines": SPEC_LINES}),
        ("GET", f"{c}/repurchase-reminders", None), ("POST", f"{c}/repurchase-reminders", {"passport_id": ids["pid"], "lines": SPEC_LINES}),
        ("GET", f"{c}/repurchase-reminders/{ids['rr']}", None), ("PATCH", f"{c}/repurchase-reminders/{ids['rr']}", {"cycle_days": 5}),
        ("GET", f"{c}/control-reminders", None), ("POST", f"{c}/control-reminders", {"first_reminder_on": D(30)}),
        ("GET", f"{c}/control-reminders/{ids['cr']}", None), ("PATCH", f"{c}/control-reminders/{ids['cr']}", {"cycle_months": 3}),
        ("GET", f"{c}/lens-exchange-reminders", None), ("POST", f"{c}/lens-exchange-reminders", {"first_reminder_on": D(3)}),
        ("GET", f"{c}/lens-exchange-reminders/{ids['le']}", None), ("PATCH", f"{c}/lens-exchange-reminders/{ids['le']}", {"interval_days": 3}),
        ("GET", f"{c}/subscriptions", None), ("POST", f"{c}/subscriptions", {"lines": ORDER_LINES, "interval_weeks": 12, "next_order_on": D(84)}),
        ("GET", f"{c}/subscriptions/{ids['sub']}", None), ("PATCH", f"{c}/subscriptions/{ids['sub']}", {"interval_weeks": 2}),
        ("GET", f"{c}/orders", None), ("POST", f"{c}/orders", {"lines": ORDER_LINES, "delivery": "home"}),
        ("GET", f"{c}/orders/{ids['o']}", None), ("PATCH", f"{c}/orders/{ids['o']}", {"status": "cancelled"}),
        ("GET", f"{c}/reorder-basket", None),
        ("GET", f"{c}/messages", None), ("POST", f"{c}/messages", {"kind": "webshop_login"}),
        ("POST", "/messages/preview", {"kind": "webshop_login", "customer_id": cid}),
        ("DELETE", f"{c}/links", None),
        ("DELETE", f"{c}/repurchase-reminders/{ids['rr']}", None), ("DELETE", f"{c}/control-reminders/{ids['cr']}", None),
        ("DELETE", f"{c}/lens-exchange-reminders/{ids['le']}", None), ("DELETE", f"{c}/subscriptions/{ids['sub']}", None),
        ("DELETE", f"{c}/lens-passports/{ids['pid']}", None), ("DELETE", c, None),
    ]

def test_tenant(client, new_optician):
    a_opt, a = new_optician()
    b_opt, b = new_optician(name="Optik Zwei", sender_name="OptikZwei")
    A = setup(a); B = setup(b)
    snapshot_before = {p: a.get(p).body for _, p, _ in routes(A) if _ == "GET"}
    # B attacks A's full ids (customer of A)
    for m, p, payload in routes(A):
        r = b.call(m, p, payload)
        if r.status_code != 404:
            OUT.append(f"XTENANT(A cust) {m} {p} -> {r.status_code} {r.body[:200]}")
    # B uses own customer but A's sub-ids
    mixed = dict(B); mixed.update({k: A[k] for k in ("pid", "rr", "cr", "le", "sub", "o")})
    for m, p, payload in routes(mixed):
        if p.endswith(B["cid"]) and m == "DELETE": continue
        r = b.call(m, p, payload)
        nonexist = None
        if r.status_code not in (404,) and any(A[k] in p or (payload and A[k] in json.dumps(payload)) for k in ("pid", "rr", "cr", "le", "sub", "o")):
            OUT.append(f"XTENANT(subid) {m} {p} {str(payload)[:80]} -> {r.status_code} {r.body[:200]}")
    snapshot_after = {p: a.get(p).body for p in snapshot_before}
    for p in snapshot_before:
        if snapshot_before[p] != snapshot_after[p] and "messages" not in p:
            OUT.append(f"A DATA CHANGED {p}: {snapshot_before[p][:150]} => {snapshot_after[p][:150]}")
    # other tenant's own product in B's passport / order
    r = b.post(f"/customers/{B['cid']}/lens-passports", {**DAILY_PASSPORT, "right": {**DAILY_PASSPORT["right"], "product_id": A["prod"]}})
    OUT.append(f"B passport with A's product -> {r.status_code} {r.body[:200]}")
    r = b.post(f"/customers/{B['cid']}/orders", {"lines": [{"product_id": A["prod"], "eye": "right", "pack_size": 3, "quantity": 1}], "delivery": "home"})
    OUT.append(f"B order with A's product -> {r.status_code} {r.body[:200]}")
    r = b.get("/products"); OUT.append(f"B sees A product in list: {A['prod'] in r.body.decode()}")
    # nonexistent vs cross-tenant body equality
    r1 = b.get(f"/customers/{A['cid']}"); r2 = b.get("/customers/cus_01aaaaaaaaaaaaaaaaaaaaaaaa")
    if r1.body != r2.body: OUT.append(f"DIFF 404 bodies: {r1.body} vs {r2.body}")
    r1 = b.get(f"/customers/{B['cid']}/orders/{A['o']}"); r2 = b.get(f"/customers/{B['cid']}/orders/ord_01aaaaaaaaaaaaaaaaaaaaaaaa")
    if r1.body != r2.body: OUT.append(f"DIFF 404 bodies orders: {r1.body} vs {r2.body}")
    # webhooks: B's secret on A's path; A's customer in B's webhook; status on A's order id
    r = signed_post(b, f"/webhooks/{a_opt['id']}/orders", order_event(A["cid"], order_id="X1", event_id="x1"), b_opt["webhook_secret"])
    OUT.append(f"webhook B-secret on A path -> {r.status_code} {r.body[:150]}")
    r = signed_post(b, f"/webhooks/{b_opt['id']}/orders", order_event(A["cid"], order_id="X2", event_id="x2"), b_opt["webhook_secret"])
    OUT.append(f"webhook B with A customer -> {r.status_code} {r.body[:200]}")
    # A webshop order then B status on that order_id
    signed_post(a, f"/webhooks/{a_opt['id']}/orders", order_event(A["cid"], order_id="SHARED", event_id="a1"), a_opt["webhook_secret"])
    r = signed_post(b, f"/webhooks/{b_opt['id']}/orders/SHARED/status", {"event_id": "b1", "status": "cancelled"}, b_opt["webhook_secret"])
    OUT.append(f"webhook B status on A's order_id -> {r.status_code} {r.body[:200]}")
    # same event_id across tenants must not collide
    r = signed_post(b, f"/webhooks/{b_opt['id']}/orders", order_event(B["cid"], order_id="SHARED", event_id="a1"), b_opt["webhook_secret"])
    OUT.append(f"webhook B reusing A's event_id a1 and order_id SHARED -> {r.status_code} {r.body[:200]}")
    # webshop PUT lens exchange for A's customer via B
    raw = json.dumps({"first_reminder_on": D(3)}).encode()
    r = client.http.put(f"/webshop/{b_opt['id']}/customers/{A['cid']}/lens-exchange-reminder", headers={"Content-Type": "application/json", HEADER: sign(b_opt["webhook_secret"], raw, int(time.time()))}, body=raw)
    OUT.append(f"webshop PUT LX B->A customer -> {r.status_code} {r.body[:200]}")
    r = client.http.put(f"/webshop/{b_opt['id']}/customers/cus_nonexistent/lens-exchange-reminder", headers={"Content-Type": "application/json", HEADER: sign(b_opt["webhook_secret"], raw, int(time.time()))}, body=raw)
    OUT.append(f"webshop PUT LX nonexistent -> {r.status_code} {r.body[:200]}")
    # webshop session: A's token at B
    m = body(a.post(f"/customers/{A['cid']}/messages", {"kind": "webshop_login"}))
    tok = token_of(m["text"]) if m.get("text") else None
    if tok:
        r = signed_post(b, f"/webshop/{b_opt['id']}/sessions", {"token": tok}, b_opt["webhook_secret"])
        OUT.append(f"session A token at B -> {r.status_code} {r.body[:200]}")
    # usage of B after A sent: not counted
    OUT.append(f"usage A {a.get('/usage').body} B {b.get('/usage').body}")
    # search leak
    r = b.get("/customers?q=anna"); OUT.append(f"B search anna count {len(body(r)['items'])}")
    # cross-customer within tenant: passport of customer 1 used in customer 2
    c2 = body(a.post("/customers", {"first_name": "Ben", "last_name": "B", "mobile": "079 222 33 44"}))
    r = a.post(f"/customers/{c2['id']}/repurchase-reminders/suggestion", {"passport_id": A["pid"], "lines": SPEC_LINES})
    OUT.append(f"same tenant other customer's passport in suggestion -> {r.status_code} {r.body[:200]}")
    r = a.get(f"/customers/{c2['id']}/orders/{A['o']}"); OUT.append(f"same tenant other customer's order -> {r.status_code}")
    r = a.get(f"/customers/{c2['id']}/repurchase-reminders/{A['rr']}"); OUT.append(f"same tenant other customer's rr -> {r.status_code}")
    # malformed ids
    for bad in ["a%2Fb", "%C3%BC", "x" * 2000, "..", "%00", "cus_%20", "null", "%E2%98%83" * 100, "cus_" + "x" * 1100]:
        for m, p, payload in [("GET", f"/customers/{bad}", None), ("PATCH", f"/customers/{bad}", {"last_name": "x"}), ("DELETE", f"/customers/{bad}", None),
                              ("GET", f"/customers/{A['cid']}/orders/{bad}", None), ("GET", f"/customers/{A['cid']}/lens-passports/{bad}", None),
                              ("PATCH", f"/customers/{A['cid']}/subscriptions/{bad}", {"active": False}),
                              ("POST", "/messages/preview", {"kind": "webshop_login", "customer_id": bad}),
                              ("POST", f"/customers/{A['cid']}/repurchase-reminders/suggestion", {"passport_id": bad, "lines": SPEC_LINES})]:
            try:
                r = a.call(m, p, payload)
            except Exception as e:
                OUT.append(f"EXC {m} {p[:80]}: {e!r}"[:300]); continue
            if r.status_code not in (404, 422, 400):
                OUT.append(f"MALFORMED {m} {p[:80]} {str(payload)[:60]} -> {r.status_code} {r.body[:200]}")
        r = signed_post(a, f"/webhooks/{bad}/orders", order_event(A["cid"]), a_opt["webhook_secret"])
        if r.status_code != 401: OUT.append(f"MALFORMED webhook optician {bad[:20]} -> {r.status_code} {r.body[:150]}")
        r = signed_post(a, f"/webhooks/{a_opt['id']}/orders/{bad}/status", {"event_id": "zz" + bad[:10], "status": "shipped"}, a_opt["webhook_secret"])
        if r.status_code not in (404, 422): OUT.append(f"MALFORMED webhook order_id {bad[:20]} -> {r.status_code} {r.body[:150]}")
        r = signed_post(a, f"/webhooks/{a_opt['id']}/orders", order_event(bad, order_id="M" + str(len(bad)), event_id="m" + bad[:30]), a_opt["webhook_secret"])
        if r.status_code not in (404, 422): OUT.append(f"MALFORMED webhook customer_id {bad[:20]} -> {r.status_code} {r.body[:150]}")
    # query params
    for q in ["limit=abc", "limit=0", "limit=101", "limit=-1", "limit=%C2%B2", "limit=1.5", "limit=%20", "cursor=garbage", "cursor=%%%", "cursor=eyJwayI6IDF9",
              "q=" + "x" * 3000, "q=%00", "limit=99999999999999999999999"]:
        for p in ["/customers", f"/customers/{A['cid']}/messages"]:
            r = a.get(f"{p}?{q}")
            if r.status_code not in (200, 422, 400) or (r.status_code == 200 and any(t in q for t in ("abc", "=0", "101", "-1", "garbage", "B2", "1.5", "%%%", "eyJ"))):
                OUT.append(f"QUERY {p[:40]}?{q[:40]} -> {r.status_code} {r.body[:200]}")
    for q in ["kind=bogus", "status=bogus", "kind=webshop_login&status=sent"]:
        r = a.get(f"/customers/{A['cid']}/messages?{q}"); OUT.append(f"messages?{q} -> {r.status_code} {r.body[:120]}")
    import base64
    for key in [{"pk": {"S": "x"}}, {"pk": {"S": f"OPT#{a_opt['id']}"}}, {"pk": {"S": f"OPT#{a_opt['id']}"}, "sk": {"N": "1"}}, {"pk": {"S": f"OPT#{a_opt['id']}"}, "sk": {"S": "CUS#"}, "zz": {"S": "1"}}]:
        cur = base64.urlsafe_b64encode(json.dumps(key).encode()).decode().rstrip("=")
        r = a.get(f"/customers?cursor={cur}"); OUT.append(f"crafted cursor {key} -> {r.status_code} {r.body[:150]}")
    for mth in ["2026-13", "2026-00", "26-01", "2026-1", "abc", "2026-01-01", "1999-12", "%00"]:
        r = a.get(f"/usage?month={mth}")
        if r.status_code != 422 or json.loads(r.body)["error"].get("field") != "month":
            OUT.append(f"USAGE month={mth} -> {r.status_code} {r.body[:150]}")
    open("/tmp/audit_a/tenant.txt", "w").write("\n".join(OUT))
