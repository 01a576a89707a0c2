"""Tax models on a year's business profit.

Two models:

- a flat effective income-tax rate, optionally with US self-employment tax (`tax_bill`,
  `profit_for_net`), for "another country: a flat rate";
- the US federal return for tax year 2026 (`Household`, `us_tax_2026`): Schedule SE, Additional
  Medicare Tax (Form 8959), the self-employed health insurance and retirement deductions, the
  section 199A QBI deduction (Form 8995 / 8995-A for a business without W-2 wages or property),
  the standard deduction and the income-tax brackets (before credits), and a flat state rate on
  AGI. `us_profit_for_take_home` finds the smallest profit that leaves a take-home, and
  `quarterly_schedule` what to pay on each 2026 estimated-tax due date.

Every constant lives in `data/tax_us_2026.toml` with its source and date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
from dataclasses import dataclass, replace
from functools import cache, lru_cache
from itertools import pairwise

from gigcore.checks import finite
from gigcore.params import load_data, load_params

SE_FILE = "tax_us_2026"
FILING_STATUSES = ("single", "married_joint", "head_of_household")
FILING_STATUS_LABELS = {
    "single": "Single",
    "married_joint": "Married filing jointly",
    "head_of_household": "Head of household",
}
BRACKETS = 7
MAX_PROFIT = 1e12  # beyond this no take-home is searched for


@dataclass(frozen=True)
class TaxBill:
    """Taxes owed on one year's profit under the flat model."""

    profit: float
    se_tax: float
    income_tax: float

    @property
    def total(self) -> float:
        return self.se_tax + self.income_tax

    @property
    def net(self) -> float:
        return self.profit - self.total


def _amount(name: str, value: object) -> float:
    """`value` in dollars as a finite float; a loss (negative amount) is allowed and owes no tax."""
    return finite(f"{name} (dollars)", value)


