"""Models and operations: the message history (one customer's and every customer's, SPEC §4, §8)."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from msgspec import UNSET, Meta, UnsetType, field

from chalicelib.domain.reasons import reason_table
from chalicelib.schemas.base import Instant, Model, Operation, Query

Kind = Literal["repurchase_reminder", "control_reminder", "lens_exchange_reminder", "subscription_confirmation",
               "subscription_preannouncement", "subscription_changed", "subscription_cancelled",
               "order_confirmation", "shipping_confirmation", "pickup_invitation", "lens_passport",
               "webshop_login", "webapp_install", "repurchase_control_reminder"]
Topic = Literal["subscription", "repurchase", "control", "orders", "service", "marketing", "lens_exchange"]
Channel = Literal["sms", "email"]
Status = Literal["pending", "sent", "delivered", "failed", "skipped"]
Chf = Annotated[str, Meta(pattern=r"^\d+\.\d{2}$", examples=["0.12"])]
# A month YYYY-MM of the years 2000–2999 (what usage and report counters are kept for).
Month = Annotated[str, Meta(pattern=r"^2\d{3}-(0[1-9]|1[0-2])$", examples=["2026-03"])]

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
    created_at: Instant
    updated_at: Instant
    sent_at: Instant | None
    delivered_at: Annotated[Instant | None, Meta(description="When the carrier or mail server confirmed delivery")]
    failed_at: Annotated[Instant | None, Meta(
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


ManualKind = Literal["webshop_login", "webapp_install", "lens_passport"]


class ManualSendInput(Model):
    kind: ManualKind


class PreviewInput(Model):
    kind: Kind
    customer_id: Annotated[str, Meta(min_length=1, max_length=100)]
    channel: Channel | None = None
    data: Annotated[dict[str, Any] | None, Meta(
        description="Template data (order, subscription, reminder, passport)")] = None


class Preview(Model):
    channel: Channel
    kind: Kind
    topic: Topic
    topic_enabled: Annotated[bool, Meta(description="false: the customer switched the topic off; it would not be sent")]
    text: str
    parts: Annotated[int, Meta(ge=0)]
    cost_chf: Chf
    subject: Annotated[str, Meta(description="E-mail only")] | UnsetType = UNSET
    html: Annotated[str, Meta(description="E-mail only")] | UnsetType = UNSET
    encoding: Annotated[Literal["GSM-7", "UCS-2"], Meta(description="SMS only")] | UnsetType = UNSET


class RevokedLinks(Model):
    revoked: Annotated[int, Meta(ge=0, description="Personal links revoked now")]


class Usage(Model):
    month: Annotated[str, Meta(examples=["2026-03"])]
    sms_messages: Annotated[int, Meta(ge=0)]
    sms_parts: Annotated[int, Meta(ge=0)]
    sms_cost_chf: Annotated[Chf, Meta(
        description="CHF of the month's SMS: sent ones, and those being sent right now (added when claimed, given "
                    "back if not sent)")]
    emails: Annotated[int, Meta(ge=0)]
    sms_monthly_limit_chf: Annotated[str, Meta(
        pattern=r"^\d+\.\d{2}$", examples=["300.00"],
        description="The optician's monthly SMS spend limit (settings); beyond it a manual SMS is refused (429 "
                    "limit_reached), an automatic one recorded failed/limit_reached")]
    sms_limit_used_percent: Annotated[int, Meta(
        ge=0, description="sms_cost_chf as whole percent of the limit (rounded down)")]
    sms_limit_warning: Annotated[bool, Meta(description="true from 80 % of the limit on: the web app warns")]


class UsageQuery(Query):
    month: Annotated[Month | None, Meta(description="YYYY-MM; default the current month")] = None


IDEMPOTENCY_KEY = {"name": "Idempotency-Key", "in": "header", "required": False,
                   "schema": {"type": "string", "pattern": "^[A-Za-z0-9_.:-]{8,100}$"},
                   "description": "Repeating a request with the same key sends once and answers with the first "
                                  "request's record."}


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
    Operation("POST", "/customers/{customer_id}/messages",
              "Send a message by hand (Login senden, Web App Installation senden, Linsenpass senden)", _TAGS,
              body=ManualSendInput, response=Message, status=201, response_text="Sent (or recorded as failed)",
              parameters=(IDEMPOTENCY_KEY,), errors=(401, 403, 404, 409, 422, 429, 503),
              description="Sends at once through the one send path and answers with the history record (`sent`, or "
                          "`failed` with the reason). 409 `topic_off` when the customer switched the kind's topic "
                          "off; 422 when the optician lacks a setting the kind needs (`settings.webshop_url`, "
                          "`settings.webapp_url`) or the customer has no lens passport; 503 `provider_unavailable` "
                          "when SNS/SES is unavailable (nothing was sent). 429 limit_reached: the SMS would take the "
                          "month beyond the optician's sms_monthly_limit_chf (nothing sent or recorded). 422 "
                          "country_not_allowed (field mobile): an SMS to a number outside the optician's "
                          "sms_countries."),
    Operation("DELETE", "/customers/{customer_id}/links", "Revoke every personal webshop link of the customer", _TAGS,
              response=RevokedLinks, errors=(401, 403, 404, 429),
              description="Links already sent stop logging the customer in (401 at the session exchange)."),
    Operation("POST", "/messages/preview", "A message as it would be sent now, with its SMS parts and cost", _TAGS,
              body=PreviewInput, response=Preview,
              description="The message as it would be sent now. Creates nothing: links carry a placeholder token of "
                          "the real length. Uses `data` if given, else the customer's own repurchase or "
                          "lens-exchange reminder, subscription, latest order or newest passport (the data the real "
                          "send uses); example data only when the customer has none."),
    Operation("GET", "/usage", "Messages, SMS parts and cost of one month", _TAGS, query=UsageQuery, response=Usage,
              description="Months are the optician's local months; each sent message counts exactly once."),
]
