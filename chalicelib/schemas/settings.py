"""Models and operations: the optician's settings (SPEC §1), its webhook secret, onboarding."""
from __future__ import annotations

from typing import Annotated, Literal

from msgspec import Meta

from chalicelib.schemas.base import Instant, Model, Operation

Language = Literal["de", "fr", "it", "en"]
Package = Literal["silver", "gold"]
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]

_SENDER_NAME = ("The SMS sender ID customers see. Protected names (banks, payment, post, authorities, telecoms, "
                "health insurers; compared case- and space-insensitively) are refused with 422. A new name set by "
                "the optician is not used until the operator approves it: it is stored as `pending_sender_name` "
                "and this one stays in use.")
SenderName = Annotated[str, Meta(pattern="^[A-Za-z0-9 ]{1,11}$", description=_SENDER_NAME)]
Email = Annotated[str, Meta(extra_json_schema={"format": "email"})]
Colour = Annotated[str, Meta(examples=["#0A5FAA"])]
Clock = Annotated[str, Meta(examples=["09:00"])]
Timezone = Annotated[str, Meta(examples=["Europe/Zurich"])]
LeadDays = Annotated[int, Meta(ge=0, le=120)]
SmsCountries = Annotated[list[Annotated[str, Meta(pattern="^[A-Za-z]{2}$")]], Meta(
    min_length=1, max_length=50,
    description="ISO 3166 codes of the countries SMS may go to (default [\"CH\", \"LI\"]); each needs a price in "
                "the operator's table (SMS_PRICES_CHF). An SMS to a number elsewhere is never sent: automatic ones "
                "are recorded failed/country_not_allowed, manual ones refused (422).")]
_LIMIT = ("Monthly SMS spend limit in CHF (default \"300.00\", 0 to 100000): beyond it a manual SMS is "
                "refused (429), an automatic one recorded failed/limit_reached (a scheduled reminder is sent next "
                "month). Shown with the amount used by GET /usage.")
MonthlyLimit = Annotated[str, Meta(pattern=r"^\d+(\.\d{1,2})?$", examples=["300.00"], description=_LIMIT)]


class Branding(Model):
    logo_url: str | None = None
    primary_color: Colour | None = None


class SendWindow(Model):
    """When automatic messages go out (local time of the optician); left-out keys take the default
    (Mon–Sat, 09:00–19:00)."""

    days: list[Day] | None = None
    start: Clock | None = None
    end: Clock | None = None


class SettingsInput(Model):
    """A complete set of settings: PUT replaces them (left out: the default; `package` kept)."""

    name: str
    sender_name: SenderName
    id: Annotated[str | None, Meta(description="Shown by GET /settings; ignored when sent back.")] = None
    pending_sender_name: Annotated[str | None, Meta(
        description="Shown by GET /settings; ignored when sent back.")] = None
    email_from: Email | None = None
    reply_to: Email | None = None
    package: Annotated[Package | None, Meta(
        description="The optician's contract with kontakt (silver: SMS only; gold: also e-mail). Only the operator "
                    "changes it (403 otherwise); left out of PUT /settings, it is kept.")] = None
    webshop_url: str | None = None
    webapp_url: str | None = None
    booking_url: str | None = None
    phone: str | None = None
    address: str | None = None
    branding: Branding | None = None
    timezone: Timezone | None = None
    language: Language | None = None
    repurchase_lead_days: LeadDays | None = None
    send_window: SendWindow | None = None
    sms_countries: SmsCountries | None = None
    sms_monthly_limit_chf: Annotated[str | float | None, Meta(  # a number is taken too
        examples=["300.00"], description=_LIMIT)] = None


class BrandingShown(Model):
    logo_url: str | None
    primary_color: Colour | None


class SendWindowShown(Model):
    days: list[Day]
    start: Clock
    end: Clock


class Settings(Model):
    """The optician's settings as GET/PUT /settings answer them (never the webhook secret)."""

    id: str
    name: str
    sender_name: SenderName
    pending_sender_name: Annotated[str | None, Meta(
        description="A sender name the optician asked for, waiting for the operator's approval "
                    "(POST /admin/opticians/{optician_id}/sender-name); null if none.")]
    email_from: Email | None
    reply_to: Email | None
    package: Package
    webshop_url: str | None
    webapp_url: str | None
    booking_url: str | None
    phone: str | None
    address: str | None
    branding: BrandingShown
    timezone: Timezone
    language: Language
    repurchase_lead_days: LeadDays
    send_window: SendWindowShown
    sms_countries: SmsCountries
    sms_monthly_limit_chf: MonthlyLimit


