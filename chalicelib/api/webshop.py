"""Routes the customer's side calls: webshop sessions (signed) and one-click unsubscribe (public)."""
from chalice import Response

from chalicelib.api.blueprint import ApiBlueprint
from chalicelib.api.http import json_body
from chalicelib.api.webshop_auth import verify_webshop_request
from chalicelib.domain.errors import NotFound

bp = ApiBlueprint(__name__)

# Mail clients post RFC 8058's "List-Unsubscribe=One-Click" form; accept what they may send.
UNSUBSCRIBE_CONTENT_TYPES = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain",
                             "application/json"]
PAGE_HEADERS = {"Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store",
                "Referrer-Policy": "no-referrer", "X-Robots-Tag": "noindex"}


@bp.route("/webshop/{optician_id}/sessions", methods=["POST"])
def open_session(optician_id):
    from chalicelib.api.bodies import decode
    from chalicelib.schemas.webshop import WebshopSessionInput
    from chalicelib.services.webshop import webshop_sessions

    request = bp.current_request
    verify_webshop_request(request, optician_id, rate_limit="webshop_sessions")
    return webshop_sessions.open_session(optician_id, decode(json_body(request), WebshopSessionInput))


@bp.route("/unsubscribe/{optician_id}/{token}", methods=["GET"])
def unsubscribe_page(optician_id, token):
    """Shows what the link would do, with a button; a GET never changes anything."""
    from chalicelib.services.links import unsubscribe

    return _page(lambda: unsubscribe.confirmation_page(optician_id, token))


@bp.route("/unsubscribe/{optician_id}/{token}", methods=["POST"], content_types=UNSUBSCRIBE_CONTENT_TYPES)
def unsubscribe_one_click(optician_id, token):
    from chalicelib.services.links import unsubscribe

    return _page(lambda: unsubscribe.unsubscribe(optician_id, token))


def _page(render) -> Response:
    from chalicelib.services.links import unsubscribe

    try:
        return Response(body=render(), status_code=200, headers=PAGE_HEADERS)
    except NotFound:
        return Response(body=unsubscribe.not_found_page(), status_code=404, headers=PAGE_HEADERS)
