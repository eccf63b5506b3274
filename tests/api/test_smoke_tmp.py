from tests.conftest import body

def test_smoke(api, optician):
    r = api.post("/customers", {"first_name": "Anna", "last_name": "Muster", "mobile": "079 123 45 67", "email": "anna@example.ch"})
    assert r.status_code == 201, r.body
    c = body(r)
    assert c["mobile"] == "+41791234567"
    r = api.get("/customers?q=anna")
    assert [x["id"] for x in body(r)["items"]] == [c["id"]], r.body
    r = api.post(f"/customers/{c['id']}/lens-passports", {"right": {"product_id": "biofinity", "base_curve": 8.6, "sphere": -2.25}, "issued_on": "2026-01-10"})
    assert r.status_code == 201, r.body
    print(body(r))
    r = api.get("/settings"); print(body(r))
    r = api.delete(f"/customers/{c['id']}"); assert r.status_code == 204
    assert api.get(f"/customers/{c['id']}").status_code == 404
