"""Recognising DynamoDB's refusal of a conditional write, whichever client raised it.

Every at-most-once guarantee rests on telling "someone else changed the item" apart from
a real error: the first is an answer, the second must be retried.
"""
import pytest
from botocore.exceptions import ClientError

from chalicelib.adapters.dynamo.base import is_condition_failure


@pytest.mark.parametrize("exc, expected", [
    (type("E", (Exception,), {"cause_response_code": "ConditionalCheckFailedException"})(), True),
    (type("E", (Exception,), {"cause_response_code": "ProvisionedThroughputExceededException"})(), False),
    (ValueError("x"), False),
])
def test_pynamodb_condition_failures_are_recognised(exc, expected):
    assert is_condition_failure(exc) is expected


def test_a_botocore_condition_failure_is_recognised_and_throttling_is_not():
    refused = ClientError({"Error": {"Code": "ConditionalCheckFailedException"}}, "UpdateItem")
    throttled = ClientError({"Error": {"Code": "ThrottlingException"}}, "UpdateItem")
    assert is_condition_failure(refused)
    assert not is_condition_failure(throttled)


def test_a_cancelled_transaction_counts_only_when_a_condition_failed():
    failed = ClientError({"Error": {"Code": "TransactionCanceledException"},
                          "CancellationReasons": [{"Code": "None"}, {"Code": "ConditionalCheckFailed"}]},
                         "TransactWriteItems")
    conflict = ClientError({"Error": {"Code": "TransactionCanceledException"},
                            "CancellationReasons": [{"Code": "None"}, {"Code": "TransactionConflict"}]},
                           "TransactWriteItems")
    assert is_condition_failure(failed)
    assert not is_condition_failure(conflict)


def test_a_wrapped_cause_is_looked_into():
    cause = ClientError({"Error": {"Code": "ConditionalCheckFailedException"}}, "PutItem")
    wrapper = type("PutError", (Exception,), {"cause": cause})()
    assert is_condition_failure(wrapper)
