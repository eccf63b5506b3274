"""The keys of the ``GET /messages`` index views (adapters/dynamo/message_index.py): which view and
partitions a filter reads, and that every kind, status and channel has its own stable code."""
from __future__ import annotations

import pytest

from chalicelib.adapters.dynamo import message_index as mi
from chalicelib.domain.channel import CHANNELS
from chalicelib.domain.message_kinds import KINDS


def test_every_kind_status_and_channel_has_a_code_of_its_own_and_of_fixed_width():
    assert set(mi.CODES["kind"]) == set(KINDS) and set(mi.CODES["status"]) == set(mi.STATUSES)
    assert set(mi.CODES["channel"]) == set(CHANNELS) | {mi.NO_CHANNEL}
    for name, width in (("kind", 2), ("status", 1), ("channel", 1)):
        codes = list(mi.CODES[name].values())
        assert len(set(codes)) == len(codes) and {len(code) for code in codes} == {width}, name


def test_a_records_keys_name_the_optician_and_its_values():
    keys = mi.index_keys("opt_1", status="failed", kind="lens_passport", channel=None)

    assert keys == {"msgs_s": "OPT#opt_1#M#fn", "msgs_k": "OPT#opt_1#M#lpn", "msgs_ks": "OPT#opt_1#M#lpfn"}
    assert mi.status_keys("opt_1", status="delivered", kind="webshop_login", channel="sms") == {
        "msgs_s": "OPT#opt_1#M#ds", "msgs_ks": "OPT#opt_1#M#wlds"}


@pytest.mark.parametrize("filters, index, partitions", [
    ({}, "messages_by_status", 12),  # every status × channel but pending/sent/delivered without a channel
    ({"status": "failed"}, "messages_by_status", 3),
    ({"status": "sent"}, "messages_by_status", 2),
    ({"channel": "email"}, "messages_by_status", 5),
    ({"status": "delivered", "channel": "sms"}, "messages_by_status", 1),
    ({"kind": "lens_passport"}, "messages_by_kind", 3),
    ({"kind": "lens_passport", "channel": "email"}, "messages_by_kind", 1),
    ({"kind": "lens_passport", "status": "skipped"}, "messages_by_kind_status", 3),
    ({"kind": "lens_passport", "status": "sent", "channel": "sms"}, "messages_by_kind_status", 1),
])
def test_each_filter_is_a_key_condition_on_few_partitions(filters, index, partitions):
    view, combos = mi.plan({"status": None, "kind": None, "channel": None, **filters})

    assert view.index == index and len(combos) == partitions
    assert all(all(values[name] == value for name, value in filters.items()) for values in combos)
