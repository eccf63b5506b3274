"""Repurchase reminders (Nachkauf-Erinnerung): suggestion, CRUD, and re-computation from orders (SPEC §2).

One repurchase reminder per customer and lens passport: its id is derived from the
passport's id, and it is created with a conditional put, so a second create — also two
racing ones, or a manual create racing an order — answers 409 instead of making two.

Orders create and re-compute reminders through services/reminders/repurchase_from_orders.py.

Dates (docs/repurchase-and-orders.md):
- the suggestion is the pure rule of SPEC §2 (domain/repurchase.py) and may lie in the past
  for a purchase entered late;
- a *computed* first date (an accepted suggestion, an order) that has already passed becomes
  today: the lenses are running out now, so the reminder goes out at the next send window;
- a re-computation of an existing reminder (PATCH of lines/usage/no_stock) whose first date
  has passed continues that series: the first date ``first + k × cycle_days`` today or later;
- a date the optician *types* (``first_reminder_on``, ``next_reminder_on``) must be today or later;
- re-activating a reminder whose date passed continues its cycle: the first date
  ``next + k × cycle_days`` that is today or later.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any, Sequence

from chalicelib import validation as v
from chalicelib.domain import repurchase as rules
from chalicelib.domain.errors import Conflict, NotFound, ValidationError
from chalicelib.domain.products import LensProduct
from chalicelib.domain.instants import iso_day
from chalicelib.domain.reminder import Reminder, required
from chalicelib.domain.optician import DEFAULT_REPURCHASE_LEAD_DAYS, OpticianSettings
from chalicelib.domain.passport import LensPassport
from chalicelib.services.customers.agenda_facts import refresh as refresh_agenda
from chalicelib.services.customers.customers import get_customer
from chalicelib.services.opticians.opticians import get_settings
from chalicelib.services.reminders.reminder_records import ReminderRecords
from chalicelib.services.scheduling import occurrence_timing as timing
from chalicelib.services.scheduling.occurrence_timing import due_for
from chalicelib.services.wiring import stores
from chalicelib.services.lenses.products import find_product

if TYPE_CHECKING:  # the API's models (decoded by the route); only their attributes are read here
    from chalicelib.schemas.repurchase_reminders import (
        PurchaseLine,
        RepurchasePurchase,
        RepurchaseReminderInput,
        RepurchaseReminderPatch,
    )

KIND = "repurchase"
RECORDS = ReminderRecords(KIND, "repurchase reminder")
MANUAL = "manual"
SOURCES = ("manual", "webshop_order", "backoffice_order", "subscription_order")
ORDER_SOURCES = {"webshop": "webshop_order", "backoffice": "backoffice_order", "subscription": "subscription_order"}
MAX_DAYS_AHEAD = rules.MAX_SUPPLY_DAYS




def _now() -> datetime:
    """The wall clock (API requests only; the scheduler passes the event's time)."""
    return datetime.now(timezone.utc)


def local_today(optician: OpticianSettings, now: datetime | None = None) -> date:
    """The optician's local date at ``now`` (default: the wall clock, which tests pin via ``_now``)."""
    return timing.local_today(optician, now or _now())


def lead_days(optician: OpticianSettings) -> int:
    value = optician.repurchase_lead_days
    return int(value) if value is not None else DEFAULT_REPURCHASE_LEAD_DAYS


def reminder_id_for(passport_id: str) -> str:
    """The id of the (one) repurchase reminder of a passport."""
    return f"rr_{passport_id}"


def schedule_for(optician: OpticianSettings, optician_id: str, customer_id: str, reminder_id: str,
                 on: date) -> tuple[str, dict[str, str]]:
    """``(occurrence, due attributes)`` of a repurchase reminder pending on local day ``on``."""
    pk, sk = stores().reminders.keys(optician_id, customer_id, KIND, reminder_id)
    return on.isoformat(), due_for(optician, pk, sk, on)


def roll_forward(next_on: date, cycle_days: int, today: date) -> date:
    """The first date of the series ``next_on + k × cycle_days`` (k ≥ 0) that is today or later."""
    if next_on >= today:
        return next_on
    steps = -(-(today - next_on).days // cycle_days)  # ceiling division
    return next_on + timedelta(days=steps * cycle_days)


# --- passports and products ---------------------------------------------------------------


def eye_products(optician_id: str, passport: LensPassport, field: str = "passport_id") -> dict[str, LensProduct]:
    """The passport's product per eye; 422 if a product is no longer known to the optician."""
    products = {}
    for eye in ("right", "left"):
        product_id = passport.product_of(eye)
        if product_id is None:
            continue
        product = find_product(optician_id, product_id)
        if product is None:
            raise ValidationError(f"The lens product of the passport's {eye} eye is no longer known.", field=field)
        products[eye] = product
    return products


def _customer_passport(optician_id: str, customer_id: str, passport_id: str) -> LensPassport:
    """The customer's passport; 422 if the customer has none at all, 404 if this one is not theirs."""
    stored = stores().passports.list_all(optician_id, customer_id)
    if not stored:
        raise ValidationError("The customer has no lens passport yet; add one first.", field="passport_id")
    for passport in stored:
        if passport.id == passport_id:
            return passport
    raise NotFound("No lens passport with this id.", field="passport_id")


# --- input ------------------------------------------------------------------------------------


def _lines(lines: Sequence[PurchaseLine]) -> list[rules.PurchaseLine]:
    """Decoded lines through the domain's rules (largest pack size and quantity)."""
    return rules.parse_lines([{"eye": line.eye, "pack_size": line.pack_size, "quantity": line.quantity}
                              for line in lines])


@dataclass(frozen=True, slots=True)
class _Purchase:
    passport_id: str
    lines: list[rules.PurchaseLine]
    purchased_on: date
    usage: str
    no_stock: bool


def _purchase(given: RepurchasePurchase, today: date) -> _Purchase:
    passport_id = v.text(given.passport_id, "passport_id", required=True, max_length=100) or ""  # never None
    purchased_on = given.purchased_on or today
    if purchased_on > today:
        raise ValidationError("The purchase date cannot be in the future.", field="purchased_on")
    return _Purchase(passport_id=passport_id, lines=_lines(given.lines), purchased_on=purchased_on,
                     usage=given.usage or "daily", no_stock=bool(given.no_stock))


def _typed_date(value: date | None, field: str, today: date) -> date | None:
    if value is None:
        return None
    if value < today:
        raise ValidationError("The reminder date cannot be in the past.", field=field)
    if value > today + timedelta(days=MAX_DAYS_AHEAD):
        raise ValidationError("The reminder date is too far in the future.", field=field)
    return value


def _suggest(optician: OpticianSettings, optician_id: str, customer_id: str,
             purchase: _Purchase) -> tuple[LensPassport, rules.Suggestion]:
    passport = _customer_passport(optician_id, customer_id, purchase.passport_id)
    products = eye_products(optician_id, passport)
    suggestion = rules.suggest(purchase.lines, products, purchase.purchased_on, purchase.usage,
                               purchase.no_stock, lead_days(optician))
    return passport, suggestion


# --- presentation -------------------------------------------------------------------------------


def present(reminder: Reminder) -> dict[str, Any]:
    """API shape of a repurchase reminder."""
    details = reminder.details
    return {
        "id": reminder.id,
        "passport_id": details.get("passport_id"),
        "next_reminder_on": iso_day(reminder.next_on),
        "cycle_days": reminder.cycle_days,
        "usage": details.get("usage", "daily"),
        "no_stock": bool(details.get("no_stock", False)),
        "lines": details.get("lines", []),
        "source": details.get("source", MANUAL),
        "purchased_on": details.get("purchased_on"),
        "runs_out_on": details.get("runs_out_on"),
        "active": reminder.active,
        "created_at": reminder.created_at,
        "updated_at": reminder.updated_at,
    }


# --- routes' services -----------------------------------------------------------------------------


def require_webshop(optician: OpticianSettings) -> None:
    """A repurchase reminder is the personal link into the webshop: without one it could never be
    sent, so the optician learns it when setting it up, not on its date (as for check-ups)."""
    if not optician.webshop_url:
        raise ValidationError("A repurchase reminder links the customer into your webshop: set the webshop URL "
                              "in the settings first.", field="settings.webshop_url")


def suggestion(optician_id: str, customer_id: str, given: RepurchasePurchase) -> dict[str, Any]:
    """Step 6 of the seed's manual flow: the proposed first reminder and cycle for a purchase."""
    get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    purchase = _purchase(given, local_today(optician))
    return _suggest(optician, optician_id, customer_id, purchase)[1].to_dict()


def create_reminder(optician_id: str, customer_id: str, given: RepurchaseReminderInput) -> Reminder:
    """Save a reminder from the suggestion, or with ``first_reminder_on`` / ``cycle_days`` overridden."""
    get_customer(optician_id, customer_id)
    optician = get_settings(optician_id)
    today = local_today(optician)
    purchase = _purchase(given, today)
    require_webshop(optician)
    first_override = _typed_date(given.first_reminder_on, "first_reminder_on", today)
    cycle_override = given.cycle_days
    passport, proposal = _suggest(optician, optician_id, customer_id, purchase)
    first = first_override or max(proposal.first_reminder_on, today)
    reminder_id = reminder_id_for(passport.id)
    details = {
        "passport_id": passport.id,
        "usage": purchase.usage,
        "no_stock": purchase.no_stock,
        "lines": [line.to_dict() for line in purchase.lines],
        "source": MANUAL,
        "purchased_on": purchase.purchased_on.isoformat(),
        "runs_out_on": proposal.runs_out_on.isoformat(),
        "order": None,
    }
    fields = {"active": True, "next_on": first, "cycle_days": cycle_override or proposal.cycle_days,
              "details": details}
    occurrence, due = schedule_for(optician, optician_id, customer_id, reminder_id, first)
    try:
        stored = stores().reminders.create(optician_id, customer_id, KIND, reminder_id, fields,
                                           occurrence=occurrence, due=due)
    except stores().reminders.ReminderExists:
        raise Conflict("This customer already has a repurchase reminder for this lens passport; change it instead.",
                       field="passport_id") from None
    refresh_agenda(optician_id, customer_id)
    return stored


def get_reminder(optician_id: str, customer_id: str, reminder_id: str) -> Reminder:
    """The customer's repurchase reminder; NotFound (404) for an unknown customer or reminder."""
    return RECORDS.get(optician_id, customer_id, reminder_id)


def list_reminders(optician_id: str, customer_id: str) -> list[Reminder]:
    """The customer's repurchase reminders, oldest first."""
    return RECORDS.list(optician_id, customer_id)


def delete_reminder(optician_id: str, customer_id: str, reminder_id: str) -> None:
    RECORDS.delete(optician_id, customer_id, reminder_id)


def update_reminder(optician_id: str, customer_id: str, reminder_id: str,
                    given: RepurchaseReminderPatch) -> Reminder:
    """Change dates, cycle, usage, no_stock, lines; deactivate / re-activate.

    A change of ``lines``, ``usage`` or ``no_stock`` re-computes ``cycle_days`` and
    ``next_reminder_on`` from the reminder's purchase date with the rules of SPEC §2 (a first
    date already past continues on the new cycle to today or later);
    ``next_reminder_on`` / ``cycle_days`` given in the same request win over the computed ones.
    """
    current = get_reminder(optician_id, customer_id, reminder_id)
    optician = get_settings(optician_id)
    today = local_today(optician)
    details = dict(current.details)
    next_on = required(current.next_on, "next_on")
    cycle = int(current.cycle_days or 0)
    moved = False

    if given.lines is not None or given.usage is not None or given.no_stock is not None:
        lines = _lines(given.lines) if given.lines is not None else rules.parse_lines(details.get("lines"))
        usage: str = given.usage if given.usage is not None else details.get("usage", "daily")
        no_stock = given.no_stock if given.no_stock is not None else bool(details.get("no_stock"))
        passport = stores().passports.get(optician_id, customer_id, details.get("passport_id") or "")
        if passport is None:
            raise ValidationError("The lens passport of this reminder was deleted; create a new reminder.",
                                  field="passport_id")
        purchased_on = date.fromisoformat(details.get("purchased_on") or today.isoformat())
        proposal = rules.suggest(lines, eye_products(optician_id, passport), purchased_on, usage, no_stock,
                                 lead_days(optician))
        # The series may have run for a while: continue it on the new cycle rather than restart today,
        # and expect the lenses to run out the same number of cycles later.
        next_on = roll_forward(proposal.first_reminder_on, proposal.cycle_days, today)
        runs_out = proposal.runs_out_on + (next_on - proposal.first_reminder_on)
        details.update(lines=[line.to_dict() for line in lines], usage=usage, no_stock=no_stock,
                       runs_out_on=runs_out.isoformat())
        cycle, moved = proposal.cycle_days, True
    typed = _typed_date(given.next_reminder_on, "next_reminder_on", today)
    if typed is not None:
        next_on, moved = typed, True
    if given.cycle_days is not None:
        cycle = given.cycle_days
    active = current.active if given.active is None else given.active
    if active and not current.active and not moved:
        next_on = roll_forward(next_on, cycle, today)

    changes: dict[str, object] = {"next_on": next_on, "cycle_days": cycle, "details": details,
                                  "active": active}
    changes = {name: value for name, value in changes.items() if getattr(current, name) != value}
    if not changes and (not active or current.occurrence):
        return current
    schedule: tuple[str, dict[str, str]] | str | None
    if not active:
        schedule = None  # inactive: out of the due index
    elif "next_on" in changes or not current.occurrence:
        schedule = schedule_for(optician, optician_id, customer_id, reminder_id, next_on)
    else:
        schedule = stores().reminders.KEEP
    return stores().reminders.update(optician_id, customer_id, KIND, reminder_id, changes, schedule=schedule,
                           expected_version=current.version)
