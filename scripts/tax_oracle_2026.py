"""Regenerate tests/cases/tax_oracle_2026.json: gigcore's 2026 tax model against Tax-Calculator.

Tax-Calculator (PyPI `taxcalc`, PSLmodels) is an independent model of the federal return with
2026 current-law parameters. It is heavy (numba), so CI does not install it: this script runs it
once on generated households and commits what it said; tests/test_tax_oracle.py compares
gigcore to that file to $1.

    pip install taxcalc && python scripts/tax_oracle_2026.py            # rewrite the file
    python scripts/tax_oracle_2026.py --check                          # compare only, print

Where Tax-Calculator's reading differs from the law as gigcore models it, the households are
kept and the difference handled explicitly (see DIFFERENCES below, and the file's "notes").
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gigcore.tax import (  # noqa: E402
    Household,
    us_profit_for_take_home,
    us_tax_2026,
    without_business,
)

OUT = ROOT / "tests" / "cases" / "tax_oracle_2026.json"
MARS = {"single": 1, "married_joint": 2, "head_of_household": 4}
FIELDS = ("se_tax", "additional_medicare_tax", "qbi_deduction", "taxable_income", "income_tax")
TAXCALC = {  # gigcore bill field -> Tax-Calculator variable
    "se_tax": "setax",
    "additional_medicare_tax": "ptax_amc",
    "qbi_deduction": "qbided",
    "taxable_income": "c04800",
    "income_tax": "taxbc",
    "agi": "c00100",
}
DIFFERENCES = [
    "Specified service businesses: Tax-Calculator gives the $400 minimum QBI deduction to any "
    "return with $1,000 of QBI. IRC 199A(i) counts QBI of 'active qualified trades or "
    "businesses', and above the threshold a specified service counts only at the applicable "
    "percentage (199A(d)(3)), none above the phase-in range. gigcore follows the statute; for "
    "households where the two readings differ the expected values come from Tax-Calculator "
    "run with PT_qbid_min_ded = 0 (flag 'no_minimum_for_sstb').",
    "The $400 SE floor: Tax-Calculator owes SE tax only above $400 of net earnings; Schedule SE "
    "owes it from $400. No generated household has exactly $400.",
    "Health premiums and retirement contributions: Tax-Calculator deducts them as given; the law "
    "caps each at the business's earned income. Generated households keep them under that cap, "
    "so both agree; the cap has its own hand-computed tests.",
    "Tax-Calculator taxes with the exact bracket formula, as gigcore does; the IRS Tax Table "
    "used below $100,000 of taxable income taxes the middle of each $50 band (a few dollars).",
    "AMT is not modelled by gigcore; Tax-Calculator's AMT (c09600) is recorded and is 0 for "
    "every generated household (no preference items).",
]


def households(count: int, seed: int = 2026) -> list[Household]:
    """Varied households: each filing status, profits from a few hundred dollars to $900,000,
    wages, premiums, retirement, state rates and specified services, with edge cases."""
    rng = random.Random(seed)
    out = [
        Household(433.0),  # just under $400 of net earnings: no SE tax
        Household(434.0),  # just over
        Household(1_200.0),  # QBI near $1,000: the minimum deduction
        Household(1_080.0),
        Household(199_000.0, wages=0.0),
        Household(60_000.0, wages=150_000.0),  # wages use up most of the wage base
        Household(80_000.0, wages=190_000.0),  # all of it; and the Additional Medicare threshold
        Household(250_000.0, "married_joint", wages=120_000.0),
        Household(240_000.0, specified_service=True),  # inside the phase-in range
        Household(280_000.0, specified_service=True),  # above it
        Household(480_000.0, "married_joint", specified_service=True),
        Household(230_000.0, "head_of_household"),
    ]
    while len(out) < count:
        status = rng.choice(list(MARS))
        profit = round(10 ** rng.uniform(2.7, 5.95), 2)
        wages = 0.0 if rng.random() < 0.55 else round(10 ** rng.uniform(3.5, 5.5), 2)
        if wages > 150_000 and profit < 1_000:
            profit += 1_000  # keep SE earnings at or above $400 (see DIFFERENCES)
        earned = profit - 0.5 * 0.153 * 0.9235 * profit
        health = 0.0 if rng.random() < 0.5 else round(rng.uniform(0, min(15_000, 0.4 * earned)), 2)
        retire = 0.0 if rng.random() < 0.6 else round(rng.uniform(0, 0.4 * earned), 2)
        state = 0.0 if rng.random() < 0.4 else round(rng.uniform(0, 0.11), 4)
        out.append(
            Household(
                profit,
                status,
                wages=wages,
                health_insurance=health,
                retirement=retire,
                state_income_tax_rate=state,
                specified_service=rng.random() < 0.3,
            )
        )
    return out


def run_taxcalc(rows: list[Household], min_deduction: bool = True) -> list[dict]:
    import pandas as pd
    import taxcalc as tc

    frame = pd.DataFrame(
        {
            "RECID": range(1, len(rows) + 1),
            "MARS": [MARS[h.filing_status] for h in rows],
            "XTOT": [2 if h.filing_status == "married_joint" else 1 for h in rows],
            "age_head": 40,
            "age_spouse": [40 if h.filing_status == "married_joint" else 0 for h in rows],
            "e00200": [h.wages for h in rows],
            "e00200p": [h.wages for h in rows],
            "e00900": [h.se_profit for h in rows],
            "e00900p": [h.se_profit for h in rows],
            "e03270": [h.health_insurance for h in rows],
            "e03300": [h.retirement for h in rows],
            "PT_SSTB_income": [int(h.specified_service) for h in rows],
        }
    )
    records = tc.Records(
        data=frame, start_year=2026, gfactors=None, weights=None, adjust_ratios=None
    )
    policy = tc.Policy()
    if not min_deduction:
        policy.implement_reform({"PT_qbid_min_ded": {2026: 0.0}})
    calc = tc.Calculator(policy=policy, records=records, verbose=False)
    calc.calc_all()
    names = [*TAXCALC.values(), "c09600"]
    arrays = {n: calc.array(n) for n in names}
    return [{n: float(arrays[n][k]) for n in names} for k in range(len(rows))]


def sstb_reading_differs(h: Household) -> bool:
    """True when the statute's $1,000 test (applicable percentage of QBI) and Tax-Calculator's
    (all QBI) disagree for this household."""
    from gigcore.tax import _law, _qbi_share

    b = us_tax_2026(h)
    _, counted = _qbi_share(
        b.taxable_income_before_qbi, _law().status[h.filing_status], h.specified_service
    )
    limit = _law().raw["qbi_minimum_income"]
    return (b.qualified_business_income >= limit) != (
        b.qualified_business_income * counted >= limit
    )


def oracle_take_home(h: Household, with_b: dict, without: dict) -> float:
    """Business take-home with Tax-Calculator's federal taxes and the flat state rate on its AGI."""

    def net(x: Household, t: dict) -> float:
        federal = t["setax"] + t["ptax_amc"] + t["taxbc"]
        state = x.state_income_tax_rate * max(0.0, t["c00100"])
        return x.se_profit + x.wages - x.health_insurance - x.retirement - federal - state

    return net(h, with_b) - net(without_business(h), without)


