"""Conversion sprint: funnel rates, revenue per outreach hour and the six-week verdict."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gigcore.sprint import SprintWeek, sprint_summary

WEEK = dict(messages=20, replies=4, calls=2, won=1, revenue=600, hours=5)


def test_design_example_one_week():
    w = sprint_summary([SprintWeek(**WEEK)], break_even_rate=45.0)
    # conversion = 1 won / 20 messages = 5%; replies 4 / 20 = 20%; calls 2 / 20 = 10%
    assert (w.conversion, w.reply_rate, w.call_rate) == (0.05, 0.2, 0.1)
    # 600 revenue / 5 outreach hours = 120 $/h, above the 45 $/h break-even
    assert w.revenue_per_hour == w.revenue_per_outreach_hour == 120 and w.above_break_even
    assert w.verdict == "keep_going" and "Week 1 of 6" in w.reason


def test_after_six_weeks_above_break_even_scale():
    weeks = [SprintWeek(**WEEK)] * 5 + [SprintWeek(0, 0, 0, 0, 0, 0)]  # a skipped week counts
    w = sprint_summary(weeks, 45)
    # 5 x 600 = 3,000 over 5 x 5 = 25 h = 120 $/h >= 45
    assert (w.weeks, w.messages, w.won, w.revenue_per_hour) == (6, 100, 5, 120)
    assert w.verdict == "scale" and "add capacity" in w.reason


def test_after_six_weeks_below_break_even_change_offer():
    weeks = [SprintWeek(25, 3, 1, 0, 0, 4)] * 5 + [SprintWeek(25, 3, 1, 1, 150, 4)]
    w = sprint_summary(weeks, 45)
    # 150 revenue / (6 x 4 h = 24 h) = 6.25 $/h < 45; 1 won / 150 messages = 0.67%
    assert w.revenue_per_hour == pytest.approx(6.25)
    assert w.conversion == pytest.approx(1 / 150)
    assert w.verdict == "change_offer"
    assert "do not pay for the time" in w.reason
    # nobody replied at all: say so
    silent = sprint_summary([SprintWeek(30, 0, 0, 0, 0, 3)] * 6, 45)
    assert silent.verdict == "change_offer" and "nobody replied" in silent.reason
    # replies but no sale
    unsold = sprint_summary([SprintWeek(30, 5, 2, 0, 0, 3)] * 6, 45)
    assert "no client bought" in unsold.reason


def test_exactly_break_even_scales_and_six_empty_weeks_keep_going():
    # 90 / 2 h = 45 $/h = break-even: at or above scales
    assert sprint_summary([SprintWeek(10, 2, 1, 1, 90, 2)] * 6, 45).verdict == "scale"
    idle = sprint_summary([SprintWeek(0, 0, 0, 0, 0, 0)] * 6, 45)
    assert idle.verdict == "keep_going" and idle.conversion == 0 and idle.revenue_per_hour == 0


def test_messages_a_week_for_a_monthly_target():
    # 600 revenue from 20 messages = 30 $ a message; 3,000 a month x 12 / 52 = 692.31 a week
    # -> 692.31 / 30 = 23.08 -> 24 messages a week
    w = sprint_summary([SprintWeek(**WEEK)], 45, monthly_target=3000)
    assert w.messages_per_week_for_target == 24
    assert (
        sprint_summary([SprintWeek(10, 0, 0, 0, 0, 1)], 45, 3000).messages_per_week_for_target
        is None
    )


@pytest.mark.parametrize(
    ("week", "message"),
    [
        (dict(replies=30), "replies .* cannot be more than messages"),
        (dict(calls=5), "calls .* cannot be more than replies"),
        (dict(won=5), "clients won .* cannot be more than replies"),
        (dict(messages=-1), "messages cannot be negative"),
        (dict(messages=2.5), "messages must be a whole number"),
        (dict(revenue=-1), "revenue cannot be negative"),
        (dict(hours=0), "outreach takes time"),
        (dict(hours=200), "at most 168"),
        (dict(messages=True), "whole number"),
    ],
)
def test_bad_weeks(week, message):
    with pytest.raises(ValueError, match=message):
        SprintWeek(**{**WEEK, **week})


def test_bad_summaries():
    with pytest.raises(ValueError, match="at least one week"):
        sprint_summary([], 45)
    with pytest.raises(ValueError, match="break-even rate must be above 0"):
        sprint_summary([SprintWeek(**WEEK)], 0)
    with pytest.raises(ValueError, match="SprintWeek"):
        sprint_summary([WEEK], 45)


COUNTS = st.integers(min_value=0, max_value=200)


@st.composite
def weeks(draw):
    out = []
    for _ in range(draw(st.integers(min_value=1, max_value=12))):
        messages = draw(COUNTS)
        replies = draw(st.integers(0, messages))
        out.append(
            SprintWeek(
                messages,
                replies,
                draw(st.integers(0, replies)),
                draw(st.integers(0, replies)),
                draw(st.floats(0, 10_000)),
                draw(st.floats(0.5, 40)) if messages else 0,
            )
        )
    return out


@given(weeks(), st.floats(min_value=1, max_value=300))
def test_rates_are_shares_and_the_verdict_follows_the_rule(ws, rate):
    w = sprint_summary(ws, rate)
    assert 0 <= w.conversion <= w.reply_rate <= 1 and 0 <= w.call_rate <= w.reply_rate
    if len(ws) < 6 or not w.messages:
        assert w.verdict == "keep_going"
    else:
        assert w.verdict == ("scale" if w.revenue_per_hour >= rate else "change_offer")
