"""gigcore.store: round trips, profiles, migrations, faults and threads."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import threading
from pathlib import Path

import duckdb
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from support import ROOT

from gigcore.store import MIGRATIONS, SCHEMA_VERSION, default_path, migrate, open_store


def test_record_and_history_newest_first(store):
    first = store.record("rates", {"hours": 40}, {"hourly_rate": 71.5})
    second = store.record("audit", {"chars": 10}, {"score": 80})
    frame = store.history()
    assert list(frame["id"]) == [second, first]
    assert frame.iloc[1]["inputs"] == {"hours": 40}
    assert list(store.history(tool="rates")["id"]) == [first]
    assert len(store.history(limit=1)) == 1
    assert store.get(first)["result"] == {"hourly_rate": 71.5}


@pytest.mark.parametrize(
    "profile", ["a' OR '1'='1", 'x"; DROP TABLE records; --', "ü|🙂", "%", "_"]
)
def test_profiles_never_see_each_other(store, profile):
    mine = store.record("rates", {}, {"v": 1}, profile=profile)
    store.record("rates", {}, {"v": 2}, profile="other")
    store.set_setting("walk_away_rate", 50.0, profile="other")
    assert list(store.history(profile)["id"]) == [mine]
    assert store.get(mine, profile="other") is None
    assert store.get_setting("walk_away_rate", None, profile=profile) is None
    assert store.delete_profile(profile) == 1
    assert len(store.history("other")) == 1


def test_bad_records_are_refused(store):
    with pytest.raises(ValueError, match="not a finite number"):
        store.record("rates", {}, {"x": float("nan")})
    with pytest.raises(ValueError, match="must be a dictionary"):
        store.record("rates", [], {})
    with pytest.raises(ValueError, match="profile must be text"):
        store.history(profile="")
    assert store.history().empty


def test_settings_and_sessions(store):
    store.set_setting("walk_away_rate", 40.0)
    store.set_setting("walk_away_rate", 45.5)
    assert store.get_setting("walk_away_rate") == 45.5
    day = dt.date(2026, 11, 2)
    sid = store.add_session(lane="micro", day=day, minutes=60, earned=6, stress=2, joy=3)
    assert store.update_session(sid, earned=7.5, note="surveys")
    assert not store.update_session(sid, profile="other", earned=99)
    row = store.sessions().iloc[0]
    assert (row["earned"], row["note"], row["day"]) == (7.5, "surveys", day)
    with pytest.raises(ValueError, match="minutes must be a finite number of at least 0"):
        store.add_session(lane="micro", day=day, minutes=-5, earned=0, stress=1, joy=1)
    with pytest.raises(ValueError, match="unknown work-session fields: colour"):
        store.update_session(sid, colour="red")
    assert store.delete_session(sid) and store.sessions().empty


GOOD_SESSION = {
    "lane": "micro",
    "day": dt.date(2026, 11, 2),
    "minutes": 30,
    "earned": 2,
    "stress": 2,
    "joy": 3,
}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lane": None}, "lane must be a non-empty name"),
        ({"lane": " "}, "lane must be a non-empty name"),
        ({"day": None}, "day must be a date such as 2026-11-02"),
        ({"day": "garbage"}, "day must be a date such as 2026-11-02"),
        ({"day": 20261102}, "day must be a date"),
        ({"stress": float("inf")}, "stress must be a whole number from 1 to 5"),
        ({"stress": 2**31}, "stress must be a whole number from 1 to 5"),
        ({"joy": 0}, "joy must be a whole number from 1 to 5"),
        ({"joy": True}, "joy must be a whole number"),
        ({"stress": 2.0}, "stress must be a whole number"),
        ({"note": 5}, "note must be text"),
        ({"minutes": None}, "minutes must be a number"),
        ({"earned": 10**400}, "earned must be a finite number"),
    ],
)
def test_session_fields_are_checked_before_the_database(store, fields, message):
    with pytest.raises(ValueError, match=message):
        store.add_session(**(GOOD_SESSION | fields))
    sid = store.add_session(**GOOD_SESSION)
    with pytest.raises(ValueError, match=message):
        store.update_session(sid, **fields)
    assert store.sessions()["joy"].tolist() == [3]  # the refused update changed nothing


def test_session_day_may_be_iso_text_or_a_datetime_and_note_none(store):
    a = store.add_session(**(GOOD_SESSION | {"day": "2026-11-03", "note": None}))
    b = store.add_session(**(GOOD_SESSION | {"day": dt.datetime(2026, 11, 4, 18, 30)}))
    frame = store.sessions().set_index("id")
    assert frame.loc[a, "day"] == dt.date(2026, 11, 3) and frame.loc[a, "note"] == ""
    assert frame.loc[b, "day"] == dt.date(2026, 11, 4)


@pytest.mark.parametrize("key", [None, "", 3])
def test_setting_keys_must_be_names(store, key):
    with pytest.raises(ValueError, match="a setting needs a name"):
        store.set_setting(key, 1)
    with pytest.raises(ValueError, match="a setting needs a name"):
        store.get_setting(key)


@pytest.mark.parametrize("limit", [-1, 2.5, True, "3", 10**30])
def test_history_limit_must_be_a_whole_number_of_at_least_0(store, limit):
    store.record("rates", {}, {})
    if limit == 10**30:  # a huge limit is fine: everything there is (1 row)
        assert len(store.history(limit=limit)) == 1
        return
    with pytest.raises(ValueError, match="limit must be a whole number of at least 0"):
        store.history(limit=limit)
    assert len(store.history(limit=0)) == 0 and len(store.history(limit=None)) == 1


def test_bulk_sessions_are_all_or_nothing(store):
    good = {
        "lane": "micro",
        "day": dt.date(2026, 11, 2),
        "minutes": 30,
        "earned": 2,
        "stress": 2,
        "joy": 2,
    }
    with pytest.raises(ValueError):
        store.add_sessions([good, {**good, "minutes": -1}])
    assert store.sessions().empty
    assert store.add_sessions([good, good]) == 2  # two equal half-hours are two sessions
    assert store.add_sessions([good, good, {**good, "joy": 5}]) == 1  # a re-import adds the new
    assert len(store.sessions()) == 3


def test_unreadable_stored_values_are_read_around(store):
    good = store.record("rates", {"a": 1}, {"hourly_rate": 50.0})
    bad = store.record("rates", {"a": 2}, {"hourly_rate": 60.0})
    store.set_setting("walk_away_rate", 45.0)
    cur = store._cur()
    cur.execute("UPDATE records SET inputs = '{oops' WHERE id = ?", [bad])
    cur.execute("UPDATE settings SET value = 'not json'")
    frame = store.history()
    assert list(frame["id"]) == [good] and frame.attrs["unreadable"] == 1
    assert store.get(bad)["unreadable"] == ["inputs"] and store.get(bad)["inputs"] == {}
    assert store.get_setting("walk_away_rate", 1.0) == 1.0
    assert store.count() == 2  # it is still there, and exported as stored
    assert [r[0] for chunk in store.iter_history(chunk=1) for r in chunk] == [bad, good]


def test_iter_history_pages_through_everything_newest_first(store):
    ids = [store.record("rates", {"k": k}, {}) for k in range(23)]
    store.record("rates", {}, {}, profile="other")
    chunks = list(store.iter_history(chunk=5))
    assert [len(c) for c in chunks] == [5, 5, 5, 5, 3]
    assert [r[0] for c in chunks for r in c] == ids[::-1]


def test_default_path_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "gigcore" / "history.duckdb"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert default_path() == Path.home() / ".local" / "share" / "gigcore" / "history.duckdb"


def test_gigcore_db_env_chooses_the_file(monkeypatch, tmp_path):
    target = tmp_path / "env.duckdb"
    monkeypatch.setenv("GIGCORE_DB", str(target))
    s = open_store()
    s.record("rates", {}, {})
    s.close()
    assert target.exists()


def test_migration_from_version_1_keeps_rows(db_path):
    con = duckdb.connect(str(db_path))
    assert migrate(con, upto=1) == 1
    con.execute(
        "INSERT INTO records (profile, tool, created_at, inputs, result) VALUES "
        "('local', 'rates', now()::TIMESTAMP, '{\"a\": 1}', '{\"hourly_rate\": 50}')"
    )
    con.close()
    s = open_store(db_path)
    assert s.history().iloc[0]["result"] == {"hourly_rate": 50}
    s.set_setting("k", 1)  # version 2 tables now exist
    version = s._cur().execute("SELECT max(version) FROM schema_info").fetchone()[0]
    assert version == SCHEMA_VERSION == len(MIGRATIONS)
    s.close()


def test_newer_schema_is_not_touched(db_path):
    con = duckdb.connect(str(db_path))
    migrate(con)
    con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    with pytest.raises(ValueError, match="newer version"):
        open_store(db_path)
    s = open_store(db_path, fallback=True)
    assert not s.persistent and "newer version" in s.notice
    assert db_path.exists()


def test_corrupt_file_is_moved_aside_not_deleted(db_path):
    s = open_store(db_path)
    for k in range(30):
        s.record("rates", {"pad": "x" * 3000}, {"k": k})
    s.close()
    data = bytearray(db_path.read_bytes())
    data[12288 + 200] ^= 0xFF  # one flipped byte: the block's checksum no longer matches
    db_path.write_bytes(bytes(data))
    s = open_store(db_path, fallback=True)
    kept = [p for p in db_path.parent.iterdir() if ".corrupt-" in p.name and p.suffix != ".wal"]
    assert len(kept) == 1 and kept[0].read_bytes() == bytes(data)
    assert s.persistent and kept[0].name in s.notice
    s.record("rates", {}, {"ok": True})
    assert len(s.history()) == 1


def test_locked_file_falls_back_to_memory(db_path):
    holder = open_store(db_path)
    holder.record("rates", {}, {"mine": 1})
    code = (
        "from gigcore.store import open_store\n"
        f"s = open_store({str(db_path)!r}, fallback=True)\n"
        "s.record('rates', {}, {'temp': 1})\n"
        "print(s.persistent, '|', s.kind, '|', s.notice)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60
    )
    assert out.stdout.startswith("False | locked |") and "in use by another copy" in out.stdout
    assert list(holder.history()["result"]) == [{"mine": 1}]
    holder.close()


def test_unwritable_directory_falls_back():
    # /proc refuses new folders even to root, so this holds wherever the tests run
    s = open_store("/proc/gigcore-test/h.duckdb", fallback=True)
    assert not s.persistent and "cannot be created" in s.notice
    s.record("rates", {}, {"still": "works"})


def test_uncreatable_path_falls_back(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where a folder should be")
    s = open_store(blocker / "h.duckdb", fallback=True)
    assert not s.persistent and "cannot be created (File exists" in s.notice
    assert blocker.read_text() == "a file where a folder should be"
    s.record("rates", {}, {"still": "works"})


def test_threads_share_one_store(store):
    errors = []

    def worker(n):
        try:
            for k in range(25):
                store.record("rates", {"k": k}, {"n": n}, profile=f"user{n}")
                assert all(r["n"] == n for r in store.history(f"user{n}")["result"])
        except Exception as exc:  # collected, asserted below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(n,)) for n in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert all(len(store.history(f"user{n}")) == 25 for n in range(20))


def test_killed_writer_loses_no_reported_record(db_path):
    code = (
        "import sys\n"
        "from gigcore.store import open_store\n"
        f"s = open_store({str(db_path)!r})\n"
        "for k in range(100000):\n"
        "    rid = s.record('rates', {'k': k}, {'ok': True})\n"
        "    print(rid, flush=True)\n"
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", code], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    reported = [int(proc.stdout.readline()) for _ in range(300)]
    proc.kill()  # SIGKILL mid-write
    proc.wait()
    s = open_store(db_path)
    assert set(reported) <= set(s.history(limit=None)["id"])
    s.close()


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
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    tool=st.text(min_size=1, max_size=20).filter(str.strip),
    inputs=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
    result=st.dictionaries(st.text(max_size=10), json_values, max_size=5),
    profile=st.text(min_size=1, max_size=40),
)
def test_any_record_round_trips(store, tool, inputs, result, profile):
    rid = store.record(tool, inputs, result, profile=profile)
    row = store.get(rid, profile=profile)
    assert (row["tool"], row["inputs"], row["result"]) == (tool, inputs, result)


def test_delete_profile_counts_each_kind_and_delete_record_removes_one(store):
    import datetime as dt

    first = store.record("rates", {"name": "a"}, {"hourly_rate": 1.0})
    store.record("rates", {"name": "b"}, {"hourly_rate": 2.0})
    store.record("rates", {}, {}, profile="other")
    assert store.delete_record(first) and not store.delete_record(first)
    assert not store.delete_record(first + 1, profile="other")  # another profile's id: no
    assert list(store.history()["inputs"]) == [{"name": "b"}]
    store.set_setting("walk_away_rate", 50.0)
    store.add_session(lane="micro", day=dt.date(2026, 11, 20), minutes=30, earned=3, stress=2,
                      joy=3)  # fmt: skip
    assert store.delete_profile_counts() == {"records": 1, "settings": 1, "work_sessions": 1}
    assert store.count(profile="other") == 1