def build(count: int) -> dict:
    import taxcalc as tc

    rows = households(count)
    plain, no_min = run_taxcalc(rows), run_taxcalc(rows, min_deduction=False)
    cases = []
    for h, t, t0 in zip(rows, plain, no_min, strict=True):
        flag = sstb_reading_differs(h)
        use = t0 if flag else t
        cases.append(
            {
                "household": asdict(h),
                "expect": {f: round(use[TAXCALC[f]], 4) for f in (*FIELDS, "agi")},
                "amt": use["c09600"],
                "flag": "no_minimum_for_sstb" if flag else "",
            }
        )
    # Break-even: gigcore's smallest profit for a take-home, fed to Tax-Calculator.
    rng = random.Random(11)
    picks = [h for h in rows if not h.specified_service][:60]
    targets = [20_000, 45_000, 80_000, 150_000, 260_000]
    solved = []
    for h in picks:
        target = float(rng.choice(targets))
        profit = us_profit_for_take_home(target, h)
        solved.append((h, target, replace(h, se_profit=profit)))
    with_b = run_taxcalc([s[2] for s in solved])
    without = run_taxcalc([without_business(s[2]) for s in solved])
    break_even = [
        {
            "household": asdict(replace(h, se_profit=0.0)),
            "target": target,
            "profit": round(solved_h.se_profit, 6),
            "oracle_take_home": round(oracle_take_home(solved_h, a, b), 4),
        }
        for (h, target, solved_h), a, b in zip(solved, with_b, without, strict=True)
    ]
    return {
        "about": "gigcore.tax.us_tax_2026 against Tax-Calculator; regenerate with "
        "scripts/tax_oracle_2026.py",
        "taxcalc_version": tc.__version__,
        "notes": DIFFERENCES,
        "households": cases,
        "break_even": break_even,
    }


def compare(doc: dict) -> tuple[int, float, list[str]]:
    """(households agreeing to $1 on every field, largest difference, problems)."""
    agree, worst, problems = 0, 0.0, []
    for n, case in enumerate(doc["households"]):
        bill = us_tax_2026(Household(**case["household"]))
        diffs = {f: abs(getattr(bill, f) - case["expect"][f]) for f in FIELDS}
        worst = max(worst, *diffs.values())
        if max(diffs.values()) <= 1.0:
            agree += 1
        else:
            problems.append(f"household {n}: {diffs}")
    for n, case in enumerate(doc["break_even"]):
        if abs(case["oracle_take_home"] - case["target"]) > 2.0:
            problems.append(f"break-even {n}: oracle take-home {case['oracle_take_home']}")
    return agree, worst, problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=400)
    parser.add_argument("--check", action="store_true", help="compare only, do not write")
    args = parser.parse_args()
    doc = build(args.count)
    agree, worst, problems = compare(doc)
    takes = [abs(c["oracle_take_home"] - c["target"]) for c in doc["break_even"]]
    flagged = sum(1 for c in doc["households"] if c["flag"])
    print(
        f"{agree} of {len(doc['households'])} households agree to $1 on {', '.join(FIELDS)}; "
        f"largest difference ${worst:.6f}; {flagged} flagged no_minimum_for_sstb; "
        f"break-even take-home off by at most ${max(takes):.6f} over {len(takes)} households; "
        f"AMT nonzero for {sum(1 for c in doc['households'] if c['amt'])}"
    )
    for line in problems[:20]:
        print(line)
    if not args.check:
        OUT.write_text(json.dumps(doc, indent=1) + "\n")
        print(f"wrote {OUT.relative_to(ROOT)}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
