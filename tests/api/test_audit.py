"""The audit trail (SPEC §9): every back-office change leaves an entry — who, when, what, which
fields, never a value — readable by the optician only, newest first, paged, kept for a set time."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from chalicelib.domain.audit import AUDITED, CUSTOMER_ERASED, READ_ONLY
from tests.conftest import OPTICIAN_SETTINGS, Api, body

ANNA = {"first_name": "Anna", "last_name": "Aebi", "mobile": "079 123 45 67", "email": "anna@example.ch"}


def trail(api, *, with_onboarding: bool = False) -> list[dict]:
    """The optician's entries, newest first; without the first one (the operator created the optician)."""
    response = api.get("/audit?limit=100")
    assert response.status_code == 200, response.body
    entries = body(response)["items"]
    return entries if with_onboarding else [e for e in entries if e["entity"] != "optician"]


def test_changes_are_recorded_newest_first_with_who_what_and_which_fields_but_no_values(client, token, optician):
    settings, _ = optician
    api = Api(client, token(settings["id"], sub="staff-anna-7"))
    anna = body(api.post("/customers", ANNA))
    assert api.patch(f"/customers/{anna['id']}", {"mobile": "079 765 43 21", "language": "fr"}).status_code == 200
    assert api.put("/settings", {**OPTICIAN_SETTINGS, "repurchase_lead_days": 10}).status_code == 200
    assert api.get(f"/customers/{anna['id']}").status_code == 200          # a read: no entry
    assert api.post("/messages/preview", {"kind": "webshop_login", "customer_id": anna["id"]}).status_code == 200
    assert api.patch(f"/customers/{anna['id']}", {"language": "xx"}).status_code == 422  # refused: no entry

    entries = trail(api, with_onboarding=True)

    assert [(e["action"], e["entity"], e["entity_id"]) for e in entries] == [
        ("update", "settings", settings["id"]),
        ("update", "customer", anna["id"]),
        ("create", "customer", anna["id"]),
        ("create", "optician", settings["id"]),   # the operator's onboarding
    ]
    assert entries[1]["fields"] == ["language", "mobile"]
    assert entries[2]["fields"] == ["email", "first_name", "last_name", "mobile"]
    assert {e["actor"] for e in entries[:3]} == {"staff-anna-7"}
    assert entries[0]["at"] >= entries[1]["at"] >= entries[2]["at"] >= entries[3]["at"]
    shown = json.dumps(entries)
    # (whole values: a digit run like "765" can occur in an id or a timestamp)
    for value in ("Anna", "Aebi", "791234567", "797654321", "079 765 43 21", "anna@example.ch", "Optik Muster"):
        assert value not in shown, value


def test_the_trail_is_the_opticians_own(api, new_optician):
    anna = body(api.post("/customers", ANNA))
    _, other = new_optician(name="Optik Zwei", sender_name="OptikZwei")
    body(other.post("/customers", {**ANNA, "first_name": "Beat"}))

    assert [e["entity_id"] for e in trail(api)] == [anna["id"]]
    assert anna["id"] not in json.dumps(trail(other))
    # a cursor of another optician's trail is refused, not followed
    for _ in range(3):
        other.post("/customers", ANNA)
    page = body(other.get("/audit?limit=2"))
    assert len(page["items"]) == 2
    assert page["next_cursor"]
    response = api.get(f"/audit?cursor={page['next_cursor']}")
    assert response.status_code == 422 and body(response)["error"]["field"] == "cursor"


def test_the_trail_pages_through_every_entry_once(api):
    ids = [body(api.post("/customers", {**ANNA, "first_name": f"Anna{n}"}))["id"] for n in range(5)]
    seen, cursor = [], None
    while True:
        page = body(api.get("/audit?limit=2" + (f"&cursor={cursor}" if cursor else "")))
        seen += [e["entity_id"] for e in page["items"] if e["entity"] == "customer"]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert seen == ids[::-1]


def test_entries_expire_after_the_retention(api):
    from chalicelib.adapters.dynamo.audit import AuditItem, audit_pk
    from chalicelib.config import get_config

    settings = body(api.get("/settings"))
    api.post("/customers", ANNA)
    item = list(AuditItem.query(audit_pk(settings["id"]), scan_index_forward=False))[0]
    assert item.entity == "customer"
    expected = datetime.now(timezone.utc) + timedelta(days=get_config().audit_retention_days)
    assert get_config().audit_retention_days == 365
    assert abs((item.expires_at - expected).total_seconds()) < 120


def test_erasing_a_customer_erases_the_entries_about_them_and_records_the_erasure_without_their_id(api):
    anna = body(api.post("/customers", ANNA))
    ben = body(api.post("/customers", {**ANNA, "first_name": "Ben"}))
    api.patch(f"/customers/{anna['id']}", {"language": "fr"})

    assert api.delete(f"/customers/{anna['id']}").status_code == 204

    entries = trail(api)
    assert [(e["action"], e["entity"], e["entity_id"]) for e in entries] == [
        ("delete", "customer", CUSTOMER_ERASED), ("create", "customer", ben["id"])]
    assert anna["id"] not in json.dumps(entries)


def test_operator_changes_are_recorded_in_the_opticians_trail(api, admin_api, optician):
    settings, _ = optician
    api.put("/settings", {**OPTICIAN_SETTINGS, "sender_name": "Muster Neu"})
    assert admin_api.post(f"/admin/opticians/{settings['id']}/sender-name",
                          {"sender_name": "Muster Neu"}).status_code == 200

    assert [(e["action"], e["entity"], e["fields"]) for e in trail(api)][:2] == [
        ("approve", "sender_name", ["sender_name"]), ("update", "settings", sorted(OPTICIAN_SETTINGS))]


def test_every_back_office_change_route_is_audited_or_known_to_change_nothing(client):
    document = body(client.http.get("/openapi.json"))
    changes = {(method.upper(), template) for template, entry in document["paths"].items()
               for method, operation in entry.items()
               if method in ("post", "put", "patch", "delete")
               and any("bearer" in r for r in operation.get("security", document["security"]))}
    assert changes - set(AUDITED) - READ_ONLY == set()
    assert set(AUDITED) - changes == set(), "an audited route that does not exist"


def test_a_change_stands_when_its_entry_cannot_be_written(api, monkeypatch):
    from chalicelib import metrics
    from chalicelib.services.opticians import audit

    counted = []
    monkeypatch.setattr(metrics, "count", lambda name, value=1: counted.append(name))

    def broken(entry, now=None):
        raise RuntimeError("DynamoDB unavailable")

    monkeypatch.setattr(audit, "record", broken)
    response = api.post("/customers", ANNA)

    assert response.status_code == 201, response.body
    assert api.get(f"/customers/{body(response)['id']}").status_code == 200
    assert counted == [metrics.AUDIT_ENTRIES_LOST]
