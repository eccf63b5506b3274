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
        os.environ.update({"STAGE": "local", "JWT_PUBLIC_KEY": public_key, "PUBLIC_API_URL": base_url})
        os.environ.pop("JWT_JWKS_URL", None)
        os.environ.setdefault("POWERTOOLS_SERVICE_NAME", "kontakt")
        os.environ.setdefault("POWERTOOLS_LOG_LEVEL", "WARNING")
        # Business metrics are CloudWatch log lines; locally they would only clutter the console.
        os.environ.setdefault("POWERTOOLS_METRICS_DISABLED", "true")
        from chalicelib.config import reset_config

        reset_config()
        from local import routes

        routes.configure(private_key)
        if app is None:
            from app import app
        app.register_blueprint(routes.create_blueprint())
        from local import outbox_html

        app.register_blueprint(outbox_html.bp)
        from local.seed import seed as seed_demo

        seeded = seed_demo() if seed else {"opticians": []}
    except BaseException:
        mock.stop()
        raise
    return LocalMode(app=app, base_url=base_url, private_key=private_key, outputs=outputs,
                     seeded=seeded, _mock=mock)


def banner(mode: LocalMode) -> str:
    """What a developer needs to start: the token of the demo optician and curl examples."""
    demo = mode.seeded["opticians"][0] if mode.seeded["opticians"] else None
    lines = [f"kontakt local mode on {mode.base_url}  (AWS emulated in-process; data lives until you stop)"]
    if demo is None:
        return "\n".join(lines)
    token = mode.token(demo["id"])
    passport = {"right": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.25},
                "left": {"product_id": "biofinity", "base_curve": 8.6, "diameter": 14.0, "sphere": -2.5},
                "issued_on": "2026-01-10"}
    others = ", ".join(f"{o['name']} ({o['package']}, {o['id']})" for o in mode.seeded["opticians"][1:])
    lines += [
        f"Demo optician: {demo['name']} ({demo['package']}, id {demo['id']}); also seeded: {others}",
        "",
        "export TOKEN='" + token + "'",
        "",
        "# create a customer",
        f"curl -s -X POST {mode.base_url}/customers -H \"Authorization: Bearer $TOKEN\" "
        "-H 'Content-Type: application/json' -d '" + json.dumps(
            {"first_name": "Eva", "last_name": "Muster", "mobile": "079 555 66 77", "language": "de"}) + "'",
        "# give them a lens passport (put the customer id from the answer in CID)",
        f"curl -s -X POST {mode.base_url}/customers/$CID/lens-passports -H \"Authorization: Bearer $TOKEN\" "
        "-H 'Content-Type: application/json' -d '" + json.dumps(passport) + "'",
        "# list the customers",
        f"curl -s {mode.base_url}/customers -H \"Authorization: Bearer $TOKEN\"",
        "",
        f"Other tokens: curl -s '{mode.base_url}/_local/token?optician_id=<id>' (admin: ?role=admin)",
        f"Schedules:    curl -s {mode.base_url}/_local/schedules ; "
        f"curl -s -X POST {mode.base_url}/_local/schedules/<name> -H 'Content-Type: application/json' "
        "-d '{\"time\": \"2026-03-27T08:00:00Z\"}'",
        f"Outbox:       curl -s {mode.base_url}/_local/outbox   (to read: {mode.base_url}/_local/outbox.html)",
    ]
    return "\n".join(lines)


def serve(mode: LocalMode, port: int) -> None:
    """Serve the app with Chalice's local server until interrupted; schedules tick each minute."""
    from chalice.config import Config
    from chalice.local import create_local_server

    from local.schedules import Ticker, scheduled_functions

    # A config without .chalice/config.json: the stages' variables (CORS, stage) are for AWS.
    config = Config.create(chalice_stage="local", app_name="kontakt", project_dir=os.getcwd())
    server = create_local_server(mode.app, config, HOST, port)
    ticker = Ticker(mode.app)
    ticker.start()
    names = scheduled_functions(mode.app)
    print(banner(mode))
    print(f"Scheduled functions fired each minute: {', '.join(names) if names else '(none yet)'}")
    print(f"ready: {mode.base_url}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        ticker.stop()
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
    serve(mode, port)
    return 0


if __name__ == "__main__":
    sys.exit(main())
