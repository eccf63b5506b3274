"""Prove that the deployment package works on its own, as Lambda will run it.

    python scripts/package_check.py build/package

Unzips the function zip (as /var/task) and the layer zip (as /opt), then starts a fresh
interpreter (-I -S: no site-packages, no PYTHON* variables) whose sys.path holds only those
two, the standard library and boto3/botocore with their dependencies (what the Lambda
runtime provides). There it imports the app and exercises every heavy dependency:
templates and catalogue present, a message rendered, a date formatted with babel in each
Swiss locale, a time zone from the bundled tzdata, and the back-office caller read from the
claims API Gateway's Cognito authorizer passes (chalicelib/auth.py). No JOSE library, no
``cryptography`` and not the local stand-in for the authorizer (local/gateway.py) may be
importable there: tokens are verified by API Gateway, never in the function. What
scripts/slim_package.py leaves out of the dependencies' metadata must not matter: every
distribution's version and the entry points still read through ``importlib.metadata``, and
Powertools' event handler (the only reader of the dropped Swagger UI files) is never imported.

Then the packaged template (sam.json): every back-office route carries the Cognito authorizer
(security ``BackOffice``, bound to the stack's user pool by scripts/bind_authorizer.py) and
the public routes (``PUBLIC_ROUTES``: webshop and webhooks, signed; unsubscribe pages; the
OpenAPI document) carry none; API Gateway's own 401/403/4xx/5xx answers are in the error shape
of SPEC §5. Fails loudly (exit 1) on the first problem; also enforces the size budget:
function zip + layer zip under 5 MB (issue 2).
"""
from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

# What the AWS Lambda Python runtime puts on sys.path besides the function and its layers.
RUNTIME_MODULES = ("boto3", "botocore", "s3transfer", "jmespath", "dateutil", "six", "urllib3")
# The routes without the back-office authorizer: each authenticates otherwise (webshop signature,
# link token) or is public by design. A route missing here must carry the authorizer.
PUBLIC_ROUTES = {
    ("GET", "/openapi.json"),
    ("POST", "/webhooks/{optician_id}/orders"),
    ("POST", "/webhooks/{optician_id}/orders/{order_id}/status"),
    ("PUT", "/webshop/{optician_id}/customers/{customer_id}/lens-exchange-reminder"),
    ("POST", "/webshop/{optician_id}/sessions"),
    ("GET", "/unsubscribe/{optician_id}/{token}"),
    ("POST", "/unsubscribe/{optician_id}/{token}"),
}
AUTHORIZER = "BackOffice"
SPEC_ERROR_RESPONSES = ("UNAUTHORIZED", "ACCESS_DENIED", "DEFAULT_4XX", "DEFAULT_5XX")
TOTAL_BUDGET = 5_000_000  # bytes: function zip + layer zip, the target of issue 2

