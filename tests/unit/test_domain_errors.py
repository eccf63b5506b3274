"""The error bodies every API answer shares (SPEC §5): what a client reads for each domain error."""
from __future__ import annotations

import pytest

from chalicelib.domain.errors import (BadRequest, Conflict, DomainError, Forbidden, NotFound, PayloadTooLarge,
                                      TooManyRequests, Unauthorized, ValidationError)


def test_a_field_error_names_code_message_and_field():
    error = ValidationError("Must be 1 to 60 months.", field="control.cycle_months")

    assert (error.status, str(error)) == (422, "Must be 1 to 60 months.")
    assert error.to_body() == {"error": {"code": "invalid_field", "message": "Must be 1 to 60 months.",
                                         "field": "control.cycle_months"}}


def test_an_error_without_a_field_leaves_field_out_of_the_body():
    assert NotFound("No such customer.").to_body() == {"error": {"code": "not_found",
                                                                 "message": "No such customer."}}


def test_a_specific_code_replaces_the_class_default():
    body = Conflict("Changed meanwhile.", field="version", code="version_conflict").to_body()

    assert body == {"error": {"code": "version_conflict", "message": "Changed meanwhile.", "field": "version"}}


@pytest.mark.parametrize("error_type, status, code", [
    (DomainError, 422, "unprocessable"), (ValidationError, 422, "invalid_field"), (BadRequest, 400, "bad_request"),
    (PayloadTooLarge, 413, "payload_too_large"), (Unauthorized, 401, "unauthorized"), (Forbidden, 403, "forbidden"),
    (NotFound, 404, "not_found"), (Conflict, 409, "conflict"), (TooManyRequests, 429, "too_many_requests"),
])
def test_each_error_answers_with_its_status_and_code(error_type, status, code):
    error = error_type("Nope.")

    assert (error.status, error.to_body()["error"]["code"]) == (status, code)


def test_a_rate_limit_carries_message_field_code_and_the_seconds_to_wait():
    error = TooManyRequests("Too many requests; try again in 30 s.", field="phone", code="rate_limited",
                            retry_after=30)

    assert error.retry_after == 30
    assert error.to_body() == {"error": {"code": "rate_limited", "message": "Too many requests; try again in 30 s.",
                                         "field": "phone"}}


def test_the_spend_limit_has_no_retry_after_and_keeps_the_default_code():
    error = TooManyRequests("The monthly SMS limit is reached.")

    assert error.retry_after is None
    assert error.to_body() == {"error": {"code": "too_many_requests",
                                         "message": "The monthly SMS limit is reached."}}
