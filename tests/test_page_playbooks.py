"""AppTest: the playbook pages (package pricing, income buffer, outreach sprint, case study) and
their sections on the experiment log, readiness and quiz pages."""

from __future__ import annotations

import datetime as dt

from support import MIXED, page

from gigcore.store import open_store


def everything(at) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [e.value for kind in (at.success, at.warning, at.error, at.info) for e in kind]
    parts += [h.value for h in (*at.title, *at.header, *at.subheader)]
    return "\n".join(parts)


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def history(db, tool: str):
    s = open_store(db)
    try:
        return s.history(tool=tool)
    finally:
        s.close()


def seed(db, records=(), sessions=(), settings=()):
    s = open_store(db)
    for tool, inputs, result in records:
        s.record(tool, inputs, result)
    if sessions:
        s.add_sessions(list(sessions))
    for key, value in settings:
        s.set_setting(key, value)
    s.close()


# -- package pricing ----------------------------------------------------------------------------
def test_offer_prices_the_example_and_saves(app_db):
    at = page("offer").run()
    assert not at.exception
    # example: 45 $/h x 6 h / (1 - 10%) = 300.00, a clean price already (step 25): $300;
    # kept 300 x 0.9 = 270, 270 / 6 = 45.00 $/h
    shown = metrics(at)
    assert shown["Package price"] == "$300"
    assert shown["Per hour after the fee"] == "$45.00/h"
    # basic 45 x 3.6 h / 0.9 = 180 -> $200; premium 1.2 x 45 x 9 h / 0.9 = 540 -> $550 (step 50)
    tiers = [shown[f"{t} price"] for t in ("Basic", "Standard", "Premium")]
    assert tiers == ["$200", "$300", "$550"]
    at.button(key="save_offer").click().run()
    assert history(app_db, "offer").iloc[0]["result"]["price"] == 300


def test_offer_widgets_drive_the_price_and_target(app_db):
    at = page("offer").run()
    at.slider(key="offer_fee").set_value(20).run()
    at.number_input(key="offer_target").set_value(2000).run()
    # 45 x 6 / 0.8 = 337.50 -> $350; 2,000 / 280 = 7.1 -> 8 packages, 48 h
    assert metrics(at)["Package price"] == "$350"
    assert any("sell 8 standard packages a month (48 h" in i.value for i in at.info)
    at.number_input(key="offer_target").set_value(50_000).run()
    assert any("billable hours" in w.value for w in at.warning)  # 179 packages, 1,074 h


def test_offer_bad_input_is_a_message(app_db):
    at = page("offer").run()
    at.number_input(key="offer_hours").set_value(0).run()
    assert not at.exception
    assert any("hours must be above 0" in e.value for e in at.error)
    at.number_input(key="offer_hours").set_value(6).run()
    at.text_area(key="offer_deliverables").set_value("  \n ").run()
    assert any("at least one deliverable" in e.value for e in at.error)


def test_offer_takes_the_walk_away_rate_from_the_rate_calculator(app_db):
    inputs = {"freelance": {"platform_fee": 0.2}}
    seed(app_db, records=[("rates", inputs, {"hourly_rate": 50.0, "walk_away_rate": 60.0})])
    at = page("offer").run()
    # billed 60 $/h less the calculator's 20% fee = 48 $/h kept; fee slider 20%
    assert at.number_input(key="offer_walk_away").value == 48.0
    assert at.slider(key="offer_fee").value == 20
    # 48 x 6 / 0.8 = 360 -> $375
    assert metrics(at)["Package price"] == "$375"
    assert "rate calculator" in everything(at)


def test_offer_keeps_the_example_when_a_saved_rate_lacks_its_rates(app_db):
    seed(app_db, records=[("rates", {"freelance": {"platform_fee": 0.2}}, {"note": "older row"})])
    at = page("offer").run()
    assert not at.exception
    assert at.number_input(key="offer_walk_away").value == 45.0  # the labelled example


def test_offer_user_text_is_not_markup(app_db):
    at = page("offer").run()
    at.text_input(key="offer_name").set_value("<b>Logo</b> [x](javascript:1)").run()
    assert not at.exception
    assert any(r"&lt;b&gt;Logo&lt;/b&gt; \[x\]" in h.value for h in at.subheader)


