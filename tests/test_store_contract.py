"""The store's contract, run against both backends: a DuckDB file and a PostgreSQL server.

Every test takes `backend` ("duckdb" or "postgres") and a fresh store of it: a file in a
temporary folder, or a schema of its own on the `GIGPATH_TEST_PG` server (see `backends.py`:
without a server the PostgreSQL half skips, and in CI it fails instead). The same calls must
give the same answers: round trips, profile isolation, delete, settings, sessions and their
all-or-nothing import, migrations from an older schema, threads, several processes, a killed
writer. Where the two honestly differ the test says so: an embedded file is written by one
process at a time (the others are told it is locked and lose nothing), and only a server has a
connection to lose mid-session.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
import time

import pytest
from backends import BACKENDS, Proxy, target_for, terminate_app_connections, via
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT

from gigcore import store as gs
from gigcore.store import SCHEMA_VERSION, Store, migrate, open_store

DAY = dt.date(2026, 11, 2)
SESSION = {"lane": "micro", "day": DAY, "minutes": 30, "earned": 2.0, "stress": 2, "joy": 3}


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def target(backend, tmp_path) -> str:
    with target_for(backend, tmp_path) as where:
        yield where


@pytest.fixture
def store(target) -> Store:
    s = open_store(target)
    yield s
    s.close()


def raw(store: Store, sql: str, params=None) -> list[tuple]:
    """Run SQL on the store's own database (DuckDB cursor or server pool): for checks only."""
    return store._cur().execute(sql, params).fetchall()


def run_child(code: str, *args: str, **kw) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", code, *args], cwd=ROOT, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, **kw,
    )  # fmt: skip


# -- what every backend must do alike ---------------------------------------------------------
def test_backend_is_the_one_asked_for(store, backend):
    assert store.backend == backend and store.persistent and store.notice is None
    assert store.ping() is None
    if backend == "postgres":  # the path shown in the app never carries a password
        assert store.path.startswith("postgresql://") and "?" not in store.path


def test_record_and_history_newest_first(store):
    first = store.record("rates", {"hours": 40}, {"hourly_rate": 71.5})
    second = store.record("audit", {"chars": 10}, {"score": 80})
    frame = store.history()
    assert list(frame["id"]) == [second, first]
    assert frame.iloc[1]["inputs"] == {"hours": 40}
    assert isinstance(frame.iloc[0]["created_at"], dt.datetime)
    assert list(store.history(tool="rates")["id"]) == [first]
    assert len(store.history(limit=1)) == 1 and len(store.history(limit=0)) == 0
    assert len(store.history(limit=10**30)) == 2
    assert store.get(first)["result"] == {"hourly_rate": 71.5}
    assert store.get(first + second + 100) is None


@pytest.mark.parametrize(
    "profile", ["a' OR '1'='1", 'x"; DROP TABLE records; --', "ü|🙂", "%", "_", "?", "%s"]
)
def test_profiles_never_see_each_other(store, profile):
    mine = store.record("rates", {}, {"v": 1}, profile=profile)
    store.record("rates", {}, {"v": 2}, profile="other")
    store.set_setting("walk_away_rate", 50.0, profile="other")
    store.add_session("other", **SESSION)
    assert list(store.history(profile)["id"]) == [mine]
    assert store.get(mine, profile="other") is None
    assert store.get_setting("walk_away_rate", None, profile=profile) is None
    assert store.sessions(profile).empty and store.session_count(profile) == 0
    assert store.count(profile) == 1 and store.count("other") == 1
    assert store.delete_profile(profile) == 1
    assert len(store.history("other")) == 1 and len(store.sessions("other")) == 1


def test_delete_profile_removes_every_kind_of_row_and_only_its_own(store):
    for who in ("me", "you"):
        store.record("rates", {}, {"who": who}, profile=who)
        store.set_setting("walk_away_rate", 40.0, profile=who)
        store.add_session(who, **SESSION)
    assert store.delete_profile("me") == 3  # a result, a setting, a session
    assert store.history("me").empty and store.sessions("me").empty
    assert store.get_setting("walk_away_rate", "gone", profile="me") == "gone"
    assert store.count("you") == 1 and store.session_count("you") == 1
    assert store.get_setting("walk_away_rate", profile="you") == 40.0
    assert store.delete_profile("me") == 0


