"""What an audit entry says about a request: entity, id, field names — never values."""
from chalicelib.domain.audit import CUSTOMER_ERASED, entry_for


def entry(method, route, params=None, body=None, answer=None, tenant="opt_1"):
    return entry_for(method, route, params, body, answer, actor="sub-1", tenant=tenant)


def test_a_create_names_the_new_id_and_the_field_names_only():
    made = entry("POST", "/customers/{customer_id}/lens-passports", {"customer_id": "cus_1"},
                 {"right": {"sphere": -2.25}, "issued_on": "2026-01-10", "id": "ignored"}, {"id": "pp_9"})
    assert (made.entity, made.action, made.entity_id, made.customer_id) == ("lens_passport", "create", "pp_9", "cus_1")
    assert made.fields == ("issued_on", "right") and made.optician_id == "opt_1" and made.actor == "sub-1"
    assert "-2.25" not in repr(made)


def test_an_update_names_the_path_id_and_settings_the_optician():
    assert entry("PATCH", "/customers/{customer_id}/orders/{order_id}", {"customer_id": "c", "order_id": "o"},
                 {"status": "shipped"}).entity_id == "o"
    settings = entry("PUT", "/settings", None, {"name": "x"}, {"id": "opt_1"})
    assert (settings.entity, settings.entity_id, settings.customer_id) == ("settings", "opt_1", None)
    assert entry("PUT", "/customers/{customer_id}/preferences", {"customer_id": "c"}, {}).entity_id == "c"


def test_an_erasure_keeps_no_id_of_the_person():
    erased = entry("DELETE", "/customers/{customer_id}", {"customer_id": "cus_1"})
    assert (erased.entity_id, erased.customer_id, erased.fields) == (CUSTOMER_ERASED, None, ())


def test_operator_routes_land_in_the_opticians_trail_and_reads_are_no_change():
    onboarded = entry("POST", "/admin/opticians", None, {"name": "x"}, {"id": "opt_9"}, tenant=None)
    assert (onboarded.optician_id, onboarded.entity_id) == ("opt_9", "opt_9")
    approved = entry("POST", "/admin/opticians/{optician_id}/sender-name", {"optician_id": "opt_5"},
                     {"sender_name": "X"}, tenant=None)
    assert (approved.optician_id, approved.entity, approved.action) == ("opt_5", "sender_name", "approve")
    assert entry("POST", "/messages/preview", None, {"kind": "x"}) is None
    assert entry("GET", "/customers", None, None) is None


def test_a_new_customer_is_both_the_entity_and_whose_data_the_entry_is_about():
    created = entry("POST", "/customers", None, {"first_name": "Anna", "mobile": "+41791234567"}, {"id": "cus_7"})

    assert (created.entity, created.entity_id, created.customer_id) == ("customer", "cus_7", "cus_7")
    assert created.fields == ("first_name", "mobile") and "Anna" not in repr(created)


def test_a_manual_send_names_the_message_it_made():
    sent = entry("POST", "/customers/{customer_id}/messages", {"customer_id": "cus_1"}, {"kind": "webshop_login"},
                 {"id": "msg_3"})

    assert (sent.entity, sent.action, sent.entity_id, sent.customer_id) == ("message", "send", "msg_3", "cus_1")


def test_deleting_something_of_a_customer_keeps_its_ids_only_erasing_the_customer_drops_them():
    deleted = entry("DELETE", "/customers/{customer_id}/lens-passports/{passport_id}",
                    {"customer_id": "cus_1", "passport_id": "pp_2"})

    assert (deleted.entity_id, deleted.customer_id) == ("pp_2", "cus_1")