# -- income buffer ------------------------------------------------------------------------------
def test_buffer_example_and_save(app_db):
    at = page("buffer").run()
    assert not at.exception
    # [3200, 900, 2500] against 2,500: target 3,800, salary 1,710 (arithmetic in test_buffer.py)
    shown = metrics(at)
    assert shown["Buffer to hold"] == "$3,800"
    assert shown["Salary to pay yourself"] == "$1,710 a month"
    assert shown["Volatility"] == "44%" and shown["Months short of expenses"] == "1 of 3"
    assert any("below your expenses" in w.value for w in at.warning)
    assert len(at.get("vega_lite_chart")) == 1
    at.button(key="save_buffer").click().run()
    assert history(app_db, "buffer").iloc[0]["result"]["buffer_target"] == 3800


def test_buffer_months_and_bad_input(app_db):
    at = page("buffer").run()
    at.number_input(key="buf_count").set_value(4).run()
    at.number_input(key="buf_month_3").set_value(2200).run()
    # [3200, 900, 2500, 2200]: mean 2200, std sqrt((1e6 + 1.69e6 + 0.09e6 + 0) / 4) = 833.67;
    # bad stretch 3 x (2500 - 1366.33) = 3,401 -> 3,450
    assert metrics(at)["Buffer to hold"] == "$3,450"
    at.number_input(key="buf_month_1").set_value(-10).run()
    assert not at.exception
    assert any("revenue of month 2 cannot be negative" in e.value for e in at.error)


def test_buffer_prefills_from_the_readiness_check(app_db):
    inputs = {"monthly_revenue": [4000, 4000, 4000], "monthly_expenses": 3000, "savings": 1500}
    seed(app_db, records=[("readiness", inputs, {"verdict": "almost"})])
    at = page("buffer").run()
    # steady 4,000 over 3,000 of expenses: the floor, 1 month = 3,000; savings 1,500 = 50%
    assert metrics(at)["Buffer to hold"] == "$3,000"
    assert any("cover 50% of this buffer" in i.value for i in at.info)


# -- outreach sprint ----------------------------------------------------------------------------
WEEK = {"messages": 20, "replies": 4, "calls": 2, "won": 1, "revenue": 600.0, "hours": 5.0}


def test_sprint_empty_then_a_week_then_six(app_db):
    at = page("sprint").run()
    assert not at.exception
    assert any("No weeks yet" in i.value for i in at.info)
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {}, "added_rows": [WEEK], "deleted_rows": []}
    at.run()
    assert not at.exception
    # 1 won / 20 messages = 5.0%; 600 / 5 h = 120 $/h; one week of six: keep going
    shown = metrics(at)
    assert shown["Conversion"] == "5.0%" and shown["Revenue per outreach hour"] == "$120.00/h"
    assert "**Keep going.**" in at.info[0].value
    # 3,000 a month = 692.31 a week at 30 $ a message -> 24 messages a week
    assert "about 24 messages a week" in everything(at)
    at.button(key="save_sprint").click().run()
    assert history(app_db, "sprint").iloc[0]["result"]["verdict"] == "keep_going"
    fresh = page("sprint").run()  # the weeks were kept
    assert len(fresh.data_editor[0].value) == 1


def test_sprint_verdict_after_six_stored_weeks(app_db):
    seed(app_db, settings=[("sprint_weeks", [WEEK] * 6)])
    at = page("sprint").run()
    assert not at.exception
    assert "**Scale up.**" in at.success[0].value
    assert len(at.get("vega_lite_chart")) == 1
    at.number_input(key="sprint_rate").set_value(150).run()  # 120 $/h < 150
    assert "**Change the offer.**" in at.warning[0].value


def test_sprint_bad_week_is_a_message(app_db):
    at = page("sprint").run()
    key = at.data_editor[0].key
    bad = {**WEEK, "replies": 30}
    at.session_state[key] = {"edited_rows": {}, "added_rows": [bad], "deleted_rows": []}
    at.run()
    assert not at.exception
    assert any(
        "week 1: replies (30) cannot be more than messages (20)" in e.value for e in at.error
    )


# -- case study ---------------------------------------------------------------------------------
def test_casestudy_empty_then_filled_and_downloadable(app_db):
    at = page("casestudy").run()
    assert not at.exception
    assert any("Write a title" in i.value for i in at.info)
    at.text_input(key="cs_title").set_value("A site for <i>Crumb</i>").run()
    at.text_area(key="cs_outcome").set_value("Orders by form.\n# not a heading").run()
    assert not at.exception
    page_md = next(m.value for m in at.markdown if m.value.startswith("# "))
    assert page_md.startswith("# A site for &lt;i&gt;Crumb&lt;/i&gt;")
    assert r"\# not a heading" in page_md
    assert [b.proto.label for b in at.get("download_button")] == [
        "Download the case study (Markdown)"
    ]
    at.button(key="save_casestudy").click().run()
    assert len(history(app_db, "casestudy")) == 1


