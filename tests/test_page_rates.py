"""AppTest: the rate calculator page renders, sliders drive the rate, bad input is explained."""

from __future__ import annotations

import pytest
from support import page

from gigcore.store import open_store


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def money(text: str) -> float:
    return float(text.strip("$/h").replace(",", ""))


def test_defaults_render_the_worked_example(app_db):
    at = page("rates").run()
    assert not at.exception
    assert at.radio(key="rates_tax_model").value == "us_2026"  # the US 2026 return comes first
    # single, no wages: below the wage base SE = 0.1412955 P; the 20%-of-taxable-income cap
    # binds, so taxable = 0.8 x (0.92935225 P - 16,100) = 0.7434818 P - 12,880 (12% bracket):
    # income tax = 1,240 + 0.12 x (taxable - 12,400) = 0.08921782 P - 1,793.60
    # net = 0.76948668 P + 1,793.60 = 40,000 -> P = 49,651.93
    # revenue = (49,651.93 + 3,000) / 0.9 = 58,502.14; 58,502.14 / 1,288 h = 45.42/h
    shown = metrics(at)
    assert shown["Break-even rate"] == "$45.42/h"
    assert any("1,288 billable hours" in c.value for c in at.caption)
    assert shown["Revenue needed/yr"] == "$58,502"
    assert shown["Micro-tasks pay"] == "$6.57/h"  # 0.49 x 20 x 0.67
    # set aside: SE 7,015.55 + income tax 2,636.21 = 9,651.76 of 58,502.14 x 0.9 = 52,651.93
    assert shown["Set aside for tax"] == "18.3%"
    assert len(at.get("vega_lite_chart")) >= 5
    assert len(at.get("download_button")) == 2  # the quarterly schedule, CSV and Markdown


def test_flat_rate_is_the_second_choice(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    assert not at.exception
    # 40,000 / 0.85 = 47,058.82 profit; + 3,000 costs = 50,058.82; / 0.9 fee = 55,620.92
    # billable 40 x 46 x 0.7 = 1,288 h; 55,620.92 / 1,288 = 43.18/h
    assert metrics(at)["Break-even rate"] == "$43.18/h"
    assert not at.get("download_button")  # no US schedule under a flat rate
    assert "income tax divided by your profit" in at.slider(key="rates_income_tax_rate").help
    at.toggle(key="rates_se").set_value(True).run()
    assert metrics(at)["Break-even rate"] != "$43.18/h"


def test_us_inputs_drive_the_rate(app_db):
    at = page("rates").run()
    base = money(metrics(at)["Break-even rate"])
    at.number_input(key="rates_health").set_value(6_000).run()
    premium = money(metrics(at)["Break-even rate"])
    # a $6,000 premium: net = 0.76948668 P - 3,630.40 at 40,000 -> P = 56,700.3; about +$6/h
    assert premium - base == pytest.approx(6.08, abs=0.02)
    at.slider(key="rates_state").set_value(5.0).run()
    assert money(metrics(at)["Break-even rate"]) > premium
    at.selectbox(key="rates_filing_status").set_value("married_joint").run()
    assert not at.exception
    lines = dict(at.dataframe[0].value.itertuples(index=False))  # the return, line by line
    assert lines["Self-employed health insurance deduction"] == "-$6,000.00"
    assert lines["Standard deduction"] == "-$32,200.00"  # married filing jointly
    assert lines["State income tax"] != "$0.00"


def test_safe_harbor_uses_last_years_tax(app_db):
    at = page("rates").run()
    at.number_input(key="rates_last_tax").set_value(4_000).run()
    at.number_input(key="rates_last_agi").set_value(50_000).run()
    table = at.dataframe[1].value  # after the line-by-line return
    assert list(table["Due"]) == ["Apr 15, 2026", "Jun 15, 2026", "Sep 15, 2026", "Jan 15, 2027"]
    assert set(table["Safe-harbor minimum"]) == {"$1,000.00"}
    assert set(table["Pay (whole tax)"]) == {"$2,412.95"}  # 9,651.76 / 4  # 100% of 4,000 over four
    assert any("100% of last year's" in c.value for c in at.caption)


def test_sliders_move_the_break_even_rate(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
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
    ],
)
def test_bad_slider_values_are_explained(app_db, key, value, message):
    at = page("rates").run()
    at.slider(key=key).set_value(value).run()
    assert not at.exception
    assert any(message in e.value for e in at.error)
    assert not at.metric  # no half-computed numbers are shown


def test_flat_rate_of_100_is_explained(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    at.slider(key="rates_income_tax_rate").set_value(100).run()
    assert any("income-tax rate must be at least 0% and below 100%" in e.value for e in at.error)


def test_an_unreachable_sensitivity_row_does_not_take_the_page_down(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    at.toggle(key="rates_se").set_value(True).run()
    at.slider(key="rates_income_tax_rate").set_value(88).run()
    assert not at.exception and not at.error
    assert metrics(at)["Break-even rate"].startswith("$")
    assert any("cannot be computed" in c.value for c in at.caption)


def test_negative_wages_are_explained(app_db):
    at = page("rates").run()
    at.number_input(key="rates_wages").set_value(-5).run()
    assert any("wages cannot be negative" in e.value for e in at.error)


def test_negative_money_is_explained(app_db):
    at = page("rates").run()
    at.number_input(key="rates_expenses").set_value(-100).run()
    assert any("business expenses cannot be negative" in e.value for e in at.error)


def test_walk_away_rate_is_saved_for_the_audit(app_db):
    at = page("rates").run()
    at.button[0].click().run()  # "Use as my walk-away rate"
    assert not at.exception
    s = open_store(app_db)
    # break-even 45.42 (58,502.14 / 1,288) plus the default 10% margin = 49.96
    assert s.get_setting("walk_away_rate") == pytest.approx(58_502.14 / 1_288 * 1.1, abs=1e-3)
    s.close()


def test_saved_scenarios_can_be_compared(app_db):
    at = page("rates").run()
    at.button[1].click().run()
    at.slider(key="rates_hours").set_value(30).run()
    at.button[1].click().run()
    assert not at.exception
    assert [s.label for s in at.selectbox][-2:] == ["First", "Second"]
    table = at.dataframe[-1].value
    changed = dict(
        zip(table["value"], zip(table["first"], table["second"], strict=True), strict=True)
    )
    assert changed["freelance.hours_per_week"] == ("40", "30")
