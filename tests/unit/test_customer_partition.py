"""The customer-records read covers exactly the record prefixes (and back-references, filtered out)."""
from chalicelib.adapters.dynamo import coordination, counters, customer_partition, messages, orders, passports
from chalicelib.adapters.dynamo import reminders, subscriptions

# Every sort-key prefix written into a customer's partition (docs/data-model.md).
CUSTOMER_PARTITION_PREFIXES = {
    messages.CLAIM_PREFIX, coordination.PREFIX, messages.MESSAGE_PREFIX, orders.PREFIX, passports.PREFIX,
    customer_partition.BACK_REFERENCE_PREFIX, reminders.PREFIX, subscriptions.PREFIX, counters.CAP_PREFIX,
}


def test_the_range_holds_the_records_and_back_references_only():
    inside = {prefix for prefix in CUSTOMER_PARTITION_PREFIXES
              if customer_partition.RANGE_START <= prefix <= customer_partition.RANGE_END}
    assert inside == set(customer_partition.RECORD_PREFIXES) | {customer_partition.BACK_REFERENCE_PREFIX}


def test_history_claims_and_daily_caps_sort_before_the_range():
    for prefix in (messages.MESSAGE_PREFIX, messages.CLAIM_PREFIX, coordination.PREFIX, counters.CAP_PREFIX):
        assert prefix + "\uffff" < customer_partition.RANGE_START


def test_the_last_subscription_key_is_inside_the_range():
    assert subscriptions.PREFIX + "sub_zzzzzzzz" <= customer_partition.RANGE_END