CHECK = r'''
import json, sys
task, layer, runtime, stdlib = json.loads(sys.argv[1])
claims = json.loads(sys.argv[2])
sys.path[:] = [task, layer, layer.rsplit("/lib/", 1)[0], runtime] + stdlib
import os
os.chdir(task)
os.environ.update({"AWS_DEFAULT_REGION": "eu-central-2", "AWS_REGION": "eu-central-2",
                   "TABLE_NAME": "kontakt-check", "POWERTOOLS_LOG_LEVEL": "WARNING",
                   "JWT_ISSUER": claims["iss"], "JWT_AUDIENCE": claims["aud"]})

def fail(message):
    print("package_check: FAIL: " + message, file=sys.stderr)
    sys.exit(1)

from pathlib import Path
for required in ("app.py", "chalicelib/data/catalogue.json", "chalicelib/templates/de", "chalicelib/templates/email"):
    if not (Path(task) / required).exists():
        fail(f"{required} is missing from the function zip")

import app as app_module
if not app_module.app.routes:
    fail("the app has no routes")
if "local" in sys.modules or any(path.startswith("/_local") for path in app_module.app.routes):
    fail("local-only code is part of the deployed app")
from chalice import CognitoUserPoolAuthorizer
if not any(isinstance(entry.authorizer, CognitoUserPoolAuthorizer)
           for methods in app_module.app.routes.values() for entry in methods.values()):
    fail("no route of the packaged app has the Cognito authorizer")

products = json.loads((Path(task) / "chalicelib/data/catalogue.json").read_text())
if not products:
    fail("the catalogue is empty")

import importlib.util
# API Gateway verifies the tokens: no JOSE library, no cryptography, and never the local stand-in.
for absent in ("cryptography", "jwt", "jose", "joserfc", "rsa", "ecdsa", "cffi", "_cffi_backend", "local"):
    if importlib.util.find_spec(absent) is not None:
        fail(f"{absent} is in the package (or on the path): tokens are verified by API Gateway, not here")

import babel, jinja2, phonenumbers, email_validator, pynamodb, tzdata
import aws_lambda_powertools
for module in (babel, jinja2, phonenumbers, email_validator, pynamodb, tzdata, aws_lambda_powertools):
    if not module.__file__.startswith((task, layer)):
        fail(f"{module.__name__} was imported from {module.__file__}, not from the package")
import botocore
if not botocore.__file__.startswith(runtime):
    fail("the package ships its own botocore (the runtime's must be used)")

from datetime import date, datetime, timezone
from babel.dates import format_date
checks = {}
for locale in ("de_CH", "fr_CH", "it_CH", "en_CH"):
    checks[locale] = format_date(date(2026, 3, 27), format="long", locale=locale)
if checks["de_CH"] != "27. März 2026":
    fail(f"babel de_CH formatted {checks['de_CH']!r}")

import zoneinfo
zoneinfo.reset_tzpath(to=[])  # only the bundled tzdata, as on a runtime without /usr/share/zoneinfo
zurich = datetime(2026, 7, 1, 12, tzinfo=timezone.utc).astimezone(zoneinfo.ZoneInfo("Europe/Zurich"))
if zurich.utcoffset().total_seconds() != 7200:
    fail("Europe/Zurich from the bundled tzdata is wrong")

# The back-office caller, from the claims as API Gateway's Cognito authorizer passes them (strings).
from chalicelib import auth
from chalicelib.domain.errors import Unauthorized

def verdict(given):
    try:
        principal = auth.principal_from_claims(given, issuer=claims["iss"], audience=claims["aud"])
    except Unauthorized:
        return "401"
    return f"{principal.optician_id}/{'admin' if principal.is_admin else 'staff'}"

verdicts = {"valid": verdict(claims), "none": verdict(None), "access token": verdict({**claims, "token_use": "access"}),
            "other client": verdict({**claims, "aud": "another-client"}),
            "other pool": verdict({**claims, "iss": claims["iss"] + "x"})}
expected = {"valid": "opt_check/admin", "none": "401", "access token": "401", "other client": "401", "other pool": "401"}
if verdicts != expected:
    fail(f"reading the authorizer's claims gave {verdicts}, expected {expected}")
checks["claims"] = "read from the authorizer's claims; no JOSE library in the package"

number = phonenumbers.parse("079 123 45 67", "CH")
if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != "+41791234567":
    fail("phonenumbers cannot parse a Swiss mobile number")
email_validator.validate_email("kontakt@optik-muster.ch", check_deliverability=False)

try:
    from chalicelib.rendering.render import MessageContext, render_message
except ImportError:
    render_message = None
if render_message is not None:
    optician = {"name": "Optik Muster", "webshop_url": "https://shop.optik-muster.ch",
                "webapp_url": "https://app.optik-muster.ch", "email_from": "info@optik-muster.ch",
                "phone": "+41441234567", "language": "de", "timezone": "Europe/Zurich"}
    customer = {"first_name": "Anna", "last_name": "Meier", "language": "de"}
    context = MessageContext(kind="webapp_install", language="de", optician=optician, customer=customer,
                             unsubscribe_url="https://api.kontakt.example/u/x")
    email = render_message(context, "email")
    sms = render_message(context, "sms")
    if "Anna" not in email.text or not email.html or not sms.text:
        fail("rendering a message gave an empty or impersonal result")
    checks["rendered"] = email.subject

# scripts/slim_package.py drops pip's bookkeeping of each distribution but keeps what importlib.metadata
# reads: every version (METADATA; markupsafe and dnspython look theirs up) and the entry points.
import importlib.metadata
for dist_info in sorted(Path(layer).glob("*.dist-info")):
    name, version = dist_info.name[: -len(".dist-info")].rsplit("-", 1)
    if importlib.metadata.version(name) != version:
        fail(f"importlib.metadata cannot read the version of {name} from the package")
if not any(entry.value.startswith("jinja2.") for entry in importlib.metadata.entry_points(group="babel.extractors")):
    fail("importlib.metadata cannot read the entry points (entry_points.txt) from the package")
import markupsafe
if markupsafe.__version__ != importlib.metadata.version("markupsafe"):
    fail("markupsafe cannot read its version")
checks["metadata"] = "versions and entry points readable without RECORD/WHEEL/top_level.txt"
# Powertools' Swagger UI files are dropped too: only its own event handler would serve them. Every
# module of the function (routes import their services on request) imports, and none pulls that in.
import importlib, pkgutil, chalicelib
for module_info in pkgutil.walk_packages(chalicelib.__path__, "chalicelib."):
    importlib.import_module(module_info.name)
if "aws_lambda_powertools.event_handler" in sys.modules:
    fail("Powertools' event handler was imported: it serves the Swagger UI files slim_package.py drops")

print(json.dumps(checks, ensure_ascii=False))
'''


