"""``GET /agenda?days=14``: the scheduled messages due in the next days (SPEC §10).

Read from the optician's ``agenda`` index (adapters/dynamo/agenda.py): one Query over the
listed occurrences, each index item carrying what its entry needs of the customer
(``agenda_facts``, kept true by services/customers/agenda_facts.py), plus the optician's settings:
O(items in the window). Channel and hold reason are decided now as the send path would
decide them (domain/agenda.py, domain/channel.py), with the optician's current package, send
window, SMS countries and e-mail sender state. An item scheduled before the facts were kept is listed from its customer
record (each such customer read once, BatchGetItem) until the backfill gives it the facts.
"""
from __future__ import annotations

from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from chalicelib.config import get_config
from chalicelib.domain import agenda as rules
from chalicelib.domain import send_window
from chalicelib.domain.subscription import parse_occurrence
from chalicelib.services.wiring import stores

if TYPE_CHECKING:
    from chalicelib.schemas.reports import AgendaQuery


def _customers(optician_id: str, customer_ids: set[str]) -> dict[str, dict[str, Any]]:
    """The listed customers, each read once (BatchGetItem of up to 100 keys a call)."""
    from chalicelib.adapters.dynamo import customers, occurrence_items
    from chalicelib.adapters.dynamo.base import optician_pk

    keys = [(optician_pk(optician_id), customers.PREFIX + cid) for cid in sorted(customer_ids)]
    found: dict[str, dict[str, Any]] = {}
    for start in range(0, len(keys), occurrence_items.BATCH_GET_LIMIT):
        for raw in occurrence_items.batch_get_raw(keys[start:start + occurrence_items.BATCH_GET_LIMIT]).values():
            customer = customers.to_dict(customers.CustomerItem.from_raw_data(raw))
            found[customer["id"]] = customer
    return found


def _facts_without_copy(optician_id: str, customer_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Facts of customers whose listed items have none stored yet, from their records (the old read path)."""
    from chalicelib.services.subscriptions.subscriptions import has_active_subscription

    if not customer_ids:
        return {}
    return {cid: rules.customer_facts(customer, subscribed=has_active_subscription(optician_id, cid))
            for cid, customer in _customers(optician_id, customer_ids).items()}


def _phase(sk: str, occurrence: str | None) -> str | None:
    if not sk.startswith(rules.SUBSCRIPTION_PREFIX) or not occurrence:
        return None
    return parse_occurrence(occurrence).phase


def agenda(optician_id: str, query: AgendaQuery, now: datetime | None = None) -> dict[str, Any]:
    """The optician's occurrences due until ``now`` + ``query.days`` (1–60, default 14), oldest first, paged."""
    from chalicelib.adapters.dynamo.due import parse_due_at
    from chalicelib.services.opticians import email_sender
    from chalicelib.services.opticians.opticians import get_settings
    from chalicelib.services.scheduling.lookup import owner_of

    days = query.days
    optician = get_settings(optician_id)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    until = now + timedelta(days=days)
    page = stores().agenda.query(optician_id, until, limit=query.limit, cursor=query.cursor)

    listed = []
    for pk, sk, due_at, occurrence, stored in page.entries:
        owner = owner_of(pk)
        kind = rules.entry_kind(sk, _phase(sk, occurrence))
        if owner is None or owner[0] != optician_id or kind is None:
            continue
        listed.append((owner[1], kind, parse_due_at(due_at), rules.decode_facts(stored)))
    fallback = _facts_without_copy(optician_id, {cid for cid, _, _, facts in listed if facts is None})

    tz = optician.timezone
    window = optician.send_window
    package = optician.package
    sender_ready = email_sender.ready(optician)
    countries = frozenset(c for c in optician.sms_countries if c in get_config().sms_prices_chf)
    items = []
    for cid, kind, instant, facts in listed:
        facts = facts or fallback.get(cid)
        if facts is None:  # erased since it was scheduled: nothing will go out
            continue
        channel, reason = rules.decide(kind, facts, package=package,
                                       window_open=send_window.is_open(window, tz, instant),
                                       email_sender_ready=sender_ready, sms_countries=countries)
        items.append({"due_at": instant.isoformat(), "date": instant.astimezone(ZoneInfo(tz)).date().isoformat(),
                      "kind": kind, "customer_id": cid, "customer_name": facts["name"],
                      "channel": channel, "held": reason is not None, "held_reason": reason})
    return {"days": days, "until": until.isoformat(timespec="seconds"), "items": items,
            "next_cursor": page.next_cursor}
