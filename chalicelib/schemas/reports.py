"""Models and operations: the conversion report and the agenda of scheduled messages (SPEC §10)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta, field

from chalicelib.domain.agenda import DEFAULT_DAYS, DEFAULT_LIMIT, MAX_DAYS, MAX_LIMIT
from chalicelib.schemas.base import Instant, Model, Operation, Query
from chalicelib.schemas.messages import Channel, Chf, Month

Count = Annotated[int, Meta(ge=0)]
ReportKind = Annotated[Literal["repurchase", "control", "subscription", "manual"], Meta(
    description="repurchase (also the combined repurchase + check-up reminder), control (check-up), subscription "
                "(pre-announcement), manual (webshop login sent by hand)")]
Sent = Annotated[int, Meta(ge=0, description="Reminders the provider accepted")]
Converted = Annotated[int, Meta(ge=0, description="Orders credited to these reminders (placed within 30 days after one)")]
Rate = Annotated[Annotated[float, Meta(ge=0)] | None, Meta(
    description="Orders credited per reminder sent (4 decimals; may exceed 1 when a reminder was followed by several "
                "orders); null without reminders.")]
PerOrder = Annotated[Chf | None, Meta(description="SMS cost per order credited; null without orders")]


class Attribution(Model):
    """The reminder credited with an order: the customer's most recent reminder sent within the 30
    days before `ordered_at` (SPEC §10); null if there was none."""

    message_id: str
    kind: ReportKind
    channel: Channel
    sent_at: Instant
    days_to_order: Annotated[int, Meta(ge=0, le=30, description="Whole days from the reminder to the order")]


class ConversionTotals(Model):
    sent: Sent
    converted: Converted
    conversion_rate: Rate
    sms_parts: Count
    sms_cost_chf: Chf
    cost_per_conversion_chf: PerOrder


class ConversionRow(ConversionTotals):
    month: Annotated[str, Meta(examples=["2026-03"])]
    kind: ReportKind
    channel: Channel


class ConversionKind(ConversionTotals):
    kind: ReportKind
    median_days_to_order: Annotated[float | None, Meta(
        description="Median whole days from reminder to order over the range; null without orders")]


class ConversionReport(Model):
    first_month: Annotated[str, Meta(examples=["2026-01"])] = field(name="from")
    last_month: Annotated[str, Meta(examples=["2026-12"])] = field(name="to")
    rows: Annotated[list[ConversionRow], Meta(description="Month × kind × channel with reminders or orders, by month")]
    kinds: Annotated[list[ConversionKind], Meta(description="Each kind over the whole range (all four, also when zero)")]
    totals: ConversionTotals


class ConversionQuery(Query):
    first_month: Annotated[Month | None, Meta(
        description="First month (YYYY-MM); default 11 months before `to`")] = field(default=None, name="from")
    last_month: Annotated[Month | None, Meta(
        description="Last month (YYYY-MM); default the current month")] = field(default=None, name="to")


class AgendaEntry(Model):
    due_at: Annotated[Instant, Meta(description="When it goes out (inside the send window it was scheduled for)")]
    date: Annotated[date, Meta(description="Its day in the optician's time zone")]
    kind: Annotated[Literal["repurchase_reminder", "control_reminder", "lens_exchange_reminder",
                            "subscription_preannouncement", "subscription_order"], Meta(
        description="subscription_order: the subscription's order day (the order is placed and confirmed)")]
    customer_id: str
    customer_name: str
    channel: Annotated[Channel | None, Meta(
        description="The channel it would use now; null: no contact on an allowed channel")]
    held: Annotated[bool, Meta(description="true: it would not go out as listed now")]
    held_reason: Annotated[Literal["topic_off", "subscription", "no_contact", "sender_not_verified",
                                   "country_not_allowed", "outside_send_window"] | None, Meta(
        description="topic_off: the customer switched the topic off (recorded skipped); subscription: an active "
                    "subscription covers the customer (repurchase reminders); no_contact: it would fail; "
                    "sender_not_verified: only e-mail could carry it and the e-mail sender is not verified yet; "
                    "country_not_allowed: the mobile is in a country outside the SMS countries and there is no "
                    "other channel; outside_send_window: the send window changed since, it waits for the next "
                    "window")]


class Agenda(Model):
    days: int
    until: Instant
    items: list[AgendaEntry]
    next_cursor: str | None


class AgendaQuery(Query):
    days: Annotated[int, Meta(ge=1, le=MAX_DAYS, description="Window length in days")] = DEFAULT_DAYS
    limit: Annotated[int, Meta(ge=1, le=MAX_LIMIT, description="Entries per page")] = DEFAULT_LIMIT
    cursor: Annotated[str | None, Meta(description="`next_cursor` of the previous page")] = None


_TAGS = ("reports",)
OPERATIONS = [
    Operation("GET", "/reports/conversion", "Conversion of reminders into orders, per month, kind and channel (SPEC §10)",
              _TAGS, query=ConversionQuery, response=ConversionReport,
              description="Each order is credited, when it is recorded (webshop, back office, subscription), to the "
                          "customer's most recent reminder sent within the 30 days before it, and counts in the "
                          "month (optician's time zone) of that reminder. Reads the monthly counters only: "
                          "O(months × kinds), never the messages. 422 naming `from` or `to` for a malformed month, "
                          "`from` after `to`, or more than 24 months."),
    Operation("GET", "/agenda", "The scheduled messages due in the next days (SPEC §10)", _TAGS, query=AgendaQuery,
              response=Agenda,
              description="Every pending occurrence (repurchase, check-up and lens-exchange reminders, a "
                          "subscription's pre-announcement and order day) due from now until now + `days`, oldest "
                          "first (overdue ones that the next scheduled run sends come first), read from the "
                          "optician's agenda index: O(listed entries). Channel and hold reason are decided as the "
                          "send path would decide them now. Paged with `limit` and the opaque `cursor`."),
]
