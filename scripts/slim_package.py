"""Post-package step: take out of the deployment zips what Lambda does not need.

    python scripts/slim_package.py build/package

``chalice package`` installs every dependency of requirements.txt, including botocore
(pynamodb needs it) and its dependencies. The Lambda Python runtime already provides boto3,
botocore, s3transfer, jmespath, python-dateutil, six and urllib3; shipping them would add
16 MB (zipped) and shadow the runtime's copies. ``__pycache__`` folders that local runs
left in chalicelib/ are dropped too. babel ships the CLDR data of about 1,000
locales (30 MB); kontakt formats only in de_CH, fr_CH, it_CH and en_CH, which need the
files below (each locale's parents up to ``root``).

Also dropped, because nothing in a running function reads them (issue 14: 3.92 -> 3.4 MB):
- Powertools' bundled Swagger UI (``swagger-ui-bundle.min.js`` and its CSS, 0.44 MB zipped):
  only ``APIGatewayRestResolver.enable_swagger()`` of Powertools' own event handler serves them;
  kontakt routes with Chalice and serves its OpenAPI document itself (chalicelib/api/openapi.py);
- files for type checkers: ``*.pyi`` stubs and ``py.typed`` markers;
- pip's bookkeeping in ``*.dist-info``: ``RECORD``, ``WHEEL``, ``INSTALLER``, ``REQUESTED``,
  ``top_level.txt``, ``direct_url.json``. ``METADATA`` stays (``importlib.metadata.version()``
  reads it: markupsafe's and dnspython's version lookups), so do ``entry_points.txt`` (babel
  reads it) and the licence files.

The zips are rewritten in place (maximum compression); the sizes before and after are
printed. scripts/package_check.py then proves that what is left imports and works.
"""
from __future__ import annotations

import sys
import zipfile
from pathlib import Path

# Distributions the Lambda Python runtime provides (boto3 and its dependency closure).
RUNTIME_PROVIDED = ("boto3", "botocore", "s3transfer", "python_dateutil", "six", "urllib3")
# Packages/modules of those distributions, for zips without dist-info RECORD files.
RUNTIME_TOP_LEVEL = ("boto3", "botocore", "s3transfer", "dateutil", "six.py", "urllib3")
# CLDR locale files kontakt needs: de_CH, fr_CH, it_CH, en_CH and their parents.
KEEP_LOCALES = frozenset({"root", "de", "de_CH", "fr", "fr_CH", "it", "it_CH", "en", "en_001", "en_150", "en_CH"})
LAYER_PREFIX = "python/lib/python3.11/site-packages/"
# Static files of Powertools' Swagger UI (served only by its own event handler's enable_swagger()).
UNSERVED_ASSETS = ("aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui-bundle.min.js",
                   "aws_lambda_powertools/event_handler/openapi/swagger_ui/swagger-ui.min.css")
# What type checkers read; the interpreter never does.
TYPING_ONLY_SUFFIXES = (".pyi", "/py.typed")
# pip's install bookkeeping; importlib.metadata reads METADATA and entry_points.txt, which stay.
INSTALLER_RECORDS = frozenset({"RECORD", "WHEEL", "INSTALLER", "REQUESTED", "top_level.txt", "direct_url.json"})


def _site_path(name: str) -> tuple[str, str]:
    """(prefix, path inside site-packages) of a zip entry of the function or the layer zip."""
    if name.startswith(LAYER_PREFIX):
        return LAYER_PREFIX, name[len(LAYER_PREFIX):]
    return "", name


def _runtime_provided(path: str) -> bool:
    top = path.split("/", 1)[0]
    if top.endswith(".dist-info"):
        distribution = top[: -len(".dist-info")].rsplit("-", 1)[0].lower().replace("-", "_")
        return distribution in RUNTIME_PROVIDED
    return top in RUNTIME_TOP_LEVEL


def _unused_locale(path: str) -> bool:
    if not path.startswith("babel/locale-data/") or not path.endswith(".dat"):
        return False
    return Path(path).stem not in KEEP_LOCALES


def _bytecode_cache(path: str) -> bool:
    # Left behind by local runs; keyed to this machine's file times, which the zip does not keep
    # (Chalice stamps every entry 1980-01-01), so Lambda would ignore them anyway.
    return "__pycache__/" in path or path.endswith(".pyc")


def _never_read(path: str) -> bool:
    if path in UNSERVED_ASSETS or path.endswith(TYPING_ONLY_SUFFIXES):
        return True
    parts = path.split("/")
    return len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] in INSTALLER_RECORDS


def should_drop(name: str) -> bool:
    """Whether a zip entry is left out of the slimmed package."""
    _, path = _site_path(name)
    return _runtime_provided(path) or _unused_locale(path) or _bytecode_cache(path) or _never_read(path)


def slim(zip_path: Path) -> tuple[int, int, int]:
    """Rewrite ``zip_path`` without the dropped entries; (bytes before, bytes after, entries dropped)."""
    before = zip_path.stat().st_size
    slimmed = zip_path.with_suffix(".slim.zip")
    dropped = 0
    with zipfile.ZipFile(zip_path) as source, zipfile.ZipFile(
        slimmed, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9
    ) as target:
        for info in source.infolist():
            if should_drop(info.filename):
                dropped += 1
                continue
            target.writestr(info, source.read(info), compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    slimmed.replace(zip_path)
    return before, zip_path.stat().st_size, dropped


def main(argv: list[str]) -> int:
    package_dir = Path(argv[1] if len(argv) > 1 else "build/package")
    zips = [package_dir / name for name in ("deployment.zip", "layer-deployment.zip") if (package_dir / name).exists()]
    if not zips:
        print(f"slim_package: no deployment zip in {package_dir}", file=sys.stderr)
        return 1
    total = 0
    for zip_path in zips:
        before, after, dropped = slim(zip_path)
        total += after
        print(f"{zip_path}: {before / 1e6:.2f} MB -> {after / 1e6:.2f} MB ({dropped} entries dropped)")
    print(f"total zipped: {total / 1e6:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
