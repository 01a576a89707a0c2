"""Experiment log: billable hours per week use the logged span within the revenue's months."""

from __future__ import annotations

import datetime as dt

import pytest

from gigcore.experiment import WorkSession, billable_hours_per_week

NOV = dt.date(2026, 11, 1)


def day(n: int) -> dt.date:
    return NOV + dt.timedelta(days=n)


def test_two_paid_sessions_in_week_one_of_a_28_day_log():
    # 5 h + 5 h paid freelance in week 1; the log runs 28 days (micro and unpaid sessions later)
    log = [
        WorkSession("freelance", 300, 200, 3, 3, day(0)),
        WorkSession("freelance", 300, 150, 3, 3, day(2)),
        WorkSession("micro", 60, 6, 3, 3, day(14)),
        WorkSession("freelance", 90, 0, 3, 3, day(27)),  # proposals: unpaid
    ]
    # 10 h over 28 days = 4 weeks -> 2.5 h a week (before: 10 h over "one week" = 10)
    assert billable_hours_per_week(log) == pytest.approx(2.5)


def test_window_is_the_three_months_the_revenue_uses():
    log = [
        WorkSession("freelance", 600, 500, 3, 3, dt.date(2026, 6, 1)),  # outside Aug-Oct
        WorkSession("freelance", 120, 100, 3, 3, dt.date(2026, 8, 10)),
        WorkSession("freelance", 120, 100, 3, 3, dt.date(2026, 9, 20)),
        WorkSession("micro", 30, 3, 3, 3, dt.date(2026, 10, 30)),
        WorkSession("freelance", 120, 100, 3, 3, dt.date(2026, 11, 5)),  # after `until`
    ]
    # Aug 1 - Oct 31: paid 4 h; span Aug 10 - Oct 30 = 82 days -> 4 / (82 / 7) = 0.3415 h/week
    got = billable_hours_per_week(log, until=dt.date(2026, 10, 31))
    assert got == pytest.approx(4 / (82 / 7))
    # by default the window ends with the last logged session: Sep 1 - Nov 5, span Sep 20 - Nov 5
    assert billable_hours_per_week(log) == pytest.approx(4 / (47 / 7))
    assert billable_hours_per_week(log, until=dt.date(2026, 5, 31)) is None  # Mar-May: none


def test_bad_months_are_refused():
    with pytest.raises(ValueError, match="months must be a whole number"):
        billable_hours_per_week([], months=0)
    assert billable_hours_per_week([]) is None
