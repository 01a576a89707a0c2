"""gigcore.rates: scenario cases (tests/cases/rates.toml), validation, and properties."""

from __future__ import annotations

import math
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.rates import (
    FreelanceInputs,
    MicrotaskInputs,
    compare,
    diff_scenarios,
    freelance_rate,
    microtask_rate,
    scenario,
    sensitivity,
    sweep,
    walk_away_rate,
)

CASES = tomllib.loads((Path(__file__).parent / "cases" / "rates.toml").read_text())
BASE = FreelanceInputs(60_000, 6_000, 40, 6, 0.30, 0.22, 0.10)
MICRO = MicrotaskInputs(0.50, 3, 0.33, 0.02, 0.0)


@pytest.mark.parametrize("case", CASES["freelance"], ids=lambda c: c["name"])
def test_freelance_cases(case):
    quote = freelance_rate(FreelanceInputs(**case["inputs"]))
    for key, want in case["expect"].items():
        assert getattr(quote, key) == pytest.approx(want, abs=case["tolerance"]), key


@pytest.mark.parametrize("case", CASES["micro"], ids=lambda c: c["name"])
def test_micro_cases(case):
    quote = microtask_rate(MicrotaskInputs(**case["inputs"]))
    for key, want in case["expect"].items():
        assert getattr(quote, key) == pytest.approx(want, abs=case["tolerance"]), key


def test_money_adds_up():
    q = freelance_rate(replace(BASE, us_self_employment_tax=True))
    parts = q.take_home + q.income_tax + q.se_tax + q.expenses + q.platform_fees
    assert parts == pytest.approx(q.gross_revenue)
    assert q.take_home == pytest.approx(BASE.target_net_income)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"hours_per_week": 0}, "hours per week must be more than zero"),
        ({"hours_per_week": -5}, "hours per week must be more than zero"),
        ({"hours_per_week": 200}, "cannot exceed 168"),
        ({"weeks_off": 52}, "weeks off must be fewer than 52"),
        ({"weeks_off": -1}, "weeks off cannot be negative"),
        ({"non_billable_share": 1.0}, "non-billable share must be at least 0% and below 100%"),
        ({"income_tax_rate": 1.0}, "income-tax rate must be at least 0% and below 100%"),
        ({"platform_fee": -0.1}, "platform fee must be at least 0%"),
        ({"target_net_income": -1}, "target take-home income cannot be negative"),
        ({"annual_expenses": float("nan")}, "business expenses must be a finite number"),
        ({"annual_expenses": "100"}, "business expenses must be a number"),
        ({"us_self_employment_tax": "yes"}, "self-employment tax must be on or off"),
    ],
)
def test_freelance_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        freelance_rate(replace(BASE, **change))


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"minutes_per_task": 0}, "minutes per task must be more than zero"),
        ({"pay_per_task": -0.1}, "pay per task cannot be negative"),
        ({"unpaid_share": 1.0}, "unpaid share of time must be at least 0% and below 100%"),
        ({"rejection_rate": float("inf")}, "rejection rate must be a finite number"),
    ],
)
def test_micro_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        microtask_rate(replace(MICRO, **change))


def test_tasks_and_hours_for_a_daily_target():
    m = microtask_rate(MICRO)
    # 30 / 0.49 = 61.22 tasks; 61.22 / 13.4 tasks per hour = 4.569 h
    assert m.tasks_for(30) == pytest.approx(61.2245, abs=1e-4)
    assert m.hours_for(30) == pytest.approx(4.5690, abs=1e-4)
    with pytest.raises(ValueError, match="pay nothing"):
        microtask_rate(replace(MICRO, pay_per_task=0)).tasks_for(10)


def test_compare_puts_both_paths_on_one_scale():
    c = compare(BASE, MICRO)
    # profit 76,923.08 over 1,840 working hours = 41.806/h; micro 6.566/h
    assert c.freelance_needed_per_hour == pytest.approx(41.806, abs=1e-3)
    assert c.micro_per_hour == pytest.approx(6.566)
    # 76,923.08 / 6.566 / 46 weeks = 254.68 hours a week: the target is out of reach
    assert c.micro_hours_per_week_for_target == pytest.approx(254.68, abs=0.01)


