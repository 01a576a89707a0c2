"""AppTest: the rate calculator page renders, sliders drive the rate, bad input is explained."""

from __future__ import annotations

import pytest
from support import page

from gigcore.store import open_store


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def test_defaults_render_the_worked_example(app_db):
    at = page("rates").run()
    assert not at.exception
    # 40,000 / 0.85 = 47,058.82 profit; + 3,000 costs = 50,058.82; / 0.9 fee = 55,620.92
    # billable 40 x 46 x 0.7 = 1,288 h; 55,620.92 / 1,288 = 43.18/h
    shown = metrics(at)
    assert shown["Break-even rate"] == "$43.18/h"
    assert shown["Billable hours/yr"] == "1,288"
    assert shown["Micro-tasks pay"] == "$6.57/h"  # 0.49 x 20 x 0.67
    assert len(at.get("vega_lite_chart")) >= 4


def test_sliders_move_the_break_even_rate(app_db):
    at = page("rates").run()
    at.slider(key="rates_hours").set_value(20).run()
    # half the hours: 644 billable hours, so double the rate
    assert metrics(at)["Break-even rate"] == "$86.37/h"
    at.slider(key="rates_non_billable_share").set_value(40).run()
    # 20 x 46 x 0.6 = 552 h; 55,620.92 / 552 = 100.76
    assert metrics(at)["Break-even rate"] == "$100.76/h"


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("rates_weeks_off", 52, "weeks off must be fewer than 52"),
        ("rates_hours", 0, "hours per week must be more than zero"),
        ("rates_income_tax_rate", 100, "income-tax rate must be at least 0% and below 100%"),
    ],
)
def test_bad_slider_values_are_explained(app_db, key, value, message):
    at = page("rates").run()
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert not at.metric  # no half-computed numbers are shown


def test_negative_money_is_explained(app_db):
    at = page("rates").run()
    at.number_input(key="rates_expenses").set_value(-100).run()
    assert any("business expenses cannot be negative" in e.value for e in at.error)


def test_walk_away_rate_is_saved_for_the_audit(app_db):
    at = page("rates").run()
    at.button[0].click().run()  # "Use as my walk-away rate"
    assert not at.exception
    s = open_store(app_db)
    # break-even 43.18 plus the default 10% margin = 47.50
    assert s.get_setting("walk_away_rate") == pytest.approx(43.1839 * 1.1, abs=1e-3)
    s.close()


def test_saved_scenarios_can_be_compared(app_db):
    at = page("rates").run()
    at.button[1].click().run()
    at.slider(key="rates_hours").set_value(30).run()
    at.button[1].click().run()
    assert not at.exception
    assert len(at.selectbox) == 2
    table = at.dataframe[0].value
    changed = dict(
        zip(table["value"], zip(table["first"], table["second"], strict=True), strict=True)
    )
    assert changed["freelance.hours_per_week"] == ("40", "30")
