"""Models and operations: a customer's repurchase reminders (Nachkauf-Erinnerung, SPEC §2) and the
suggestion for a purchase."""
from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from msgspec import Meta

from chalicelib.schemas.base import Instant, Model, Operation

Usage = Literal["daily", "5_per_week", "3_4_per_week", "1_2_per_week"]
CycleDays = Annotated[int, Meta(ge=1, le=3660)]
_PASSPORT = "One of the customer's lens passports."
_USAGE = "Reduced wearing (daily lenses only): 1.3 / 1.9 / 2.9 × the supply."
_NO_STOCK = "The customer has no lenses left: remind 21 days earlier."


class PurchaseLine(Model):
    """Packs bought for one eye; a `both` line is split evenly between the eyes. The product is the
    passport's for that eye."""

    eye: Literal["right", "left", "both"]
    pack_size: Annotated[int, Meta(ge=1, description="Lenses per pack; one the product is sold in.")]
    quantity: Annotated[int, Meta(ge=1, le=100)]


Lines = Annotated[list[PurchaseLine], Meta(min_length=1)]


class RepurchasePurchase(Model):
    passport_id: Annotated[str, Meta(description=_PASSPORT)]
    lines: Lines
    purchased_on: Annotated[date | None, Meta(
        description="Default: today (the optician's time zone); not in the future.")] = None
    usage: Annotated[Usage | None, Meta(description=_USAGE)] = "daily"
    no_stock: Annotated[bool | None, Meta(description=_NO_STOCK)] = False


class RepurchaseReminderInput(RepurchasePurchase):
    """Same input as the suggestion; without overrides the suggestion is saved (a suggested date
    already past becomes today)."""

    first_reminder_on: Annotated[date | None, Meta(description="Overrides the suggestion; today or later.")] = None
    cycle_days: Annotated[CycleDays | None, Meta(description="Overrides the suggested cycle.")] = None


class RepurchaseReminderPatch(Model):
    """A change of lines, usage or no_stock re-computes cycle_days and next_reminder_on from the
    purchase date; next_reminder_on / cycle_days given in the same request win. Re-activating
    continues the cycle from the stored date. Fields left out (or null) stay as they are."""

    next_reminder_on: date | None = None
    cycle_days: CycleDays | None = None
    usage: Usage | None = None
    no_stock: bool | None = None
    lines: Lines | None = None
    active: bool | None = None


class RepurchaseSuggestion(Model):
    supply_days: int
    runs_out_on: date
    first_reminder_on: date
    cycle_days: int


class RepurchaseReminder(Model):
    id: str
    passport_id: str
    next_reminder_on: date
    cycle_days: int
    usage: Usage
    no_stock: bool
    lines: list[PurchaseLine]
    source: Literal["manual", "webshop_order", "backoffice_order", "subscription_order"]
    purchased_on: date | None
    runs_out_on: date | None
    active: bool
    created_at: Instant
    updated_at: Instant


class RepurchaseReminderList(Model):
    items: list[RepurchaseReminder]


_TAGS = ("reminders",)
_BASE = "/customers/{customer_id}/repurchase-reminders"
_ERRORS = (401, 403, 404, 429)
OPERATIONS = [
    Operation("POST", _BASE + "/suggestion",
              "Suggest the first repurchase reminder and the cycle for a purchase (SPEC §2)", _TAGS,
              body=RepurchasePurchase, response=RepurchaseSuggestion, errors=_ERRORS),
    Operation("GET", _BASE, "The customer's repurchase reminders", _TAGS, response=RepurchaseReminderList,
              errors=_ERRORS),
    Operation("POST", _BASE, "Save a repurchase reminder (the suggestion, or with overrides); one per customer and "
              "passport", _TAGS, body=RepurchaseReminderInput, response=RepurchaseReminder, status=201,
              errors=_ERRORS + (409,)),
    Operation("GET", _BASE + "/{reminder_id}", "One repurchase reminder", _TAGS, response=RepurchaseReminder,
              errors=_ERRORS),
    Operation("PATCH", _BASE + "/{reminder_id}", "Change dates, cycle, usage, lines; deactivate or re-activate",
              _TAGS, body=RepurchaseReminderPatch, response=RepurchaseReminder, errors=_ERRORS + (409,)),
    Operation("DELETE", _BASE + "/{reminder_id}", "Delete a repurchase reminder", _TAGS, status=204,
              errors=_ERRORS),
]
