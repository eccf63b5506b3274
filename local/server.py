"""Local mode (``make run``): the API on emulated AWS, demo data, the schedules firing each minute.

    python -m local.server          # PORT=8000 by default, always on 127.0.0.1

Order matters: moto must be active before the first boto3/PynamoDB client exists, and the
environment (table name, signing key) must be set before the app reads its configuration.
Nothing here is part of the deployed app: app.py never imports ``local``.
"""
from __future__ import annotations

import json
import os
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from chalicelib.domain.optician import OpticianSettings

HOST = "127.0.0.1"


@dataclass
class LocalMode:
    """Everything local mode set up; ``stop()`` ends the emulator."""

    app: object
    base_url: str
    private_key: str
    outputs: dict
    seeded: dict
    _mock: object = field(repr=False, default=None)

    @property
    def demo_optician_id(self) -> str:
        return self.seeded["opticians"][0]["id"]

    def token(self, optician_id: str | None = None, role: str | None = None) -> str:
        from local.routes import issue_local_token

        return issue_local_token(optician_id, role)

    def stop(self) -> None:
        if self._mock is not None:
            self._mock.stop()
            self._mock = None


def setup(port: int = 8000, *, seed: bool = True, app=None) -> LocalMode:
    """Start the emulator, deploy ``infra/``, configure the environment, seed, wire the local routes.

    ``app`` is the Chalice app to serve (default: the deployed one, ``app.app``); the local
    routes are registered on it.
    """
    from local.emulator import deploy_infra, fake_credentials, outputs_to_env

    fake_credentials()
    from moto import mock_aws

    mock = mock_aws()
    mock.start()
    try:
        outputs = deploy_infra()
        from local.tokens import generate_key_pair

        private_key, public_key = generate_key_pair()
        base_url = f"http://{HOST}:{port}"
        os.environ.update(outputs_to_env(outputs))
        os.environ.update({"STAGE": "local", "PUBLIC_API_URL": base_url})
        os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "kontakt")
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
        # Business metrics are CloudWatch log lines; locally they would only clutter the console.
        os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
        from chalicelib.config import reset_config

        reset_config()
        from local import gateway, routes

        gateway.install(public_key)  # API Gateway's Cognito authorizer, as far as local mode needs it
        routes.configure(private_key)
        if app is None:
            from app import app
        app.register_blueprint(routes.create_blueprint())
        from local import outbox_html

        app.register_blueprint(outbox_html.bp)
        from local.seed import seed as seed_demo

        seeded = seed_demo(base_url=base_url) if seed else {"opticians": []}
        routes.remember_opticians(seeded["opticians"])
    except BaseException:
        mock.stop()
        raise
    return LocalMode(app=app, base_url=base_url, private_key=private_key, outputs=outputs,
                     seeded=seeded, _mock=mock)


# The banner's example customer; the README's walkthrough creates Eva Muster, so the two never mix.
BANNER_CUSTOMER = {"first_name": "Jonas", "last_name": "Weber", "mobile": "078 555 12 34", "language": "de"}
BANNER_PASSPORT = {"right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25},
                   "left": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.5},
                   "issued_on": "2026-01-10"}
PICK = "python3 -c 'import json, sys; print(json.load(sys.stdin)[\"{}\"])'"  # a field of a JSON answer


