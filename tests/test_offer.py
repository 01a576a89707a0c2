"""Productized offer: the price beats the walk-away rate after the fee, on a clean price point."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigcore.offer import OfferInputs, clean_price, price_offer, price_points


def offer(**kw):
    base = dict(
        name="Book cover",
        deliverables=["front", "print wrap"],
        hours=6,
        revisions=2,
        walk_away_rate=45.0,
        platform_fee=0.2,
    )
    return price_offer(OfferInputs(**{**base, **kw}))


def test_design_example_price_rate_and_tiers():
    o = offer(monthly_target=2000)
    # floor = 45 $/h x 6 h / (1 - 0.2) = 270 / 0.8 = 337.50; between 100 and 500 prices step
    # by $25, so the clean price is 350.
    assert o.floor == pytest.approx(337.5)
    assert o.price == 350
    # after the fee: 350 x 0.8 = 280 kept; 280 / 6 h = 46.67 $/h >= 45.
    assert o.net_price == pytest.approx(280)
    assert o.effective_hourly_rate == pytest.approx(46.6667, abs=1e-4)
    # 2,000 a month / 280 a package = 7.14 -> 8 packages, 8 x 6 h = 48 h a month.
    assert (o.packages_per_month, o.hours_per_month) == (8, 48)
    assert not o.over_capacity  # 48 h < 1,400 / 12 = 116.7 h
    assert o.packages_for(2000) == 8 and o.packages_for(280) == 1 and o.packages_for(281) == 2
    basic, standard, premium = (o.tiers[t] for t in ("basic", "standard", "premium"))
    # basic: ceil(2 x 0.5) = 1 deliverable, 2 - 1 = 1 revision, 6 x 0.6 = 3.6 h;
    # 45 x 3.6 / 0.8 = 202.50 -> 225 (step 25).
    assert (basic.deliverables, basic.revisions, basic.hours, basic.price) == (
        ("front",),
        1,
        3.6,
        225,
    )
    assert (standard.deliverables, standard.revisions, standard.price) == (
        ("front", "print wrap"),
        2,
        350,
    )
    # premium: every deliverable plus priority delivery, 2 + 2 = 4 revisions, 6 x 1.5 = 9 h;
    # 1.2 x 45 x 9 / 0.8 = 607.50; above 500 prices step by $50 -> 650.
    assert premium.deliverables[-1] == "Priority delivery"
    assert (premium.revisions, premium.hours, premium.price) == (4, 9, 650)
    for tier in o.tiers.values():
        assert tier.effective_hourly_rate >= 45
        assert tier.revision_limit == tier.revisions


def test_clean_price_points():
    # below 100 step 5, to 500 step 25, to 2,000 step 50, to 10,000 step 100, above step 500
    assert [clean_price(x) for x in (0, 1, 99.01, 100, 100.01, 501, 2000.5, 10_001)] == [
        0,
        5,
        100,
        100,
        125,
        550,
        2100,
        10_500,
    ]
    assert all(up_to % step == 0 for up_to, step in price_points())


def test_no_fee_and_a_price_already_clean():
    # 50 $/h x 8 h / 1 = 400, a multiple of 25: the price is 400 and 400 / 8 = 50 $/h exactly.
    o = offer(walk_away_rate=50, hours=8, platform_fee=0)
    assert (o.price, o.effective_hourly_rate) == (400, 50)


def test_numbers_are_read_as_written():
    # 45 x 6 / (1 - 0.1) = 270 / 0.9 = 300 exactly, a price point: $300, not the next one up
    # (in binary 0.1 is a hair above one tenth, which would make the floor 300.0000000000000018).
    o = offer(platform_fee=0.1)
    assert (o.floor, o.price, o.effective_hourly_rate) == (300, 300, 45)


def test_float_noise_never_puts_the_price_under_the_float_floor():
    # 50 x 7 / (1 - 0.3) is 500 on paper but 500.00000000000006 in floats: the price covers the
    # float too, so it is the next point up (above 500 prices step by $50).
    o = offer(walk_away_rate=50, hours=7, platform_fee=0.3)
    assert o.price >= 50 * 7 / (1 - 0.3)
    assert o.price == 550
    assert o.effective_hourly_rate >= 50


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (dict(hours=0), "hours must be above 0"),
        (dict(hours=-1), "hours must be above 0"),
        (dict(platform_fee=1.0), "platform fee must be below 100%"),
        (dict(platform_fee=1.5), "platform fee must be below 100%"),
        (dict(platform_fee=-0.1), "platform fee cannot be negative"),
        (dict(deliverables=[]), "at least one deliverable"),
        (dict(deliverables=["  ", ""]), "at least one deliverable"),
        (dict(deliverables="front cover"), "must be a list"),
        (dict(name="  "), "give the package a name"),
        (dict(walk_away_rate=0), "walk-away rate must be above 0"),
        (dict(revisions=1.5), "revisions must be a whole number"),
        (dict(revisions=-1), "revisions must be a whole number"),
        (dict(revisions=500), "state a limit"),
        (dict(hours=float("nan")), "hours must be a finite number"),
        (dict(monthly_target=-5), "monthly target cannot be negative"),
    ],
)
def test_bad_inputs_are_refused_with_a_reason(change, message):
    with pytest.raises(ValueError, match=message):
        offer(**change)


def test_record_is_plain_data():
    o = offer()
    rec = o.record()
    assert rec["price"] == 350 and set(rec["tiers"]) == {"basic", "standard", "premium"}
    assert OfferInputs("x", ["a"], 1, 0, 10).as_dict()["deliverables"] == ["a"]


RATE = st.floats(min_value=0.5, max_value=500, allow_nan=False)
HOURS = st.floats(min_value=0.1, max_value=200, allow_nan=False)
FEE = st.floats(min_value=0, max_value=0.95, allow_nan=False)


@given(RATE, RATE, HOURS, FEE)
def test_a_higher_walk_away_rate_never_lowers_the_price(a, b, hours, fee):
    low, high = sorted((a, b))
    lo, hi = (
        offer(walk_away_rate=low, hours=hours, platform_fee=fee),
        offer(walk_away_rate=high, hours=hours, platform_fee=fee),
    )
    assert hi.price >= lo.price
    for tier in lo.tiers:
        assert hi.tiers[tier].price >= lo.tiers[tier].price


@given(RATE, HOURS, FEE)
def test_price_covers_the_walk_away_rate_and_is_clean(rate, hours, fee):
    o = offer(walk_away_rate=rate, hours=hours, platform_fee=fee)
    assert o.price >= rate * hours / (1 - fee)
    assert o.effective_hourly_rate >= rate
    assert o.effective_hourly_rate == pytest.approx(o.price * (1 - fee) / hours)
    assert clean_price(o.price) == o.price  # a clean price point is its own rounding
    assert o.tiers["basic"].price <= o.price <= o.tiers["premium"].price
    for tier in o.tiers.values():
        assert tier.effective_hourly_rate >= rate


@given(RATE, HOURS, FEE, st.floats(min_value=0, max_value=1e6))
def test_packages_per_month_meet_the_target(rate, hours, fee, target):
    o = offer(walk_away_rate=rate, hours=hours, platform_fee=fee, monthly_target=target)
    n = o.packages_per_month
    assert n * o.net_price >= target * (1 - 1e-12)
    assert n == 0 or (n - 1) * o.net_price < target
    assert o.hours_per_month == pytest.approx(n * o.hours)
    assert math.isfinite(o.hours_per_month)
