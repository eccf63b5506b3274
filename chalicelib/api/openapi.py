"""Route: the OpenAPI 3.1 document, generated from the models (chalicelib/schemas/)."""
from __future__ import annotations

from functools import cache

from chalicelib.api.blueprint import ApiBlueprint

bp = ApiBlueprint(__name__)


@cache
def openapi_document() -> dict:
    """The document ``GET /openapi.json`` serves (built once per process: the models and base.json
    are imported and read only when it is first asked for)."""
    from chalicelib.schemas.document import build

    return build()


@bp.route("/openapi.json", methods=["GET"], cors=True)
def get_openapi():
    return openapi_document()
