"""AppTest: the home page explains the app, lists history, exports it and deletes on request."""

from __future__ import annotations

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
    assert at.get("download_button")


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


def test_logged_sessions_show_in_history(app_db):
    import datetime as dt

    s = open_store(app_db)
    s.add_session(lane="micro", day=dt.date(2026, 11, 20), minutes=45, earned=4.5, stress=2, joy=3)
    s.close()
    at = page("home").run()
    assert not at.exception
    table = at.dataframe[0].value
    assert list(table["summary"]) == ["micro session: 45 min, $4.50"]
