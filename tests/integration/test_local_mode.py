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
from dataclasses import replace
from pathlib import Path

import pytest

from chalicelib.domain.optician import OpticianSettings

ROOT = Path(__file__).resolve().parents[2]
# An optician with the default time zone and send window.
OPTICIAN = OpticianSettings(id="opt_demo", name="Optik", sender_name="Optik")


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
    from chalicelib.schemas.customers import CustomerQuery
    from chalicelib.services.customers import customers
    from chalicelib.services.opticians import opticians
    from chalicelib.services.lenses import passports

    gold, silver = local_mode.seeded["opticians"]
    assert opticians.get_settings(gold["id"]).name == "Optik Muster"
    assert (opticians.get_settings(gold["id"]).package, opticians.get_settings(silver["id"]).package) == \
        ("gold", "silver")
    for optician in (gold, silver):
        listed, _ = customers.list_customers(optician["id"], CustomerQuery())
        assert {c.id for c in listed} == {c["id"] for c in optician["customers"]} and len(listed) >= 2
        for customer in optician["customers"]:
            assert passports.get_passport(optician["id"], customer["id"], customer["passport_id"])


def test_the_demo_gold_optician_can_send_e_mail_from_its_address(local_mode):
    """GIVEN make run's seed WHEN a login link goes to Anna (prefers e-mail) THEN SES accepts it."""
    from chalicelib.schemas.messages import ManualSendInput
    from chalicelib.services.manual.manual_messages import send_manual

    gold = local_mode.seeded["opticians"][0]
    anna = next(c for c in gold["customers"] if c["name"] == "Anna Meier")
    record = send_manual(gold["id"], anna["id"], ManualSendInput(kind="webshop_login"))
    assert (record["channel"], record["status"]) == ("email", "sent"), record.get("reason")


def test_setup_configures_the_table_from_the_stack_and_tokens_that_the_service_accepts(local_mode):
    from chalicelib.config import get_config
    from tests.conftest import principal_of

    assert get_config().table_name == local_mode.outputs["TableName"]
    principal = principal_of(local_mode.token(local_mode.demo_optician_id))
    assert principal.optician_id == local_mode.demo_optician_id
    assert any(route.startswith("/_local/") for route in local_mode.app.routes)


@pytest.mark.parametrize("now, expected", [
    ("2026-11-29T12:00:00+00:00", "2026-11-30T09:00:00+01:00"),  # Sunday: Monday morning
    ("2026-11-28T09:00:00+01:00", "2026-11-30T09:00:00+01:00"),  # Saturday at the opening: the next one
    ("2026-11-30T07:59:00+00:00", "2026-11-30T09:00:00+01:00"),  # Monday before 09:00 Zurich: the same day
    ("2026-03-27T08:00:00+00:00", "2026-03-28T09:00:00+01:00"),  # Friday after the opening: Saturday
    ("2026-03-28T12:00:00+00:00", "2026-03-30T09:00:00+02:00"),  # across the change to summer time
])
def test_the_banners_schedule_example_is_the_next_send_window_morning(now, expected):
    from datetime import datetime

    from local.server import next_send_morning

    assert next_send_morning(OPTICIAN, datetime.fromisoformat(now)).isoformat() == expected


def test_a_send_window_of_the_optician_decides_the_morning():
    from datetime import datetime

    from local.server import next_send_morning

    from chalicelib.domain.send_window import parse_window

    optician = replace(OPTICIAN, send_window=parse_window({"days": ["tue"], "start": "08:30", "end": "12:00"}))
    assert next_send_morning(optician, datetime.fromisoformat("2026-11-29T12:00:00+00:00")).isoformat() == \
        "2026-12-01T08:30:00+01:00"


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


def _banner_commands(banner: str) -> str:
    """The banner's shell lines (everything but comments and blank lines), in order."""
    return "\n".join(line for line in banner.splitlines()
                     if line.strip() and not line.startswith(("#", "ready: ", "Scheduled functions")))


def test_the_banner_names_base_token_and_the_other_optician_as_exports(server):
    base, banner = server
    assert re.search(rf"^export BASE={re.escape(base)}$", banner, re.M)
    assert re.search(r"^export TOKEN='[^']+'$", banner, re.M)
    other_id = re.search(r"also seeded: .*\((silver), (opt_\w+)\)", banner).group(2)
    assert re.search(rf"^export OTHER_OPTICIAN={other_id}$", banner, re.M)
    assert "lasts 12 h" in banner and "/_local/token?optician_id=" in banner
    assert "2026-03-27T08:00:00Z" not in banner  # the schedule example is the next send-window morning


@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("bash", "curl", "python3")),
                    reason="the banner's commands need bash, curl and python3")
