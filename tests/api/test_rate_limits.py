"""Rate limits over HTTP (SPEC §9): 429 with Retry-After for the webshop session exchange, webhooks,
manual sends, admin routes and authentication failures."""
from __future__ import annotations

import time

import pytest

from tests.api.fixtures_messaging import create_customer, moto_sms, signed_post
from tests.api.fixtures_repurchase import customer, order_event, passport, webshop  # noqa: F401
from tests.conftest import OPTICIAN_SETTINGS, Api, body


# Every window these tests use (60, 300, 600 s) divides 600 s, and windows are fixed and aligned.
ALIGNED_WINDOWS = 600


@pytest.fixture(autouse=True)
def inside_one_window(monkeypatch):
    """Requests that cross a window boundary start a fresh count, so a test expecting its third
    request to be refused would see it pass on a slow machine: the limiter's clock stands still one
    second into a window for the whole test, however long the test takes."""
    from chalicelib.services.limits import rate_limits

    pinned = time.time() // ALIGNED_WINDOWS * ALIGNED_WINDOWS + 1
    monkeypatch.setattr(rate_limits, "_clock", lambda: pinned)


@pytest.fixture
def limits(config_env):
    """``limits(NAME="N/SECONDS", ...)``: tighter rules for one test."""
    return lambda **rules: config_env(**{f"RATE_LIMIT_{name}": rule for name, rule in rules.items()})


def assert_rate_limited(response) -> None:
    assert response.status_code == 429, response.body
    assert body(response)["error"]["code"] == "rate_limited"
    assert 1 <= int(response.headers["Retry-After"]) <= 600


def test_a_second_identical_manual_send_within_minutes_is_429(api):
    anna = create_customer(api)

    first = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})
    second = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})
    other_kind = api.post(f"/customers/{anna['id']}/messages", {"kind": "webapp_install"})
    api.patch(f"/customers/{anna['id']}", {"mobile": "079 765 43 21"})  # corrected number: a new send
    to_new_number = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"})

    assert first.status_code == 201 and other_kind.status_code == 201 and to_new_number.status_code == 201
    assert_rate_limited(second)
    assert int(second.headers["Retry-After"]) <= 300  # the manual-sends window: 5 minutes
    assert len(moto_sms()) == 3


def test_a_retry_with_the_same_idempotency_key_is_answered_not_limited(api):
    anna = create_customer(api)
    headers = {"Idempotency-Key": "click-2026-12-05-0001"}

    first = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}, headers=headers)
    again = api.post(f"/customers/{anna['id']}/messages", {"kind": "webshop_login"}, headers=headers)

    assert again.status_code == 201 and body(again) == body(first) and len(moto_sms()) == 1


def test_guessing_one_token_prefix_and_flooding_the_exchange_are_429(api, optician, limits):
    limits(SESSION_TOKEN_PREFIX="3/600", WEBSHOP_SESSIONS="5/60")
    settings, _ = optician
    path, secret = f"/webshop/{settings['id']}/sessions", settings["webhook_secret"]

    guesses = [signed_post(api, path, {"token": f"AAAAAA{n:016d}"}, secret) for n in range(4)]
    others = [signed_post(api, path, {"token": f"B{n}CDEF{n:016d}"}, secret) for n in range(2)]

    assert [r.status_code for r in guesses[:3]] == [401, 401, 401]
    assert_rate_limited(guesses[3])  # a fourth try of the same prefix
    assert others[0].status_code == 401  # another prefix: the optician's fifth exchange
    assert_rate_limited(others[1])  # the optician's sixth exchange in the minute


def test_webhooks_beyond_the_opticians_rate_are_429(webshop, customer, passport, limits):
    limits(WEBHOOKS="2/60")

    answers = [webshop.order(order_event(customer["id"], event_id=f"evt-{n}", order_id=f"1000{n}"))
               for n in range(3)]

    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert_rate_limited(answers[2])


def test_admin_requests_beyond_the_rate_are_429(admin_api, limits):
    limits(ADMIN="2/60")

    answers = [admin_api.post("/admin/opticians", {**OPTICIAN_SETTINGS, "name": f"Optik {n}"}) for n in range(3)]

    assert [a.status_code for a in answers[:2]] == [201, 201]
    assert_rate_limited(answers[2])


def test_repeated_authentication_failures_are_429_and_a_valid_token_still_works(client, api, token, optician,
                                                                             limits):
    limits(AUTH_FAILURES="3/300")
    # A token of our pool for another app client: API Gateway's authorizer lets it through, the app refuses it.
    forged = Api(client, token(optician[0]["id"], aud="another-app-client"))

    answers = [forged.get("/customers") for _ in range(4)]

    assert [a.status_code for a in answers[:3]] == [401, 401, 401]
    assert_rate_limited(answers[3])
    assert api.get("/customers").status_code == 200  # a good token costs nothing and is not refused


def test_tokens_the_authorizer_refuses_never_reach_the_function_and_are_not_counted(client, api, limits):
    # Deployed, API Gateway answers them 401 before the function runs (docs/authentication.md);
    # its stage throttling, not auth_failures, bounds guessing.
    limits(AUTH_FAILURES="3/300")
    forged = Api(client, "not-a-token")

    assert [forged.get("/customers").status_code for _ in range(5)] == [401] * 5
    assert api.get("/customers").status_code == 200
