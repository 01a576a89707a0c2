"""Income buffer: how much to hold so that lean months still pay the bills, and a steady salary.

Freelance income ebbs and flows. From a run of monthly revenue and the monthly expenses:

- `volatility` is the population standard deviation of the months over their mean (0 when every
  month is 0: nothing varies);
- a shortfall month earns less than the expenses; `shortfall` is the sum of those gaps;
- the buffer target is the largest of three amounts, rounded up to a round number:
  the shortfalls already seen; a bad stretch of `bad_stretch_months` months at one standard
  deviation below the average (what volatility means for the bills); and `floor_months` of
  expenses (a few steady months do not promise the next one);
- the salary is the steady monthly pay to draw from the buffer account: the average less
  `salary_std_share` standard deviations, rounded down, so it is never above the average and
  good months refill the buffer faster than bad months drain it.

Every part of the target grows (or stays) when the months swing further around the same average,
so more volatile months never shrink it. Settings live in `data/buffer.toml`.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from gigcore.checks import finite
from gigcore.params import load_params


def _p(name: str) -> float:
    return load_params("buffer")[name].value


@dataclass(frozen=True)
class IncomeBuffer:
    """The buffer for a run of months (money per month)."""

    months: tuple[float, ...]
    monthly_expenses: float
    average: float
    std: float  # population standard deviation
    volatility: float  # std / average; 0 when the average is 0
    worst_month: float  # the lowest month's revenue
    worst_month_index: int  # 0-based position of the (first) lowest month
    shortfall_months: int  # months that earned less than the expenses
    shortfall: float  # sum over those months of expenses - revenue
    bad_stretch: float  # bad_stretch_months x (expenses - (average - std)), at least 0
    floor: float  # floor_months x expenses
    buffer_target: float  # dollars to hold
    salary: float  # steady monthly pay, never above the average
    reason: str  # which part set the target, in words

    @property
    def months_of_expenses(self) -> float | None:
        """The target in months of expenses (None when expenses are 0)."""
        return self.buffer_target / self.monthly_expenses if self.monthly_expenses else None

    @property
    def salary_covers_expenses(self) -> bool:
        return self.salary >= self.monthly_expenses

    def record(self) -> dict:
        """What the history keeps."""
        return {
            "summary": f"Hold ${self.buffer_target:,.0f}; pay yourself ${self.salary:,.0f} a month",
            "buffer_target": self.buffer_target,
            "salary": self.salary,
            "volatility": self.volatility,
            "shortfall_months": self.shortfall_months,
            "worst_month": self.worst_month,
        }


def _amount(name: str, x: object) -> float:
    number = finite(name, x)
    if number < 0:
        raise ValueError(f"{name} cannot be negative, got {number:,.2f}")
    most = _p("max_amount")
    if number > most:
        raise ValueError(f"{name} must be at most ${most:,.0f}, got {number:,.0f}")
    return number


def _round_up(x: float, step: float) -> float:
    return math.ceil(round(x / step, 9)) * step if x > 0 else 0.0


def _round_down(x: float, step: float) -> float:
    return math.floor(x / step) * step if x > 0 else 0.0


def income_buffer(monthly_revenue: Sequence[float], monthly_expenses: float) -> IncomeBuffer:
    """The buffer target and the steady salary for these months (oldest first) and expenses."""
    if isinstance(monthly_revenue, str | bytes):
        raise ValueError("monthly revenue must be a list of monthly amounts")
    if not isinstance(monthly_revenue, Sequence):
        try:
            monthly_revenue = list(monthly_revenue)  # any iterable of numbers
        except TypeError:
            raise ValueError("monthly revenue must be a list of monthly amounts") from None
    if not monthly_revenue:
        raise ValueError("give at least one month of revenue")
    most = int(_p("max_months"))
    if len(monthly_revenue) > most:
        raise ValueError(f"give at most {most} months, got {len(monthly_revenue)}")
    months = tuple(
        _amount(f"revenue of month {n}", x) for n, x in enumerate(monthly_revenue, start=1)
    )
    expenses = _amount("monthly expenses", monthly_expenses)
    n = len(months)
    average = math.fsum(months) / n
    std = statistics.pstdev(months)  # exact sums: squares of tiny months do not underflow
    volatility = std / average if average > 0 else 0.0
    worst = min(months)
    gaps = [expenses - x for x in months if x < expenses]
    shortfall = math.fsum(gaps)
    bad_stretch = _p("bad_stretch_months") * max(0.0, expenses - max(0.0, average - std))
    floor = _p("floor_months") * expenses
    parts = {"shortfall": shortfall, "bad_stretch": bad_stretch, "floor": floor}
    largest = max(parts, key=parts.get)
    target = _round_up(parts[largest], _p("buffer_round"))
    salary = min(average, _round_down(average - _p("salary_std_share") * std, _p("salary_round")))
    reason = {
        "shortfall": (
            f"the {len(gaps)} month(s) that earned less than your expenses fell short by "
            f"${shortfall:,.2f} in all"
        ),
        "bad_stretch": (
            f"{_p('bad_stretch_months'):g} months at one standard deviation below your average "
            f"(${max(0.0, average - std):,.2f}) would leave ${bad_stretch:,.2f} of expenses unpaid"
        ),
        "floor": f"at least {_p('floor_months'):g} month(s) of expenses, as steady months can end",
    }[largest]
    return IncomeBuffer(
        months=months,
        monthly_expenses=expenses,
        average=average,
        std=std,
        volatility=volatility,
        worst_month=worst,
        worst_month_index=months.index(worst),
        shortfall_months=len(gaps),
        shortfall=shortfall,
        bad_stretch=bad_stretch,
        floor=floor,
        buffer_target=target,
        salary=max(0.0, salary),
        reason=reason,
    )
