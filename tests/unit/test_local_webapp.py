"""Local mode's HTTP front (local/webapp.py): the built app at /app/, one API request at a time."""
from __future__ import annotations

import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest

from local.webapp import is_app_path, resolve


@pytest.fixture
def dist(tmp_path):
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<div id=root></div>")
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    return tmp_path


def test_files_of_the_build_are_served_and_hashed_assets_are_marked_immutable(dist):
    assert resolve("/app/assets/index-abc123.js", dist) == (dist / "assets" / "index-abc123.js", True)
    assert resolve("/app/", dist) == (dist / "index.html", False)


def test_a_route_of_the_app_gets_index_html_so_a_reload_deep_in_the_app_works(dist):
    assert resolve("/app/customers/cus_1/historie?x=1", dist) == (dist / "index.html", False)


def test_a_missing_asset_is_a_404_not_the_app_and_nothing_outside_the_build_is_served(dist):
    assert resolve("/app/assets/gone.js", dist) == (None, False)
    assert resolve("/app/../../etc/passwd", dist)[0] in (None, dist / "index.html")
    assert resolve("/app/%2e%2e/%2e%2e/etc/passwd", dist)[0] in (None, dist / "index.html")


def test_only_app_paths_are_the_apps():
    assert is_app_path("/app") and is_app_path("/app/") and is_app_path("/app/customers?q=a")
    assert not is_app_path("/apple") and not is_app_path("/customers")


def test_parallel_browser_requests_reach_the_emulated_api_one_at_a_time():
    """A browser fires several requests at once; moto is not thread-safe, so the server serialises them."""
    from chalice import Chalice
    from chalice.config import Config
    from chalice.local import CustomLocalChalice, LocalChalice, LocalDevServer

    from local.webapp import LocalRequestHandler

    app = Chalice(app_name="webapp-lock-test")
    inside = {"now": 0, "most": 0}
    guard = threading.Lock()

    @app.route("/work")
    def work():
        with guard:
            inside["now"] += 1
            inside["most"] = max(inside["most"], inside["now"])
        time.sleep(0.02)
        with guard:
            inside["now"] -= 1
        return {"ok": True}

    CustomLocalChalice.__bases__ = (LocalChalice, app.__class__)
    app.__class__ = CustomLocalChalice
    server = LocalDevServer(app, Config.create(chalice_stage="local", app_name="t"), "127.0.0.1", 0,
                            handler_cls=LocalRequestHandler)
    port = server.server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        def call(_):
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/work", timeout=10) as response:
                return response.status

        with ThreadPoolExecutor(max_workers=8) as pool:
            statuses = list(pool.map(call, range(16)))
    finally:
        server.shutdown()
    assert statuses == [200] * 16
    assert inside["most"] == 1
