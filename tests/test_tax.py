"""gigcore.tax: the flat model's SE add-on and the US 2026 return, worked by hand; scenario
cases in tests/cases/tax_us_2026.toml; the smallest-profit solver; properties."""

import datetime as dt
import math
import tomllib
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st

from gigcore.params import load_params
from gigcore.tax import (
    FILING_STATUSES,
    Household,
    _jumps,
    bracket_tax,
    business_take_home,
    due_dates,
    profit_for_net,
    quarterly_schedule,
    se_breakpoints,
    se_tax_parts,
    tax_bill,
    us_profit_for_take_home,
    us_tax_2026,
)


def test_se_tax_below_wage_base():
    # base = 0.9235 x 50,000 = 46,175; 15.3% of it = 7,064.775
    assert se_tax_parts(50_000) == pytest.approx((7_064.775, 0.0))


def test_se_tax_caps_social_security_and_adds_medicare_surtax():
    # base = 0.9235 x 300,000 = 277,050
    # SS 0.124 x 184,500 = 22,878; Medicare 0.029 x 277,050 = 8,034.45
    # extra 0.009 x (277,050 - 200,000) = 693.45
    deductible, extra = se_tax_parts(300_000)
    assert deductible == pytest.approx(22_878 + 8_034.45)
    assert extra == pytest.approx(693.45)


def test_no_se_tax_under_400_of_net_earnings():
    assert se_tax_parts(433) == (0.0, 0.0)  # 433 x 0.9235 = 399.9
    assert se_tax_parts(434)[0] == pytest.approx(0.153 * 434 * 0.9235)


def test_income_tax_after_half_se_deduction():
    # SE 7,064.775; half = 3,532.39; income tax 0.22 x (50,000 - 3,532.39) = 10,222.87
    bill = tax_bill(50_000, 0.22, True)
    assert bill.income_tax == pytest.approx(0.22 * (50_000 - 7_064.775 / 2))
    assert bill.net == pytest.approx(50_000 - 7_064.775 - bill.income_tax)


def test_breakpoints_are_in_profit_terms():
    assert se_breakpoints() == pytest.approx([400 / 0.9235, 184_500 / 0.9235, 200_000 / 0.9235])


@pytest.mark.parametrize("net", [0, 100, 290, 330, 380, 10_000, 170_000, 185_000, 400_000])
@pytest.mark.parametrize("rate", [0.0, 0.12, 0.37])
def test_profit_for_net_is_exact_and_smallest(net, rate):
    profit = profit_for_net(net, rate, True)
    assert tax_bill(profit, rate, True).net == pytest.approx(net, abs=1e-6)
    # nothing a dollar smaller would do, except across the $400 jump where the net falls
    below = tax_bill(max(0.0, profit - 1), rate, True).net
    assert below < net or profit == 0


# --- US federal return, tax year 2026 ------------------------------------------------------------

CASES = tomllib.loads((Path(__file__).parent / "cases" / "tax_us_2026.toml").read_text())


@pytest.mark.parametrize("case", CASES["household"], ids=lambda c: c["name"])
def test_household_cases(case):
    bill = us_tax_2026(Household(**case["inputs"]))
    for key, want in case["expect"].items():
        assert getattr(bill, key) == pytest.approx(want, abs=case["tolerance"]), key


@pytest.mark.parametrize("case", CASES["estimate"], ids=lambda c: c["name"])
def test_estimate_cases(case):
    plan = quarterly_schedule(
        us_tax_2026(Household(**case["household"])),
        last_year_tax=case.get("last_year_tax"),
        last_year_agi=case.get("last_year_agi"),
    )
    for key, want in case["expect"].items():
        got = getattr(plan, key) if hasattr(plan, key) else getattr(plan.installments[0], key)
        assert got == pytest.approx(want, abs=case["tolerance"]), key
    assert len({(i.amount, i.safe_harbor) for i in plan.installments}) == 1  # four equal parts


def test_every_filing_status_has_a_case():
    seen = {Household(**c["inputs"]).filing_status for c in CASES["household"]}
    assert seen == set(FILING_STATUSES)


def test_2026_constants_are_the_published_ones():
    # Rev. Proc. 2025-32 (with the One Big Beautiful Bill Act) and the SSA 2026 fact sheet
    p = {k: v.value for k, v in load_params("tax_us_2026").items()}
    assert (p["standard_deduction_single"], p["standard_deduction_married_joint"]) == (
        16_100,
        32_200,
    )
    assert p["standard_deduction_head_of_household"] == 24_150
    assert p["social_security_wage_base"] == 184_500
    assert (p["qbi_threshold_single"], p["qbi_threshold_married_joint"]) == (201_750, 403_500)
    assert (p["qbi_phase_in_single"], p["qbi_phase_in_married_joint"]) == (75_000, 150_000)
    assert (p["qbi_minimum_deduction"], p["qbi_minimum_income"]) == (400, 1_000)
    assert p["bracket_start_7_single"] == 640_600 and p["bracket_start_7_married_joint"] == 768_700
    assert [d["date"] for d in due_dates()] == [
        dt.date(2026, 4, 15),
        dt.date(2026, 6, 15),
        dt.date(2026, 9, 15),
        dt.date(2027, 1, 15),
    ]
    assert all(d.weekday() < 5 for d in (x["date"] for x in due_dates()))


