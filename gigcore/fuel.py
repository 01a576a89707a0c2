"""Micro-task money as fuel: how many weeks of micro-task income pay for a step toward freelancing.

Two steps, from the seed's advice: one portfolio piece (its cost is the person's own figure,
with a default in `data/fuel.toml`) and three months of runway (three months of expenses).
Weeks are rounded up: after that many weeks of saving all of the micro-task income, the step is
paid for.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from gigcore.checks import finite
from gigcore.params import load_params


def _p(name: str) -> float:
    return load_params("fuel")[name].value


def default_portfolio_cost() -> float:
    return _p("portfolio_piece_cost")


def runway_months() -> int:
    return int(_p("runway_months"))


@dataclass(frozen=True)
class Fuel:
    """Weeks of micro-task income that fund a portfolio piece, and three months of runway."""

    weekly_income: float
    portfolio_cost: float
    portfolio_weeks: int
    runway_months: int
    runway_cost: float | None  # runway_months x monthly expenses (None when not known)
    runway_weeks: int | None
    sentence: str


def _weeks(cost: float, weekly: float) -> int:
    return math.ceil(round(cost / weekly, 9)) if cost > 0 else 0


def micro_fuel(
    weekly_income: float,
    monthly_expenses: float | None = None,
    portfolio_cost: float | None = None,
) -> Fuel:
    """Weeks of `weekly_income` (micro-task money a week) that pay for each step."""
    weekly = finite("weekly micro-task income", weekly_income)
    if weekly <= 0:
        raise ValueError(f"weekly micro-task income must be above 0, got {weekly:g}")
    cost = default_portfolio_cost() if portfolio_cost is None else portfolio_cost
    cost = finite("portfolio piece cost", cost)
    if cost < 0:
        raise ValueError(f"portfolio piece cost cannot be negative, got {cost:g}")
    months = runway_months()
    runway = runway_weeks = None
    if monthly_expenses is not None:
        expenses = finite("monthly expenses", monthly_expenses)
        if expenses < 0:
            raise ValueError(f"monthly expenses cannot be negative, got {expenses:g}")
        runway = months * expenses
        runway_weeks = _weeks(runway, weekly)
    pieces = _weeks(cost, weekly)
    sentence = (
        f"At ${weekly:,.2f} a week, micro-task money pays for a portfolio piece "
        f"(${cost:,.0f}) in {pieces} week{'' if pieces == 1 else 's'}"
    )
    if runway_weeks is not None:
        sentence += (
            f" and for {months} months of runway (${runway:,.0f}) in {runway_weeks} "
            f"week{'' if runway_weeks == 1 else 's'}"
        )
    return Fuel(weekly, cost, pieces, months, runway, runway_weeks, sentence + ".")