def _rate(value: object) -> float:
    """The flat income-tax rate as a share from 0 up to (not including) 1."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"income-tax rate must be a number, got {value!r}")
    if not 0 <= value < 1:
        raise ValueError(
            f"income-tax rate must be at least 0% and below 100% (a share such as 0.22), "
            f"got {value!r}"
        )
    return float(value)


def _p() -> dict[str, float]:
    return _law().raw


def se_tax_parts(profit: float) -> tuple[float, float]:
    """(deductible SE tax, additional Medicare tax) owed on `profit` for tax year 2026, for a
    single filer with no wages (the flat model's SE add-on).

    A loss (negative profit) owes none.
    """
    p = _p()
    base = max(0.0, _amount("profit", profit)) * p["net_earnings_factor"]
    if base < p["minimum_net_earnings"]:
        return 0.0, 0.0
    social = p["social_security_rate"] * min(base, p["social_security_wage_base"])
    medicare = p["medicare_rate"] * base
    threshold = p["additional_medicare_threshold_single"]
    extra = p["additional_medicare_rate"] * max(0.0, base - threshold)
    return social + medicare, extra


def se_breakpoints() -> list[float]:
    """Profits at which the flat model's SE tax changes slope or jumps."""
    p = _p()
    factor = p["net_earnings_factor"]
    return sorted(
        p[k] / factor
        for k in (
            "minimum_net_earnings",
            "social_security_wage_base",
            "additional_medicare_threshold_single",
        )
    )


def tax_bill(profit: float, income_tax_rate: float, self_employment: bool) -> TaxBill:
    """Taxes on `profit`: SE tax if asked, then the flat rate on profit less half the SE tax.

    A loss (negative profit) owes no tax; the rate is a share from 0 up to (not including) 1.
    """
    profit, income_tax_rate = _amount("profit", profit), _rate(income_tax_rate)
    se, extra = se_tax_parts(profit) if self_employment else (0.0, 0.0)
    deduction = se * _p()["deductible_share"]
    taxable = max(0.0, profit - deduction)
    return TaxBill(profit=profit, se_tax=se + extra, income_tax=income_tax_rate * taxable)


def profit_for_net(net: float, income_tax_rate: float, self_employment: bool) -> float:
    """The smallest profit that leaves `net` after tax under the flat model.

    Net after tax is linear in profit between the SE breakpoints, so each piece is solved exactly
    and the smallest solution that lies inside its own piece wins. A net of 0 or less needs no
    profit (0); the rate is a share from 0 up to (not including) 1.
    """
    net, income_tax_rate = _amount("take-home", net), _rate(income_tax_rate)
    if net <= 0:
        return 0.0
    if not self_employment:
        profit = net / (1.0 - income_tax_rate)
        if not math.isfinite(profit):
            raise ValueError("that take-home is too large to compute; enter a smaller amount")
        return profit
    edges = [0.0, *se_breakpoints(), float("inf")]
    for lo, hi in pairwise(edges):
        step = 1000.0 if hi == float("inf") else (hi - lo) / 3
        x1, x2 = lo + step, lo + 2 * step  # inside the piece, clear of its edges
        f1 = tax_bill(x1, income_tax_rate, True).net
        f2 = tax_bill(x2, income_tax_rate, True).net
        profit = x1 + (net - f1) * (x2 - x1) / (f2 - f1)
        if lo - 1e-6 <= profit < hi:  # tolerance for rounding at a piece's lower edge
            return max(profit, lo)
    raise ValueError("no profit reaches that take-home; check the tax rate and the amount")


# --- US federal return, tax year 2026 -----------------------------------------------------------


@dataclass(frozen=True)
class _Status:
    """The 2026 constants that depend on the filing status."""

    standard_deduction: float
    bracket_starts: tuple[float, ...]  # 7 starts, the first 0
    additional_medicare_threshold: float
    qbi_threshold: float
    qbi_phase_in: float


@dataclass(frozen=True)
class _Law:
    raw: dict[str, float]
    rates: tuple[float, ...]
    status: dict[str, _Status]


@cache
def _law() -> _Law:
    raw = {k: v.value for k, v in load_params(SE_FILE).items()}
    rates = tuple(raw[f"bracket_rate_{i}"] for i in range(1, BRACKETS + 1))
    status = {
        s: _Status(
            standard_deduction=raw[f"standard_deduction_{s}"],
            bracket_starts=(
                0.0,
                *(raw[f"bracket_start_{i}_{s}"] for i in range(2, BRACKETS + 1)),
            ),
            additional_medicare_threshold=raw[f"additional_medicare_threshold_{s}"],
            qbi_threshold=raw[f"qbi_threshold_{s}"],
            qbi_phase_in=raw[f"qbi_phase_in_{s}"],
        )
        for s in FILING_STATUSES
    }
    for s, st in status.items():
        if list(st.bracket_starts) != sorted(st.bracket_starts):
            raise ValueError(f"tax_us_2026.toml: the {s} brackets are not in order")
    return _Law(raw, rates, status)


def _non_negative(name: str, value: object) -> float:
    number = finite(f"{name} (dollars)", value)
    if number < 0:
        raise ValueError(f"{name} cannot be negative")
    return number


def state_rate_max() -> float:
    """The highest flat state income-tax rate (share of AGI) the model accepts."""
    return _p()["state_income_tax_rate_max"]


@dataclass(frozen=True)
class Household:
    """One tax return for 2026: the self-employed person's business and what goes with it.

    se_profit: Schedule C net profit per year (a loss is allowed);
    filing_status: "single" | "married_joint" | "head_of_household";
    wages: W-2 wages in the same year (they use up the Social Security wage base and the
        Additional Medicare threshold first);
    health_insurance: self-employed health insurance premiums paid (deductible up to the
        business's earned income; not if an employer plan was open to you);
    retirement: SEP-IRA / solo 401(k) contribution (deductible up to the earned income; the
        plan's own limits, such as 20% of earned income for a SEP, are the person's to respect);
    state_income_tax_rate: a flat share of federal AGI paid to the state;
    specified_service: the business is a specified service (consulting, law, health,
        accounting, financial services, performing arts, athletics...): its QBI deduction
        phases out completely across the phase-in range instead of only losing the part a
        business without W-2 wages cannot keep.
    """

    se_profit: float
    filing_status: str = "single"
    wages: float = 0.0
    health_insurance: float = 0.0
    retirement: float = 0.0
    state_income_tax_rate: float = 0.0
    specified_service: bool = False

    def checked(self) -> Household:
        """Return self if every field is valid; raise ValueError naming the bad one."""
        finite("self-employment profit (dollars)", self.se_profit)
        if self.filing_status not in FILING_STATUSES:
            raise ValueError(
                f"filing status must be one of {', '.join(FILING_STATUSES)}, "
                f"got {self.filing_status!r}"
            )
        _non_negative("wages", self.wages)
        _non_negative("health insurance premiums", self.health_insurance)
        _non_negative("retirement contribution", self.retirement)
        rate = finite("state income-tax rate", self.state_income_tax_rate)
        top = state_rate_max()
        if not 0 <= rate <= top:
            raise ValueError(
                f"state income-tax rate must be between 0% and {top:.0%} of AGI "
                f"(a share such as 0.05), got {rate!r}"
            )
        if not isinstance(self.specified_service, bool):
            raise ValueError("specified service business must be yes or no")
        return self


@dataclass(frozen=True)
class USTaxBill:
    """The 2026 federal return (before credits) and the state tax of one household.

    `total` is every tax here; `net` is what the household keeps to spend: profit plus wages,
    less every tax, the health premiums and the retirement contribution.
    """

    household: Household
    net_earnings: float  # Schedule SE line 6 (0 under $400)
    se_tax: float  # Schedule SE: Social Security + Medicare parts
    additional_medicare_tax: float  # Form 8959, on wages and SE earnings together
    se_tax_deduction: float  # half of se_tax
    health_insurance_deduction: float
    retirement_deduction: float
    agi: float
    standard_deduction: float
    taxable_income_before_qbi: float
    qualified_business_income: float
    qbi_deduction: float
    taxable_income: float
    income_tax: float  # regular tax from the 2026 brackets, before credits
    top_rate: float  # the bracket rate of the last dollar of taxable income
    state_tax: float

    @property
    def federal(self) -> float:
        """Everything owed to the IRS on this return (income tax before credits)."""
        return self.se_tax + self.additional_medicare_tax + self.income_tax

    @property
    def total(self) -> float:
        return self.federal + self.state_tax

    @property
    def net(self) -> float:
        h = self.household
        return h.se_profit + h.wages - h.health_insurance - h.retirement - self.total


def bracket_tax(taxable_income: float, filing_status: str = "single") -> tuple[float, float]:
    """(income tax, rate of the last dollar) on a taxable income under the 2026 brackets.

    The exact formula (the IRS Tax Computation Worksheet); the printed Tax Table, used below
    $100,000, taxes the middle of each $50 band and so differs from it by a few dollars.
    """
    law = _law()
    starts = law.status[filing_status].bracket_starts
    tax, top = 0.0, law.rates[0]
    for (lo, hi), rate in zip(pairwise((*starts, math.inf)), law.rates, strict=True):
        if taxable_income <= lo:
            break
        tax += rate * (min(taxable_income, hi) - lo)
        top = rate
    return tax, top


def _qbi_share(taxable: float, st: _Status, specified: bool) -> tuple[float, float]:
    """(share of 20% of QBI kept, share of QBI that counts) for a business without W-2 wages.

    Below the threshold all of it; across the phase-in range a business with no W-2 wages or
    property keeps (1 - p) of it (Form 8995-A Part III); a specified service keeps only the
    applicable percentage (1 - p) of its QBI and wages (Schedule A) and then loses p of that,
    so (1 - p)^2. Above the range nothing, and a specified service's QBI no longer counts.
    """
    if taxable <= st.qbi_threshold:
        return 1.0, 1.0
    phase = min(1.0, (taxable - st.qbi_threshold) / st.qbi_phase_in)
    kept = 1.0 - phase
    return (kept * kept, kept) if specified else (kept, 1.0)


def us_tax_2026(household: Household) -> USTaxBill:
    """The household's 2026 federal taxes before credits, and its flat state tax.

    Schedule SE: net earnings = 92.35% of profit; none owed below $400; 12.4% on net earnings up
    to the $184,500 wage base less W-2 wages, 2.9% on all. Form 8959: 0.9% on wages above the
    status threshold and on net earnings above what the wages left of it. AGI = wages + profit
    - half the SE tax - retirement - health premiums (each capped by the earned income left).
    QBI = profit less those same three; the QBI deduction is 20% of it, phased as
    `_qbi_share` says, at most 20% of taxable income before it, and at least $400 when at least
    $1,000 of QBI counts. Taxable income = AGI - standard deduction - QBI deduction.
    """
    return _compute(household.checked())


def _compute(h: Household, profit: float | None = None) -> USTaxBill:
    """`us_tax_2026` of a checked household, with `profit` in place of its own if given (the
    solver's inner loop: no checks, no copies)."""
    law = _law()
    p, st = law.raw, law.status[h.filing_status]
    if profit is None:
        profit = h.se_profit
    else:
        h = replace(h, se_profit=profit)
    profit, wages = float(profit), float(h.wages)

    earnings = max(0.0, profit) * p["net_earnings_factor"]
    if earnings < p["minimum_net_earnings"]:
        earnings = 0.0
    base_left = max(0.0, p["social_security_wage_base"] - wages)
    se = p["social_security_rate"] * min(earnings, base_left) + p["medicare_rate"] * earnings
    threshold = st.additional_medicare_threshold
    extra = p["additional_medicare_rate"] * (
        max(0.0, wages - threshold) + max(0.0, earnings - max(0.0, threshold - wages))
    )
    half = p["deductible_share"] * se

    earned = max(0.0, profit - half)
    retirement = min(float(h.retirement), earned)
    health = min(float(h.health_insurance), earned - retirement)
    agi = wages + profit - half - retirement - health
    before_qbi = max(0.0, agi - st.standard_deduction)

    qbi = max(0.0, profit - half - retirement - health)
    kept, counted = _qbi_share(before_qbi, st, h.specified_service)
    deduction = min(p["qbi_rate"] * qbi * kept, p["qbi_rate"] * before_qbi)
    if qbi * counted >= p["qbi_minimum_income"]:
        deduction = max(deduction, p["qbi_minimum_deduction"])
    taxable = max(0.0, before_qbi - deduction)
    income_tax, top = bracket_tax(taxable, h.filing_status)

    return USTaxBill(
        household=h,
        net_earnings=earnings,
        se_tax=se,
        additional_medicare_tax=extra,
        se_tax_deduction=half,
        health_insurance_deduction=health,
        retirement_deduction=retirement,
        agi=agi,
        standard_deduction=st.standard_deduction,
        taxable_income_before_qbi=before_qbi,
        qualified_business_income=qbi,
        qbi_deduction=deduction,
        taxable_income=taxable,
        income_tax=income_tax,
        top_rate=top,
        state_tax=h.state_income_tax_rate * max(0.0, agi),
    )


def without_business(household: Household) -> Household:
    """The same household with no self-employment: its wages alone, no premiums or plan."""
    return replace(household, se_profit=0.0, health_insurance=0.0, retirement=0.0)


def business_take_home(household: Household) -> float:
    """What the business adds to what the household keeps: profit less the premiums, the
    retirement contribution and the extra tax it brings (over the wages alone)."""
    return us_tax_2026(household).net - us_tax_2026(without_business(household)).net


# --- the smallest profit for a take-home ---------------------------------------------------------


def _bisect_flip(pred, lo: float, hi: float) -> float:
    """The smallest float x in (lo, hi] with pred(x) true, given pred(lo) false, pred(hi) true
    and one change between them."""
    while True:
        mid = lo + (hi - lo) / 2
        if mid in (lo, hi):
            return hi
        if pred(mid):
            hi = mid
        else:
            lo = mid


@lru_cache(maxsize=512)
def _jumps(household: Household) -> tuple[float, ...]:
    """Profits where take-home jumps: SE tax starting at $400 of net earnings (down), and the
    $400 minimum QBI deduction starting (up) and, for a specified service, ending (down) near
    the top of the phase-in range. Cached: the jumps do not depend on the take-home sought."""
    p, hi = _p(), MAX_PROFIT
    factor = p["net_earnings_factor"]
    points = []
    start = p["minimum_net_earnings"] / factor
    if start <= hi:
        points.append(_bisect_flip(lambda x: x * factor >= p["minimum_net_earnings"], 0.0, hi))

    def minimum_applies(x: float) -> bool:
        b = _compute(household, x)
        _, counted = _qbi_share(
            b.taxable_income_before_qbi,
            _law().status[household.filing_status],
            household.specified_service,
        )
        return b.qualified_business_income * counted >= p["qbi_minimum_income"]

    if minimum_applies(hi):
        if not minimum_applies(0.0):
            points.append(_bisect_flip(minimum_applies, 0.0, hi))
    elif household.specified_service:
        # on, then off again: find where it is on first (QBI of $1,000 is near that profit)
        probe = next((x for x in _probes(hi) if minimum_applies(x)), None)
        if probe is not None:
            points.append(_bisect_flip(minimum_applies, 0.0, probe))
            points.append(_bisect_flip(lambda x: not minimum_applies(x), probe, hi))
    return tuple(sorted(set(points)))


def _probes(hi: float) -> list[float]:
    """Profits to look at for the minimum QBI deduction's window: a geometric grid to `hi`."""
    out, x = [], 1000.0
    while x < hi:
        out.append(x)
        x *= 1.25
    return out


def us_profit_for_take_home(take_home: float, household: Household) -> float:
    """The smallest profit whose business take-home (see `business_take_home`) is at least
    `take_home`, for the household's other fields.

    Take-home is continuous and rising in profit between a few known jumps (`_jumps`); on each
    stretch in turn the first profit that reaches the target is found by false position with
    bisection safeguards (exact on a linear piece, and take-home is piecewise linear), so the
    answer is the smallest profit and its take-home meets the target to a billionth of a
    dollar. None is needed (0) when the
    household already keeps the target with no profit.
    """
    target = finite("take-home (dollars)", take_home)
    base = replace(household, se_profit=0.0).checked()
    keep_without = us_tax_2026(without_business(base)).net

    def gap(profit: float) -> float:
        return _compute(base, profit).net - keep_without - target

    if gap(0.0) >= 0:
        return 0.0
    hi = max(1000.0, 2 * (abs(target) + base.health_insurance + base.retirement))
    while gap(hi) < 0:
        hi *= 2
        if hi > MAX_PROFIT:
            raise ValueError("that take-home is too large to compute; enter a smaller amount")
    edges = [0.0, *(x for x in _jumps(base) if 0 < x < hi), hi]
    for a, b in pairwise(edges):
        if gap(a) >= 0:
            return a
        end = b if b == hi else math.nextafter(b, 0.0)  # just left of a jump
        if end > a and gap(end) >= 0:
            return _first_reach(gap, a, end)
    return hi  # gap(hi) >= 0; not reached when the stretches cover [0, hi]


def _first_reach(gap, lo: float, hi: float) -> float:
    """The smallest x in (lo, hi] with gap(x) >= 0, given gap(lo) < 0 <= gap(hi) and gap
    continuous and rising: false position (Illinois) kept inside the bracket by bisection."""
    f_lo, f_hi = gap(lo), gap(hi)
    side = 0
    for _ in range(200):
        if hi - lo <= 1e-12 * max(1.0, hi):
            break
        x = hi - f_hi * (hi - lo) / (f_hi - f_lo)
        if not lo < x < hi:
            x = lo + (hi - lo) / 2
        f = gap(x)
        if f >= 0:
            if f <= 1e-9:  # within a billionth of a dollar
                return x
            hi, f_hi = x, f
            if side == -1:
                f_lo /= 2
            side = -1
        else:
            lo, f_lo = x, f
            if side == 1:
                f_hi /= 2
            side = 1
    return hi


# --- estimated tax ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Installment:
    """One estimated-tax payment."""

    id: str
    due: dt.date
    period: str
    amount: float  # a quarter of the year's federal tax still to pay
    safe_harbor: float  # a quarter of the least that avoids the underpayment penalty


@dataclass(frozen=True)
class EstimatedTax:
    """The 2026 estimated-tax plan: what to pay each quarter and the rule that protects you."""

    federal_tax: float  # expected 2026 federal tax: income tax + SE tax + Additional Medicare
    withholding: float
    to_pay: float  # federal tax less withholding
    required: float  # the least the four payments must add up to, to avoid the penalty
    rule: str  # which safe harbor sets `required`, in words
    installments: list[Installment]
    state_tax: float

    def rows(self) -> list[dict]:
        return [
            {
                "due": i.due.isoformat(),
                "covers": i.period,
                "pay_to_cover_2026_tax": round(i.amount, 2),
                "safe_harbor_minimum": round(i.safe_harbor, 2),
            }
            for i in self.installments
        ]

    def to_csv(self) -> str:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=list(self.rows()[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()

    def to_markdown(self) -> str:
        lines = [
            "# Estimated federal tax, 2026",
            "",
            f"Expected 2026 federal tax: ${self.federal_tax:,.2f} (income tax before credits, "
            f"self-employment tax and Additional Medicare Tax).",
        ]
        if self.withholding:
            lines.append(f"Withheld from wages: ${self.withholding:,.2f}.")
        lines += [
            "",
            "| Due | Covers | Pay to cover the 2026 tax | Safe-harbor minimum |",
            "|---|---|---:|---:|",
            *(
                f"| {i.due:%b %d, %Y} | {i.period} | ${i.amount:,.2f} | ${i.safe_harbor:,.2f} |"
                for i in self.installments
            ),
            "",
            self.rule,
        ]
        if self.state_tax:
            lines += [
                "",
                f"State income tax (${self.state_tax:,.2f} for the year) is paid to the state "
                "on its own schedule.",
            ]
        lines += [
            "",
            "Estimates from your inputs and the sourced 2026 figures in the app's data files; "
            "not tax advice.",
        ]
        return "\n".join(lines) + "\n"


def due_dates() -> list[dict]:
    """The four 2026 estimated-tax due dates from the data file."""
    return list(load_data(SE_FILE)["due_dates"])


def quarterly_schedule(
    bill: USTaxBill,
    withholding: float = 0.0,
    last_year_tax: float | None = None,
    last_year_agi: float | None = None,
) -> EstimatedTax:
    """Four equal 2026 payments of the year's federal tax less withholding, and the safe harbor.

    Safe harbor (Form 1040-ES): no penalty if withholding plus on-time payments reach the
    smaller of 90% of this year's tax and 100% of last year's (110% when last year's AGI was
    above $150,000), or if less than $1,000 is owed after withholding. Without last year's tax
    only the 90% rule is used.
    """
    p = _p()
    held = _non_negative("tax withheld", withholding)
    federal = bill.federal
    to_pay = max(0.0, federal - held)
    current = p["estimate_current_year_share"] * federal
    rule = (
        f"Safe harbor: paying {p['estimate_current_year_share']:.0%} of this year's tax "
        f"(${current:,.2f}) through withholding and these four payments avoids the "
        "underpayment penalty."
    )
    required = current
    if last_year_tax is not None:
        prior = _non_negative("last year's tax", last_year_tax)
        agi = 0.0 if last_year_agi is None else _non_negative("last year's AGI", last_year_agi)
        high = agi > p["estimate_high_income_agi"]
        share = p["estimate_prior_year_share_high_income" if high else "estimate_prior_year_share"]
        prior_need = share * prior
        why = f"{share:.0%} of last year's ${prior:,.2f}" + (
            f" (last year's AGI was above ${p['estimate_high_income_agi']:,.0f})" if high else ""
        )
        if prior_need < current:
            required = prior_need
            rule = (
                f"Safe harbor: paying {why} = ${prior_need:,.2f} through withholding and these "
                "four payments avoids the underpayment penalty, even if this year's income "
                "turns out higher (then the rest is due by April 15, 2027)."
            )
        else:
            rule += f" ({why} = ${prior_need:,.2f} would be more.)"
    still = max(0.0, required - held)
    if to_pay < p["estimate_minimum_owed"]:
        still = 0.0
        rule = (
            f"You would owe less than ${p['estimate_minimum_owed']:,.0f} after withholding, so "
            "no estimated payments are required; paying as you go still avoids one big bill."
        )
    installments = [
        Installment(d["id"], d["date"], d["period"], to_pay / 4, still / 4) for d in due_dates()
    ]
    return EstimatedTax(
        federal_tax=federal,
        withholding=held,
        to_pay=to_pay,
        required=still,
        rule=rule,
        installments=installments,
        state_tax=bill.state_tax,
    )
