"""Orders of lenses: their lines, the lens passport they match, and the status they may move to.

Pure (no AWS). An order line is an ``OrderLine`` (``product_id``, ``eye``, ``pack_size``,
``quantity``; ``shown()`` is its API and storage dict); ``eye`` is ``right`` | ``left`` | ``both`` (a ``both`` line's packs are shared by the two eyes,
as in a repurchase purchase, SPEC §2).

Status flow (``placed`` is where every order starts)::

    placed ──► shipped                          (delivery home)
       │  ├──► ready_for_pickup ──► picked_up   (delivery pickup)
       │  └──► picked_up                        (pickup, handed over at once)
       └──► cancelled  ◄── ready_for_pickup

``shipped``, ``picked_up`` and ``cancelled`` are final. Asking for the status an order
already has changes nothing (a repeated status call is harmless).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from chalicelib.domain.errors import Conflict, ValidationError
from chalicelib.domain.passport import LensPassport, newest
from chalicelib.domain.products import LensProduct
from chalicelib.domain.repurchase import PurchaseLine
from zoneinfo import ZoneInfo

SOURCES = ("webshop", "backoffice", "subscription")
DELIVERIES = ("home", "pickup")
PLACED, SHIPPED, READY, PICKED_UP, CANCELLED = "placed", "shipped", "ready_for_pickup", "picked_up", "cancelled"
STATUSES = (PLACED, SHIPPED, READY, PICKED_UP, CANCELLED)
SETTABLE_STATUSES = (SHIPPED, READY, PICKED_UP, CANCELLED)
EYES = ("right", "left", "both")
LINE_FIELDS = ("product_id", "eye", "pack_size", "quantity")
MAX_LINES = 20
MAX_QUANTITY = 100

_NEXT: dict[str, tuple[str, ...]] = {
    PLACED: (SHIPPED, READY, PICKED_UP, CANCELLED),
    READY: (PICKED_UP, CANCELLED),
    SHIPPED: (),
    PICKED_UP: (),
    CANCELLED: (),
}
_ONLY_FOR = {SHIPPED: "home", READY: "pickup", PICKED_UP: "pickup"}

ProductLookup = Callable[[str], Optional[LensProduct]]


@dataclass(frozen=True, slots=True)
class OrderLine:
    """One checked line of an order or subscription: ``pack_size`` packs of a lens, ``quantity`` times."""

    product_id: str
    eye: str
    pack_size: int
    quantity: int

    def shown(self) -> dict[str, Any]:
        """The API and storage shape (key order as stored: the item's JSON keeps it)."""
        return {"product_id": self.product_id, "eye": self.eye, "pack_size": self.pack_size,
                "quantity": self.quantity}

    @classmethod
    def of(cls, stored: Mapping[str, Any]) -> OrderLine:
        """The line of a stored item's dict (numbers may come back as Decimal)."""
        return cls(product_id=str(stored["product_id"]), eye=str(stored["eye"]),
                   pack_size=int(stored["pack_size"]), quantity=int(stored["quantity"]))


@dataclass(frozen=True, slots=True)
class Order:
    """A stored order, as the services work with it.

    ``id`` is ours; ``order_id`` the webshop's (webshop orders only), ``external_ref`` the sort
    key of the pointer that keeps an external id unique. ``ordered_at``: ISO 8601, UTC.
    ``history``: ``[{status, at, tracking_url?}]``; ``attribution``: the reminder credited with
    the order (SPEC §10), as ``Attribution.as_dict()``. ``version``: the optimistic lock.
    """

    id: str
    customer_id: str
    source: str
    status: str
    delivery: str
    lines: tuple[OrderLine, ...]
    ordered_at: str
    history: tuple[dict[str, Any], ...]
    order_id: str | None = None
    external_ref: str | None = None
    passport_id: str | None = None
    attribution: dict[str, Any] | None = None
    tracking_url: str | None = None
    version: int = 1
    created_at: str | None = None
    updated_at: str | None = None


def parse_lines(raw: Any, find_product: ProductLookup, field: str = "lines") -> list[OrderLine]:
    """Validate order lines: a product known to the optician, an eye, a pack size it is sold in, 1–100 packs.

    Errors name the field, e.g. ``lines[1].pack_size``.
    """
    if not isinstance(raw, list):
        raise ValidationError("Must be a list of order lines.", field=field)
    if not raw:
        raise ValidationError("An order needs at least one line.", field=field)
    if len(raw) > MAX_LINES:
        raise ValidationError(f"At most {MAX_LINES} lines.", field=field)
    lines: list[OrderLine] = []
    for index, item in enumerate(raw):
        where = f"{field}[{index}]"
        if not isinstance(item, dict):
            raise ValidationError("Must be an object with product_id, eye, pack_size and quantity.", field=where)
        for key in item:
            if key not in LINE_FIELDS:
                raise ValidationError(f"Unknown field '{key}'.", field=f"{where}.{key}")
        product_id = item.get("product_id")
        if not isinstance(product_id, str) or not product_id.strip():
            raise ValidationError("'product_id' is required.", field=f"{where}.product_id")
        product_id = product_id.strip()
        product = find_product(product_id)
        if product is None:
            raise ValidationError("Unknown lens product.", field=f"{where}.product_id")
        eye = item.get("eye")
        if not isinstance(eye, str) or eye not in EYES:
            raise ValidationError("Must be one of: right, left, both.", field=f"{where}.eye")
        pack_size = item.get("pack_size")
        if isinstance(pack_size, bool) or not isinstance(pack_size, int) or pack_size not in product.pack_sizes:
            sizes = ", ".join(str(size) for size in product.pack_sizes)
            raise ValidationError(f"{product.name} is sold in packs of {sizes}.", field=f"{where}.pack_size")
        quantity = item.get("quantity")
        if isinstance(quantity, bool) or not isinstance(quantity, int) or not 1 <= quantity <= MAX_QUANTITY:
            raise ValidationError(f"Must be a whole number from 1 to {MAX_QUANTITY}.", field=f"{where}.quantity")
        lines.append(OrderLine(product_id=product_id, eye=eye, pack_size=pack_size, quantity=quantity))
    return lines


def same_order(stored: Order, *, lines: Iterable[OrderLine], delivery: str, ordered_at: str) -> bool:
    """Whether an order repeats ``stored``: same delivery, same time (both UTC ISO strings) and the
    same lines in any order."""
    def key(line: OrderLine) -> tuple[str, str, int, int]:
        return line.product_id, line.eye, line.pack_size, line.quantity

    return (stored.delivery == delivery and stored.ordered_at == ordered_at
            and sorted(map(key, stored.lines)) == sorted(map(key, lines)))


def eyes_of(eye: str) -> tuple[str, ...]:
    return ("right", "left") if eye == "both" else (eye,)


def first_mismatch(passport: LensPassport, lines: Iterable[OrderLine]) -> tuple[int, str] | None:
    """``(index, eye)`` of the first line whose product is not the passport's for that eye; None if all match."""
    for index, line in enumerate(lines):
        for eye in eyes_of(line.eye):
            if passport.product_of(eye) != line.product_id:
                return index, eye
    return None


def last_order(orders: Iterable[Order]) -> Order | None:
    """The most recent order (latest ``ordered_at``, then the later id) that was not cancelled."""
    kept = [order for order in orders if order.status != CANCELLED]
    return max(kept, key=lambda o: (o.ordered_at, o.id)) if kept else None


def matching_passport(passports: Iterable[LensPassport],
                      lines: Sequence[OrderLine]) -> LensPassport | None:
    """The most recent passport whose product for every ordered eye is the line's product.

    A customer's newest prescription wins; an order of lenses of an older prescription
    still finds that older passport.
    """
    candidates = [p for p in passports if first_mismatch(p, lines) is None]
    return newest(candidates)


def purchase_lines(lines: Iterable[OrderLine]) -> list[PurchaseLine]:
    """The repurchase rules' view of order lines (the product is the passport's for the eye)."""
    return [PurchaseLine(eye=line.eye, pack_size=line.pack_size, quantity=line.quantity) for line in lines]


def check_transition(current: str, delivery: str, wanted: str) -> bool:
    """Whether ``wanted`` changes the order (False: it already has that status).

    Raises ValidationError for an unknown status, Conflict (409) for a status the order
    cannot take now (wrong delivery type, or a final or earlier status).
    """
    if wanted not in SETTABLE_STATUSES:
        raise ValidationError("Must be one of: " + ", ".join(SETTABLE_STATUSES) + ".", field="status")
    if wanted == current:
        return False
    required = _ONLY_FOR.get(wanted)
    if required is not None and delivery != required:
        kind = "home delivery" if required == "home" else "pickup in the shop"
        raise Conflict(f"'{wanted}' applies to orders for {kind} only.", field="status")
    if wanted not in _NEXT.get(current, ()):
        raise Conflict(f"An order that is '{current}' cannot become '{wanted}'.", field="status")
    return True


def check_ordered_at(value: datetime, now: datetime, field: str = "ordered_at") -> datetime:
    """An order time is timezone-aware, not before 2000 and not more than a day ahead (clock skew)."""
    if value.tzinfo is None:
        raise ValidationError("Give the time with its UTC offset, e.g. 2026-01-10T14:03:00+01:00.", field=field)
    if value.year < 2000:
        raise ValidationError("The order time is implausibly old.", field=field)
    if (value - now).total_seconds() > 86400:
        raise ValidationError("The order time is in the future.", field=field)
    return value


def parse_timestamp(value: Any, field: str = "ordered_at") -> datetime:
    """An ISO 8601 timestamp with offset (``Z`` accepted)."""
    if not isinstance(value, str) or "T" not in value:
        raise ValidationError("Must be an ISO 8601 timestamp with offset.", field=field)
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise ValidationError("Must be an ISO 8601 timestamp with offset.", field=field) from None
    if parsed.tzinfo is None:
        raise ValidationError("Give the time with its UTC offset, e.g. 2026-01-10T14:03:00+01:00.", field=field)
    return parsed


def local_day(instant: datetime, timezone_name: str) -> date:
    """The optician's local day of an instant (an order at 00:30 in Zurich is that day)."""
    return instant.astimezone(ZoneInfo(timezone_name)).date()