def next_send_morning(optician: OpticianSettings, now: datetime | None = None) -> datetime:
    """The next opening of the optician's send window (default Mon-Sat 09:00, their time zone)
    after ``now``: the instant at which the scheduler sends the reminders due that day."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(optician.timezone)
    now = (now or datetime.now(timezone.utc)).astimezone(zone)
    window = optician.send_window
    day = now.date()
    while True:
        opening = datetime.combine(day, window.start, zone)
        if day.weekday() in window.days and opening > now:
            return opening
        day += timedelta(days=1)


def banner(mode: LocalMode, now: datetime | None = None) -> str:
    """What a developer needs to start, every line ready to paste into a shell in order:
    ``export BASE/TOKEN/OTHER_OPTICIAN`` (the README's walkthrough uses the same variables),
    a customer with a lens passport, the scheduler at the next send-window morning, the outbox."""
    from chalicelib.services.opticians.opticians import get_settings
    from local.tokens import LIFETIME_HOURS

    demo = mode.seeded["opticians"][0] if mode.seeded["opticians"] else None
    lines = [f"# kontakt local mode on {mode.base_url}  (AWS emulated in-process; data lives until you stop)"]
    if demo is None:
        return "\n".join(lines)
    others = mode.seeded["opticians"][1:]
    listed = ", ".join(f"{o['name']} ({o['package']}, {o['id']})" for o in others)
    settings = get_settings(demo["id"])
    morning = next_send_morning(settings, now)
    auth = '-H "Authorization: Bearer $TOKEN"'  # each answer printed on a line of its own (-w '\n')
    as_json = "-H 'Content-Type: application/json'"
    lines += [
        f"# Demo optician: {demo['name']} ({demo['package']}, id {demo['id']}); also seeded: {listed}",
        "# Paste these three into another terminal (the README's walkthrough uses them too):",
        f"export BASE={mode.base_url}",
        "export TOKEN='" + mode.token(demo["id"]) + "'",
        *([f"export OTHER_OPTICIAN={others[0]['id']}"] if others else []),
        f"# TOKEN ({demo['name']}) lasts {LIFETIME_HOURS} h; a new one (any optician, admin: ?role=admin):",
        f"#   export TOKEN=$(curl -s \"$BASE/_local/token?optician_id={demo['id']}\" | {PICK.format('token')})",
        "",
        "# a customer (its id goes into CID), their lens passport, the customer list",
        f"CID=$(curl -s -X POST $BASE/customers {auth} {as_json} -d '{json.dumps(BANNER_CUSTOMER)}' | {PICK.format('id')})",
        f"curl -s -w '\\n' -X POST $BASE/customers/$CID/lens-passports {auth} {as_json} -d '{json.dumps(BANNER_PASSPORT)}'",
        f"curl -s -w '\\n' $BASE/customers {auth}",
        "",
        f"# time moves with the schedules: run one at the next send-window opening ({morning:%a %H:%M} local)",
        "curl -s -w '\\n' $BASE/_local/schedules",
        f"curl -s -w '\\n' -X POST $BASE/_local/schedules/due_reminders {as_json} -d '{{\"time\": \"{morning.isoformat()}\"}}'",
        "# what was sent (newest first; ?to=<number or address>); to read it: " + mode.base_url + "/_local/outbox.html",
        "curl -s -w '\\n' $BASE/_local/outbox",
    ]
    return "\n".join(lines)


def serve(mode: LocalMode, port: int) -> None:
    """Serve the app with Chalice's local server until interrupted; schedules tick each minute."""
    from chalice.config import Config
    from chalice.local import CustomLocalChalice, LocalChalice, LocalDevServer

    from local.schedules import Ticker, scheduled_functions
    from local.webapp import LocalRequestHandler

    # A config without .chalice/config.json: the stages' variables (CORS, stage) are for AWS.
    config = Config.create(chalice_stage="local", app_name="kontakt", project_dir=os.getcwd())
    # As chalice.local.create_local_server, with the handler that also serves the web app.
    CustomLocalChalice.__bases__ = (LocalChalice, mode.app.__class__)
    mode.app.__class__ = CustomLocalChalice
    server = LocalDevServer(mode.app, config, HOST, port, handler_cls=LocalRequestHandler)
    ticker = Ticker(mode.app)
    ticker.start()
    from local.receipts import AutoDelivery

    receipts = AutoDelivery(mode.app)  # each accepted message is reported delivered a few seconds later
    receipts.start()
    names = scheduled_functions(mode.app)
    print(banner(mode))
    print(f"Scheduled functions fired each minute: {', '.join(names) if names else '(none yet)'}")
    print(f"# The web app (sign in as a seeded optician): {mode.base_url}/app/")
    print(f"ready: {mode.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        ticker.stop()
        receipts.stop()
        mode.stop()


def port_is_free(port: int) -> bool:
    """Whether 127.0.0.1:``port`` can be bound (checked before the slow set-up)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((HOST, port))
        except OSError:
            return False
    return True


def main() -> int:
    port = int(os.environ.get("PORT", "8000"))
    if not port_is_free(port):
        print(f"Port {port} on {HOST} is in use: stop the other server or run with PORT=<another port>.",
              file=sys.stderr)
        return 2
    mode = setup(port)
    extra = int(os.environ.get("KONTAKT_BENCH_CUSTOMERS", "0") or 0)
    if extra and mode.seeded["opticians"]:
        # make bench (scripts/bench_web.py): the web app's search over many customers.
        from local.seed import bench_customers

        bench_customers(mode.demo_optician_id, extra)
        print(f"# {extra} more customers seeded for {mode.seeded['opticians'][0]['name']}", flush=True)
    serve(mode, port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
