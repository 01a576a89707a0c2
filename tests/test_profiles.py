"""Private profiles: local mode has one profile; hosted mode uses the signed-in identity only.

Hosted mode is Streamlit authentication (`[auth]` in secrets). The profile is then the user's
issuer and subject from `st.user`, never anything typed, and one profile can never read, export
or delete another's rows, whatever odd characters the identity holds.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from streamlit.runtime.media_file_manager import MediaFileManager
from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
from streamlit.testing.v1 import AppTest
from support import page

from gigcore.store import open_store

AUTH = {  # a complete `[auth]` section; nothing here is contacted in the tests
    "auth": {
        "redirect_uri": "http://localhost:8501/oauth2callback",
        "cookie_secret": "not-a-real-secret",
        "client_id": "id",
        "client_secret": "secret",
        "server_metadata_url": "https://issuer.example/.well-known/openid-configuration",
    }
}
SHELL = """
import streamlit as st
from ui.shell import render_shell

render_shell()
st.write("The tools below still work.")
"""
ODD = [
    "a' OR '1'='1",
    'x"; DROP TABLE records; --',
    "%",
    "_",
    "|",
    "ü|🙂",
    "\\",
    "null",
    " ",
]


def signed_in(issuer: str, subject: str, name: str = "Sam") -> dict:
    return {"is_logged_in": True, "iss": issuer, "sub": subject, "name": name}


def hosted(at: AppTest, user: dict) -> AppTest:
    at.secrets.update(AUTH)
    at.user = user
    return at


def seed(db, profile: str, rate: float, minutes: int) -> None:
    """One saved result, one setting and one logged session, each marked with whose they are."""
    s = open_store(db)
    s.record("rates", {"owner": f"owner:{profile}"}, {"hourly_rate": rate}, profile=profile)
    s.set_setting("walk_away_rate", rate, profile=profile)
    s.add_session(profile, lane="micro", day="2026-11-02", minutes=minutes, earned=1.0,
                  stress=2, joy=3, note=f"owner:{profile}")  # fmt: skip
    s.close()


@pytest.fixture
def downloads(monkeypatch) -> list:
    """What the app offers for download: bytes, or the callable a deferred download runs.

    Streamlit runs a deferred callable when the button is pressed, in a worker thread of the
    server with no session attached (`asyncio.to_thread(media_file_mgr.execute_deferred)`), so
    tests call it the same way: after the run, outside any script context.
    """
    offered: list = []
    real_load = MemoryMediaFileStorage.load_and_get_id
    real_defer = MediaFileManager.add_deferred

    def keep(self, path_or_data, mimetype, kind, filename=None):
        if isinstance(path_or_data, bytes):
            offered.append(path_or_data)
        return real_load(self, path_or_data, mimetype, kind, filename)

    def defer(self, data_callable, *args, **kwargs):
        offered.append(data_callable)
        return real_defer(self, data_callable, *args, **kwargs)

    monkeypatch.setattr(MemoryMediaFileStorage, "load_and_get_id", keep)
    monkeypatch.setattr(MediaFileManager, "add_deferred", defer)
    return offered


def exported(offered: list) -> str:
    """The downloads as the person would receive them."""
    out = []
    for item in offered:
        data = item() if callable(item) else item
        out.append(data.decode() if isinstance(data, bytes) else str(data))
    return "".join(out)


def prepared(home: AppTest) -> AppTest:
    """Press the home page's button that prepares the full-history download."""
    next(b for b in home.button if b.label.startswith("Prepare my full history")).click()
    return home.run()


def test_local_mode_has_one_profile_and_ignores_typed_ones(app_db):
    seed(app_db, "local", 40.0, 30)
    seed(app_db, "someone-else", 99.0, 45)
    at = page("home")
    at.session_state["profile"] = "someone-else"  # nothing a person types or links can switch it
    at.query_params["profile"] = "someone-else"
    at.run()
    assert not at.exception
    shown = at.dataframe[0].value
    assert list(shown["summary"]) == ["$40.00/h", "micro session: 30 min, $1.00"]


def test_hosted_mode_asks_to_sign_in_and_shows_nothing(app_db):
    seed(app_db, "local", 40.0, 30)
    at = hosted(AppTest.from_string(SHELL, default_timeout=60), {"is_logged_in": False}).run()
    assert not at.exception
    assert [b.label for b in at.button] == ["Sign in"]
    assert not [m for m in at.markdown if "still work" in m.value]  # the page stopped there


