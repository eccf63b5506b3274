"""Models and operations: the message history (one customer's and every customer's, SPEC §4, §8)."""
from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal

from msgspec import Meta, field

from chalicelib.domain.reasons import reason_table
from chalicelib.schemas.base import Model, Operation, Query

Kind = Literal["repurchase_reminder", "control_reminder", "lens_exchange_reminder", "subscription_confirmation",
               "subscription_preannouncement", "subscription_changed", "subscription_cancelled",
               "order_confirmation", "shipping_confirmation", "pickup_invitation", "lens_passport",
               "webshop_login", "webapp_install", "repurchase_control_reminder"]
Topic = Literal["subscription", "repurchase", "control", "orders", "service", "marketing", "lens_exchange"]
Channel = Literal["sms", "email"]
Status = Literal["pending", "sent", "delivered", "failed", "skipped"]
Chf = Annotated[str, Meta(pattern=r"^\d+\.\d{2}$", examples=["0.12"])]

REASONS = ("Why the message was not sent, skipped or failed: a stable code (codes not listed may be added; show "
           "`reason_text` for them):\n" + "\n".join(f"- `{code}`: {text}" for code, text in reason_table("en")))


class Message(Model):
    """One history record (SPEC §4)."""

    id: str
    customer_id: str
    kind: Kind
    topic: Topic
    channel: Channel | None
    to: str | None
    subject: str | None
    text: Annotated[str | None, Meta(
        description="The exact SMS text, or the e-mail's plain-text part; the token of a personal login or "
                    "unsubscribe link is masked (…/l/•••)")]
    html: Annotated[str | None, Meta(description="The e-mail's HTML part; link tokens masked as in text")]
    status: Annotated[Status, Meta(
        description="`sent`: the provider accepted it; `delivered`: the carrier or receiving mail server confirmed "
                    "it; a later failure receipt turns `sent` or `delivered` into `failed` (SPEC §8)")]
    reason: Annotated[str | None, Meta(description=REASONS)]
    reason_text: Annotated[str | None, Meta(
        description="The reason in plain words, in the optician's language (de, fr, it, en)")]
    reason_detail: Annotated[str | None, Meta(description="Provider error code, bounce type, missing setting")]
    parts: Annotated[int, Meta(ge=0)]
    cost_chf: Chf
    trigger: Literal["automatic", "manual"]
    created_at: datetime
    updated_at: datetime
    sent_at: datetime | None
    delivered_at: Annotated[datetime | None, Meta(description="When the carrier or mail server confirmed delivery")]
    failed_at: Annotated[datetime | None, Meta(
        description="When a failure receipt (bounce, complaint, unreachable number, ...) arrived")]
    provider_message_id: str | None


class MessagePage(Model):
    items: list[Message]
    next_cursor: str | None


class MessageLogEntry(Message):
    """A history record (the fields of `Message`) with its customer's name"""

    customer_name: Annotated[str | None, Meta(description="First and last name of the customer")]


class MessageLogPage(Model):
    messages: list[MessageLogEntry]
    next_cursor: str | None


PageSize = Annotated[int, Meta(ge=1, le=100, description="Page size")]
Cursor = Annotated[str, Meta(description="`next_cursor` of the previous page")]


class HistoryQuery(Query):
    limit: PageSize = 25
    cursor: Cursor | None = None
    kind: Annotated[Kind | None, Meta(description="Only messages of this kind")] = None
    status: Annotated[Status | None, Meta(description="Only messages with this status")] = None


class AllMessagesQuery(HistoryQuery):
    channel: Annotated[Channel | None, Meta(
        description="Only messages sent (or to be sent) on this channel")] = None
    first_day: Annotated[date | None, Meta(
        description="Only messages created on or after this day (the optician's time zone)")] = field(
        default=None, name="from")
    last_day: Annotated[date | None, Meta(
        description="Only messages created on or before this day (the optician's time zone)")] = field(
        default=None, name="to")


_TAGS = ("messages",)
OPERATIONS = [
    Operation("GET", "/customers/{customer_id}/messages", "The customer's message history, newest first", _TAGS,
              query=HistoryQuery, response=MessagePage,
              description="Every message with the exact text (and e-mail HTML), status, reason, parts and cost. "
                          "Paged with `limit` and the opaque `cursor` of the previous page."),
    Operation("GET", "/messages", "Every customer's messages, newest first", _TAGS, query=AllMessagesQuery,
              response=MessageLogPage,
              description="The history of all customers of the optician (SPEC §8), each message with `customer_id` "
                          "and `customer_name`, so failed ones can be found and fixed. Read from indexes on which "
                          "every filter (and any combination) is a key condition: a page reads about one index "
                          "entry per message it returns, however rare the wanted messages are. Paged with `limit` "
                          "and the opaque `cursor` of the previous page (a cursor is valid only with the same "
                          "`status`, `kind` and `channel`; otherwise 422 with `field: cursor`). A message appears "
                          "here a moment after it is recorded (the index is eventually consistent)."),
]