def test_the_banners_commands_work_when_pasted_in_order(server):
    """GIVEN make run's banner WHEN its commands are pasted into a fresh shell THEN each works."""
    base, banner = server
    env = {k: v for k, v in os.environ.items() if k not in ("BASE", "TOKEN", "OTHER_OPTICIAN", "CID")}
    script = _banner_commands(banner) + '\necho "BANNER CID=$CID TOKEN=$TOKEN OTHER=$OTHER_OPTICIAN"\n'
    done = subprocess.run(["bash", "-c", script], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and not done.stderr, done.stderr
    found = re.search(r"BANNER CID=(cus_\w+) TOKEN=(\S+) OTHER=(opt_\w+)", done.stdout)
    assert found, done.stdout
    customer_id, token, other_id = found.groups()

    # THEN the customer of the banner (not the walkthrough's Eva) exists, with its passport
    status, customer = _call("GET", f"{base}/customers/{customer_id}", token)
    assert status == 200 and (customer["first_name"], customer["last_name"]) == ("Jonas", "Weber")
    status, passports = _call("GET", f"{base}/customers/{customer_id}/lens-passports", token)
    assert status == 200 and "biofinity" in json.dumps(passports)
    status, listed = _call("GET", f"{base}/customers", token)
    assert status == 200 and customer_id in [c["id"] for c in listed["items"]] and len(listed["items"]) >= 4
    # AND the scheduler ran at the printed time, a future send-window morning at 09:00 local
    ran = json.loads(re.search(r'\{"function": ?"due_reminders"[^}]*\}', done.stdout).group(0))
    assert ran["time"] > time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    assert '"messages"' in done.stdout  # the outbox

    # AND another optician's token (from /_local/token) cannot see the customer
    status, answer = _call("GET", f"{base}/_local/token?optician_id={other_id}")
    assert status == 200
    other = answer["token"]
    assert _call("GET", f"{base}/customers/{customer_id}", other)[0] == 404
    assert customer_id not in json.dumps(_call("GET", f"{base}/customers", other)[1])


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


def _raw_call(url: str, token: str, raw: bytes) -> tuple[int, dict]:
    request = urllib.request.Request(url, data=raw, method="POST")
    request.add_header("Content-Type", "application/json")
    request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read() or b"{}")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}")


def test_make_run_answers_hostile_bodies_with_400_and_413_not_500(server):
    """Through the local HTTP server (not only the test client): 100,000 levels of nesting are a 400,
    a body over 1 MiB a 413, and the server keeps serving."""
    from chalicelib.api.http import MAX_BODY_BYTES

    base, banner = server
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    for raw in (b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 100_000 + b"1" + b"}" * 100_000):
        status, answer = _raw_call(f"{base}/customers", token, raw)
        assert (status, answer["error"]["code"]) == (400, "bad_request"), answer
    status, answer = _raw_call(f"{base}/customers", token, b'{"x": "' + b"y" * MAX_BODY_BYTES + b'"}')
    assert (status, answer["error"]["code"]) == (413, "payload_too_large"), answer
    assert _call("GET", f"{base}/customers", token)[0] == 200


def test_make_run_reports_accepted_messages_delivered_and_takes_receipts(server):
    """GIVEN make run WHEN an SMS is accepted THEN a few seconds later the history says delivered;
    POST /_local/receipts then passes a failure through the same handler (SPEC §8)."""
    base, banner = server
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    status, customer = _call("POST", f"{base}/customers", token, {"first_name": "Rita", "last_name": "Receipt",
                                                                   "mobile": "079 555 66 77"})
    assert status == 201, customer
    status, record = _call("POST", f"{base}/customers/{customer['id']}/messages", token, {"kind": "webshop_login"})
    assert (status, record["status"]) == (201, "sent"), record
    history = f"{base}/customers/{customer['id']}/messages"
    deadline = time.monotonic() + 30
    while _call("GET", history, token)[1]["items"][0]["status"] != "delivered":
        assert time.monotonic() < deadline, "not reported delivered"
        time.sleep(0.5)

    status, answer = _call("POST", f"{base}/_local/receipts", payload={
        "provider_message_id": record["provider_message_id"], "outcome": "failed", "reason": "invalid_number"})

    assert status == 200 and answer["channel"] == "sms"
    assert (answer["message"]["status"], answer["message"]["reason"]) == ("failed", "invalid_number")
    assert _call("GET", history, token)[1]["items"][0]["reason"] == "invalid_number"
    assert _call("POST", f"{base}/_local/receipts", payload={"provider_message_id": "nope",
                                                             "outcome": "delivered"})[0] == 404
    bad = _call("POST", f"{base}/_local/receipts", payload={"provider_message_id": record["provider_message_id"],
                                                            "outcome": "failed", "reason": "bounced"})
    assert bad[0] == 422 and bad[1]["error"]["field"] == "reason"


def _block(path: Path, marker: str) -> str:
    """The ```bash block between ``<!-- marker -->`` and ``<!-- /marker -->`` of a document."""
    text = path.read_text()
    block = text.split(f"<!-- {marker} -->", 1)[1].split(f"<!-- /{marker} -->", 1)[0]
    return block.strip().removeprefix("```bash").removesuffix("```")


def _readme_walkthrough() -> str:
    return _block(ROOT / "README.md", "walkthrough")


