"""gigcore's US 2026 tax model against Tax-Calculator (PSLmodels), an independent model.

The expected figures are Tax-Calculator's, written by scripts/tax_oracle_2026.py into
tests/cases/tax_oracle_2026.json (Tax-Calculator is heavy, so CI does not install it). Where its
reading of the law differs from gigcore's, the file says so in "notes" and flags the households.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest

from gigcore.tax import Household, business_take_home, us_profit_for_take_home, us_tax_2026

DOC = json.loads((Path(__file__).parent / "cases" / "tax_oracle_2026.json").read_text())
FIELDS = ("se_tax", "additional_medicare_tax", "qbi_deduction", "taxable_income", "income_tax")


def test_the_file_covers_enough_households():
    cases = DOC["households"]
    assert len(cases) >= 300
    homes = [Household(**c["household"]) for c in cases]
    assert {h.filing_status for h in homes} == {"single", "married_joint", "head_of_household"}
    assert sum(h.wages > 0 for h in homes) >= 50
    assert sum(h.health_insurance > 0 for h in homes) >= 50
    assert sum(h.retirement > 0 for h in homes) >= 50
    assert sum(h.specified_service for h in homes) >= 50
    assert sum(h.se_profit > 250_000 for h in homes) >= 30  # the QBI phase-in and above
    assert all(c["amt"] == 0 for c in cases)  # AMT is not modelled: none of them owes it


def test_every_household_agrees_to_a_dollar():
    worst, off = 0.0, []
    for n, case in enumerate(DOC["households"]):
        bill = us_tax_2026(Household(**case["household"]))
        for field in FIELDS:
            diff = abs(getattr(bill, field) - case["expect"][field])
            worst = max(worst, diff)
            if diff > 1.0:
                off.append((n, field, getattr(bill, field), case["expect"][field]))
        assert bill.agi == pytest.approx(case["expect"]["agi"], abs=1.0)
    assert not off, off[:5]
    assert worst < 0.01  # in practice the two agree to the cent


def test_flagged_households_are_the_specified_service_minimum():
    flagged = [c for c in DOC["households"] if c["flag"]]
    assert flagged and all(c["flag"] == "no_minimum_for_sstb" for c in flagged)
    for case in flagged:
        h = Household(**case["household"])
        assert h.specified_service
        assert us_tax_2026(h).qbi_deduction < 400  # the statute gives them no $400 minimum


@pytest.mark.parametrize("n", range(len(DOC["break_even"])))
def test_break_even_profits_leave_the_target_by_the_oracle(n):
    case = DOC["break_even"][n]
    h = Household(**case["household"])
    profit = us_profit_for_take_home(case["target"], h)
    assert profit == pytest.approx(case["profit"], abs=0.01)  # the file matches today's solver
    assert abs(case["oracle_take_home"] - case["target"]) <= 2.0  # Tax-Calculator agrees
    assert business_take_home(replace(h, se_profit=profit)) == pytest.approx(case["target"])