def test_bracket_tax_at_each_bracket_start():
    # single: 10% to 12,400; 12% to 50,400; 22% to 105,700; 24% to 201,775; 32% to 256,225; 35%
    assert bracket_tax(12_400) == pytest.approx((1_240, 0.10))
    assert bracket_tax(50_400)[0] == pytest.approx(1_240 + 0.12 * 38_000)  # 5,800
    assert bracket_tax(50_401)[1] == 0.22
    assert bracket_tax(1_000_000)[0] == pytest.approx(
        1_240
        + 4_560
        + 0.22 * 55_300
        + 0.24 * 96_075
        + 0.32 * 54_450
        + 0.35 * 384_375
        + 0.37 * 359_400
    )
    assert bracket_tax(0) == (0.0, 0.10)


def test_qbi_phase_in_ends_at_the_top_of_the_range():
    # single, no wages: before-QBI taxable income at the top (276,750) keeps nothing, except the
    # $400 minimum (non-service); a specified service above the range gets no minimum at all.
    def at(taxable, **kw):
        # profit giving before-QBI taxable income `taxable`: solve AGI = taxable + 16,100
        lo, hi = 0.0, 1e6
        for _ in range(200):
            mid = (lo + hi) / 2
            b = us_tax_2026(Household(mid, **kw))
            lo, hi = (mid, hi) if b.taxable_income_before_qbi < taxable else (lo, mid)
        return us_tax_2026(Household(hi, **kw))

    assert at(276_750).qbi_deduction == pytest.approx(400)
    assert at(300_000).qbi_deduction == 400
    assert at(300_000, specified_service=True).qbi_deduction == 0
    # a quarter into the range a plain business keeps 75%, a specified service 56.25%
    plain, service = at(201_750 + 18_750), at(201_750 + 18_750, specified_service=True)
    assert plain.qbi_deduction == pytest.approx(0.2 * plain.qualified_business_income * 0.75)
    assert service.qbi_deduction == pytest.approx(0.2 * service.qualified_business_income * 0.5625)


def test_retirement_is_capped_by_earned_income_and_comes_off_qbi():
    # 20,000 profit: SE 2,825.91; half 1,412.955; earned 18,587.045; a 25,000 contribution
    # deducts only that, leaving AGI 0
    b = us_tax_2026(Household(20_000, retirement=25_000))
    assert b.retirement_deduction == pytest.approx(18_587.045)
    assert b.agi == pytest.approx(0) and b.qualified_business_income == pytest.approx(0)
    c = us_tax_2026(Household(100_000, retirement=10_000))
    assert c.qualified_business_income == pytest.approx(100_000 - c.se_tax_deduction - 10_000)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"filing_status": "married_separate"}, "filing status must be one of"),
        ({"wages": -1}, "wages cannot be negative"),
        ({"health_insurance": math.nan}, "health insurance premiums .* finite"),
        ({"retirement": "10"}, "retirement contribution .* must be a number"),
        ({"state_income_tax_rate": 0.5}, "state income-tax rate must be between 0% and 20%"),
        ({"state_income_tax_rate": -0.01}, "state income-tax rate"),
        ({"specified_service": 1}, "specified service business must be yes or no"),
        ({"se_profit": math.inf}, "self-employment profit"),
    ],
)
def test_household_bad_input(change, message):
    with pytest.raises(ValueError, match=message):
        us_tax_2026(replace(Household(50_000), **change))


def test_schedule_downloads():
    plan = quarterly_schedule(us_tax_2026(Household(80_000, state_income_tax_rate=0.05)))
    csv_text = plan.to_csv()
    assert csv_text.splitlines()[0] == "due,covers,pay_to_cover_2026_tax,safe_harbor_minimum"
    assert csv_text.splitlines()[1].startswith("2026-04-15,")
    assert len(csv_text.splitlines()) == 5
    md = plan.to_markdown()
    assert "| Apr 15, 2026 |" in md and "| Jan 15, 2027 |" in md
    assert "State income tax" in md and "not tax advice" in md
    with pytest.raises(ValueError, match="last year's tax cannot be negative"):
        quarterly_schedule(us_tax_2026(Household(80_000)), last_year_tax=-1)


def test_withholding_lowers_what_is_left_to_pay():
    bill = us_tax_2026(Household(40_000, wages=50_000))
    alone = us_tax_2026(Household(0, wages=50_000))
    plan = quarterly_schedule(bill, withholding=alone.federal)
    assert plan.to_pay == pytest.approx(bill.federal - alone.federal)
    assert plan.installments[0].amount == pytest.approx(plan.to_pay / 4)