def _docs_continuation() -> str:
    """docs/repurchase-and-orders.md's block, pasted into the walkthrough's shell after it."""
    return _block(ROOT / "docs" / "repurchase-and-orders.md", "walkthrough-continued")


def _walkthrough_env(base: str, banner: str) -> dict:
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    other_id = re.search(r"^export OTHER_OPTICIAN=(opt_\w+)$", banner, re.M).group(1)
    return {**os.environ, "BASE": base, "TOKEN": token, "OTHER_OPTICIAN": other_id}


@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("bash", "curl", "openssl")),
                    reason="the README's walkthrough needs bash, curl and openssl")
def test_the_readme_walkthrough_works_against_make_run(server):
    """GIVEN make run WHEN a newcomer pastes the README's walkthrough THEN every step does what it says."""
    base, banner = server
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    script = _readme_walkthrough() + '\necho "WALKTHROUGH CID=$CID"\n'
    done = subprocess.run(["bash", "-c", script], env=_walkthrough_env(base, banner), capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    customer_id = re.search(r"WALKTHROUGH CID=(cus_\w+)", done.stdout).group(1)
    assert re.search(r"(?<![0-9])404\n", done.stdout), "the other optician's token must not see the customer"
    assert re.search(r"\} 201\n200\n", done.stdout), "step 5: the order (201), the same delivery again (200)"

    status, history = _call("GET", f"{base}/customers/{customer_id}/messages", token)
    assert status == 200
    # (history is ordered by each message's time: the scheduled ones carry the driven time; local mode
    # reports each accepted message delivered a few seconds later, so either status is a success)
    sent = sorted((m["kind"], "sent" if m["status"] == "delivered" else m["status"]) for m in history["items"])
    assert sent == sorted([("repurchase_reminder", "sent"), ("order_confirmation", "sent"),
                           ("webshop_login", "sent"), ("subscription_confirmation", "sent"),
                           ("subscription_preannouncement", "sent"), ("order_confirmation", "sent")]), sent
    status, orders = _call("GET", f"{base}/customers/{customer_id}/orders", token)
    assert sorted(o["source"] for o in orders["items"]) == ["subscription", "webshop"]
    status, controls = _call("GET", f"{base}/customers/{customer_id}/control-reminders", token)
    assert status == 200 and len(controls["items"]) == 1


@pytest.mark.skipif(not all(shutil.which(tool) for tool in ("bash", "curl", "openssl")),
                    reason="the walkthrough needs bash, curl and openssl")
def test_the_walkthrough_pasted_again_and_the_docs_block_after_it_work(server):
    """GIVEN make run WHEN the README's walkthrough is pasted twice into one shell, then the block
    of docs/repurchase-and-orders.md THEN no id is reused (no 409) and the docs block does what it says."""
    base, banner = server
    token = re.search(r"^export TOKEN='([^']+)'$", banner, re.M).group(1)
    walkthrough = _readme_walkthrough()
    script = (walkthrough + '\necho "FIRST CID=$CID"\n' + walkthrough + "\n" + _docs_continuation()
              + '\necho "SECOND CID=$CID ORDER_NO=$ORDER_NO"\n')
    done = subprocess.run(["bash", "-c", script], env=_walkthrough_env(base, banner), capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr, done.stderr
    assert '"error"' not in done.stdout, done.stdout  # no 409 event_id reused, no other refusal
    first = re.search(r"FIRST CID=(cus_\w+)", done.stdout).group(1)
    second, order_no = re.search(r"SECOND CID=(cus_\w+) ORDER_NO=(\d+)", done.stdout).groups()
    assert first != second
    assert len(re.findall(r"\} 201\n200\n", done.stdout)) == 2, "step 5 placed its order on both runs"
    assert re.search(r"\} 200\n401\n", done.stdout), "docs: shipped with the new secret (200), old secret 401"

    # THEN the second Eva has the orders of the walkthrough and of the docs block, both shipped ones
    status, orders = _call("GET", f"{base}/customers/{second}/orders", token)
    assert status == 200
    by_source = {o["source"]: o for o in orders["items"]}
    assert sorted(by_source) == ["backoffice", "subscription", "webshop"], orders
    assert by_source["webshop"]["order_id"] == order_no and by_source["webshop"]["status"] == "shipped"
    assert by_source["backoffice"]["status"] == "shipped"
    status, reminder = _call("GET", f"{base}/customers/{second}/repurchase-reminders/rr_"
                             + by_source["backoffice"]["passport_id"], token)
    # (the usage of the docs block; the source stays the newest purchase, the subscription's order)
    assert status == 200 and (reminder["cycle_days"], reminder["source"]) == (117, "subscription_order"), reminder

    # AND the outbox names the kind and the customer of each of her messages
    status, outbox = _call("GET", f"{base}/_local/outbox?to=795556677")
    assert status == 200
    hers = [m for m in outbox["messages"] if m["customer_id"] == second]
    assert [m["kind"] for m in hers[:2]] == ["shipping_confirmation", "shipping_confirmation"], hers[:3]
    assert all(m["accepted_at"] and m["to"] == "+41795556677" for m in outbox["messages"])
