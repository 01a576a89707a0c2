"""The running app with a faulty history file: a clear banner, tools that work, the file kept.

`tests/test_store_faults.py` covers the store's own classification; here the app is on top. The
banner comes from `ui/shell.py:render_shell()`, which `app.py` calls before every page, so it is
tested through a small script that does the same; every page is then run on the faulty store,
saves a result and a work session, and the person's file must be byte-for-byte what it was.
While the file is not in use, each browser session keeps its own temporary rows (one AppTest is
one session; handing its temporary store to the next AppTest is the same tab moving on), the
app never says "Saved to your history", and a locked file is picked up once it is free.
"""

from __future__ import annotations

import hashlib
import subprocess
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest
from support import ROOT, page

from gigcore.store import SCHEMA_VERSION, migrate, open_store
from ui.session import CARRIED_KEY, NOT_IN_FILE, TEMP_KEY

PAGES = (
    "home", "rates", "quiz", "audit", "readiness", "experiment",
    "offer", "buffer", "sprint", "casestudy",
)  # fmt: skip
SHELL = """
import streamlit as st
from ui.shell import render_shell

render_shell()
st.write("The tools below still work.")
"""
HOLDER = """
import sys
from gigcore.store import open_store

s = open_store(sys.argv[1])
s.record("rates", {}, {"mine": 1})
print("ready", flush=True)
sys.stdin.read()  # hold the file until the test closes our stdin
"""