# --- the smallest profit for a take-home ---------------------------------------------------------


@pytest.mark.parametrize("status", FILING_STATUSES)
@pytest.mark.parametrize("target", [0, 250, 380, 420, 900, 20_000, 60_000, 180_000, 400_000])
def test_profit_for_take_home_is_exact_and_smallest(status, target):
    h = Household(0, status)
    profit = us_profit_for_take_home(target, h)
    kept = business_take_home(replace(h, se_profit=profit))
    assert kept >= target - 1e-6 and kept == pytest.approx(target, abs=1e-6)
    if profit > 0:  # a cent less never reaches it, whatever the jumps below
        assert business_take_home(replace(h, se_profit=profit - 0.01)) < target


def test_the_400_notch_gives_the_smaller_profit():
    # take-home 420: 420 of profit keeps 420 (no SE tax under $400 of net earnings, no income
    # tax under the standard deduction); just above 433.13 SE tax starts and 433.14 keeps only
    # 433.14 - 61.20 = 371.94, so the smallest profit is 420, not the one above the notch.
    assert us_profit_for_take_home(420, Household(0)) == pytest.approx(420)
    # 380 and 400 too; 440 needs a profit above the notch: P - 0.141296 P = 440 -> 512.23
    assert us_profit_for_take_home(440, Household(0)) == pytest.approx(440 / (1 - 0.1412955))


def test_minimum_deduction_jump_can_be_the_answer():
    # with 30,000 of wages, QBI reaching 1,000 switches on the $400 minimum and take-home jumps
    # up by 12% x (400 - 200) = 24: a take-home just below the top of the jump is met exactly at
    # the profit where QBI = 1,000 (P - 0.0706478 P = 1,000 -> P = 1,076.00)
    h = Household(0, wages=30_000)
    edge = 1_000 / (1 - 0.5 * 0.153 * 0.9235)
    below = business_take_home(replace(h, se_profit=edge - 1e-6))
    at = business_take_home(replace(h, se_profit=edge + 1e-6))
    assert at - below == pytest.approx(0.12 * (400 - 200), abs=0.01)
    assert us_profit_for_take_home((below + at) / 2, h) == pytest.approx(edge, abs=1e-5)


households = st.builds(
    Household,
    se_profit=st.just(0.0),
    filing_status=st.sampled_from(FILING_STATUSES),
    wages=st.one_of(st.just(0.0), st.floats(0, 400_000)),
    health_insurance=st.one_of(st.just(0.0), st.floats(0, 25_000)),
    retirement=st.one_of(st.just(0.0), st.floats(0, 40_000)),
    state_income_tax_rate=st.floats(0, 0.15),
    specified_service=st.booleans(),
)


@settings(max_examples=120, deadline=None)
@given(households, st.floats(0, 700_000))
@example(Household(0.0, wages=291_514.0, retirement=26_561.0), 183.0)  # lands on the jump
def test_solver_meets_the_target_and_nothing_smaller_does(h, target):
    profit = us_profit_for_take_home(target, h)
    kept = business_take_home(replace(h, se_profit=profit))
    assert kept >= target - 1e-6 * (1 + target)
    if kept != pytest.approx(target, abs=1e-6 * (1 + target)):
        # only where take-home jumps over the target: the $400 minimum QBI deduction starting
        assert profit in _jumps(replace(h, se_profit=0.0))
    # nothing smaller does: a grid below the answer stays short of the target
    for k in range(1, 40):
        x = profit * k / 40
        assert business_take_home(replace(h, se_profit=x)) < target + 1e-9


@settings(max_examples=150, deadline=None)
@given(households, st.floats(0, 900_000), st.floats(1, 5_000))
def test_take_home_rises_with_profit_away_from_the_jumps(h, profit, more):
    # the two jumps sit below a few thousand dollars of profit (SE tax from $400 of net earnings,
    # the $400 minimum QBI deduction from $1,000 of QBI) and, for a specified service, where the
    # minimum stops near the top of the phase-in range; elsewhere each extra dollar keeps some
    assume(profit > h.health_insurance + h.retirement + 3_000)
    a = us_tax_2026(replace(h, se_profit=profit))
    b = us_tax_2026(replace(h, se_profit=profit + more))
    assume(not h.specified_service or a.qbi_deduction == b.qbi_deduction or b.qbi_deduction > 0)
    assert b.net > a.net


@settings(max_examples=100, deadline=None)
@given(households, st.floats(0, 900_000))
def test_bill_parts_add_up(h, profit):
    b = us_tax_2026(replace(h, se_profit=profit))
    assert b.total == pytest.approx(
        b.se_tax + b.additional_medicare_tax + b.income_tax + b.state_tax
    )
    assert b.qbi_deduction >= 0
    assert b.taxable_income <= b.taxable_income_before_qbi + 1e-9
    assert b.health_insurance_deduction <= h.health_insurance + 1e-9