def _runtime_dir(target: Path) -> Path:
    """A directory with what the Lambda runtime provides (linked from this interpreter)."""
    target.mkdir()
    for name in RUNTIME_MODULES:
        spec = importlib.util.find_spec(name)
        if spec is None or spec.origin is None:
            raise SystemExit(f"package_check: {name} is not installed here (needed as the runtime's)")
        origin = Path(spec.origin)
        source = origin.parent if origin.name == "__init__.py" else origin
        (target / source.name).symlink_to(source, target_is_directory=source.is_dir())
    return target


def _stdlib_paths() -> list[str]:
    import sysconfig

    stdlib = Path(sysconfig.get_paths()["stdlib"])
    return [str(stdlib), str(stdlib / "lib-dynload")]


def _claims() -> dict:
    """An ID token's claims as API Gateway's Cognito authorizer hands them to the function: strings."""
    return {"iss": "https://cognito-idp.eu-central-2.amazonaws.com/eu-central-2_Check", "aud": "check-client",
            "sub": "check", "token_use": "id", "exp": "Sat Dec 05 10:00:00 UTC 2026", "cognito:username": "check",
            "custom:optician_id": "opt_check", "custom:role": "admin"}


def check_template(template_path: Path) -> list[str]:
    """What is wrong with the packaged template's authorizer and gateway responses (empty: nothing)."""
    problems = []
    if not template_path.exists():
        return [f"{template_path} does not exist (run make package first)"]
    template = json.loads(template_path.read_text())
    definition = template["Resources"]["RestAPI"]["Properties"]["DefinitionBody"]
    scheme = definition.get("securityDefinitions", {}).get(AUTHORIZER, {})
    authorizer = scheme.get("x-amazon-apigateway-authorizer", {})
    if scheme.get("x-amazon-apigateway-authtype") != "cognito_user_pools":
        problems.append(f"no Cognito user pool authorizer {AUTHORIZER} in the API definition")
    elif "CognitoUserPoolId" not in json.dumps(authorizer.get("providerARNs")):
        problems.append(f"authorizer {AUTHORIZER} is not bound to the stack's CognitoUserPoolId "
                        f"(scripts/bind_authorizer.py): {authorizer.get('providerARNs')}")
    seen = set()
    for path, methods in definition.get("paths", {}).items():
        for method, operation in methods.items():
            if method == "options":
                if operation.get("security"):
                    problems.append(f"the CORS preflight OPTIONS {path} requires a token")
                continue
            route = (method.upper(), path)
            seen.add(route)
            security = operation.get("security")
            if route in PUBLIC_ROUTES and security:
                problems.append(f"public route {method.upper()} {path} carries {security}")
            elif route not in PUBLIC_ROUTES and security != [{AUTHORIZER: []}]:
                problems.append(f"back-office route {method.upper()} {path} lacks the authorizer "
                                f"(security {security}; a public route belongs in PUBLIC_ROUTES)")
    problems += [f"public route {m} {p} is not in the API" for m, p in sorted(PUBLIC_ROUTES - seen)]
    responses = definition.get("x-amazon-apigateway-gateway-responses", {})
    for name in SPEC_ERROR_RESPONSES:
        body = responses.get(name, {}).get("responseTemplates", {}).get("application/json", "")
        if '{"error": {"code": "' not in body:
            problems.append(f"gateway response {name} is not in the error shape of SPEC §5: {body!r}")
    return problems


