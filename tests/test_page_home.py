"""AppTest: the home page explains the app, lists history, exports it and deletes on request."""

from __future__ import annotations

import duckdb
from support import page

from gigcore.store import open_store


def seed(db_path, profile="local"):
    s = open_store(db_path)
    s.record("rates", {}, {"hourly_rate": 40.0}, profile=profile)
    s.record("rates", {}, {"hourly_rate": 55.5}, profile=profile)
    s.record("audit", {}, {"score": 80, "level": "stop"}, profile=profile)
    s.close()


def test_empty_history_says_so(app_db):
    at = page("home").run()
    assert not at.exception
    assert at.title[0].value == "Gig path"
    assert any("Nothing saved yet" in i.value for i in at.info)


def test_history_table_trend_and_download(app_db):
    seed(app_db)
    seed(app_db, profile="someone-else")
    at = page("home").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert len(table) == 3  # only this profile's rows
    assert list(table["summary"]) == ["80/100 (stop)", "$55.50/h", "$40.00/h"]
    assert len(at.get("vega_lite_chart")) == 1  # the rate trend (2 points)
    assert not at.get("download_button")  # nothing is built until the person asks
    next(b for b in at.button if b.label.startswith("Prepare my full history")).click().run()
    assert not at.exception
    (button,) = at.get("download_button")
    assert "3 results" in button.proto.label


def test_download_is_the_whole_history_and_reads_back(app_db, monkeypatch):
    from gigcore import history

    offered = []
    real = history.export_file

    def spy(chunks, folder, progress=None, zip_above=history.ZIP_ABOVE):
        target, rows = real(chunks, folder, progress)
        offered.append(target.read_text(encoding="utf-8"))
        return target, rows

    monkeypatch.setattr("gigcore.history.export_file", spy)
    s = open_store(app_db)
    for k in range(history.RECENT + 5):  # more than the page shows
        s.record("rates", {"note": f"=cmd|{k}"}, {"hourly_rate": float(k)})
    s.close()
    at = page("home").run()
    next(b for b in at.button if b.label.startswith("Prepare my full history")).click().run()
    assert not at.exception
    rows = history.read_history_csv(offered[0])
    assert len(rows) == history.RECENT + 5
    assert rows[0]["inputs"] == {"note": f"=cmd|{history.RECENT + 4}"}


def test_one_damaged_value_is_read_around(app_db):
    seed(app_db)
    con = duckdb.connect(str(app_db))
    con.execute("UPDATE records SET inputs = '{oops' WHERE result LIKE '%55.5%'")
    con.close()
    at = page("home").run()
    assert not at.exception
    assert list(at.dataframe[0].value["summary"]) == ["80/100 (stop)", "$40.00/h"]
    assert [w.value for w in at.warning] == [
        "1 saved result is damaged and could not be read, so it is left out here; everything "
        "else is shown. The download keeps it as it was stored."
    ]


def test_delete_needs_confirmation(app_db):
    seed(app_db)
    at = page("home").run()
    delete = next(b for b in at.button if b.label == "Delete my history")
    assert delete.disabled
    at.checkbox[0].check().run()
    next(b for b in at.button if b.label == "Delete my history").click().run()
    assert not at.exception
    s = open_store(app_db)
    assert s.history().empty
    s.close()
    # what went, said after the page reloads empty
    assert [m.value for m in at.success] == [
        "Deleted 3 saved results, 0 logged work sessions and 0 settings (such as your "
        "walk-away rate). Your history is empty now."
    ]


def test_logged_sessions_show_in_history(app_db):
    import datetime as dt

    s = open_store(app_db)
    s.add_session(lane="micro", day=dt.date(2026, 11, 20), minutes=45, earned=4.5, stress=2, joy=3)
    s.close()
    at = page("home").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["summary"]) == ["micro session: 45 min, $4.50"]


def test_a_first_visit_gets_a_path_and_what_to_do_first(app_db):
    at = page("home").run()
    text = "\n".join(m.value for m in at.markdown)
    assert "**What do I do first?** Answer the 14 questions of *Which path fits me*" in text
    # run alone (no app.py), links are named in text, in the order of the path
    order = [t for t in ("1. Which path fits me", "2. Rate calculator", "3. Red-flag gig audit")
             if t in text]  # fmt: skip
    assert len(order) == 3 and text.index(order[0]) < text.index(order[1]) < text.index(order[2])