class OnboardedOptician(Settings):
    """The new optician's settings and the webhook secret, shown this once (`pending_sender_name`
    is always null: the operator's sender name is approved as given)."""

    webhook_secret: Annotated[str, Meta(description="Shown only here; rotate with POST /settings/webhook-secret")]


class WebhookSecret(Model):
    webhook_secret: str


class SenderNameApproval(Model):
    sender_name: Annotated[str, Meta(description="The pending name as reviewed")]


class DnsRecord(Model):
    type: Literal["CNAME"]
    name: Annotated[str, Meta(examples=["abcdef0123456789abcdef0123456789._domainkey.optik-muster.ch"])]
    value: Annotated[str, Meta(examples=["abcdef0123456789abcdef0123456789.dkim.amazonses.com"])]


class EmailSender(Model):
    email_from: Annotated[str, Meta(extra_json_schema={"format": "email"})]
    domain: Annotated[str, Meta(examples=["optik-muster.ch"])]
    status: Annotated[Literal["pending", "verified", "failed"], Meta(
        description="`pending`: SES has not found the DNS records yet; `verified`: e-mail goes out; `failed`: SES "
                    "gave up (check the records, then POST)")]
    dns_records: list[DnsRecord]
    checked_at: Annotated[Instant | None, Meta(description="When SES was last asked")]


OPERATIONS = [
    Operation("GET", "/settings", "The optician's settings", ("settings",), response=Settings),
    Operation("PUT", "/settings", "Replace the optician's settings", ("settings",), body=SettingsInput,
              response=Settings, errors=(401, 404, 429), error_texts={
                  403: "The token belongs to no optician, or the body changes the `package`, which only the "
                       "operator may (`forbidden`, field `package`)",
                  409: "The settings were changed by someone else since they were read (`conflict`); load them again"},
              description="A changed `sender_name` becomes `pending_sender_name` until the operator approves it "
                          "(the approved one stays in use); a token with the operator role sets it directly."),
    Operation("POST", "/settings/webhook-secret", "Rotate the webhook secret (shown once; the old one stops working)",
              ("settings",), response=WebhookSecret),
    Operation("POST", "/admin/opticians", "Onboard an optician (admin role)", ("admin",), body=SettingsInput,
              response=OnboardedOptician, status=201, errors=(401, 422, 429),
              error_texts={403: "Not the operator (`forbidden`)"}),
    Operation("POST", "/admin/opticians/{optician_id}/sender-name",
              "Approve an optician's pending sender name (admin role)", ("admin",), body=SenderNameApproval,
              response=Settings, response_text="The optician's settings with the approved sender name",
              description="The operator approves the `pending_sender_name` they reviewed: it becomes the "
                          "`sender_name` used for every SMS from now on and nothing is pending any more. To refuse "
                          "a name, leave it pending and tell the optician (their next change replaces it).",
              errors=(401, 429), error_texts={
                  403: "Not the operator (`forbidden`)", 404: "No such optician",
                  409: "Nothing is pending, or the pending name is another one (`conflict`, field `sender_name`); "
                       "or the settings changed meanwhile",
                  422: "Not a valid sender ID, or a protected name (field `sender_name`)"}),
    Operation("GET", "/settings/email-sender", "The e-mail sender's status and the DNS records to add",
              ("settings",), response=EmailSender, errors=(401, 403, 404, 429, 503),
              description="The SES identity of the domain of `email_from` (SPEC §8), created with Easy DKIM when the "
                          "optician was onboarded or changed `email_from`. Until `status` is `verified`, no e-mail "
                          "is sent: messages go by SMS where the package and the customer allow it, else they are "
                          "recorded `failed` with reason `sender_not_verified`. Add the `dns_records` (three "
                          "CNAMEs) to the domain's DNS, then `POST` to check again (kontakt also checks by itself "
                          "at most once an hour while e-mail waits). 404 (`field: email_from`) when the optician "
                          "has no `email_from`."),
    Operation("POST", "/settings/email-sender", "Check the e-mail sender with SES now", ("settings",),
              response=EmailSender, errors=(401, 403, 404, 429, 503),
              description="Asks SES for the identity's status now (creating the identity if SES has none, e.g. SES "
                          "was unavailable at onboarding) and answers the new state. 503 `provider_unavailable` "
                          "when SES cannot be reached."),
]
