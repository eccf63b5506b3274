"""Routes: message history, manual sends, previews, usage, and revoking personal links."""
from chalicelib.api.blueprint import ApiBlueprint

from chalicelib.api.http import BACKOFFICE, backoffice_cors, created, json_body, tenant

bp = ApiBlueprint(__name__)
CORS = backoffice_cors()


@bp.route("/customers/{customer_id}/messages", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_messages(customer_id):
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.messages import HistoryQuery
    from chalicelib.services.messaging import history

    request = bp.current_request
    optician_id = tenant(request)
    return history.list_messages(optician_id, customer_id, decode_query(request.query_params, HistoryQuery))


@bp.route("/messages", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def list_all_messages():
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.messages import AllMessagesQuery
    from chalicelib.services.messaging import history

    request = bp.current_request
    optician_id = tenant(request)
    return history.list_all_messages(optician_id, decode_query(request.query_params, AllMessagesQuery))


@bp.route("/customers/{customer_id}/messages", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def send_manual_message(customer_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.messages import ManualSendInput
    from chalicelib.services.manual import manual_messages

    request = bp.current_request
    optician_id = tenant(request)
    key = (request.headers or {}).get("idempotency-key")
    given = decode(json_body(request), ManualSendInput)
    return created(manual_messages.send_manual(optician_id, customer_id, given, key))


@bp.route("/messages/preview", methods=["POST"], cors=CORS, authorizer=BACKOFFICE)
def preview_message():
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.messages import PreviewInput
    from chalicelib.services.previews import preview

    request = bp.current_request
    optician_id = tenant(request)
    # Template data is passed as given: a null in it is a value, not a field left out.
    return preview.preview(optician_id, decode(json_body(request), PreviewInput, null_is_missing=False))


@bp.route("/usage", methods=["GET"], cors=CORS, authorizer=BACKOFFICE)
def get_usage():
    from chalicelib.api.bodies import decode_query
    from chalicelib.schemas.messages import UsageQuery
    from chalicelib.services.messaging import usage

    request = bp.current_request
    optician_id = tenant(request)
    return usage.get_usage(optician_id, decode_query(request.query_params, UsageQuery))


@bp.route("/customers/{customer_id}/links", methods=["DELETE"], cors=CORS, authorizer=BACKOFFICE)
def revoke_links(customer_id):
    from chalicelib.services.links import links

    return links.revoke_links(tenant(bp.current_request), customer_id)