def test_bad_records_are_refused(store):
    with pytest.raises(ValueError, match="not a finite number"):
        store.record("rates", {}, {"x": float("nan")})
    with pytest.raises(ValueError, match="must be a dictionary"):
        store.record("rates", [], {})
    with pytest.raises(ValueError, match="profile must be text"):
        store.history(profile="")
    with pytest.raises(ValueError, match="limit must be a whole number"):
        store.history(limit=-1)
    assert store.history().empty


def test_settings_keep_the_last_value_per_profile(store):
    store.set_setting("walk_away_rate", 40.0)
    store.set_setting("walk_away_rate", 45.5)
    store.set_setting("done", ["a", "b"])
    store.set_setting("walk_away_rate", 1.0, profile="other")
    assert store.get_setting("walk_away_rate") == 45.5
    assert store.get_setting("done") == ["a", "b"]
    assert store.get_setting("missing", "default") == "default"
    assert raw(store, "SELECT count(*) FROM settings WHERE profile = ?", ["local"]) == [(2,)]


def test_sessions_add_update_delete(store):
    sid = store.add_session(**SESSION)
    assert store.update_session(sid, earned=7.5, note="surveys")
    assert not store.update_session(sid, profile="other", earned=99)
    assert not store.delete_session(sid, profile="other")
    row = store.sessions().iloc[0]
    assert (row["earned"], row["note"], row["day"], row["minutes"]) == (7.5, "surveys", DAY, 30.0)
    with pytest.raises(ValueError, match="minutes must be a finite number of at least 0"):
        store.add_session(**(SESSION | {"minutes": -5}))
    with pytest.raises(ValueError, match="unknown work-session fields: colour"):
        store.update_session(sid, colour="red")
    assert store.session_count() == 1
    assert store.delete_session(sid) and store.sessions().empty


def test_bulk_sessions_are_all_or_nothing_and_skip_what_is_logged(store):
    with pytest.raises(ValueError):
        store.add_sessions([SESSION, SESSION | {"minutes": -1}])
    assert store.sessions().empty
    assert store.add_sessions([SESSION, SESSION]) == 2  # two equal half-hours are two sessions
    assert store.add_sessions([SESSION, SESSION, SESSION | {"joy": 5}]) == 1  # a re-import
    assert len(store.sessions()) == 3
    assert store.add_sessions([SESSION], profile="other") == 1  # another's log is not "logged"


def test_an_import_that_fails_half_way_saves_nothing(store, monkeypatch):
    rows = [SESSION | {"minutes": m} for m in range(1, 41)]
    real = Store._insert_session
    calls = []

    def fail_at_twenty(self, *args, **kw):
        calls.append(1)
        if len(calls) == 20:
            raise RuntimeError("the machine went down")
        return real(self, *args, **kw)

    monkeypatch.setattr(Store, "_insert_session", fail_at_twenty)
    with pytest.raises(RuntimeError, match="went down"):
        store.add_sessions(rows)
    monkeypatch.undo()
    assert store.sessions().empty  # nineteen were inserted, none kept
    assert store.add_sessions(rows) == 40  # and the store works on


KILLED_IMPORT = """
import sys
from gigcore.store import open_store
s = open_store(sys.argv[1])
rows = [dict(lane="micro", day="2026-11-02", minutes=m + 1, earned=1, stress=2, joy=3)
        for m in range(int(sys.argv[2]))]
print("importing", flush=True)
s.add_sessions(rows)
print("done", flush=True)
"""


def test_an_import_killed_mid_way_is_all_or_nothing(target):
    open_store(target).close()  # the schema is made before the crash under test
    n = 5_000
    child = run_child(KILLED_IMPORT, target, str(n))
    assert child.stdout.readline().strip() == "importing", child.stderr.read()
    time.sleep(0.3)
    child.kill()  # SIGKILL, as a crash would
    child.wait(timeout=60)
    s = open_store(target)
    try:
        assert s.session_count() in (0, n)  # never half an import
    finally:
        s.close()