def test_signed_out_page_never_falls_back_to_the_local_profile(app_db):
    seed(app_db, "local", 40.0, 30)
    at = hosted(page("home"), {"is_logged_in": False}).run()
    assert not at.exception  # refused with the sign-in message, not a traceback
    assert any("Sign in" in i.value for i in at.info)
    assert not at.dataframe


def test_signed_in_profile_is_issuer_and_subject(app_db):
    seed(app_db, "https://issuer.example|sam", 55.5, 20)
    seed(app_db, "https://other.example|sam", 11.0, 10)  # same subject, another issuer
    seed(app_db, "local", 40.0, 30)
    at = hosted(AppTest.from_string(SHELL, default_timeout=60),
                signed_in("https://issuer.example", "sam")).run()  # fmt: skip
    assert not at.exception
    assert any(t.value == "Signed in as Sam" for t in at.sidebar.text)
    home = hosted(page("home"), signed_in("https://issuer.example", "sam")).run()
    assert list(home.dataframe[0].value["summary"]) == ["$55.50/h", "micro session: 20 min, $1.00"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("a|b", "c"), ("a", "b|c")),  # would both be "a|b|c" without escaping
        (("a%7Cb", "c"), ("a|b", "c")),  # an issuer that looks escaped already
    ],
)
def test_identities_with_separators_never_share_a_profile(app_db, first, second):
    for issuer, subject in (first, second):
        at = hosted(page("rates"), signed_in(issuer, subject)).run()
        next(b for b in at.button if b.label == "Save this scenario to history").click().run()
        assert not at.exception
        home = hosted(page("home"), signed_in(issuer, subject)).run()
        assert len(home.dataframe[0].value) == 1  # the second person never sees the first's


@pytest.mark.parametrize("odd", ODD)
def test_odd_identities_read_and_delete_only_their_own(app_db, odd):
    mine = (f"https://issuer.example/{odd}", odd)
    theirs_profile = "https://issuer.example|victim"
    seed(app_db, theirs_profile, 77.0, 50)
    at = hosted(page("rates"), signed_in(*mine)).run()
    next(b for b in at.button if b.label == "Save this scenario to history").click().run()
    assert not at.exception

    home = hosted(page("home"), signed_in(*mine)).run()
    assert not home.exception
    assert len(home.dataframe[0].value) == 1  # read: only my scenario
    home.checkbox[0].check().run()
    next(b for b in home.button if b.label == "Delete my history").click().run()
    assert not home.exception

    s = open_store(app_db)
    try:  # delete: mine are gone, theirs are all there
        assert list(s.history(theirs_profile)["result"]) == [{"hourly_rate": 77.0}]
        assert s.history(theirs_profile)["inputs"][0] == {"owner": f"owner:{theirs_profile}"}
        assert s.get_setting("walk_away_rate", None, profile=theirs_profile) == 77.0
        assert list(s.sessions(theirs_profile)["minutes"]) == [50]
        count = s._cur().execute("SELECT count(*) FROM records").fetchone()[0]
        assert count == 1
    finally:
        s.close()


def test_local_export_holds_the_local_rows_only(app_db, downloads):
    seed(app_db, "local", 40.0, 30)
    seed(app_db, "https://issuer.example|victim", 77.0, 50)
    home = prepared(page("home").run())
    assert not home.exception
    csv = exported(downloads)
    assert "owner:local" in csv and "victim" not in csv


@pytest.mark.parametrize("odd", ODD[:3])
def test_signed_in_export_holds_my_rows_only(app_db, downloads, odd):
    mine = f"https://issuer.example|{odd}"
    seed(app_db, mine, 40.0, 30)
    seed(app_db, "https://issuer.example|victim", 77.0, 50)
    home = prepared(hosted(page("home"), signed_in("https://issuer.example", odd)).run())
    assert not home.exception
    rows = list(csv.DictReader(io.StringIO(exported(downloads))))
    assert [json.loads(row["inputs"])["owner"] for row in rows] == [f"owner:{mine}"] * len(rows)
    assert rows and "victim" not in exported(downloads)
