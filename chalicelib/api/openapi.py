"""Route: the OpenAPI 3 document, assembled from the fragments in chalicelib/openapi/."""
from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from chalicelib.api.blueprint import ApiBlueprint

bp = ApiBlueprint(__name__)
FRAGMENTS = Path(__file__).resolve().parent.parent / "openapi"


@cache
def openapi_document() -> dict:
    """``base.json`` plus every ``paths-*.json`` fragment (each: paths and component schemas)."""
    document = json.loads((FRAGMENTS / "base.json").read_text())
    for fragment_path in sorted(FRAGMENTS.glob("paths-*.json")):
        fragment = json.loads(fragment_path.read_text())
        document["paths"].update(fragment.get("paths", {}))
        for section, entries in fragment.get("components", {}).items():
            document["components"].setdefault(section, {}).update(entries)
    return document


@bp.route("/openapi.json", methods=["GET"], cors=True)
def get_openapi():
    return openapi_document()
