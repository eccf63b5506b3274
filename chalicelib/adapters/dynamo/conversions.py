"""Reminder conversion: the sent-reminder index and the monthly counters (SPEC §10).

- sent reminder: ``OPT#<oid>#CUST#<cid>`` / ``SENT_REMINDER#<sent_at, UTC ISO µs>#<message id>``:
  one small item per reminder the provider accepted (report kind, channel, month), put in
  the transaction that records the message ``sent``. Attributing an order reads the newest
  one inside the 30-day window: one Query returning at most one item. Erasing the customer
  sweeps them with the partition.
- counters: ``OPT#<oid>`` / ``CONVERSION#<YYYY-MM>#<kind>#<channel>#<origin>``: ``sent``,
  ``converted``, ``sms_parts``, ``sms_cost_chf`` and ``d0`` … ``d30`` (orders that came that
  many whole days after their reminder). ``live`` counters are ADDed in the transaction
  that records the message sent (conditional on it being pending) or stores the order
  (conditional on it being new): each event counts once however often it is retried or
  re-delivered. ``backfill`` counters are SET by the one-off backfill
  (services/backfills/conversion_backfill.py) to what it computed from older data; the report adds both.
"""
from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal

from pynamodb.attributes import NumberAttribute, UnicodeAttribute

from chalicelib.adapters.dynamo.base import KontaktModel, customer_pk, optician_pk
from chalicelib.adapters.dynamo.messages import DecimalAttribute
from chalicelib.adapters.dynamo.transactions import PUT, UPDATE, Write
from chalicelib.domain.attribution import MAX_DAYS, SentReminder
from chalicelib.domain.conversion_report import Counter

SENT_PREFIX = "SENT_REMINDER#"
COUNTER_PREFIX = "CONVERSION#"
LIVE, BACKFILL = "live", "backfill"
DAY_ATTRIBUTES = tuple(f"d{day}" for day in range(MAX_DAYS + 1))


class SentReminderItem(KontaktModel):
    message_id = UnicodeAttribute()
    message_sk = UnicodeAttribute()
    kind = UnicodeAttribute()        # report kind: repurchase | control | subscription | manual
    channel = UnicodeAttribute()
    month = UnicodeAttribute()       # the month whose counters it went into (optician's time zone)
    sent_at = UnicodeAttribute()
    origin = UnicodeAttribute(default=LIVE)


class ConversionItem(KontaktModel):
    month = UnicodeAttribute()
    kind = UnicodeAttribute()
    channel = UnicodeAttribute()
    origin = UnicodeAttribute()
    sent = NumberAttribute(default=0)
    converted = NumberAttribute(default=0)
    sms_parts = NumberAttribute(default=0)
    sms_cost_chf = DecimalAttribute(default=lambda: Decimal("0"))
    # d0 … d30 are set below: orders that came that many whole days after their reminder
    locals().update({name: NumberAttribute(null=True) for name in DAY_ATTRIBUTES})


def instant_key(instant: datetime) -> str:
    """A send instant as stored in the keys (UTC, microseconds): sorts as it compares."""
    if instant.tzinfo is None:
        raise ValueError("instants must be timezone-aware")
    return instant.astimezone(timezone.utc).isoformat(timespec="microseconds")


def counter_key(month: str, kind: str, channel: str, origin: str = LIVE) -> str:
    return f"{COUNTER_PREFIX}{month}#{kind}#{channel}#{origin}"


def _sent_item(optician_id: str, customer_id: str, reminder: SentReminder, message_sk: str,
               origin: str) -> SentReminderItem:
    return SentReminderItem(customer_pk(optician_id, customer_id),
                            f"{SENT_PREFIX}{instant_key(reminder.sent_at)}#{reminder.message_id}",
                            message_id=reminder.message_id, message_sk=message_sk, kind=reminder.kind,
                            channel=reminder.channel, month=reminder.month, sent_at=instant_key(reminder.sent_at),
                            origin=origin)


def sent_writes(optician_id: str, customer_id: str, reminder: SentReminder, message_sk: str, *,
                sms_parts: int, sms_cost: Decimal) -> list[Write]:
    """What goes into the transaction that records a reminder as sent: its index item and the ADDs."""
    counter = ConversionItem(optician_pk(optician_id), counter_key(reminder.month, reminder.kind, reminder.channel))
    return [Write(PUT, _sent_item(optician_id, customer_id, reminder, message_sk, LIVE)),
            Write(UPDATE, counter, actions=(*_labels(reminder.month, reminder.kind, reminder.channel, LIVE),
                                            ConversionItem.sent.add(1), ConversionItem.sms_parts.add(sms_parts),
                                            ConversionItem.sms_cost_chf.add(sms_cost)))]