def fingerprint(path: Path) -> tuple[str, int]:
    """What must not change: the bytes and the modification time."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


@dataclass
class Fault:
    """A broken history file: how to make it, what the banner says, where the bytes end up."""

    name: str
    make: Callable[[Path], Path]  # folder -> the GIGCORE_DB path
    banner: str  # words the banner must contain
    moved_aside: bool  # the original is kept beside a fresh file (else left where it is)


def junk_file(folder: Path) -> Path:
    path = folder / "history.duckdb"
    path.write_bytes(b"not a database at all " * 400)
    return path


def empty_file(folder: Path) -> Path:
    path = folder / "history.duckdb"
    path.write_bytes(b"")
    return path


def sqlite_file(folder: Path) -> Path:
    import sqlite3

    path = folder / "history.duckdb"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.execute("INSERT INTO notes VALUES ('another program owns this file')")
    con.commit()
    con.close()
    return path


def newer_schema(folder: Path) -> Path:
    path = folder / "history.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    return path


def blocked_folder(folder: Path) -> Path:
    blocker = folder / "gigcore"
    blocker.write_text("a file where the data folder should be")
    return blocker / "history.duckdb"


def checksum_file(folder: Path) -> Path:
    path = folder / "history.duckdb"
    s = open_store(path)
    for k in range(20):
        s.record("rates", {"pad": "x" * 3000}, {"hourly_rate": 40.0 + k})
    s.close()
    data = bytearray(path.read_bytes())
    data[12288 + 200] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


FAULTS = [
    Fault("corrupt", checksum_file, "could not be read (Corrupt database file", moved_aside=True),
    Fault("empty", empty_file, "is empty, so it was kept as", moved_aside=True),
    Fault("junk", junk_file, "is not a history file of this app", moved_aside=False),
    Fault("other-program", sqlite_file, "(it is a SQLite database)", moved_aside=False),
    Fault("newer-schema", newer_schema, "newer version of the app", moved_aside=False),
    Fault("uncreatable-folder", blocked_folder, "cannot be created", moved_aside=False),
]


@pytest.fixture
def fresh_cache() -> Iterator[None]:
    st.cache_resource.clear()
    yield
    st.cache_resource.clear()


def shell_run() -> AppTest:
    return AppTest.from_string(SHELL, default_timeout=60).run()


def banner(at: AppTest) -> str:
    assert not at.exception, at.exception
    assert len(at.warning) == 1, [w.value for w in at.warning]
    return at.warning[0].value


def storage_caption(at: AppTest) -> str:
    return next(t.value for t in at.sidebar.text if t.value.startswith("History is"))


def same_tab(before: AppTest, after: AppTest) -> AppTest:
    """`after` runs in the browser session of `before` (its temporary store, if it has one)."""
    if TEMP_KEY in before.session_state:
        after.session_state[TEMP_KEY] = before.session_state[TEMP_KEY]
    return after


def use_every_tool(db: Path, persistent: bool) -> None:
    """Run every page on the faulty store, save a scenario and log a session: no exception;
    the person is told where each went, and another tab never sees temporary rows."""
    for name in PAGES:
        at = page(name).run()
        assert not at.exception, (name, at.exception)
    rates = page("rates").run()
    next(b for b in rates.button if b.label == "Save this scenario to history").click().run()
    assert not rates.exception
    assert not [w.value for w in rates.warning if "Could not save" in w.value]
    said = [t.value for t in rates.toast]
    assert said == (["Saved to your history."] if persistent else [NOT_IN_FILE]), said
    log = same_tab(rates, page("experiment")).run()
    log.number_input(key="exp_minutes").set_value(40)
    log.number_input(key="exp_earned").set_value(5.0)
    next(b for b in log.button if b.label == "Log session").click().run()
    assert not log.exception
    (logged,) = [s.value for s in log.success if "Logged 40 min" in s.value]
    assert logged.endswith(NOT_IN_FILE) is not persistent
    home = same_tab(log, page("home")).run()
    assert not home.exception
    assert sorted(home.dataframe[0].value["tool"]) == ["Experiment log", "Rate calculator"]
    other_tab = page("home").run()
    if persistent:
        assert len(other_tab.dataframe[0].value) == 2
    else:  # temporary rows belong to the tab that made them
        assert any("Nothing saved yet" in i.value for i in other_tab.info)


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_faulty_file_gets_a_banner_and_is_never_overwritten(
    fault, tmp_path, monkeypatch, fresh_cache
):
    db = fault.make(tmp_path)
    kept = db if db.exists() else None
    before = kept.read_bytes() if kept else None
    monkeypatch.setenv("GIGCORE_DB", str(db))

    at = shell_run()
    said = banner(at)
    assert fault.banner in said
    use_every_tool(db, persistent=fault.moved_aside)

    if fault.moved_aside:
        aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name and p.suffix != ".wal"]
        assert len(aside) == 1 and aside[0].name in said  # the banner names the kept copy
        assert aside[0].read_bytes() == before
        assert "History is saved to" in storage_caption(at) and str(db) in storage_caption(at)
        fresh = open_store(db)
        assert len(fresh.history()) == 1 and len(fresh.sessions()) == 1  # saved to a fresh file
        fresh.close()
    else:
        assert "temporary (this session only)" in storage_caption(at)
        if kept is not None:
            assert kept.read_bytes() == before
        else:
            assert (tmp_path / "gigcore").read_text() == "a file where the data folder should be"


def test_locked_file_gets_a_banner_and_is_left_alone(tmp_path, monkeypatch, fresh_cache):
    db = tmp_path / "history.duckdb"
    holder = subprocess.Popen(  # another copy of the app holds the file open
        [sys.executable, "-c", HOLDER, str(db)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = fingerprint(db)
        monkeypatch.setenv("GIGCORE_DB", str(db))
        at = shell_run()
        assert "is in use by another copy of this app" in banner(at)
        assert "temporary (this session only)" in storage_caption(at)
        use_every_tool(db, persistent=False)
        assert fingerprint(db) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    owner = open_store(db)  # the app's saves went to its temporary store, not into this file
    assert list(owner.history()["result"]) == [{"mine": 1}]
    assert owner.sessions().empty
    owner.close()


def truncated_file(folder: Path) -> Path:
    """A history cut off half-way (a disk that filled up, a copy that stopped)."""
    path = folder / "history.duckdb"
    s = open_store(path)
    for k in range(50):
        s.record("rates", {"k": k}, {"hourly_rate": 40.0 + k})
    s.close()
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def test_truncated_file_gets_a_banner(tmp_path, monkeypatch, fresh_cache):
    db = truncated_file(tmp_path)
    before = db.read_bytes()
    monkeypatch.setenv("GIGCORE_DB", str(db))
    assert "could not be read (Could not read enough bytes" in banner(shell_run())
    use_every_tool(db, persistent=True)
    kept = [p for p in tmp_path.iterdir() if p.is_file() and p.read_bytes() == before]
    assert kept


def test_a_file_that_comes_free_gets_what_the_tab_saved_meanwhile(
    tmp_path, monkeypatch, fresh_cache
):
    db = tmp_path / "history.duckdb"
    holder = subprocess.Popen(  # another copy of the app holds the file
        [sys.executable, "-c", HOLDER, str(db)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    monkeypatch.setenv("GIGCORE_DB", str(db))
    try:
        assert holder.stdout.readline().strip() == "ready"
        tab = shell_run()
        assert "is in use by another copy of this app" in banner(tab)
        rates = same_tab(tab, page("rates")).run()
        next(b for b in rates.button if b.label == "Save this scenario to history").click().run()
        assert [t.value for t in rates.toast] == [NOT_IN_FILE]
        again = same_tab(rates, AppTest.from_string(SHELL, default_timeout=60)).run()
        assert "is in use" in banner(again)  # still held: still said, nothing carried
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    later = same_tab(rates, AppTest.from_string(SHELL, default_timeout=60)).run()
    assert not later.exception and not later.warning  # the file is the app's again
    assert [s.value for s in later.success] == [
        "Your history file is available again: what you saved meanwhile is now in it "
        "(1 results, 0 work sessions, 0 settings)."
    ]
    assert CARRIED_KEY not in later.session_state and TEMP_KEY not in later.session_state
    assert "History is saved to: " + str(db) == storage_caption(later)
    home = page("home").run()  # a new tab now reads the file: the holder's row and the tab's
    assert len(home.dataframe[0].value) == 2
