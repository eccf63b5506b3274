"""Local mode's HTTP front: the web app's built files at ``/app/``, everything else to the API.

The browser loads the single-page app from the same origin as the API (no CORS locally) and
fires requests in parallel; moto is not thread-safe, so every API request is served while
holding ``EMULATOR_LOCK`` (the scheduled runs hold it too). Static files need no lock.
"""
from __future__ import annotations

import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from chalice.local import ChaliceRequestHandler

from local.emulator import EMULATOR_LOCK

APP_PREFIX = "/app"
DIST = Path(__file__).resolve().parent.parent / "web" / "dist"
# Vite names built assets by content hash: they never change under the same name.
_IMMUTABLE = "public, max-age=31536000, immutable"


def resolve(path: str, dist: Path = DIST) -> tuple[Path | None, bool]:
    """The file to answer ``path`` (under ``/app``) with, and whether it is a hashed asset.

    A path that names no file is a route of the app: ``index.html`` answers it (SPA fallback),
    except under ``/app/assets/``, where a missing file is a 404. ``..`` never leaves ``dist``.
    """
    relative = unquote(urlsplit(path).path)[len(APP_PREFIX):].lstrip("/")
    root = dist.resolve()
    candidate = (root / relative).resolve() if relative else root / "index.html"
    if root not in candidate.parents and candidate != root / "index.html":
        return None, False
    if candidate.is_file():
        return candidate, relative.startswith("assets/")
    if relative.startswith("assets/"):
        return None, False
    index = root / "index.html"
    return (index if index.is_file() else None), False


def is_app_path(path: str) -> bool:
    route = urlsplit(path).path
    return route == APP_PREFIX or route.startswith(APP_PREFIX + "/")


class LocalRequestHandler(ChaliceRequestHandler):
    """Chalice's local handler, plus the app's files and one API request at a time."""

    def _generic_handle(self) -> None:
        if self.command in ("GET", "HEAD") and is_app_path(self.path):
            self._serve_app()
            return
        if self.command == "GET" and urlsplit(self.path).path == "/":
            self._redirect(APP_PREFIX + "/")
            return
        with EMULATOR_LOCK:
            super()._generic_handle()

    # The base class binds its own _generic_handle to these names; bind ours.
    do_GET = do_PUT = do_POST = do_HEAD = do_DELETE = do_PATCH = do_OPTIONS = _generic_handle

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _serve_app(self) -> None:
        if urlsplit(self.path).path == APP_PREFIX:
            self._redirect(APP_PREFIX + "/")
            return
        found, immutable = resolve(self.path)
        if found is None:
            missing = not (DIST / "index.html").is_file()
            body = (b"The web app is not built: run `make run` (it builds web/) or `make -C web build`."
                    if missing else b"Not found")
            self._send_http_response(404, {"Content-Type": "text/plain; charset=utf-8"}, body)
            return
        content_type = mimetypes.guess_type(found.name)[0] or "application/octet-stream"
        if content_type.startswith("text/") or content_type == "application/javascript":
            content_type += "; charset=utf-8"
        body = found.read_bytes()
        headers = {"Content-Type": content_type, "Cache-Control": _IMMUTABLE if immutable else "no-cache",
                   "X-Content-Type-Options": "nosniff"}
        if self.command == "HEAD":
            headers["Content-Length"] = str(len(body))
            self._send_http_response_no_body(200, headers)
            return
        self._send_http_response(200, headers, body)
