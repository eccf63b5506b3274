"""Imports inside function bodies only where a module's header cannot have them (issue 14).

A module's dependencies should be readable from its header. An import inside a function is
kept for a reason, and the reason is written next to it:
- a heavy library or module that most invocations never need (cold start, docs/performance.md:
  boto3/botocore, PynamoDB, phonenumbers, babel, Jinja2, email_validator, msgspec and the API
  models, Powertools' batch utility) — counted as such without a comment;
- an adapter inside the wiring (services/wiring.py; docs/architecture.md, "The wiring"), where
  adapters are built on first use — no other service imports an adapter at all;
- a service inside the api (a route handler or an api helper): ``import app`` loads no service, each
  request loads the services of its own route (cold start, docs/architecture.md, "Function-level imports");
- anything else needs a comment on the import or the line above it saying why (``# why: ...``,
  e.g. a cycle inside a package, a module tests swap, an import only a rare path needs).

Nothing else: every other import sits in its module's header (docs/architecture.md,
"Function-level imports"). The debt of 199 such imports was paid off in issue 14.
"""
from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HEAVY = ("boto3", "botocore", "pynamodb", "phonenumbers", "babel", "jinja2", "email_validator", "msgspec",
         "aws_lambda_powertools.utilities", "chalicelib.api.bodies", "chalicelib.schemas")


def _imported(node: ast.Import | ast.ImportFrom) -> str:
    if isinstance(node, ast.Import):
        return node.names[0].name
    module = node.module or ""
    if module in ("chalicelib", "chalicelib.adapters", "chalicelib.adapters.dynamo"):
        return f"{module}.{node.names[0].name}"
    return module


def _explained(lines: list[str], node: ast.stmt) -> bool:
    return "#" in lines[node.lineno - 1] or lines[node.lineno - 2].strip().startswith("#")


def unexplained_function_imports() -> list[str]:
    found = []
    for path in sorted((ROOT / "chalicelib").rglob("*.py")):
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        wiring = path.relative_to(ROOT).as_posix() == "chalicelib/services/wiring.py"
        api = path.relative_to(ROOT).parts[:2] == ("chalicelib", "api")
        for function in ast.walk(ast.parse(source)):
            if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            for node in ast.walk(function):
                if not isinstance(node, (ast.Import, ast.ImportFrom)):
                    continue
                module = _imported(node)
                if module.startswith(HEAVY) or (wiring and module.startswith("chalicelib.adapters")):
                    continue
                if api and module.startswith("chalicelib.services"):
                    continue
                if not _explained(lines, node):
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno} {module}")
    return found


def test_no_unexplained_import_inside_a_function():
    found = unexplained_function_imports()
    assert found == [], (
        "imports inside functions without a reason: move them to the module's header, or say why next "
        "to them (# why: ...):\n" + "\n".join(found))
