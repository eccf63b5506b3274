"""Local mode (`make run`) as a newcomer uses it: seeded data, a printed token, curl-able API."""
from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def local_mode(rsa_keys):
    """local.server.setup() in this process, on a throwaway app; environment restored afterwards."""
    from chalice import Chalice

    from chalicelib.config import reset_config
    from local.server import setup

    saved = dict(os.environ)
    mode = setup(8000, app=Chalice(app_name="kontakt-local-mode-test"))
    try:
        yield mode
    finally:
        mode.stop()
        os.environ.clear()
        os.environ.update(saved)
        reset_config()


def test_setup_seeds_a_gold_and_a_silver_optician_with_customers_and_passports(local_mode):
    from chalicelib.services import customers, opticians, passports

    gold, silver = local_mode.seeded["opticians"]
    assert opticians.get_settings(gold["id"])["name"] == "Optik Muster"
    assert (opticians.get_settings(gold["id"])["package"], opticians.get_settings(silver["id"])["package"]) == \
        ("gold", "silver")
    for optician in (gold, silver):
        listed = customers.list_customers(optician["id"], {})["items"]
        assert {c["id"] for c in listed} == {c["id"] for c in optician["customers"]} and len(listed) >= 2
        for customer in optician["customers"]:
            assert passports.get_passport(optician["id"], customer["id"], customer["passport_id"])


def test_the_demo_gold_optician_can_send_e_mail_from_its_address(local_mode):
    """GIVEN make run's seed WHEN a login link goes to Anna (prefers e-mail) THEN SES accepts it."""
    from chalicelib.services.manual_messages import send_manual

    gold = local_mode.seeded["opticians"][0]
    anna = next(c for c in gold["customers"] if c["name"] == "Anna Meier")
    record = send_manual(gold["id"], anna["id"], {"kind": "webshop_login"})
    assert (record["channel"], record["status"]) == ("email", "sent"), record.get("reason")


def test_setup_configures_the_table_from_the_stack_and_tokens_that_the_service_accepts(local_mode):
    from chalicelib.auth import authenticate
    from chalicelib.config import get_config

    assert get_config().table_name == local_mode.outputs["TableName"]
    principal = authenticate("Bearer " + local_mode.token(local_mode.demo_optician_id))
    assert principal.optician_id == local_mode.demo_optician_id
    assert any(route.startswith("/_local/") for route in local_mode.app.routes)


# --- the real server, as `make run` starts it ------------------------------------------------


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _call(method: str, url: str, token: str | None = None, payload=None) -> tuple[int, dict]:
    data = json.dumps(payload).encode() if payload is not None else None
    request = urllib.request.Request(url, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


@pytest.fixture(scope="module")
def server():
    """``python -m local.server`` on a free port; its banner; stopped with Ctrl+C afterwards."""
    port = _free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "JWT_", "TABLE_NAME"))}
    process = subprocess.Popen([sys.executable, "-m", "local.server"], cwd=ROOT, env={**env, "PORT": str(port)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    banner, deadline = [], time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        banner.append(line)
        if line.startswith("ready: "):
            break
    try:
        assert banner and banner[-1].startswith("ready: "), "".join(banner)
        yield f"http://127.0.0.1:{port}", "".join(banner)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_make_run_serves_the_api_with_the_printed_token(server):
    base, banner = server
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    other_id = re.search(r"also seeded: .*\((silver), (opt_\w+)\)", banner).group(2)

    # GIVEN the printed token WHEN a customer with a lens passport is created as the curl examples do
    status, customer = _call("POST", f"{base}/customers", token,
                             {"first_name": "Eva", "last_name": "Muster", "mobile": "079 555 66 77"})
    assert status == 201, customer
    status, passport = _call("POST", f"{base}/customers/{customer['id']}/lens-passports", token, {
        "right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25},
        "issued_on": "2026-01-10"})
    assert status == 201, passport

    # THEN it is listed next to the seeded customers, with its passport
    status, listed = _call("GET", f"{base}/customers", token)
    assert status == 200 and customer["id"] in [c["id"] for c in listed["items"]] and len(listed["items"]) >= 4
    status, passports = _call("GET", f"{base}/customers/{customer['id']}/lens-passports", token)
    assert status == 200 and passport["id"] in json.dumps(passports)

    # AND another optician's token (from /_local/token) cannot see it
    status, answer = _call("GET", f"{base}/_local/token?optician_id={other_id}")
    assert status == 200
    other = answer["token"]
    assert _call("GET", f"{base}/customers/{customer['id']}", other)[0] == 404
    assert customer["id"] not in json.dumps(_call("GET", f"{base}/customers", other)[1])


def test_make_run_offers_the_local_routes(server):
    base, _ = server
    status, schedules = _call("GET", f"{base}/_local/schedules")
    assert status == 200 and isinstance(schedules["functions"], list)
    for name in schedules["functions"]:
        status, run = _call("POST", f"{base}/_local/schedules/{name}", payload={"time": "2026-03-27T08:00:00Z"})
        assert (status, run["function"], run["time"]) == (200, name, "2026-03-27T08:00:00Z"), run
    assert _call("POST", f"{base}/_local/schedules/no_such_function", payload={})[0] == 404
    status, outbox = _call("GET", f"{base}/_local/outbox")
    assert status == 200 and isinstance(outbox["messages"], list)
    with urllib.request.urlopen(f"{base}/_local/outbox.html", timeout=30) as page:
        assert page.status == 200 and page.headers["Content-Type"].startswith("text/html")


def _readme_walkthrough() -> str:
    readme = (ROOT / "README.md").read_text()
    block = readme.split("<!-- walkthrough -->", 1)[1].split("<!-- /walkthrough -->", 1)[0]
    return block.strip().removeprefix("```bash").removesuffix("```")


@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("bash", "curl", "openssl")),
                    reason="the README's walkthrough needs bash, curl and openssl")
def test_the_readme_walkthrough_works_against_make_run(server):
    """GIVEN make run WHEN a newcomer pastes the README's walkthrough THEN every step does what it says."""
    base, banner = server
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    other_id = re.search(r"also seeded: .*\((silver), (opt_\w+)\)", banner).group(2)
    script = _readme_walkthrough() + '\necho "WALKTHROUGH CID=$CID"\n'
    env = {**os.environ, "BASE": base, "TOKEN": token, "OTHER_OPTICIAN": other_id}
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    customer_id = re.search(r"WALKTHROUGH CID=(cus_\w+)", done.stdout).group(1)
    assert re.search(r"(?<![0-9])404\n", done.stdout), "the other optician's token must not see the customer"

    status, history = _call("GET", f"{base}/customers/{customer_id}/messages", token)
    assert status == 200
    # (history is ordered by each message's time: the scheduled ones carry the driven time)
    sent = sorted((m["kind"], m["status"]) for m in history["items"])
    assert sent == sorted([("repurchase_reminder", "sent"), ("order_confirmation", "sent"),
                           ("webshop_login", "sent"), ("subscription_confirmation", "sent"),
                           ("subscription_preannouncement", "sent"), ("order_confirmation", "sent")]), sent
    status, orders = _call("GET", f"{base}/customers/{customer_id}/orders", token)
    assert sorted(o["source"] for o in orders["items"]) == ["subscription", "webshop"]
    status, controls = _call("GET", f"{base}/customers/{customer_id}/control-reminders", token)
    assert status == 200 and len(controls["items"]) == 1
