"""Properties of the repurchase rules that must hold for every purchase."""
from __future__ import annotations

from datetime import date, timedelta

from hypothesis import given, reject, settings
from hypothesis import strategies as st

from chalicelib.domain.products import LensProduct
from chalicelib.domain.errors import ValidationError
from chalicelib.domain.repurchase import MAX_SUPPLY_DAYS, USAGES, PurchaseLine, suggest

FAST = settings(max_examples=200, deadline=None)

PRODUCTS = [
    LensProduct("daily", "B", "Daily", "daily", 1, (30, 90)),
    LensProduct("two-weekly", "B", "Two weekly", "two_weekly", 14, (6, 12)),
    LensProduct("monthly", "B", "Monthly", "monthly", 30, (3, 6)),
    LensProduct("quarterly", "B", "Quarterly", "quarterly", 90, (1, 2)),
]


@st.composite
def purchases(draw, catalogue=tuple(PRODUCTS)):
    """A valid purchase: passport products per eye, lines that fit them, and a usage."""
    right = draw(st.sampled_from(catalogue))
    left = draw(st.sampled_from((right,) + tuple(catalogue)))
    eye_products = {"right": right, "left": left}
    eyes = ["right", "left"] + (["both"] if right == left else [])
    lines = []
    for _ in range(draw(st.integers(1, 3))):
        eye = draw(st.sampled_from(eyes))
        product = right if eye in ("right", "both") else left
        lines.append(
            PurchaseLine(eye=eye, pack_size=draw(st.sampled_from(product.pack_sizes)),
                         quantity=draw(st.integers(1, 4)))
        )
    bought = {line.eye for line in lines}
    bought_products = {eye_products[e] for e in ("right", "left") if e in bought or "both" in bought}
    all_daily = all(p.replacement == "daily" for p in bought_products)
    usage = draw(st.sampled_from(USAGES)) if all_daily else "daily"
    return lines, eye_products, usage


def suggest_larger(lines, products, bought_on, usage, no_stock, lead):
    """``suggest`` for a purchase made larger; such a purchase may exceed the longest supply
    the rules accept (``MAX_SUPPLY_DAYS``), and is then refused, so the property does not apply."""
    try:
        return suggest(lines, products, bought_on, usage, no_stock, lead)
    except ValidationError as exc:
        if str(MAX_SUPPLY_DAYS) in str(exc):
            reject()
        raise


purchase_days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))
lead_days = st.integers(0, 60)


@FAST
@given(purchases(), purchase_days, lead_days, st.booleans(), st.data())
def test_more_lenses_never_mean_an_earlier_reminder_or_shorter_supply(p, bought_on, lead, no_stock, data):
    lines, products, usage = p
    before = suggest(lines, products, bought_on, usage, no_stock, lead)
    # WHEN one line gets one more pack
    index = data.draw(st.integers(0, len(lines) - 1))
    more = list(lines)
    more[index] = PurchaseLine(lines[index].eye, lines[index].pack_size, lines[index].quantity + 1)
    after = suggest_larger(more, products, bought_on, usage, no_stock, lead)
    assert after.supply_days >= before.supply_days
    assert after.runs_out_on >= before.runs_out_on
    assert after.first_reminder_on >= before.first_reminder_on


@FAST
@given(purchases(), purchase_days, lead_days, st.data())
def test_an_extra_line_never_means_an_earlier_reminder(p, bought_on, lead, data):
    lines, products, usage = p
    before = suggest(lines, products, bought_on, usage, False, lead)
    extra = data.draw(st.sampled_from(lines))
    after = suggest_larger(lines + [extra], products, bought_on, usage, False, lead)
    assert after.supply_days >= before.supply_days
    assert after.first_reminder_on >= before.first_reminder_on


@FAST
@given(purchases(), purchase_days, lead_days)
def test_no_stock_is_never_later(p, bought_on, lead):
    lines, products, usage = p
    with_stock = suggest(lines, products, bought_on, usage, False, lead)
    without = suggest(lines, products, bought_on, usage, True, lead)
    assert without.first_reminder_on <= with_stock.first_reminder_on
    assert without.supply_days == with_stock.supply_days


@FAST
@given(purchases(), purchase_days, lead_days, st.booleans())
def test_first_reminder_is_after_the_purchase_and_not_after_running_out(p, bought_on, lead, no_stock):
    lines, products, usage = p
    s = suggest(lines, products, bought_on, usage, no_stock, lead)
    assert s.first_reminder_on > bought_on
    assert s.first_reminder_on <= max(s.runs_out_on, bought_on + timedelta(days=1))


@FAST
@given(purchases(), purchase_days, lead_days, st.booleans())
def test_cycle_equals_supply_and_runs_out_after_supply(p, bought_on, lead, no_stock):
    lines, products, usage = p
    s = suggest(lines, products, bought_on, usage, no_stock, lead)
    assert s.cycle_days == s.supply_days >= 1
    assert s.runs_out_on == bought_on + timedelta(days=s.supply_days)


@FAST
@given(purchases(), purchase_days, lead_days, st.booleans())
def test_reminder_is_lead_days_before_running_out_unless_floored(p, bought_on, lead, no_stock):
    lines, products, usage = p
    s = suggest(lines, products, bought_on, usage, no_stock, lead)
    wanted = s.runs_out_on - timedelta(days=lead + (21 if no_stock else 0))
    assert s.first_reminder_on == max(wanted, bought_on + timedelta(days=1))


@FAST
@given(purchases(), purchase_days, lead_days)
def test_a_longer_lead_is_never_later(p, bought_on, lead):
    lines, products, usage = p
    a = suggest(lines, products, bought_on, usage, False, lead)
    b = suggest(lines, products, bought_on, usage, False, lead + 1)
    assert b.first_reminder_on <= a.first_reminder_on


DAILIES = (
    LensProduct("daily", "B", "Daily", "daily", 1, (30, 90)),
    LensProduct("daily-b", "B", "Daily B", "daily", 1, (30, 90)),
)


@FAST
@given(purchases(DAILIES), purchase_days, lead_days)
def test_less_frequent_wear_never_shortens_supply(p, bought_on, lead):
    lines, products, _ = p
    supplies = [suggest(lines, products, bought_on, u, False, lead).supply_days for u in USAGES]
    # USAGES goes from every day to once or twice a week
    assert supplies == sorted(supplies)
    assert supplies[0] < supplies[-1]
