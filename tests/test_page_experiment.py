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
    days = at.table[0].value  # a static table: wraps at phone width
    assert list(days["Won on cash"]) == ["Freelance", "only one lane"]
    cells = [str(v) for v in days.to_numpy().ravel()]
    assert "None" not in cells and "not logged" in list(
        days["Micro-tasks $/h"]
    )  # a lane not logged
    order = list(at.data_editor[0].proto.column_order)
    assert order[0] == "delete"  # the Delete column is on screen on a phone
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


def upload(at, data: bytes, version: int = 0):
    return at.file_uploader(key=f"exp_upload_{version}").set_value(("log.csv", data, "text/csv"))


def test_csv_import_good_and_bad(app_db):
    at = page("experiment").run()
    bad = b"day,lane,minutes,earned,stress,joy\n2026-11-20,micro,sixty,6,2,3\n"
    upload(at, bad).run()
    assert not at.exception
    assert any("row 2: minutes must be a plain number" in e.value for e in at.error)
    good = b"day,lane,minutes,earned,stress,joy,note\n2026-11-20,micro,30,3,2,3,surveys\n"
    upload(at, good).run()
    at.button(key="exp_import").click().run()
    assert not at.exception
    # $3 over 0.5 h = $6.00/h.
    assert metrics(at)["Micro-tasks: cash per hour"] == "$6.00/h"


THREE = (
    b"day,lane,minutes,earned,stress,joy\n"
    b"2026-11-20,micro,30,3,2,3\n2026-11-20,freelance,60,0,3,3\n2026-11-21,micro,45,4.5,2,4\n"
)


def test_importing_the_same_file_twice_adds_nothing_and_says_so(app_db):
    at = page("experiment").run()
    upload(at, THREE).run()
    at.button(key="exp_import").click().run()
    assert any("3 added, 0 already in your log" in s.value for s in at.success)
    assert at.file_uploader(key="exp_upload_1").value is None  # the uploader is empty again
    assert "exp_import" not in [b.key for b in at.button]  # nothing left to click twice
    upload(at, THREE, version=1).run()
    at.button(key="exp_import").click().run()
    assert any("0 added, 3 already in your log" in s.value for s in at.success)
    s = open_store(app_db)
    assert s.session_count() == 3
    s.close()


def test_a_file_with_bad_rows_names_them_and_imports_the_good_ones(app_db):
    at = page("experiment").run()
    mixed = THREE + b"2026-11-22,micro,1e15,5,2,3\n2026-11-23,bike,30,3,2,3\n"
    upload(at, mixed).run()
    shown = "\n".join(e.value for e in at.error)
    assert "2 rows of the file cannot be imported" in shown
    assert "row 5: minutes must be at least 1 and at most 1440" in shown
    assert "row 6: lane must be" in shown
    button = at.button(key="exp_import")
    assert button.label == "Import the 3 good sessions and skip the bad rows"
    button.click().run()
    assert any("3 added, 0 already in your log; 2 bad rows left out" in s.value for s in at.success)


def test_a_refused_session_keeps_the_form_and_a_logged_one_clears_it(app_db):
    at = page("experiment").run()
    at.radio(key="exp_lane").set_value("freelance")
    at.slider(key="exp_stress").set_value(5)
    at.slider(key="exp_joy").set_value(1)
    at.text_input(key="exp_note").set_value("client call")
    log(at, 1e15, 12, lane="freelance")  # 1e15 minutes: refused, not read as 1
    assert any("minutes must be at least 1 and at most 1440" in e.value for e in at.error)
    assert at.radio(key="exp_lane").value == "freelance"
    assert at.number_input(key="exp_earned").value == 12
    assert (at.slider(key="exp_stress").value, at.slider(key="exp_joy").value) == (5, 1)
    assert at.text_input(key="exp_note").value == "client call"
    log(at, 45, 12, lane="freelance")
    assert any(r"Logged 45 min of Freelance (\$12.00)" in s.value for s in at.success)
    assert at.number_input(key="exp_earned").value == 0  # ready for the next session
    assert not at.text_input(key="exp_note").value
    assert at.radio(key="exp_lane").value == "freelance"  # the lane stays for the next one


def test_a_session_in_the_future_is_refused(app_db):
    at = page("experiment").run()
    assert at.date_input(key="exp_day").max == dt.date.today()
    tomorrow = dt.date.today() + dt.timedelta(days=1)
    import pytest

    from gigcore.experiment import WorkSession

    with pytest.raises(ValueError, match="is in the future"):
        WorkSession("micro", 30, 3, 2, 3, day=tomorrow)
    future = f"day,lane,minutes,earned,stress,joy\n{tomorrow},freelance,600,50,2,3\n".encode()
    upload(at, future).run()
    assert any("is in the future" in e.value for e in at.error)
    assert "exp_import" not in [b.key for b in at.button]


def test_a_stored_session_dated_ahead_can_still_be_fixed(app_db):
    ahead = dt.date.today() + dt.timedelta(days=3)  # saved before the log refused such dates
    seed(app_db, [dict(lane="freelance", day=ahead, minutes=600, earned=50, stress=2, joy=3)])
    at = page("experiment").run()
    assert not at.exception
    assert any("is in the future" in e.value for e in at.error)
    assert len(at.data_editor) == 1  # the row is there to correct or delete
    key = at.data_editor[0].key
    at.session_state[key] = {"edited_rows": {0: {"day": dt.date.today().isoformat()}}}
    at.button(key="exp_save_table").click().run()
    assert not at.exception and not at.error
    assert metrics(at)["Freelance: cash per hour"] == "$5.00/h"  # $50 over 10 h, dated today
