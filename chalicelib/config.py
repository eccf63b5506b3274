"""The one place that reads the environment.

Every setting the service takes from its deployment lives here, read when first asked
for (not at import), so tests and local mode can set the environment before use.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import overload

from chalicelib.domain.rate_limits import Rule, parse_rule
from chalicelib.domain.sms_destinations import parse_price_table


@dataclass(frozen=True)
class Config:
    stage: str
    region: str
    table_name: str
    # The Cognito user pool's issuer and the back office's app client id: the claims must name them.
    jwt_issuer: str
    jwt_audience: str
    cors_allow_origin: str
    send_queue_url: str | None
    ses_configuration_set: str | None
    public_api_url: str
    due_shards: int
    link_ttl_days: int
    webhook_tolerance_seconds: int
    # Scheduling pipeline (docs/operations.md).
    send_queue_name: str = "kontakt-local-send"
    send_max_concurrency: int = 2
    due_scan_max_per_run: int = 20000
    # How long a transactional message waits in the send queue after a transient provider error.
    send_retry_delay_seconds: int = 60
    # SNS topic of SES bounce/complaint events (the stack's "<stack>-ses-feedback"; docs/messaging.md).
    ses_feedback_topic: str = "kontakt-local-ses-feedback"
    # CloudWatch namespace of the business metrics (chalicelib/metrics.py).
    metrics_namespace: str = "kontakt"
    # SMS price per part by destination country (CH, LI: CHF 0.12), extended by SMS_PRICES_CHF.
    sms_prices_chf: dict = field(default_factory=lambda: _price_table(None))
    # Transactional messages (order, shipping, pickup, subscription confirmations) per customer and day.
    transactional_daily_cap: int = 10
    # Rate limits by name (chalicelib/services/limits/rate_limits.py, docs/operations.md).
    rate_limits: dict[str, Rule] = field(default_factory=lambda: _rate_limits())
    # SMS sender names refused besides the shipped list (chalicelib/data/protected_sender_names.json).
    protected_sender_names: tuple[str, ...] = ()
    # Days an audit entry is kept (TTL) before DynamoDB deletes it (docs/operations.md).
    audit_retention_days: int = 365


@overload
def _env(name: str) -> str | None: ...


@overload
def _env(name: str, default: str) -> str: ...


def _env(name: str, default: str | None = None) -> str | None:
    value = os.environ.get(name)
    return value if value not in (None, "") else default


@cache
def get_config() -> Config:
    """The configuration of this process (cached; call ``reset_config`` after changing env)."""
    stage = _env("STAGE", "local")
    return Config(
        stage=stage,
        region=_env("AWS_REGION", _env("AWS_DEFAULT_REGION", "eu-central-2")),
        table_name=_env("TABLE_NAME", "kontakt-local"),
        jwt_issuer=_env("JWT_ISSUER", "https://kontakt.local/issuer"),
        jwt_audience=_env("JWT_AUDIENCE", "kontakt-backoffice"),
        cors_allow_origin=_env("CORS_ALLOW_ORIGIN", "http://localhost:5173"),
        send_queue_url=_env("SEND_QUEUE_URL"),
        ses_configuration_set=_env("SES_CONFIGURATION_SET"),
        public_api_url=_env("PUBLIC_API_URL", "http://127.0.0.1:8000").rstrip("/"),
        due_shards=int(_env("DUE_SHARDS", "16")),
        link_ttl_days=int(_env("LINK_TTL_DAYS", "30")),
        webhook_tolerance_seconds=int(_env("WEBHOOK_TOLERANCE_SECONDS", "300")),
        # The queue is found by URL when deployed; by name (the stack's "<stack>-send") locally.
        send_queue_name=_env("SEND_QUEUE_NAME", f"{_env('TABLE_NAME', 'kontakt-local')}-send"),
        # Consumers (Lambda instances) working on the send queue at once: the throttle that
        # keeps SNS SMS and SES under their per-second quotas. AWS accepts 2..1000.
        send_max_concurrency=min(1000, max(2, int(_env("SEND_MAX_CONCURRENCY", "2")))),
        # Occurrences one scheduled run enqueues at most (the rest stay due for the next run).
        due_scan_max_per_run=int(_env("DUE_SCAN_MAX_PER_RUN", "20000")),
        # SQS accepts a delay of 0..900 seconds.
        send_retry_delay_seconds=min(900, max(0, int(_env("SEND_RETRY_DELAY_SECONDS", "60")))),
        ses_feedback_topic=_env("SES_FEEDBACK_TOPIC", f"{_env('TABLE_NAME', 'kontakt-local')}-ses-feedback"),
        metrics_namespace=_env("POWERTOOLS_METRICS_NAMESPACE", "kontakt"),
        # "DE=0.09,AT=0.10": countries an optician may add to sms_countries, and their price per part.
        sms_prices_chf=_price_table(_env("SMS_PRICES_CHF")),
        # A leaked webhook secret must not pump SMS: beyond this the messages are recorded, not sent.
        transactional_daily_cap=max(1, int(_env("TRANSACTIONAL_DAILY_CAP", "10"))),
        rate_limits=_rate_limits(),
        audit_retention_days=max(1, int(_env("AUDIT_RETENTION_DAYS", "365"))),
        protected_sender_names=tuple(name.strip() for name in (_env("PROTECTED_SENDER_NAMES", "") or "").split(",")
                                     if name.strip()),
    )


# Rate limit name -> (environment variable, default "N/SECONDS").
RATE_LIMIT_DEFAULTS = {
    "webshop_sessions": ("RATE_LIMIT_WEBSHOP_SESSIONS", "120/60"),       # per optician
    "session_token_prefix": ("RATE_LIMIT_SESSION_TOKEN_PREFIX", "10/600"),  # per optician and token prefix
    "webhooks": ("RATE_LIMIT_WEBHOOKS", "300/60"),                       # per optician
    "manual_sends": ("RATE_LIMIT_MANUAL_SENDS", "1/300"),                # per customer, kind and contact
    "admin": ("RATE_LIMIT_ADMIN", "60/60"),                              # per admin account
    "auth_failures": ("RATE_LIMIT_AUTH_FAILURES", "20/300"),             # per source address
}


def _rate_limits() -> dict[str, Rule]:
    return {name: parse_rule(_env(variable, default), variable)
            for name, (variable, default) in RATE_LIMIT_DEFAULTS.items()}


def _price_table(raw: str | None) -> dict[str, Decimal]:
    return parse_price_table(raw)


def reset_config() -> None:
    """Forget the cached configuration (tests and local mode change the environment)."""
    get_config.cache_clear()
