"""Customers: create, search, page, change, erase; preferences."""
import pytest

from tests.conftest import body

ANNA = {"first_name": "Anna", "last_name": "Aebi", "salutation": "Frau", "language": "de",
        "mobile": "079 123 45 67", "email": "anna.aebi@example.ch", "preferred_channel": "email"}


def test_a_customer_is_created_with_the_mobile_in_e164_and_all_topics_on(api):
    response = api.post("/customers", ANNA)
    assert response.status_code == 201
    customer = body(response)
    assert customer["mobile"] == "+41791234567"
    assert customer["email"] == "anna.aebi@example.ch"
    assert set(customer["topics"]) == {"subscription", "repurchase", "control", "orders", "service",
                                       "marketing", "lens_exchange"}
    assert all(customer["topics"].values())
    assert body(api.get(f"/customers/{customer['id']}")) == customer


# The service's checks (mobile, e-mail, names, a way of contact) are unit tests on the fake store
# (tests/unit/test_customers_service.py); here the body model's refusals and one of the service's.
@pytest.mark.parametrize("change, field", [
    ({"mobile": "044 123 45 67"}, "mobile"),          # a landline cannot receive SMS
    ({"language": "es"}, "language"),
    ({"preferred_channel": "fax"}, "preferred_channel"),
    ({"first_name": 42}, "first_name"),
    ({"nickname": "Anni"}, "nickname"),
])
def test_bad_customer_input_is_422_naming_the_field(api, change, field):
    response = api.post("/customers", {**ANNA, **change})
    assert response.status_code == 422
    assert body(response)["error"]["field"] == field


def test_a_body_that_is_not_json_is_400_not_500(api):
    response = api.post("/customers", "{not json")
    assert response.status_code == 400
    assert body(response)["error"]["code"] == "bad_request"
    assert api.post("/customers", "[1, 2]").status_code == 400


def test_search_finds_by_name_mobile_and_email(api):
    anna = body(api.post("/customers", ANNA))
    body(api.post("/customers", {"first_name": "Beat", "last_name": "Brunner", "mobile": "+41 78 999 88 77"}))
    for query in ("anna", "AEBI", "0791234567"[1:], "+41791234567", "anna.aebi@", "example.ch"):
        found = body(api.get(f"/customers?q={query}"))["items"]
        assert [c["id"] for c in found] == [anna["id"]], query


def test_search_finds_the_mobile_as_typed_at_the_counter_and_names_without_accents(api):
    mueller = body(api.post("/customers", {"first_name": "Jürg", "last_name": "Müller", "mobile": "079 555 44 33"}))
    body(api.post("/customers", {"first_name": "Beat", "last_name": "Brunner", "mobile": "+41 78 999 88 77"}))
    for query in ("079%20555%2044%2033", "0795554433", "%2B41%2079%20555%2044%2033", "muller", "mueller",
                  "M%C3%BCller", "jurg"):
        found = body(api.get(f"/customers?q={query}"))["items"]
        assert [c["id"] for c in found] == [mueller["id"]], query


def test_the_list_pages_with_a_cursor_until_all_are_seen(api):
    created = [body(api.post("/customers", {**ANNA, "first_name": f"Kundin{i}"}))["id"] for i in range(5)]
    seen, cursor = [], None
    while True:
        page = body(api.get("/customers?limit=2" + (f"&cursor={cursor}" if cursor else "")))
        assert len(page["items"]) <= 2
        seen += [c["id"] for c in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(created)


def test_a_search_pages_with_a_cursor_through_every_match_once_when_matches_are_spread_out(api):
    """A search reads many items per request (the web app searches as the optician types); a page
    that ends in the middle of what was read resumes right after its last match."""
    matches = []
    for i in range(12):
        name = "Zwicky" if i % 3 == 0 else "Andere"
        created = body(api.post("/customers", {**ANNA, "first_name": f"K{i}", "last_name": name}))["id"]
        if name == "Zwicky":
            matches.append(created)
    seen, cursor = [], None
    while True:
        page = body(api.get("/customers?q=zwicky&limit=3" + (f"&cursor={cursor}" if cursor else "")))
        seen += [c["id"] for c in page["items"]]
        assert all(c["last_name"] == "Zwicky" for c in page["items"])
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(matches) and len(seen) == len(set(seen)) == 4


@pytest.mark.parametrize("limit", ["0", "101", "abc"])
def test_a_bad_page_size_is_422(api, limit):
    response = api.get(f"/customers?limit={limit}")
    assert response.status_code == 422 and body(response)["error"]["field"] == "limit"


def test_patch_changes_only_the_given_fields(api):
    anna = body(api.post("/customers", ANNA))
    changed = body(api.patch(f"/customers/{anna['id']}", {"last_name": "Aebi-Meier", "mobile": "+41 76 555 44 33"}))
    assert changed["last_name"] == "Aebi-Meier" and changed["mobile"] == "+41765554433"
    assert changed["first_name"] == "Anna" and changed["email"] == ANNA["email"]
    assert body(api.get("/customers?q=meier"))["items"][0]["id"] == anna["id"]


def test_preferences_switch_topics_and_channel(api):
    anna = body(api.post("/customers", ANNA))
    response = api.put(f"/customers/{anna['id']}/preferences",
                       {"topics": {"marketing": False}, "preferred_channel": "sms"})
    assert response.status_code == 200
    prefs = body(api.get(f"/customers/{anna['id']}/preferences"))
    assert prefs["topics"]["marketing"] is False and prefs["topics"]["repurchase"] is True
    assert prefs["preferred_channel"] == "sms"
    bad = api.put(f"/customers/{anna['id']}/preferences", {"topics": {"spam": True}})
    assert bad.status_code == 422 and body(bad)["error"]["field"] == "topics.spam"


def test_deleting_a_customer_removes_all_their_data(api):
    # GIVEN a customer with a lens passport
    anna = body(api.post("/customers", ANNA))
    api.post(f"/customers/{anna['id']}/lens-passports",
             {"right": {"product_id": "biofinity", "base_curve": 8.6, "sphere": -2.25}, "issued_on": "2026-01-10"})
    # WHEN the optician deletes her
    assert api.delete(f"/customers/{anna['id']}").status_code == 204
    # THEN nothing of hers is left in the table
    assert api.get(f"/customers/{anna['id']}").status_code == 404
    assert body(api.get("/customers?q=anna"))["items"] == []
    from chalicelib.adapters.dynamo.base import OwnedRef, customer_pk

    optician_id = body(api.get("/settings"))["id"]
    assert list(OwnedRef.query(customer_pk(optician_id, anna["id"]))) == []


@pytest.mark.parametrize("topics", [0, False, "", []])
def test_preferences_with_topics_that_are_no_object_are_422_not_ignored(api, topics):
    anna = body(api.post("/customers", ANNA))
    response = api.put(f"/customers/{anna['id']}/preferences", {"topics": topics})
    assert response.status_code == 422 and body(response)["error"]["field"] == "topics"
