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
from chalicelib.services.subscriptions.subscriptions import has_active_subscription
from chalicelib.services.opticians import email_sender
from chalicelib.services.opticians.opticians import get_settings

if TYPE_CHECKING:
    from chalicelib.schemas.reports import AgendaQuery


def _facts_without_copy(optician_id: str, customer_ids: set[str]) -> dict[str, dict[str, Any]]:
    """Facts of customers whose listed items have none stored yet, from their records (the old read path)."""
    if not customer_ids:
        return {}
    return {cid: rules.customer_facts(customer, subscribed=has_active_subscription(optician_id, cid))
            for cid, customer in stores().agenda_facts.customers_by_id(optician_id, customer_ids).items()}


def _phase(sk: str, occurrence: str | None) -> str | None:
    if not sk.startswith(rules.SUBSCRIPTION_PREFIX) or not occurrence:
        return None
    return parse_occurrence(occurrence).phase


def agenda(optician_id: str, query: AgendaQuery, now: datetime | None = None) -> dict[str, Any]:
    """The optician's occurrences due until ``now`` + ``query.days`` (1–60, default 14), oldest first, paged."""
    days = query.days
    optician = get_settings(optician_id)
    now = (now or datetime.now(timezone.utc)).astimezone(timezone.utc)
    until = now + timedelta(days=days)
    page = stores().agenda.query(optician_id, until, limit=query.limit, cursor=query.cursor)

    listed = []
    for pk, sk, due_at, occurrence, stored in page.entries:
        owner = stores().occurrence_items.owner_of(pk)
        kind = rules.entry_kind(sk, _phase(sk, occurrence))
        if owner is None or owner[0] != optician_id or kind is None:
            continue
        listed.append((owner[1], kind, stores().due.parse_due_at(due_at), rules.decode_facts(stored)))
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
