"""The running app with a faulty history file: a clear banner, tools that work, the file kept.

`tests/test_store.py` covers the store's own fallbacks; here the app is on top. The banner comes
from `ui/shell.py:render_shell()`, which `app.py` calls before every page, so it is tested
through a small script that does the same; every page is then run on the faulty store, saves a
result and a work session, and the person's file must be byte-for-byte what it was.
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

PAGES = ("home", "rates", "quiz", "audit", "readiness", "experiment")
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


FAULTS = [
    Fault("corrupt", junk_file, "could not be read, so it was kept as", moved_aside=True),
    Fault("empty", empty_file, "could not be read, so it was kept as", moved_aside=True),
    Fault("other-program", sqlite_file, "could not be read, so it was kept as", moved_aside=True),
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
    return next(c.value for c in at.sidebar.caption if c.value.startswith("History is saved to"))


def use_every_tool(db: Path) -> None:
    """Run every page on the faulty store, save a scenario and log a session: no exception."""
    for name in PAGES:
        at = page(name).run()
        assert not at.exception, (name, at.exception)
    rates = page("rates").run()
    next(b for b in rates.button if b.label == "Save this scenario to history").click().run()
    assert not rates.exception
    assert not [w.value for w in rates.warning if "Could not save" in w.value]
    log = page("experiment").run()
    log.number_input(key="exp_minutes").set_value(40)
    log.number_input(key="exp_earned").set_value(5.0)
    next(b for b in log.button if b.label == "Log session").click().run()
    assert not log.exception
    assert any("Logged 40 min" in s.value for s in log.success)
    home = page("home").run()
    assert not home.exception
    assert sorted(home.dataframe[0].value["tool"]) == ["Experiment log", "Rate calculator"]


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
    use_every_tool(db)

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
        assert "in use by another program" in banner(at)
        assert "temporary (this session only)" in storage_caption(at)
        use_every_tool(db)
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
    assert banner(shell_run())
    use_every_tool(db)
    kept = [p for p in tmp_path.iterdir() if p.is_file() and p.read_bytes() == before]
    assert kept
