"""What a Lambda cold start imports: ``import app`` in a fresh interpreter (docs/performance.md, issue 14).

Every function of the app (routes, schedules, queue and topic handlers) runs ``import app`` when a
new instance starts. The route handlers import the services of their own route, the event handlers
theirs; the API models and msgspec load with the first body decoded; AWS libraries, templates and
locale data with their first use. A module listed here at import time is paid by every function.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Packages of chalicelib no cold start needs: each request or event loads what it uses.
LAZY_PACKAGES = ("chalicelib.services", "chalicelib.adapters", "chalicelib.schemas", "chalicelib.rendering")
# Heavy libraries (botocore's bare package is imported by Powertools' user-agent hook; its clients are not).
LAZY_LIBRARIES = ("msgspec", "pynamodb", "boto3", "jinja2", "babel", "phonenumbers", "email_validator",
                  "zoneinfo", "botocore.session", "botocore.client")


def _modules_after_import_app() -> list[str]:
    probe = "import json, sys, app; print(json.dumps(sorted(sys.modules)))"
    result = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True,
                            env={"PATH": "/usr/bin:/bin", "AWS_DEFAULT_REGION": "eu-central-2"})
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_import_app_loads_no_service_adapter_model_or_heavy_library():
    loaded = _modules_after_import_app()

    assert "app" in loaded and "chalicelib.api.customers" in loaded  # the probe did import the routes
    too_early = [name for name in loaded
                 if name.startswith(LAZY_PACKAGES) or name in LAZY_LIBRARIES
                 or name.split(".")[0] in LAZY_LIBRARIES]
    assert too_early == [], (
        "`import app` loads modules only some requests need; import them inside the handler or helper that "
        f"uses them (docs/architecture.md, 'Function-level imports'): {too_early}")