def test_unreadable_stored_values_are_read_around(store):
    good = store.record("rates", {"a": 1}, {"hourly_rate": 50.0})
    bad = store.record("rates", {"a": 2}, {"hourly_rate": 60.0})
    store.set_setting("walk_away_rate", 45.0)
    raw(store, "UPDATE records SET inputs = '{oops' WHERE id = ?", [bad])
    raw(store, "UPDATE settings SET value = 'not json'")
    frame = store.history()
    assert list(frame["id"]) == [good] and frame.attrs["unreadable"] == 1
    assert store.get(bad)["unreadable"] == ["inputs"] and store.get(bad)["inputs"] == {}
    assert store.get_setting("walk_away_rate", 1.0) == 1.0
    assert store.count() == 2
    assert [r[0] for chunk in store.iter_history(chunk=1) for r in chunk] == [bad, good]


def test_iter_history_pages_through_everything_newest_first(store):
    ids = [store.record("rates", {"k": k}, {}) for k in range(23)]
    store.record("rates", {}, {}, profile="other")
    chunks = list(store.iter_history(chunk=5))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    assert [r[0] for c in chunks for r in c] == ids[::-1]
    assert list(store.iter_history("nobody")) == []


def test_rows_kept_elsewhere_are_carried_over(store):
    temp = open_store(":memory:")  # what a tab saved while the history could not be used
    temp.record("rates", {}, {"meanwhile": 1})
    temp.add_session(**SESSION)
    temp.set_setting("walk_away_rate", 55.0)
    store.add_session(**SESSION)  # already logged here: not added twice
    store.set_setting("walk_away_rate", 40.0)
    assert store.absorb(temp) == {"records": 1, "sessions": 0, "settings": 1}
    assert list(store.history()["result"]) == [{"meanwhile": 1}]
    assert store.get_setting("walk_away_rate") == 55.0 and store.session_count() == 1
    temp.close()


def test_threads_share_one_store(store):
    errors = []

    def worker(n):
        try:
            for k in range(25):
                store.record("rates", {"k": k}, {"n": n}, profile=f"user{n}")
                assert all(r["n"] == n for r in store.history(f"user{n}")["result"])
            store.add_sessions([SESSION | {"minutes": n + 1}] * 3, profile=f"user{n}")
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert all(len(store.history(f"user{n}")) == 25 for n in range(20))
    assert all(store.session_count(f"user{n}") == 3 for n in range(20))


WRITER = """
import sys
from gigcore.store import open_store
s = open_store(sys.argv[1], fallback=True)
print(s.persistent, s.kind, flush=True)
sys.stdin.readline()  # everyone starts writing at the same moment
ids = [s.record("rates", {"k": k}, {"writer": sys.argv[2]}, profile="p" + sys.argv[2])
       for k in range(int(sys.argv[3]))]
print(" ".join(map(str, ids)), flush=True)
s.close()
"""


def test_several_processes_write_at_once(target, backend):
    """Three app processes x 200 results at the same moment. A server takes them all: 600
    rows, each process's own. An embedded file is written by one process at a time: the
    first holds it, the others are told it is locked and keep their rows in memory."""
    if backend == "duckdb":  # made first: two processes creating one file at once is a race
        open_store(target).close()  # of DuckDB's own, not what is under test here
    n, each = 3, 200
    children = [run_child(WRITER, target, str(w), str(each)) for w in range(n)]
    try:
        opened = [c.stdout.readline().split() for c in children]
        for c in children:
            c.stdin.write("go\n")
            c.stdin.flush()
        told = [[int(i) for i in c.stdout.readline().split()] for c in children]
        for c in children:
            assert c.wait(timeout=120) == 0, c.stderr.read()
    finally:
        for c in children:
            c.kill()
    s = open_store(target)
    try:
        total = raw(s, "SELECT count(*) FROM records")[0][0]
        if backend == "postgres":
            assert opened == [["True", "None"]] * n
            assert total == n * each == 600
            for w, ids in enumerate(told):
                assert len(ids) == each and sorted(s.history(f"p{w}")["id"]) == sorted(ids)
            assert raw(s, "SELECT version FROM schema_info ORDER BY version") == [
                (v,) for v in range(1, SCHEMA_VERSION + 1)
            ]  # three processes migrated one new schema at once: each version once
        else:
            holders = [w for w, (persistent, _) in enumerate(opened) if persistent == "True"]
            assert len(holders) == 1
            assert sorted(kind for _, kind in opened) == ["None", "locked", "locked"]
            (w,) = holders
            assert total == each and sorted(s.history(f"p{w}")["id"]) == sorted(told[w])
    finally:
        s.close()


