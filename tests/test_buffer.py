"""Income buffer: volatility, shortfalls, a buffer target that grows with the swings, a salary."""

from __future__ import annotations

import statistics

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from gigcore.buffer import income_buffer


def test_design_example():
    u = income_buffer(monthly_revenue=[3200, 900, 2500], monthly_expenses=2500)
    # mean = (3200 + 900 + 2500) / 3 = 2200
    # population std = sqrt((1000^2 + 1300^2 + 300^2) / 3) = sqrt(926,666.67) = 962.64
    # volatility = 962.64 / 2200 = 0.4376
    assert u.average == pytest.approx(2200)
    assert u.std == pytest.approx(962.635, abs=1e-3)
    assert u.volatility == pytest.approx(0.43756, abs=1e-5)
    assert (u.worst_month, u.worst_month_index) == (900, 1)
    # only 900 < 2500 (2500 is not below 2500): 1 month, 1,600 short
    assert (u.shortfall_months, u.shortfall) == (1, 1600)
    # bad stretch: 3 months x (2500 - (2200 - 962.64)) = 3 x 1,262.64 = 3,787.91
    # floor: 1 month x 2500; the largest is the bad stretch, rounded up to $50 -> 3,800
    assert u.bad_stretch == pytest.approx(3787.906, abs=1e-3)
    assert u.buffer_target == 3800
    assert "standard deviation" in u.reason
    # salary: 2200 - 0.5 x 962.64 = 1,718.68, rounded down to $10 -> 1,710
    assert u.salary == 1710
    assert u.months_of_expenses == pytest.approx(3800 / 2500)


def test_steady_months_still_hold_a_month_of_expenses():
    # 5000 every month: std 0, no shortfall, no bad stretch (5000 - 0 > 2500): floor 1 x 2500
    u = income_buffer([5000, 5000, 5000], 2500)
    assert (u.volatility, u.shortfall_months, u.buffer_target, u.salary) == (0, 0, 2500, 5000)
    assert "month(s) of expenses" in u.reason


def test_observed_shortfalls_can_set_the_target():
    # months 0, 3000, 3000, 3000 against 1000: mean 2250, std = sqrt((2250^2 + 3 x 750^2) / 4)
    # = 1299.04; bad stretch 3 x (1000 - 950.96) = 147.1; shortfall 1000; floor 1000.
    # shortfall and floor tie at 1,000: the target is 1,000.
    u = income_buffer([0, 3000, 3000, 3000], 1000)
    assert u.buffer_target == 1000 and u.shortfall_months == 1
    # a second empty month: mean 1500, std 1500, so a bad month earns 1500 - 1500 = 0;
    # bad stretch 3 x (1000 - 0) = 3,000 beats the shortfall 2 x 1000 = 2,000 and the floor.
    assert income_buffer([0, 0, 3000, 3000], 1000).buffer_target == 3000


def test_all_zero_months_and_zero_expenses():
    u = income_buffer([0, 0], 0)
    assert (u.volatility, u.buffer_target, u.salary, u.months_of_expenses) == (0, 0, 0, None)
    # nothing earned against 1,200 of expenses: 2 short months (2,400), bad stretch 3 x 1,200
    assert income_buffer([0, 0], 1200).buffer_target == 3600


@pytest.mark.parametrize(
    ("months", "expenses", "message"),
    [
        ([], 1000, "at least one month"),
        ([100, -1], 1000, "revenue of month 2 cannot be negative"),
        ([100], -5, "monthly expenses cannot be negative"),
        ([float("inf")], 5, "finite"),
        (["100"], 5, "must be a number"),
        ("100", 5, "list of monthly amounts"),
        ([1e12], 5, "at most"),
    ],
)
def test_bad_input(months, expenses, message):
    with pytest.raises(ValueError, match=message):
        income_buffer(months, expenses)


MONTHS = st.lists(st.floats(min_value=0, max_value=50_000), min_size=1, max_size=24)
EXPENSES = st.floats(min_value=0, max_value=20_000)


@given(MONTHS, EXPENSES)
@example([0.0, 3.1527245196224132e-176], 0.0)  # squared months underflowed: volatility 0
def test_salary_is_never_above_the_average(months, expenses):
    u = income_buffer(months, expenses)
    assert 0 <= u.salary <= u.average
    assert u.volatility == pytest.approx(
        statistics.pstdev(months) / statistics.mean(months) if statistics.mean(months) else 0,
        abs=1e-9,
    )


@given(MONTHS, EXPENSES, st.floats(min_value=1, max_value=10))
def test_more_volatile_months_never_shrink_the_buffer_target(months, expenses, stretch):
    # Spread every month further from the same average (by `stretch`, as far as months stay
    # at 0 or more): the swings grow, the average does not move.
    mean = sum(months) / len(months)
    below = [mean - x for x in months if x < mean]
    most = min((mean / d for d in below), default=stretch)
    k = max(1.0, min(stretch, most))
    wider = [max(0.0, mean + k * (x - mean)) for x in months]
    before, after = income_buffer(months, expenses), income_buffer(wider, expenses)
    assert after.volatility >= before.volatility - 1e-9
    assert after.buffer_target >= before.buffer_target


@given(MONTHS, EXPENSES, st.floats(min_value=0, max_value=20_000))
def test_higher_expenses_never_shrink_the_target(months, expenses, more):
    assert (
        income_buffer(months, expenses + more).buffer_target
        >= income_buffer(months, expenses).buffer_target
    )