def converted_write(optician_id: str, kind: str, channel: str, month: str, days: int) -> Write:
    """What goes into the transaction that stores a new order credited to a reminder of ``month``."""
    counter = ConversionItem(optician_pk(optician_id), counter_key(month, kind, channel))
    return Write(UPDATE, counter, actions=(*_labels(month, kind, channel, LIVE), ConversionItem.converted.add(1),
                                           getattr(ConversionItem, DAY_ATTRIBUTES[days]).add(1)))


def _labels(month: str, kind: str, channel: str, origin: str) -> tuple:
    return (ConversionItem.month.set(month), ConversionItem.kind.set(kind), ConversionItem.channel.set(channel),
            ConversionItem.origin.set(origin))


def _reminder(item: SentReminderItem) -> SentReminder:
    return SentReminder(message_id=item.message_id, kind=item.kind, channel=item.channel,
                        sent_at=datetime.fromisoformat(item.sent_at), month=item.month)


def latest_sent(optician_id: str, customer_id: str, not_before: datetime, not_after: datetime) -> SentReminder | None:
    """The customer's newest reminder sent in ``[not_before, not_after]``: one Query, at most one item read."""
    low = f"{SENT_PREFIX}{instant_key(not_before)}"
    high = f"{SENT_PREFIX}{instant_key(not_after)}#~"
    items = SentReminderItem.query(customer_pk(optician_id, customer_id), SentReminderItem.sk.between(low, high),
                                   scan_index_forward=False, limit=1, consistent_read=True)
    for item in items:
        return _reminder(item)
    return None


def all_sent(optician_id: str, customer_id: str) -> list[tuple[SentReminder, str, str]]:
    """Every indexed reminder of the customer as (reminder, message sort key, origin) (the backfill's read)."""
    items = SentReminderItem.query(customer_pk(optician_id, customer_id), SentReminderItem.sk.startswith(SENT_PREFIX))
    return [(_reminder(item), item.message_sk, item.origin) for item in items]


def put_backfilled_sent(optician_id: str, customer_id: str, reminder: SentReminder, message_sk: str) -> None:
    """Index an older reminder (the backfill): idempotent, an existing index item is left as it is."""
    item = _sent_item(optician_id, customer_id, reminder, message_sk, BACKFILL)
    Write(PUT, item, condition=SentReminderItem.pk.does_not_exist()).make()


def read_counters(optician_id: str, first_month: str, last_month: str) -> dict[tuple[str, str, str], Counter]:
    """Live and backfilled counters of the months ``first_month``..``last_month`` added up per
    (month, kind, channel): one Query over O(months × kinds × channels) items, never messages."""
    items = ConversionItem.query(optician_pk(optician_id),
                                 ConversionItem.sk.between(f"{COUNTER_PREFIX}{first_month}#",
                                                           f"{COUNTER_PREFIX}{last_month}#~"))
    counters: dict[tuple[str, str, str], Counter] = {}
    for item in items:
        counters.setdefault((item.month, item.kind, item.channel), Counter()).add(_counter(item))
    return counters


def backfill_counters(optician_id: str) -> dict[tuple[str, str, str], Counter]:
    """The backfilled counters of the optician as stored (keyed by month, kind, channel)."""
    items = ConversionItem.query(optician_pk(optician_id), ConversionItem.sk.startswith(COUNTER_PREFIX),
                                 filter_condition=ConversionItem.origin == BACKFILL)
    return {(item.month, item.kind, item.channel): _counter(item) for item in items}


def set_backfill_counter(optician_id: str, month: str, kind: str, channel: str, counter: Counter) -> None:
    """Overwrite one backfilled counter with what the backfill computed (idempotent)."""
    item = ConversionItem(optician_pk(optician_id), counter_key(month, kind, channel, BACKFILL), month=month,
                          kind=kind, channel=channel, origin=BACKFILL, sent=counter.sent, converted=counter.converted,
                          sms_parts=counter.sms_parts, sms_cost_chf=counter.sms_cost_chf,
                          **{DAY_ATTRIBUTES[day]: count for day, count in counter.days.items() if count})
    item.save()


def _counter(item: ConversionItem) -> Counter:
    days = {}
    for day, name in enumerate(DAY_ATTRIBUTES):
        value = getattr(item, name, None)
        if value:
            days[day] = int(value)
    return Counter(sent=int(item.sent or 0), converted=int(item.converted or 0), sms_parts=int(item.sms_parts or 0),
                   sms_cost_chf=item.sms_cost_chf or Decimal("0"), days=days)
