"""Every error code the API can answer with has a text in each of the web app's four languages.

The codes are read from the code itself (class attributes ``code = "…"``, ``code=…`` arguments,
the middleware's ``_error("…")`` answers, error bodies written as dicts, Chalice's own 4xx
errors as the middleware renames them, and API Gateway's answers in infra/gateway-responses.json), so a new code without a translation fails here.
"""
from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ROOT / "web" / "src" / "i18n" / "locales"


def _constants(tree: ast.Module) -> dict[str, str]:
    return {target.id: node.value.value for node in tree.body if isinstance(node, ast.Assign)
            for target in node.targets if isinstance(target, ast.Name)
            and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str)}


def _string(node: ast.AST, constants: dict[str, str]) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Name):
        return constants.get(node.id)
    return None


def codes_in_source() -> set[str]:
    codes: set[str] = set()
    trees = [ast.parse(path.read_text(), str(path)) for path in sorted((ROOT / "chalicelib").rglob("*.py"))]
    shared = {name: value for tree in trees for name, value in _constants(tree).items()}  # imported constants
    for tree in trees:
        constants = {**shared, **_constants(tree)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == "code" for t in node.targets):
                codes.add(_string(node.value, constants))
            elif isinstance(node, ast.Call):
                codes.update(_string(kw.value, constants) for kw in node.keywords if kw.arg == "code")
                if isinstance(node.func, ast.Name) and node.func.id == "_error" and node.args:
                    codes.add(_string(node.args[0], constants))
            elif isinstance(node, ast.Dict):
                codes.update(_string(value, constants) for key, value in zip(node.keys, node.values)
                             if isinstance(key, ast.Constant) and key.value == "code")
    return {code for code in codes if code}


def chalice_codes() -> set[str]:
    """Chalice's own 4xx errors (unknown route, bad method …) as the middleware names them."""
    from chalice import app as chalice_app

    from chalicelib.api.middleware import _snake_case

    return {_snake_case(name) for name, cls in vars(chalice_app).items()
            if isinstance(cls, type) and issubclass(cls, chalice_app.ChaliceViewError)
            and cls is not chalice_app.ChaliceViewError and 400 <= getattr(cls, "STATUS_CODE", 500) < 500}


def gateway_codes() -> set[str]:
    """API Gateway's own answers (infra/gateway-responses.json), in the same error shape."""
    responses = json.loads((ROOT / "infra" / "gateway-responses.json").read_text())
    # Templates are not JSON until API Gateway fills in its $context variables: find the code by pattern.
    return {code for response in responses.values() if isinstance(response, dict)
            for template in (response.get("responseTemplates") or {}).values()
            for code in re.findall(r'"code":\s*"([a-z_]+)"', template)}


def emitted_codes() -> set[str]:
    return codes_in_source() | chalice_codes() | gateway_codes()


def test_the_codes_are_found_in_the_source():
    codes = emitted_codes()
    # a sample of each way a code is written: class attribute, argument, constant, middleware, dict, Chalice
    assert {"invalid_field", "topic_off", "chargeable_number", "method_not_allowed", "internal",
            "unsupported_media_type", "provider_unavailable", "limit_reached"} <= codes
    assert "not_found" in chalice_codes()
    assert {"unauthorized", "no_such_route"} <= gateway_codes()


@pytest.mark.parametrize("language", ["de", "fr", "it", "en"])
def test_every_error_code_the_api_can_emit_has_a_text_in_the_web_app(language):
    texts = json.loads((LOCALES / f"{language}.json").read_text())["apiErrors"]
    missing = sorted(code for code in emitted_codes() if not str(texts.get(code, "")).strip())
    assert missing == [], f"web/src/i18n/locales/{language}.json apiErrors lacks {missing}"