def main(argv: list[str]) -> int:
    package_dir = Path(argv[1] if len(argv) > 1 else "build/package")
    function_zip, layer_zip = package_dir / "deployment.zip", package_dir / "layer-deployment.zip"
    if not function_zip.exists():
        print(f"package_check: FAIL: {function_zip} does not exist (run chalice package first)", file=sys.stderr)
        return 1
    sizes = {"function_zip_bytes": function_zip.stat().st_size,
             "layer_zip_bytes": layer_zip.stat().st_size if layer_zip.exists() else 0}
    with tempfile.TemporaryDirectory(prefix="kontakt-package-") as tmp:
        task, opt = Path(tmp) / "task", Path(tmp) / "opt"
        zipfile.ZipFile(function_zip).extractall(task)
        if layer_zip.exists():
            zipfile.ZipFile(layer_zip).extractall(opt)
        layer_site = opt / "python" / "lib" / f"python{sys.version_info.major}.{sys.version_info.minor}" / "site-packages"
        runtime = _runtime_dir(Path(tmp) / "runtime")
        paths = [str(task), str(layer_site), str(runtime), _stdlib_paths()]
        result = subprocess.run([sys.executable, "-I", "-S", "-c", CHECK, json.dumps(paths), json.dumps(_claims())],
                                capture_output=True, text=True, cwd=task, timeout=300)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        print("package_check: FAIL: the unpacked package does not work on its own", file=sys.stderr)
        return 1
    print(f"package_check: OK {result.stdout.strip()}")
    problems = check_template(package_dir / "sam.json")
    if problems:
        for problem in problems:
            print(f"package_check: FAIL: {problem}", file=sys.stderr)
        return 1
    print(f"package_check: OK the packaged API: back-office routes behind {AUTHORIZER}, "
          f"{len(PUBLIC_ROUTES)} public routes without, gateway responses in the error shape")
    print(f"package_check: function zip {sizes['function_zip_bytes'] / 1e6:.2f} MB, "
          f"layer zip {sizes['layer_zip_bytes'] / 1e6:.2f} MB")
    total = sizes["function_zip_bytes"] + sizes["layer_zip_bytes"]
    print(f"package_check: total {total / 1e6:.2f} MB (budget {TOTAL_BUDGET / 1e6:.0f} MB)")
    if total > TOTAL_BUDGET:
        print(f"package_check: FAIL: function zip + layer zip are {total / 1e6:.2f} MB, "
              f"over {TOTAL_BUDGET / 1e6:.0f} MB", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