def test_sweep_is_the_rate_at_each_point():
    points = sweep(BASE, "hours_per_week")
    assert points[0][0] == 10 and points[-1][0] == 60
    for hours, rate in points[::5]:
        assert rate == pytest.approx(
            freelance_rate(replace(BASE, hours_per_week=hours)).hourly_rate
        )
    assert [r for _, r in points] == sorted((r for _, r in points), reverse=True)
    with pytest.raises(ValueError, match="can only sweep"):
        sweep(BASE, "weeks_off")


def test_sensitivity_orders_by_swing_and_stays_valid():
    rows = sensitivity(BASE)
    swings = [r.swing for r in rows]
    assert swings == sorted(swings, reverse=True)
    nb = next(r for r in rows if r.field == "non_billable_share")
    assert (nb.low_value, nb.high_value) == pytest.approx((0.20, 0.40))
    # edge inputs are clamped into range, so every row computes
    edge = sensitivity(replace(BASE, weeks_off=51, platform_fee=0.95, hours_per_week=168))
    assert all(math.isfinite(r.swing) for r in edge)


def test_walk_away_and_scenario_bundle():
    q = freelance_rate(BASE)
    assert walk_away_rate(q, 0.10) == pytest.approx(q.hourly_rate * 1.1)
    s = scenario(BASE, MICRO, margin=0.1, daily_target=30)
    assert s.result_dict()["walk_away_rate"] == pytest.approx(q.hourly_rate * 1.1)
    assert s.inputs_dict()["freelance"]["weeks_off"] == 6
    with pytest.raises(ValueError, match="daily micro-task target cannot be negative"):
        scenario(BASE, MICRO, daily_target=-1)


def test_diff_scenarios_lists_only_changes():
    a = {"freelance": {"hours_per_week": 40, "weeks_off": 6}, "hourly_rate": 71.5}
    b = {"freelance": {"hours_per_week": 30, "weeks_off": 6}, "hourly_rate": 95.4}
    assert diff_scenarios(a, b) == [
        ("freelance.hours_per_week", 40, 30),
        ("hourly_rate", 71.5, 95.4),
    ]


# -- properties: a higher cost never lowers the break-even rate ----------------------------------
inputs = st.builds(
    FreelanceInputs,
    target_net_income=st.floats(0, 500_000),
    annual_expenses=st.floats(0, 100_000),
    hours_per_week=st.floats(1, 80),
    weeks_off=st.floats(0, 50),
    non_billable_share=st.floats(0, 0.9),
    income_tax_rate=st.floats(0, 0.6),
    platform_fee=st.floats(0, 0.5),
    us_self_employment_tax=st.booleans(),
)
COSTS = {
    "annual_expenses": 5_000.0,
    "income_tax_rate": 0.05,
    "platform_fee": 0.05,
    "non_billable_share": 0.05,
    "weeks_off": 1.0,
    "target_net_income": 1_000.0,
}


@settings(max_examples=150, deadline=None)
@given(inputs, st.sampled_from(sorted(COSTS)))
def test_more_cost_never_lowers_rate(base, field):
    more = replace(base, **{field: getattr(base, field) + COSTS[field]})
    try:
        more.checked()
    except ValueError:
        return  # stepped out of the valid range
    assert freelance_rate(more).hourly_rate >= freelance_rate(base).hourly_rate - 1e-9


@settings(max_examples=150, deadline=None)
@given(inputs)
def test_rate_finite_and_take_home_met(base):
    q = freelance_rate(base)
    assert math.isfinite(q.hourly_rate) and q.hourly_rate >= 0
    assert q.take_home == pytest.approx(base.target_net_income, abs=1e-6 * (1 + q.profit))


@settings(max_examples=100, deadline=None)
@given(
    st.floats(0, 50),
    st.floats(0.01, 600),
    st.floats(0, 0.99),
    st.floats(0, 0.99),
    st.floats(0, 0.99),
)
def test_micro_rate_bounded_by_paid_time_rate(pay, minutes, unpaid, rejected, fee):
    m = microtask_rate(MicrotaskInputs(pay, minutes, unpaid, rejected, fee))
    assert 0 <= m.effective_hourly_rate <= m.paid_time_hourly_rate + 1e-12
    assert m.paid_time_hourly_rate <= pay * 60 / minutes + 1e-9
