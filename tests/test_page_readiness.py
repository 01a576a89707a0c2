"""AppTest: the readiness page renders signals, explains bad input, prefills, saves, what-ifs."""

from __future__ import annotations

import datetime as dt

from support import page

from gigcore.store import open_store


def text(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.success, at.warning, at.error, at.info) for e in kind]
    return "\n".join(parts)


def test_renders_the_example_with_signals_verdict_and_plan(app_db):
    at = page("readiness").run()
    assert not at.exception
    shown = text(at)
    assert "Prefilled from example numbers" in shown
    # Example: avg 2800 / 3000 = 93% green; runway 12000 / 3000 = 4 months amber -> almost.
    assert "**Almost.**" in at.warning[0].value
    for title in ("Revenue coverage", "Savings runway", "Billable hours", "Productized offer"):
        assert title in shown
    assert r"2.0 more months of savings (\$6,000)" in shown
    assert not [c for c in at.checkbox if c.key.startswith("rd_step_")]  # the plan on demand
    at.session_state["rd_plan_open"] = True  # its expander opened
    at.run()
    assert len([c for c in at.checkbox if c.key.startswith("rd_step_")]) >= 8  # dated plan
    assert not at.exception


def test_bad_input_shows_an_error_and_the_page_keeps_working(app_db):
    at = page("readiness").run()
    at.number_input(key="rd_expenses").set_value(0).run()
    assert not at.exception
    assert any("monthly expenses must be above 0" in e.value for e in at.error)
    assert at.title[0].value == "Switch readiness"
    at.number_input(key="rd_expenses").set_value(3000).run()
    assert not at.error and "**Almost.**" in at.warning[0].value


def test_every_amount_has_a_sane_maximum_and_the_what_if_stays_exact(app_db):
    at = page("readiness").run()
    for key in ("rd_rev_0", "rd_rev_1", "rd_rev_2", "rd_expenses", "rd_savings", "rd_hours"):
        field = at.number_input(key=key)
        assert field.min == 0 and field.max is not None, key
    assert at.number_input(key="rd_expenses").max == 10_000_000  # data/limits.toml
    at.number_input(key="rd_expenses").set_value(10_000_000).run()  # the largest allowed
    at.number_input(key="rd_savings").set_value(9_999_000_000).run()
    assert not at.exception
    for key in ("rd_wi_rev", "rd_wi_savings", "rd_wi_hours"):
        assert at.slider(key=key).max < 2**53  # what a browser number holds exactly
    at.slider(key="rd_wi_savings").set_value(at.slider(key="rd_wi_savings").max).run()
    assert at.slider(key="rd_wi_savings").max == 1_000_000  # up to the $10 billion limit
    assert not at.exception
    assert not [e for e in at.error if "check your input" in e.value]  # still within limits


def test_inputs_drive_the_verdict(app_db):
    at = page("readiness").run()
    at.number_input(key="rd_savings").set_value(18_000).run()
    # 18000 / 3000 = 6 months: runway green; core all green, nothing red -> ready.
    assert "**Ready.**" in at.success[0].value
    at.number_input(key="rd_hours").set_value(9).run()
    # 9 h < 10: a red core signal -> not yet.
    assert "**Not yet.**" in at.error[0].value


def test_what_if_sliders_show_the_flip(app_db):
    at = page("readiness").run()
    # Runway needs $6,000 more for green (4 -> 6 months of $3,000).
    at.slider(key="rd_wi_savings").set_value(6000).run()
    assert any("Almost → Ready" in s.value for s in at.success)
    assert "Savings runway: :orange-badge[amber] → :green-badge[green]" in text(at)


def test_save_goes_to_history_and_the_chart_appears(app_db):
    at = page("readiness").run()
    at.button(key="rd_save").click().run()
    assert not at.exception
    s = open_store(app_db)
    saved = s.history(tool="readiness")
    s.close()
    assert len(saved) == 1
    assert saved.iloc[0]["result"]["verdict"] == "almost"
    assert saved.iloc[0]["result"]["green_signals"] == 5  # 7 signals, runway and share amber
    at = page("readiness").run()
    assert any("Readiness over time" in h.value for h in at.subheader)
    assert "Prefilled from your last saved check" in text(at)


def test_prefill_from_the_experiment_log(app_db):
    today = dt.date.today()
    last_month = today.replace(day=1) - dt.timedelta(days=1)
    s = open_store(app_db)
    s.add_session(lane="freelance", day=last_month, minutes=600, earned=900, stress=3, joy=4)
    s.add_session(lane="freelance", day=today, minutes=60, earned=40, stress=3, joy=4)
    s.close()
    at = page("readiness").run()
    assert not at.exception
    # The last complete month's freelance earnings come from the log: $900.
    assert at.number_input(key="rd_rev_2").value == 900
    # The running month is not used but mentioned.
    assert any(r"\$40.00 of freelance earnings" in i.value for i in at.info)
    # paid hours within the three complete months the revenue uses: 10 on one day (at least a
    # week) -> 10 h a week; the running month's hour is left out like its revenue.
    assert at.number_input(key="rd_hours").value == 10.0
    assert "freelance earnings in your experiment log" in text(at)
    assert "paid freelance hours in your experiment log" in text(at)


def test_the_readiness_chart_labels_carry_no_database_ids(app_db):
    at = page("readiness").run()
    for _ in range(5):
        at.button(key="rd_save").click().run()
    chart = next(
        c for c in at.get("vega_lite_chart") if "Signals at each saved check" in c.proto.spec
    )
    from streamlit.dataframe_util import convert_arrow_bytes_to_pandas_df

    table = next(d for d in chart.proto.datasets if d.name == "table")
    labels = list(dict.fromkeys(convert_arrow_bytes_to_pandas_df(table.data.data)["saved"]))
    assert len(labels) == 5 and not any("#" in label for label in labels)
    assert len(set(labels)) == 5  # saves in the same minute get (2), (3), ...
    import json

    axis = json.loads(chart.proto.spec)["encoding"]["x"]["axis"]
    assert axis["labelOverlap"] is False and axis["labelAngle"] == -90  # none dropped at 390 px


def test_readiness_inputs_live_in_the_url(app_db):
    at = page("readiness").run()
    at.number_input(key="rd_savings").set_value(18_000).run()
    link = {k: v if isinstance(v, str) else v[0] for k, v in at.query_params.items()}
    assert link["rd_savings"] == "18000.0"
    again = page("readiness")  # a reload: a new session with the same URL
    for key, value in link.items():
        again.query_params[key] = value
    again.query_params["rd_share"] = "250"  # hand-edited beyond the slider: ignored
    again.run()
    assert not again.exception
    assert "**Ready.**" in again.success[0].value  # 6 months of runway, as before the reload
    assert again.slider(key="rd_share").value == 35
    assert any("come from the link you opened" in c.value for c in again.caption)
