"""Tax models on a year's business profit: a flat effective income-tax rate, optionally with
US self-employment tax (constants in `data/tax_us_2026.toml`)."""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass
from itertools import pairwise

from gigcore.checks import finite
from gigcore.params import load_params

SE_FILE = "tax_us_2026"


@dataclass(frozen=True)
class TaxBill:
    """Taxes owed on one year's profit."""

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


def se_tax_parts(profit: float) -> tuple[float, float]:
    """(deductible SE tax, additional Medicare tax) owed on `profit` for tax year 2026.

    A loss (negative profit) owes none.
    """
    p = {k: v.value for k, v in load_params(SE_FILE).items()}
    base = max(0.0, _amount("profit", profit)) * p["net_earnings_factor"]
    if base < p["minimum_net_earnings"]:
        return 0.0, 0.0
    social = p["social_security_rate"] * min(base, p["social_security_wage_base"])
    medicare = p["medicare_rate"] * base
    extra = p["additional_medicare_rate"] * max(0.0, base - p["additional_medicare_threshold"])
    return social + medicare, extra


def se_breakpoints() -> list[float]:
    """Profits at which the SE tax formula changes slope or jumps."""
    p = {k: v.value for k, v in load_params(SE_FILE).items()}
    factor = p["net_earnings_factor"]
    return sorted(
        p[k] / factor
        for k in (
            "minimum_net_earnings",
            "social_security_wage_base",
            "additional_medicare_threshold",
        )
    )


def tax_bill(profit: float, income_tax_rate: float, self_employment: bool) -> TaxBill:
    """Taxes on `profit`: SE tax if asked, then the flat rate on profit less half the SE tax.

    A loss (negative profit) owes no tax; the rate is a share from 0 up to (not including) 1.
    """
    profit, income_tax_rate = _amount("profit", profit), _rate(income_tax_rate)
    se, extra = se_tax_parts(profit) if self_employment else (0.0, 0.0)
    deduction = se * load_params(SE_FILE)["deductible_share"].value
    taxable = max(0.0, profit - deduction)
    return TaxBill(profit=profit, se_tax=se + extra, income_tax=income_tax_rate * taxable)


def profit_for_net(net: float, income_tax_rate: float, self_employment: bool) -> float:
    """The smallest profit that leaves `net` after tax.

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
