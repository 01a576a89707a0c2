"""AppTest: the experiment log page logs, edits, deletes, summarises and imports sessions."""

from __future__ import annotations

import datetime as dt

from support import page

from gigcore.store import open_store


def metrics(at) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def log(at, minutes: float, earned: float, lane: str = "micro"):
    at.radio(key="exp_lane").set_value(lane)
    at.number_input(key="exp_minutes").set_value(minutes)
    at.number_input(key="exp_earned").set_value(earned)
    at.button[0].click()  # the form's "Log session"
    return at.run()


def seed(db_path, rows: list[dict]) -> None:
    s = open_store(db_path)
    s.add_sessions(rows)
    s.close()


def test_empty_log_renders_and_explains(app_db):
    at = page("experiment").run()
    assert not at.exception
    assert any("No sessions yet" in i.value for i in at.info)
    assert "Not started" in at.get("progress")[0].proto.text


def test_log_a_session_and_see_it_in_the_summary(app_db):
    at = page("experiment").run()
    log(at, 90, 9)
    assert not at.exception
    assert any("Logged 90 min of Micro-tasks" in s.value for s in at.success)
    # $9 over 1.5 h = $6.00/h.
    assert metrics(at)["Micro-tasks: cash per hour"] == "$6.00/h"
    assert "Day 1 of 7" in at.get("progress")[0].proto.text
    # 30 min searching, unpaid: $9 over 2 h = $4.50/h.
    log(at, 30, 0)
    assert metrics(at)["Micro-tasks: cash per hour"] == "$4.50/h"
    assert len(at.data_editor) == 1 and len(at.data_editor[0].value) == 2


def test_bad_session_shows_an_error_and_the_page_keeps_working(app_db):
    at = page("experiment").run()
    log(at, 0, 5)
    assert not at.exception
    assert any("minutes must be at least 1" in e.value for e in at.error)
    log(at, 30, -2)
    assert any("money earned cannot be negative" in e.value for e in at.error)
    assert at.title[0].value == "Experiment log"
    assert any("No sessions yet" in i.value for i in at.info)  # nothing was saved
    log(at, 60, 6)
    assert metrics(at)["Micro-tasks: cash per hour"] == "$6.00/h"


WEEK = [
    {
        "lane": "micro",
        "day": dt.date(2026, 11, 20),
        "minutes": 60,
        "earned": 6,
        "stress": 2,
        "joy": 3,
    },
    {
        "lane": "freelance",
        "day": dt.date(2026, 11, 20),
        "minutes": 120,
        "earned": 50,
        "stress": 4,
        "joy": 4,
    },
    {
        "lane": "freelance",
        "day": dt.date(2026, 11, 21),
        "minutes": 60,
        "earned": 0,
        "stress": 3,
        "joy": 2,
        "note": "proposals",
    },
]


def test_both_lanes_charts_days_and_memo(app_db):
    seed(app_db, WEEK)
    at = page("experiment").run()
    assert not at.exception
    shown = metrics(at)
    # micro $6 / 1 h; freelance $50 / 3 h = $16.67/h (the hour of proposals counts).
    assert shown["Micro-tasks: cash per hour"] == "$6.00/h"
    assert shown["Freelance: cash per hour"] == "$16.67/h"
    assert len(at.get("vega_lite_chart")) == 3  # cash/h, stress/joy, per day
    days = at.dataframe[1].value
    assert list(days["Won on cash"]) == ["Freelance", "only one lane"]
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Download the memo (Markdown)" in labels and "Export my log (CSV)" in labels


def test_edit_and_delete_through_the_table(app_db):
    seed(app_db, WEEK)
    at = page("experiment").run()
    key = at.data_editor[0].key
    # row 0 (micro, 60 min, $6): change earned to $12 -> $12/h; delete row 2 (proposals hour).
    at.session_state[key] = {
        "edited_rows": {0: {"earned": 12.0}, 2: {"delete": True}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    at.button(key="exp_save_table").click().run()
    assert not at.exception
    shown = metrics(at)
    assert shown["Micro-tasks: cash per hour"] == "$12.00/h"
    # freelance now $50 over 2 h = $25.00/h.
    assert shown["Freelance: cash per hour"] == "$25.00/h"
    s = open_store(app_db)
    assert len(s.sessions()) == 2
    s.close()


def test_csv_import_good_and_bad(app_db):
    at = page("experiment").run()
    bad = b"day,lane,minutes,earned,stress,joy\n2026-11-20,micro,sixty,6,2,3\n"
    at.file_uploader(key="exp_upload").set_value(("log.csv", bad, "text/csv")).run()
    assert not at.exception
    assert any("row 2: minutes must be a plain number" in e.value for e in at.error)
    good = b"day,lane,minutes,earned,stress,joy,note\n2026-11-20,micro,30,3,2,3,surveys\n"
    at.file_uploader(key="exp_upload").set_value(("log.csv", good, "text/csv")).run()
    at.button(key="exp_import").click().run()
    assert not at.exception
    # $3 over 0.5 h = $6.00/h.
    assert metrics(at)["Micro-tasks: cash per hour"] == "$6.00/h"
