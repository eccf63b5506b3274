"""Configuration from the environment: values AWS would refuse are brought into range."""
import pytest

from chalicelib.config import get_config, reset_config


@pytest.fixture
def env(monkeypatch):
    def set_(**values):
        for name, value in values.items():
            monkeypatch.setenv(name, value)
        reset_config()
        return get_config()

    yield set_
    reset_config()


@pytest.mark.parametrize("given, used", [("1", 2), ("2", 2), ("50", 50), ("5000", 1000)])
def test_send_max_concurrency_stays_within_what_sqs_event_sources_accept(env, given, used):
    assert env(SEND_MAX_CONCURRENCY=given).send_max_concurrency == used


@pytest.mark.parametrize("given, used", [("-5", 0), ("60", 60), ("3600", 900)])
def test_the_retry_delay_stays_within_what_sqs_accepts(env, given, used):
    assert env(SEND_RETRY_DELAY_SECONDS=given).send_retry_delay_seconds == used


def test_empty_variables_mean_the_default(env):
    config = env(TABLE_NAME="", POWERTOOLS_METRICS_NAMESPACE="")
    assert config.table_name == "kontakt-local" and config.metrics_namespace == "kontakt"


def test_the_sms_price_table_is_ch_and_li_extended_by_the_operator(env):
    from decimal import Decimal

    assert env(SMS_PRICES_CHF="").sms_prices_chf == {"CH": Decimal("0.12"), "LI": Decimal("0.12")}
    assert env(SMS_PRICES_CHF="DE=0.09").sms_prices_chf["DE"] == Decimal("0.09")