KILLED_WRITER = """
import sys
from gigcore.store import open_store
s = open_store(sys.argv[1])
for k in range(100000):
    print(s.record("rates", {"k": k}, {"ok": True}), flush=True)
"""


def test_killed_writer_loses_no_reported_record(target):
    child = run_child(KILLED_WRITER, target)
    reported = [int(child.stdout.readline()) for _ in range(300)]
    child.kill()  # SIGKILL mid-write
    child.wait(timeout=60)
    s = open_store(target)
    try:
        assert set(reported) <= set(s.history(limit=None)["id"])
    finally:
        s.close()


def old_database(target: str, backend: str):
    """A database at schema version 1, as an older app left it."""
    if backend == "duckdb":
        import duckdb

        return duckdb.connect(target)
    from gigcore.pg import PgDatabase

    return PgDatabase(target)


def test_migration_from_version_1_keeps_rows(target, backend):
    con = old_database(target, backend)
    assert migrate(con, upto=1) == 1
    con.execute(
        "INSERT INTO records (profile, tool, created_at, inputs, result) VALUES (?, ?, ?, ?, ?)",
        ["local", "rates", dt.datetime(2025, 1, 2, 3, 4, 5), '{"a": 1}', '{"hourly_rate": 50}'],
    )
    con.close()
    s = open_store(target)
    try:
        assert s.history().iloc[0]["result"] == {"hourly_rate": 50}
        assert s.history().iloc[0]["created_at"] == dt.datetime(2025, 1, 2, 3, 4, 5)
        s.set_setting("k", 1)  # version 2 tables now exist
        s.add_session(**SESSION)
        versions = raw(s, "SELECT version FROM schema_info ORDER BY version")
        assert versions == [(v,) for v in range(1, SCHEMA_VERSION + 1)]
    finally:
        s.close()
    again = open_store(target)  # opening a current database changes nothing
    assert len(raw(again, "SELECT version FROM schema_info")) == SCHEMA_VERSION
    again.close()


def test_newer_schema_is_not_touched(target, backend):
    con = old_database(target, backend)
    migrate(con)
    con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(ValueError, match="newer version"):
        open_store(target)
    s = open_store(target, fallback=True)
    assert not s.persistent and "newer version" in s.notice and not s.retry
    s.record("rates", {}, {"kept": "in memory"})
    s.close()
    check = old_database(target, backend)
    assert check.execute("SELECT count(*) FROM records").fetchone()[0] == 0
    assert check.execute("SELECT max(version) FROM schema_info").fetchone()[0] == SCHEMA_VERSION + 1
    check.close()


json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**53), 2**53)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tool=st.text(min_size=1, max_size=20).filter(str.strip),
    inputs=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
    result=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
    profile=st.text(min_size=1, max_size=40),
)
def test_any_record_round_trips(store, backend, tool, inputs, result, profile):
    if backend == "postgres" and "\0" in tool + profile:
        # PostgreSQL text cannot hold NUL: refused as bad input, nothing saved
        with pytest.raises(ValueError, match="NUL"):
            store.record(tool, inputs, result, profile=profile)
        return
    rid = store.record(tool, inputs, result, profile=profile)
    row = store.get(rid, profile=profile)
    assert (row["tool"], row["inputs"], row["result"]) == (tool, inputs, result)


# -- only a server has a connection to lose ---------------------------------------------------
@pytest.fixture
def server_target(target, backend) -> str:
    if backend != "postgres":
        pytest.skip("an embedded file has no connection to lose (a locked file: test_app_faults)")
    return target


