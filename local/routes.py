"""The local-only routes of SPEC §5 (``/_local/...``). Registered by local.server, never by app.py."""
from __future__ import annotations

import re
from datetime import datetime, timezone

from chalice import Response

from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.domain.errors import NotFound, ValidationError
from local import logo, outbox, schedules

_signing = {"private_key": None}
_seeded: list[dict] = []  # the seeded opticians, for the web app's local sign-in page
_ROLE = re.compile(r"^[a-z_]{1,32}$")


def configure(private_key_pem: str) -> None:
    """The key that signs the tokens of ``/_local/token`` (its public half is what the app trusts)."""
    _signing["private_key"] = private_key_pem


def issue_local_token(optician_id: str | None, role: str | None) -> str:
    """A back-office token as Cognito would issue it, for this optician and/or role."""
    from local.tokens import issue_token

    if role is not None and not _ROLE.match(role):
        raise ValidationError("'role' must be lower-case letters, e.g. admin.", field="role")
    if not optician_id and role != "admin":
        raise ValidationError("'optician_id' is required (only an admin token may omit it).", field="optician_id")
    if _signing["private_key"] is None:
        raise RuntimeError("local.routes.configure() was not called with the signing key")
    return issue_token(_signing["private_key"], optician_id=optician_id or None, role=role)


def remember_opticians(opticians: list[dict]) -> None:
    """The seeded opticians that ``/_local/opticians`` lists (id, name, package only)."""
    _seeded[:] = [{"id": o["id"], "name": o["name"], "package": o["package"]} for o in opticians]


def create_blueprint() -> ApiBlueprint:
    """A fresh blueprint with the local routes (one per app: a blueprint remembers its app)."""
    bp = ApiBlueprint(__name__)

    @bp.route("/_local/token", methods=["GET"])
    def local_token():
        params = bp.current_request.query_params or {}
        return {"token": issue_local_token(params.get("optician_id"), params.get("role"))}

    @bp.route("/_local/opticians", methods=["GET"])
    def list_opticians():
        # The web app's local sign-in page: whom one can sign in as (then /_local/token).
        return {"opticians": list(_seeded)}

    @bp.route("/_local/schedules", methods=["GET"])
    def list_schedules():
        return {"functions": schedules.scheduled_functions(bp.current_app)}

    @bp.route("/_local/schedules/{function_name}", methods=["POST"])
    def run_schedule(function_name: str):
        from chalicelib.api.http import json_body

        body = json_body(bp.current_request)
        if not isinstance(body, dict):
            raise ValidationError("The body must be a JSON object.", field="time")
        when = _parse_time(body.get("time"))
        try:
            return schedules.run_scheduled(bp.current_app, function_name, when)
        except schedules.UnknownFunction:
            raise NotFound(f"No scheduled function '{function_name}'.", field="function_name") from None

    @bp.route("/_local/email-sender", methods=["POST"])
    def unverify_email_sender():
        # The emulated SES verifies every domain at once; this puts an optician's sender back to
        # "not verified yet" (as before their DNS records are set), so the app's warning can be seen.
        # "Jetzt prüfen" (POST /settings/email-sender) then asks the emulated SES again: verified.
        from chalicelib.adapters.dynamo import opticians
        from chalicelib.api.http import json_body
        from chalicelib.domain.email_sender import EmailSenderState
        from chalicelib.services.opticians.email_sender import get_sender

        body = json_body(bp.current_request)
        optician_id = body.get("optician_id") if isinstance(body, dict) else None
        if not isinstance(optician_id, str) or optician_id not in {o["id"] for o in _seeded}:
            raise ValidationError("'optician_id' must be a seeded optician's id.", field="optician_id")
        state = get_sender(optician_id)
        opticians.set_email_sender(optician_id, EmailSenderState(
            domain=state["domain"], status="pending",
            tokens=tuple(record["name"].split(".")[0] for record in state["dns_records"]),
            checked_at=datetime.now(timezone.utc).isoformat(timespec="seconds")))
        return get_sender(optician_id)

    @bp.route("/_local/outbox", methods=["GET"])
    def list_outbox():
        return {"messages": outbox.outbox_messages((bp.current_request.query_params or {}).get("to"))}

    @bp.route("/_local/receipts", methods=["POST"])
    def post_receipt():
        from chalicelib.api.http import json_body
        from local import receipts

        return receipts.post_receipt(bp.current_app, json_body(bp.current_request))

    @bp.route(logo.PATH, methods=["GET"])
    def demo_logo():
        # The seeded optician's branding.logo_url: e-mails in the outbox render with a logo offline.
        return Response(body=logo.LOGO_PNG, status_code=200,
                        headers={"Content-Type": "image/png", "Cache-Control": "max-age=3600"})

    return bp


def _parse_time(raw) -> datetime:
    """An ISO 8601 timestamp with offset; absent means now."""
    if raw is None:
        return datetime.now(timezone.utc)
    if not isinstance(raw, str):
        raise ValidationError("'time' must be an ISO 8601 timestamp.", field="time")
    try:
        value = datetime.fromisoformat(raw.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationError("'time' must be an ISO 8601 timestamp, e.g. 2026-03-27T08:00:00Z.",
                              field="time") from None
    if value.tzinfo is None:
        raise ValidationError("'time' needs an offset (Z or +01:00).", field="time")
    return value
