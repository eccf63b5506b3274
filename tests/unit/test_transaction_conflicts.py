"""A transaction cancelled only by a concurrent one on the same item (the shared usage counter)
is tried again; one refused by a condition is not."""
import pytest

from chalicelib.adapters.dynamo import transactions
from chalicelib.adapters.dynamo.transactions import Cancelled


@pytest.fixture
def attempts(monkeypatch):
    outcomes: list = []
    calls: list = []

    def once(writes):
        calls.append(writes)
        outcome = outcomes.pop(0)
        if outcome is not None:
            raise outcome

    monkeypatch.setattr(transactions, "_execute_once", once)
    monkeypatch.setattr(transactions.time, "sleep", lambda seconds: None)
    return outcomes, calls


def test_a_conflict_is_tried_again_and_then_succeeds(attempts):
    outcomes, calls = attempts
    outcomes += [Cancelled(["None", "TransactionConflict"]), Cancelled([None, "TransactionConflict"]), None]

    transactions.execute(["w"])

    assert len(calls) == 3


def test_conflicts_give_up_after_three_attempts(attempts):
    outcomes, calls = attempts
    outcomes += [Cancelled(["TransactionConflict"])] * 3

    with pytest.raises(Cancelled):
        transactions.execute(["w"])
    assert len(calls) == 3


def test_a_refused_condition_is_not_tried_again(attempts):
    outcomes, calls = attempts
    outcomes += [Cancelled(["ConditionalCheckFailed", "TransactionConflict"])]

    with pytest.raises(Cancelled):
        transactions.execute(["w"])
    assert len(calls) == 1
