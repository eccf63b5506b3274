"""The audit trail's rules (SPEC §9): which back-office requests are changes, and what an entry says.

Pure. An entry names who (the token's subject), when, the action, the entity and its id, and
the names of the fields the request set — never their values (no names, numbers, addresses).
Requests that change nothing (a suggestion, a preview) are not changes.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

CUSTOMER_ERASED = "(erased)"  # the id an erasure's own entry shows: the trail keeps no id of an erased person

# (method, route template) → (entity, action). Every other POST/PUT/PATCH/DELETE with a bearer
# token reads only (READ_ONLY); tests/api/test_audit.py checks that each route is in one of the two.
AUDITED: dict[tuple[str, str], tuple[str, str]] = {
    ("PUT", "/settings"): ("settings", "update"),
    ("POST", "/settings/webhook-secret"): ("webhook_secret", "rotate"),
    ("POST", "/settings/email-sender"): ("email_sender", "update"),
    ("POST", "/admin/opticians"): ("optician", "create"),
    ("POST", "/admin/opticians/{optician_id}/sender-name"): ("sender_name", "approve"),
    ("POST", "/products"): ("product", "create"),
    ("POST", "/customers"): ("customer", "create"),
    ("PATCH", "/customers/{customer_id}"): ("customer", "update"),
    ("DELETE", "/customers/{customer_id}"): ("customer", "delete"),
    ("PUT", "/customers/{customer_id}/preferences"): ("preferences", "update"),
    ("DELETE", "/customers/{customer_id}/links"): ("links", "revoke"),
    ("POST", "/customers/{customer_id}/messages"): ("message", "send"),
    ("POST", "/customers/{customer_id}/lens-passports"): ("lens_passport", "create"),
    ("PUT", "/customers/{customer_id}/lens-passports/{passport_id}"): ("lens_passport", "update"),
    ("DELETE", "/customers/{customer_id}/lens-passports/{passport_id}"): ("lens_passport", "delete"),
    ("POST", "/customers/{customer_id}/repurchase-reminders"): ("repurchase_reminder", "create"),
    ("PATCH", "/customers/{customer_id}/repurchase-reminders/{reminder_id}"): ("repurchase_reminder", "update"),
    ("DELETE", "/customers/{customer_id}/repurchase-reminders/{reminder_id}"): ("repurchase_reminder", "delete"),
    ("POST", "/customers/{customer_id}/control-reminders"): ("control_reminder", "create"),
    ("PATCH", "/customers/{customer_id}/control-reminders/{reminder_id}"): ("control_reminder", "update"),
    ("DELETE", "/customers/{customer_id}/control-reminders/{reminder_id}"): ("control_reminder", "delete"),
    ("POST", "/customers/{customer_id}/lens-exchange-reminders"): ("lens_exchange_reminder", "create"),
    ("PATCH", "/customers/{customer_id}/lens-exchange-reminders/{reminder_id}"): ("lens_exchange_reminder", "update"),
    ("DELETE", "/customers/{customer_id}/lens-exchange-reminders/{reminder_id}"): ("lens_exchange_reminder", "delete"),
    ("POST", "/customers/{customer_id}/subscriptions"): ("subscription", "create"),
    ("PATCH", "/customers/{customer_id}/subscriptions/{subscription_id}"): ("subscription", "update"),
    ("DELETE", "/customers/{customer_id}/subscriptions/{subscription_id}"): ("subscription", "delete"),
    ("POST", "/customers/{customer_id}/orders"): ("order", "create"),
    ("PATCH", "/customers/{customer_id}/orders/{order_id}"): ("order", "update"),
}
READ_ONLY = {
    ("POST", "/customers/{customer_id}/repurchase-reminders/suggestion"),
    ("POST", "/messages/preview"),
}


@dataclass(frozen=True)
class AuditEntry:
    optician_id: str
    actor: str
    action: str
    entity: str
    entity_id: str | None
    fields: tuple[str, ...]
    customer_id: str | None  # whose data it is about (erasing the customer erases the entry)


def entry_for(method: str, route: str, uri_params: Mapping[str, str] | None, body: Any,
              answer: Any, *, actor: str, tenant: str | None) -> AuditEntry | None:
    """The entry of a successful back-office request, or None if the request changes nothing.

    ``body``: the request's parsed JSON (only its top-level field names are kept); ``answer``:
    the response body (the id of what a create made); ``tenant``: the caller's optician.
    """
    audited = AUDITED.get((method, route))
    if audited is None:
        return None
    entity, action = audited
    params = dict(uri_params or {})
    created_id = answer.get("id") if isinstance(answer, Mapping) else None
    optician_id = params.get("optician_id") or tenant
    if entity == "optician":
        optician_id = created_id
    if not optician_id:
        return None
    customer_id = params.get("customer_id") or (created_id if entity == "customer" else None)
    entity_id: str | None
    if route.endswith("}"):
        entity_id = params[route.rsplit("{", 1)[1].rstrip("}")]
    elif action == "create" or action == "send":
        entity_id = created_id
    else:
        entity_id = customer_id or optician_id
    if entity == "customer" and action == "delete":
        entity_id, customer_id = CUSTOMER_ERASED, None
    fields = tuple(sorted(key for key in body if isinstance(key, str) and key != "id")) if isinstance(body, Mapping) else ()
    return AuditEntry(optician_id=optician_id, actor=actor, action=action, entity=entity,
                      entity_id=entity_id, fields=fields, customer_id=customer_id)
