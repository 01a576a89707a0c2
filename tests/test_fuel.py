"""Micro-task money as fuel: weeks to fund a portfolio piece and three months of runway."""

from __future__ import annotations

import datetime as dt

import pytest

from gigcore.experiment import WorkSession, weekly_earnings
from gigcore.fuel import micro_fuel


def test_weeks_to_fund_a_piece_and_the_runway():
    f = micro_fuel(40, monthly_expenses=2500)
    # portfolio piece $200 / $40 a week = 5 weeks; runway 3 x 2,500 = 7,500 / 40 = 187.5 -> 188
    assert (f.portfolio_weeks, f.runway_cost, f.runway_weeks) == (5, 7500, 188)
    assert "in 5 weeks" in f.sentence and "3 months of runway ($7,500) in 188 weeks" in f.sentence
    # own cost, no expenses known: 150 / 40 = 3.75 -> 4 weeks, no runway figure
    g = micro_fuel(40, portfolio_cost=150)
    assert (g.portfolio_weeks, g.runway_weeks) == (4, None)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((0,), "above 0"),
        ((-3,), "above 0"),
        ((10, -1), "expenses cannot be negative"),
        ((10, None, -1), "cost cannot be negative"),
    ],
)
def test_bad_fuel(args, message):
    with pytest.raises(ValueError, match=message):
        micro_fuel(*args)


def s(day: int, lane: str, earned: float) -> WorkSession:
    return WorkSession(lane, 60, earned, 3, 3, dt.date(2026, 11, day))


def test_weekly_earnings_over_the_logged_span():
    # $10 + $30 micro over days 1-3 (a span under a week counts as one week): $40 a week
    assert weekly_earnings([s(1, "micro", 10), s(3, "micro", 30), s(2, "freelance", 99)]) == 40
    # $80 micro over days 1-14: 14 days = 2 weeks -> $40 a week
    assert weekly_earnings([s(1, "micro", 40), s(14, "micro", 40)]) == 40
    assert weekly_earnings([s(1, "freelance", 40)]) is None
    assert weekly_earnings([s(1, "freelance", 40)], lane="freelance") == 40
