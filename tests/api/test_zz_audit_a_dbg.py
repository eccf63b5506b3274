from tests.conftest import body
from tests.api.test_zz_audit_a_tenant import setup, routes
def test_dbg(new_optician):
    o, a = new_optician()
    b_opt, b = new_optician(name="Optik Zwei", sender_name="OptikZwei")
    A = setup(a)
    r = a.post(f"/customers/{A['cid']}/messages", {"kind": "webshop_login"})
    print("SEND1", r.status_code, r.body[:300])
    for m, p, payload in routes(A):
        b.call(m, p, payload)
    r = a.post(f"/customers/{A['cid']}/messages", {"kind": "webshop_login"})
    print("SEND2", r.status_code, r.body[:300])
    print("USAGE", a.get("/usage").body, b.get("/usage").body)
