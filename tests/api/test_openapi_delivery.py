"""The two copies of the history record's schema in the OpenAPI document stay the same."""
from __future__ import annotations


def test_the_all_customers_entry_is_the_history_record_plus_the_customers_name():
    from chalicelib.api.openapi import openapi_document

    schemas = openapi_document()["components"]["schemas"]
    entry = dict(schemas["MessageLogEntry"]["properties"])
    assert entry.pop("customer_name")["anyOf"] == [{"type": "string"}, {"type": "null"}]
    assert entry == schemas["Message"]["properties"]
