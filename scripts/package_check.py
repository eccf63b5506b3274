"""Prove that the deployment package works on its own, as Lambda will run it.

    python scripts/package_check.py build/package

Unzips the function zip (as /var/task) and the layer zip (as /opt), then starts a fresh
interpreter (-I -S: no site-packages, no PYTHON* variables) whose sys.path holds only those
two, the standard library and boto3/botocore with their dependencies (what the Lambda
runtime provides). There it imports the app and exercises every heavy dependency:
templates and catalogue present, a message rendered, a date formatted with babel in each
Swiss locale, a time zone from the bundled tzdata, and back-office tokens verified by
chalicelib/auth.py with a key given as PEM and as a JWKS (served on 127.0.0.1). ``cryptography``
must be neither in the package nor importable there: the tokens are signed out here (with
the dev venv's cryptography) and only verified inside. Fails loudly (exit 1) on the first
problem; also enforces the size budget: function zip + layer zip under 5 MB (issue 2).
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
TOTAL_BUDGET = 5_000_000  # bytes: function zip + layer zip, the target of issue 2

CHECK = r'''
import json, sys
task, layer, runtime, stdlib = json.loads(sys.argv[1])
tokens = json.loads(sys.argv[2])
sys.path[:] = [task, layer, layer.rsplit("/lib/", 1)[0], runtime] + stdlib
import os
os.chdir(task)
os.environ.update({"AWS_DEFAULT_REGION": "eu-central-2", "AWS_REGION": "eu-central-2",
                   "TABLE_NAME": "kontakt-check", "POWERTOOLS_LOG_LEVEL": "WARNING",
                   "JWT_ISSUER": tokens["issuer"], "JWT_AUDIENCE": tokens["audience"]})

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

products = json.loads((Path(task) / "chalicelib/data/catalogue.json").read_text())
if not products:
    fail("the catalogue is empty")

import importlib.util
for absent in ("cryptography", "jwt", "cffi", "_cffi_backend"):
    if importlib.util.find_spec(absent) is not None:
        fail(f"{absent} is in the package (or on the path): the Lambda must verify tokens without it")

import babel, jinja2, jose, rsa, pyasn1, ecdsa, phonenumbers, email_validator, pynamodb, tzdata
import aws_lambda_powertools
for module in (babel, jinja2, jose, rsa, pyasn1, ecdsa, phonenumbers, email_validator, pynamodb, tzdata,
               aws_lambda_powertools):
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

# Back-office tokens, as the API verifies them: a key from JWT_PUBLIC_KEY, then from a JWKS.
from chalicelib import auth
from chalicelib.config import reset_config
from chalicelib.domain.errors import Unauthorized

def verdicts():
    reset_config()
    result = {}
    for name in ("valid", "forged", "expired", "hs256"):
        try:
            principal = auth.authenticate("Bearer " + tokens[name])
            result[name] = f"{principal.optician_id}/{'admin' if principal.is_admin else 'staff'}"
        except Unauthorized:
            result[name] = "401"
    return result

expected = {"valid": "opt_check/admin", "forged": "401", "expired": "401", "hs256": "401"}
os.environ["JWT_PUBLIC_KEY"] = tokens["public_pem"]
if verdicts() != expected:
    fail(f"token verification with JWT_PUBLIC_KEY gave {verdicts()}, expected {expected}")

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
class Jwks(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps(tokens["jwks"]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
    def log_message(self, *args):
        pass
server = HTTPServer(("127.0.0.1", 0), Jwks)
threading.Thread(target=server.serve_forever, daemon=True).start()
del os.environ["JWT_PUBLIC_KEY"]
os.environ["JWT_JWKS_URL"] = f"http://127.0.0.1:{server.server_address[1]}/.well-known/jwks.json"
if verdicts() != expected:
    fail(f"token verification with JWT_JWKS_URL gave {verdicts()}, expected {expected}")
server.shutdown()
loaded = sorted({m.split(".")[0] for m in sys.modules} & {"cryptography", "jwt", "cffi"})
if loaded:
    fail(f"verifying tokens loaded {loaded}")
import jose.backends
if jose.backends.RSAKey.__module__ != "jose.backends.rsa_backend":
    fail(f"python-jose chose {jose.backends.RSAKey.__module__} (expected the pure-Python rsa backend)")
checks["tokens"] = "PEM and JWKS verified without cryptography"

number = phonenumbers.parse("079 123 45 67", "CH")
if phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) != "+41791234567":
    fail("phonenumbers cannot parse a Swiss mobile number")
email_validator.validate_email("kontakt@optik-muster.ch", check_deliverability=False)

try:
    from chalicelib.messaging.render import MessageContext, render_message
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


def _tokens() -> dict:
    """Tokens for the check, signed here with the dev venv's PyJWT + cryptography (not in the package)."""
    import base64
    import time

    import jwt
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import rsa

    def b64(number: int) -> str:
        return base64.urlsafe_b64encode(number.to_bytes((number.bit_length() + 7) // 8, "big")).rstrip(b"=").decode()

    key, other = (rsa.generate_private_key(public_exponent=65537, key_size=2048) for _ in range(2))
    public_pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                               serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    numbers = key.public_key().public_numbers()
    issuer, audience, now = "https://cognito-idp.eu-central-2.amazonaws.com/eu-central-2_Check", "check-client", int(time.time())
    claims = {"iss": issuer, "aud": audience, "sub": "check", "iat": now, "exp": now + 600, "token_use": "id",
              "custom:optician_id": "opt_check", "custom:role": "admin"}
    header = {"kid": "check-key"}
    return {
        "issuer": issuer, "audience": audience, "public_pem": public_pem,
        "jwks": {"keys": [{"kty": "RSA", "alg": "RS256", "use": "sig", "kid": "check-key",
                           "n": b64(numbers.n), "e": b64(numbers.e)}]},
        "valid": jwt.encode(claims, key, algorithm="RS256", headers=header),
        "forged": jwt.encode(claims, other, algorithm="RS256", headers=header),
        "expired": jwt.encode({**claims, "exp": now - 3600}, key, algorithm="RS256", headers=header),
        "hs256": jwt.encode(claims, "a shared secret of thirty-two bytes", algorithm="HS256", headers=header),
    }


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
        result = subprocess.run([sys.executable, "-I", "-S", "-c", CHECK, json.dumps(paths), json.dumps(_tokens())],
                                capture_output=True, text=True, cwd=task, timeout=300)
    if result.returncode != 0:
        sys.stderr.write(result.stdout + result.stderr)
        print("package_check: FAIL: the unpacked package does not work on its own", file=sys.stderr)
        return 1
    print(f"package_check: OK {result.stdout.strip()}")
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