def test_dropped_connections_are_replaced_and_nothing_confirmed_is_lost(server_target):
    s = open_store(server_target)
    try:
        told = [s.record("rates", {"k": k}, {}) for k in range(5)]
        s.add_session(**SESSION)
        assert terminate_app_connections(server_target) >= 1  # a server restart, as the app sees it
        assert sorted(s.history()["id"]) == sorted(told)  # a fresh connection, the same rows
        told.append(s.record("rates", {"k": 5}, {}))
        assert terminate_app_connections(server_target) >= 1
        assert s.add_sessions([SESSION | {"joy": 5}]) == 1
        assert sorted(s.history()["id"]) == sorted(told) and s.session_count() == 2
        assert s.ping() is None
    finally:
        s.close()


def test_an_unreachable_server_falls_back_and_is_tried_again(server_target):
    proxy = Proxy(*server_address(server_target))
    url = via(server_target, proxy)
    try:
        open_store(url).close()
        proxy.cut()
        with pytest.raises(gs.HistoryFileError) as failed:
            open_store(url)
        assert failed.value.kind == gs.UNREACHABLE
        s = open_store(url, fallback=True)
        assert not s.persistent and s.retry and s.kind == gs.UNREACHABLE
        assert "cannot be reached" in s.notice and "tries the database again" in s.notice
        assert "127.0.0.1" not in s.notice.split("(", 1)[1]  # the reason, not the address
        s.record("rates", {}, {"meanwhile": 1})
        proxy.restore()
        back = open_store(url)
        assert back.absorb(s) == {"records": 1, "sessions": 0, "settings": 0}
        back.close()
        s.close()
    finally:
        proxy.close()


def server_address(url: str) -> tuple[str, int]:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    return parts.hostname or "127.0.0.1", parts.port or 5432


def test_a_server_lost_mid_session_is_said_and_what_was_saved_meanwhile_carried_over(
    server_target, monkeypatch
):
    """The page says so (a banner, "this tab only"), keeps working, tries the server on each
    run, and once it answers carries what the tab saved meanwhile into it."""
    import streamlit as st
    from streamlit.testing.v1 import AppTest
    from support import page
    from test_app_faults import SHELL, banner, same_tab, storage_caption

    from gigcore.pg import redact
    from ui.session import CARRIED_KEY, NOT_IN_FILE

    proxy = Proxy(*server_address(server_target))
    url = via(server_target, proxy)
    monkeypatch.setenv("GIGCORE_DB", url)
    st.cache_resource.clear()
    try:
        tab = AppTest.from_string(SHELL, default_timeout=60).run()
        assert not tab.exception and not tab.warning
        assert storage_caption(tab) == f"History is saved to: {redact(url)}"
        rates = same_tab(tab, page("rates")).run()
        next(b for b in rates.button if b.label == "Save this scenario to history").click().run()
        assert [t.value for t in rates.toast] == ["Saved to your history."]

        proxy.cut()  # the server goes away mid-session
        lost = same_tab(rates, AppTest.from_string(SHELL, default_timeout=60)).run()
        said = banner(lost)
        assert "The history database" in said and "cannot be reached" in said
        assert "temporary (this session only)" in storage_caption(lost)
        rates = same_tab(lost, page("rates")).run()
        next(b for b in rates.button if b.label == "Save this scenario to history").click().run()
        assert [t.value for t in rates.toast] == [NOT_IN_FILE]
        still = same_tab(rates, AppTest.from_string(SHELL, default_timeout=60)).run()
        assert "cannot be reached" in banner(still)  # tried again, still down: still said

        proxy.restore()
        later = same_tab(still, AppTest.from_string(SHELL, default_timeout=60)).run()
        assert not later.exception and not later.warning
        assert [s.value for s in later.success] == [
            "Your history database is available again: what you saved meanwhile is now in it "
            "(1 results, 0 work sessions, 0 settings)."
        ]
        assert CARRIED_KEY not in later.session_state
    finally:
        st.cache_resource.clear()
        proxy.close()
    s = open_store(server_target)
    try:
        assert len(s.history()) == 2  # the one saved before and the one saved meanwhile
    finally:
        s.close()
