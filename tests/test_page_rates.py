"""AppTest: the rate calculator page renders, sliders drive the rate, bad input is explained."""

from __future__ import annotations

import pytest
from support import page

from gigcore.store import open_store


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def money(text: str) -> float:
    return float(text.strip("$/h").replace(",", ""))


SECTIONS = ("Where the money goes", "Tax to set aside", "What moves your rate")
BOTH = "Micro-tasks or freelance"


def show(at, section: str):
    """Open one of the sections below the numbers (only the chosen one is drawn)."""
    return at.segmented_control(key="rates_details").set_value(section).run()


def household(at):
    """Open the US household's inputs (drawn only while their expander is open)."""
    at.session_state["rates_household"] = True
    return at.run()


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
    assert not at.get("vega_lite_chart") and not at.dataframe  # details on demand
    charts = {}
    for section in (*SECTIONS, BOTH):
        show(at, section)
        assert not at.exception
        charts[section] = len(at.get("vega_lite_chart"))
        assert metrics(at)["Break-even rate"] == "$45.42/h"  # the numbers stay in view
    assert charts == {SECTIONS[0]: 1, SECTIONS[1]: 0, SECTIONS[2]: 2, BOTH: 2}
    show(at, SECTIONS[1])
    assert len(at.get("download_button")) == 2  # the quarterly schedule, CSV and Markdown


