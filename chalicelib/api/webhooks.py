"""Routes: the webshop's signed order webhooks (SPEC §5)."""
from chalice import Response

from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import json_body
from chalicelib.api.webshop_auth import verify_webshop_request

bp = ApiBlueprint(__name__)


@bp.route("/webhooks/{optician_id}/orders", methods=["POST"])
def order_placed(optician_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.orders import WebhookOrder
    from chalicelib.services.webshop import webhooks

    request = bp.current_request
    # First: nothing is read (or decoded) before the signature of the raw body holds.
    verify_webshop_request(request, optician_id, rate_limit="webhooks")
    body = json_body(request)
    status, answer = webhooks.order_event(optician_id, body, decode(body, WebhookOrder))
    return Response(body=answer, status_code=status)


@bp.route("/webhooks/{optician_id}/orders/{order_id}/status", methods=["POST"])
def order_status(optician_id, order_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.orders import WebhookOrderStatus
    from chalicelib.services.webshop import webhooks

    request = bp.current_request
    verify_webshop_request(request, optician_id, rate_limit="webhooks")
    body = json_body(request)
    status, answer = webhooks.status_event(optician_id, order_id, body, decode(body, WebhookOrderStatus))
    return Response(body=answer, status_code=status)