def test_casestudy_starts_from_a_logged_session(app_db):
    day = dt.date(2026, 11, 20)
    session = dict(lane="freelance", day=day, minutes=120, earned=50, stress=3, joy=4)
    seed(app_db, sessions=[{**session, "note": "logo for a bakery"}])
    at = page("casestudy").run()
    at.selectbox(key="cs_job").set_value(at.selectbox(key="cs_job").options[1]).run()
    assert at.text_area(key="cs_brief").value == "logo for a bakery"
    # $50 over 2 h = $25.00/h
    assert at.text_input(key="cs_metric").value == "$50.00 for 2.0 h of work ($25.00/h)"
    at.text_input(key="cs_title").set_value("Bakery logo").run()
    assert not at.exception
    assert any("**Result:** \\$50.00 for 2.0 h" in m.value for m in at.markdown)


# -- sections on other pages --------------------------------------------------------------------
def both(day: int, micro: float, freelance: float) -> list[dict]:
    on = dt.date(2026, 11, day)
    base = dict(day=on, minutes=60, stress=3, joy=3)
    return [
        {**base, "lane": "micro", "earned": micro},
        {**base, "lane": "freelance", "earned": freelance},
    ]


def test_experiment_page_shows_the_flip_and_micro_money_as_fuel(app_db):
    seed(app_db, sessions=[row for d in range(1, 6) for row in both(d, 8, 20)])
    at = page("experiment").run()
    assert not at.exception
    shown = everything(at)
    # freelance 20 $/h beats 8 on all 5 days with both lanes: 5 of 5 >= 80%, ready
    assert "Freelance won on cash per hour on 5 of the 5 days" in shown
    assert any("Time to flip" in s.value for s in at.success)
    # micro $8 x 5 days = $40 over a 5-day span (one week): $40 a week;
    # $200 piece / 40 = 5 weeks; 3 x 2,500 = 7,500 / 40 = 187.5 -> 188 weeks
    assert r"From your log: At \$40.00 a week" in shown
    assert "in 5 weeks" in shown and "in 188 weeks" in shown


def test_readiness_page_shows_the_buffer_and_the_flip(app_db):
    at = page("readiness").run()
    assert not at.exception
    assert [e.label for e in at.expander if "Income buffer and the flip" in e.label]
    at.session_state["rd_buffer_open"] = True  # on demand: its expander opened
    at.run()
    shown = everything(at)
    assert "income buffer of" in shown and "**The flip.**" in shown


def test_quiz_page_shows_micro_money_as_fuel(app_db):
    at = page("quiz").run()
    for qid, oid in MIXED.items():
        at.radio(key=f"quiz_{qid}").set_value(oid)
    at.button[0].click().run()
    assert not at.exception
    shown = everything(at)
    assert "Micro-task money as fuel" in shown and "pays for a portfolio piece" in shown


def test_buffer_prefills_from_a_log_of_complete_months_only(app_db):
    from ui.prefill import months_back

    today = dt.date.today()
    starts = months_back(today, 4)  # the four complete months before this one
    rows = [
        dict(lane=lane, day=start, minutes=60, earned=earned, stress=3, joy=3)
        for start in starts
        for lane, earned in (("freelance", 2000), ("micro", 100))
    ]
    seed(app_db, sessions=rows)
    at = page("buffer").run()
    assert at.number_input(key="buf_count").value == 4
    # both lanes: 2,000 + 100 = 2,100 a month
    assert [at.number_input(key=f"buf_month_{n}").value for n in range(4)] == [2100.0] * 4
    assert "experiment log" in everything(at)


def test_a_week_of_log_is_not_read_as_months_of_income(app_db):
    last_month = dt.date.today().replace(day=1) - dt.timedelta(days=3)
    day = dict(lane="freelance", minutes=60, earned=200, stress=3, joy=3)
    seed(app_db, sessions=[{**day, "day": last_month - dt.timedelta(days=n)} for n in range(5)])
    at = page("buffer").run()
    assert "Prefilled from an example" in everything(at)
    assert at.number_input(key="buf_count").value == 3