def test_flat_rate_is_the_second_choice(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    assert not at.exception
    # 40,000 / 0.85 = 47,058.82 profit; + 3,000 costs = 50,058.82; / 0.9 fee = 55,620.92
    # billable 40 x 46 x 0.7 = 1,288 h; 55,620.92 / 1,288 = 43.18/h
    assert metrics(at)["Break-even rate"] == "$43.18/h"
    show(at, SECTIONS[1])
    assert not at.get("download_button")  # no US schedule under a flat rate
    assert "income tax divided by your profit" in at.slider(key="rates_income_tax_rate").help
    at.toggle(key="rates_se").set_value(True).run()
    assert metrics(at)["Break-even rate"] != "$43.18/h"


def test_us_inputs_drive_the_rate(app_db):
    at = page("rates").run()
    base = money(metrics(at)["Break-even rate"])
    assert any("Your household: single, no other wages" in c.value for c in at.caption)
    household(at)
    at.number_input(key="rates_health").set_value(6_000).run()
    premium = money(metrics(at)["Break-even rate"])
    # a $6,000 premium: net = 0.76948668 P - 3,630.40 at 40,000 -> P = 56,700.3; about +$6/h
    assert premium - base == pytest.approx(6.08, abs=0.02)
    at.number_input(key="rates_state").set_value(5.0).run()
    assert money(metrics(at)["Break-even rate"]) > premium
    at.selectbox(key="rates_filing_status").set_value("married_joint").run()
    assert not at.exception
    shown = metrics(at)["Break-even rate"]
    at.session_state["rates_household"] = False  # closed again: the household stays as set
    at.run()
    assert metrics(at)["Break-even rate"] == shown
    assert any(
        "married filing jointly" in c.value and r"\$6,000 health" in c.value for c in at.caption
    )
    show(at, SECTIONS[0])
    assert not at.dataframe  # the return too is drawn only on demand
    at.session_state["rates_return"] = True
    at.run()
    lines = dict(at.dataframe[0].value.itertuples(index=False))  # the return, line by line
    assert lines["Self-employed health insurance deduction"] == "-$6,000.00"
    assert lines["Standard deduction"] == "-$32,200.00"  # married filing jointly
    assert lines["State income tax"] != "$0.00"


def test_safe_harbor_uses_last_years_tax(app_db):
    at = show(page("rates").run(), SECTIONS[1])
    at.number_input(key="rates_last_tax").set_value(4_000).run()
    at.number_input(key="rates_last_agi").set_value(50_000).run()
    table = at.dataframe[0].value
    assert list(table["Due"]) == ["Apr 15, 2026", "Jun 15, 2026", "Sep 15, 2026", "Jan 15, 2027"]
    assert set(table["Safe-harbor minimum"]) == {"$1,000.00"}
    assert set(table["Pay (whole tax)"]) == {"$2,412.95"}  # 9,651.76 / 4  # 100% of 4,000 over four
    assert any("100% of last year's" in c.value for c in at.caption)
    show(at, SECTIONS[2])  # the section closed: last year's tax is kept, not forgotten
    at.slider(key="rates_hours").set_value(30).run()
    show(at, SECTIONS[1])
    assert at.number_input(key="rates_last_tax").value == 4_000
    assert set(at.dataframe[0].value["Safe-harbor minimum"]) == {"$1,000.00"}


def test_sliders_move_the_break_even_rate(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    at.slider(key="rates_hours").set_value(20).run()
    # half the hours: 644 billable hours, so double the rate
    assert metrics(at)["Break-even rate"] == "$86.37/h"
    at.slider(key="rates_non_billable_share").set_value(40).run()
    # 20 x 46 x 0.6 = 552 h; 55,620.92 / 552 = 100.76
    assert metrics(at)["Break-even rate"] == "$100.76/h"


def test_widgets_do_not_offer_values_the_core_refuses(app_db):
    at = household(page("rates").run())
    assert at.slider(key="rates_weeks_off").max == 51  # 52 weeks off leaves none to bill
    assert at.slider(key="rates_hours").min == 1  # 0 hours a week bills nothing
    for key in ("rates_non_billable_share", "rates_platform_fee", "rates_unpaid_share"):
        assert at.slider(key=key).max == 99  # a 100% share is refused
    assert at.number_input(key="rates_minutes").min == 0.1  # 0 minutes per task is refused
    for key in ("rates_target", "rates_expenses", "rates_pay", "rates_daily", "rates_wages"):
        field = at.number_input(key=key)
        assert field.min == 0  # no negative take-home, costs or pay
        assert field.max is not None and field.max <= 1e9  # a documented largest amount


def test_weeks_off_at_the_top_of_the_slider_still_computes(app_db):
    at = page("rates").run()
    at.slider(key="rates_weeks_off").set_value(51).run()
    assert not at.exception and not at.error
    assert metrics(at)["Break-even rate"].startswith("$")


def test_a_refused_freelance_input_keeps_the_micro_task_results(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    at.toggle(key="rates_se").set_value(True).run()
    at.slider(key="rates_income_tax_rate").set_value(99).run()  # nothing left to keep
    assert not at.exception
    assert len(at.error) == 1
    assert "Break-even rate" not in metrics(at)
    assert metrics(at)["Micro-tasks pay"] == "$6.57/h"  # does not depend on the tax rate
    # the error is in the freelance column, just below its sliders, not under everything
    left = next(c for c in at.columns if any(n.key == "rates_income_tax_rate" for n in c.slider))
    assert [e.value for e in left.error] == [at.error[0].value]


def test_out_of_reach_hours_say_a_week_has_168(app_db):
    at = page("rates").run()
    # 40,000 take-home needs 49,651.93 profit; at 6.566/h over 46 weeks: 164 h a week
    at.number_input(key="rates_target").set_value(80_000).run()
    show(at, BOTH)
    text = "\n".join(m.value for m in at.markdown)
    assert "more than the 168 hours a week has" in text


def test_the_curve_reaches_the_slider_ends(app_db):
    at = page("rates").run()
    at.slider(key="rates_hours").set_value(4).run()
    show(at, SECTIONS[2])
    curve = next(
        c for c in at.get("vega_lite_chart") if "Break-even rate by working hours" in c.proto.spec
    )
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    table = next(d for d in curve.proto.datasets if d.name == "table")
    hours = convert_arrow_bytes_to_pandas_df(table.data.data)["hours"]
    assert hours.min() == 4 and hours.max() == 80  # the marker at 4 h sits on the curve


def test_flat_rate_stops_at_99_percent(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    assert at.slider(key="rates_income_tax_rate").max == 99  # the core refuses 100%
    at.slider(key="rates_income_tax_rate").set_value(99).run()
    assert not at.exception and not at.error  # without SE tax, 99% still has an answer


def test_an_unreachable_sensitivity_row_does_not_take_the_page_down(app_db):
    at = page("rates").run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    at.toggle(key="rates_se").set_value(True).run()
    at.slider(key="rates_income_tax_rate").set_value(88).run()
    show(at, SECTIONS[2])
    assert not at.exception and not at.error
    assert metrics(at)["Break-even rate"].startswith("$")
    assert any("cannot be computed" in c.value for c in at.caption)


def test_walk_away_rate_is_saved_for_the_audit(app_db):
    at = page("rates").run()
    at.button[0].click().run()  # "Use as my walk-away rate"
    assert not at.exception
    s = open_store(app_db)
    # break-even 45.42 (58,502.14 / 1,288) plus the default 10% margin = 49.96
    assert s.get_setting("walk_away_rate") == pytest.approx(58_502.14 / 1_288 * 1.1, abs=1e-3)
    s.close()


def test_saved_scenarios_can_be_named_compared_and_deleted(app_db):
    at = page("rates").run()
    at.text_input(key="rates_scenario_name").set_value("Full time")
    at.button[1].click().run()
    at.slider(key="rates_hours").set_value(30).run()
    at.text_input(key="rates_scenario_name").set_value("Part time")
    at.button[1].click().run()
    assert not at.exception
    first, second = (s for s in at.selectbox if s.label in ("First", "Second"))
    assert first.value is not None
    options = " | ".join(second.options)
    assert "Full time · " in options and "Part time · " in options and "#" not in options
    table = at.table[-1].value
    assert list(table.columns) == ["", "First", "Second", "Second less first"]
    rows = {r[0]: r[1:] for r in table.itertuples(index=False)}
    assert rows["Working hours a week"] == ("40 h", "30 h", "−10 h")  # no internal names
    assert rows["Billable hours a year"] == ("1,288 h", "966 h", "−322 h")  # not 1,288.00
    assert rows["Break-even rate"][0] == "$45.42/h"
    assert not any("True" in v or "False" in v for r in rows.values() for v in r)
    s = open_store(app_db)
    part_time = int(s.history(tool="rates").iloc[0]["id"])  # newest first
    s.close()
    at.selectbox(key="scenario_delete_pick").set_value(part_time)
    at.button(key="scenario_delete").click().run()
    assert any("Deleted the scenario Part time" in s.value for s in at.success)
    s = open_store(app_db)
    assert [r["name"] for r in s.history(tool="rates")["inputs"]] == ["Full time"]
    s.close()


def test_inputs_are_kept_in_the_url_and_a_link_restores_them(app_db):
    at = page("rates").run()
    at.slider(key="rates_hours").set_value(20).run()
    at.radio(key="rates_tax_model").set_value("flat").run()
    assert at.query_params["rates_hours"] in ("20", ["20"])
    assert at.query_params["rates_tax_model"] in ("flat", ["flat"])
    link = {k: v if isinstance(v, str) else v[0] for k, v in at.query_params.items()}
    again = page("rates")  # a reload, or the link opened by someone else: a new session
    for key, value in link.items():
        again.query_params[key] = value
    again.run()
    assert again.slider(key="rates_hours").value == 20
    assert metrics(again)["Break-even rate"] == "$86.37/h"  # flat, 20 h: as computed above


def test_a_hand_edited_link_cannot_break_the_page(app_db):
    at = page("rates")
    at.query_params["rates_weeks_off"] = "60"  # beyond the slider
    at.query_params["rates_tax_model"] = "moon"
    at.query_params["rates_hours"] = "1e309"
    at.query_params["rates_target"] = "not a number"
    at.run()
    assert not at.exception
    assert at.slider(key="rates_weeks_off").value == 6 and at.slider(key="rates_hours").value == 40
    assert metrics(at)["Break-even rate"] == "$45.42/h"  # the defaults
