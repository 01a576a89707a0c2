"""Every way opening the history file can fail: the exact notice, and the person's bytes kept.

Each fault is made for real (a second process holding the lock, flipped bytes that fail DuckDB's
checksum, a file or folder this user may not write, a leftover .wal of another copy of the file,
a folder at the path, another program's DuckDB or SQLite file, a newer schema) and opened with
`open_store(fallback=True)`. A file is moved aside only when it is proven unreadable (checksum,
cut short, empty), and then its bytes are all in the moved copy; every other file keeps its bytes
and its modification time. The disk-full case runs against a fake that raises DuckDB's captured
message, and for real on a 2 MB tmpfs where mounting one is allowed.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pytest
from support import ROOT

from gigcore import store as gs
from gigcore.store import SCHEMA_VERSION, classify, migrate, open_store

TEMP = "What you save now is kept in this browser tab only and is lost when you close it."
RETRY = (
    "What you save now is kept in this browser tab only; the app tries the file again each time "
    "you use it and moves what you saved into it once it can. Close the tab before then and "
    "those results are lost."
)
HOLDER = """
import sys
from gigcore.store import open_store

s = open_store(sys.argv[1])
s.record("rates", {}, {"mine": 1})
print("ready", flush=True)
sys.stdin.read()  # hold the file until the test closes our stdin
"""


def fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def app_file(path: Path, n: int = 40) -> Path:
    s = open_store(path)
    for k in range(n):
        s.record("rates", {"k": k, "pad": "x" * 2000}, {"hourly_rate": 40.0 + k})
    s.close()
    return path


def checksum_corrupt(folder: Path) -> Path:
    path = app_file(folder / "history.duckdb")
    data = bytearray(path.read_bytes())
    for i in range(12288 + 100, 12288 + 116):  # inside the first data block, past its checksum
        data[i] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def truncated(folder: Path) -> Path:
    path = app_file(folder / "history.duckdb")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    return path


def empty(folder: Path) -> Path:
    path = folder / "history.duckdb"
    path.write_bytes(b"")
    return path


def folder_at_path(folder: Path) -> Path:
    path = folder / "history.duckdb"
    path.mkdir()
    (path / "keep.txt").write_text("mine")
    return path


def foreign_duckdb(folder: Path) -> Path:
    path = folder / "history.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE orders (id INTEGER, total DOUBLE)")
    con.execute("INSERT INTO orders VALUES (1, 9.5)")
    con.close()
    return path


def foreign_with_records(folder: Path) -> Path:
    path = folder / "history.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE records (id INTEGER, body VARCHAR)")
    con.execute("INSERT INTO records VALUES (1, 'another program')")
    con.close()
    return path


def sqlite_file(folder: Path) -> Path:
    path = folder / "history.duckdb"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE notes (body TEXT)")
    con.commit()
    con.close()
    return path


def text_file(folder: Path) -> Path:
    path = folder / "history.duckdb"
    path.write_text("my essay, not a database\n" * 100)
    return path


def newer_schema(folder: Path) -> Path:
    path = folder / "history.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute("INSERT INTO schema_info VALUES (?)", [SCHEMA_VERSION + 1])
    con.close()
    return path


def mismatched_wal(folder: Path) -> Path:
    """A restored backup beside the .wal of the newer copy it replaced."""
    path = app_file(folder / "history.duckdb", n=5)
    backup = folder / "backup.bin"
    shutil.copy(path, backup)
    app_file(path, n=5)  # the newer copy, checkpointed
    code = (
        "import os, sys, duckdb\n"
        "c = duckdb.connect(sys.argv[1])\n"
        "c.execute('PRAGMA disable_checkpoint_on_shutdown')\n"
        "c.execute(\"INSERT INTO settings VALUES ('local', 'k', '{}', now()::TIMESTAMP)\")\n"
        "os._exit(0)  # leave the .wal behind\n"
    )
    subprocess.run([sys.executable, "-c", code, str(path)], check=True, timeout=60)
    assert path.with_name("history.duckdb.wal").exists()
    shutil.copy(backup, path)
    backup.unlink()
    return path


def uncreatable(folder: Path) -> Path:
    (folder / "gigcore").write_text("a file where the data folder should be")
    return folder / "gigcore" / "history.duckdb"


@dataclass
class Fault:
    name: str
    make: Callable[[Path], Path]
    kind: str
    notice: str  # a regular expression over the whole notice; {file} and {moved} filled in
    moved: bool = False  # the file is moved aside (else every byte stays where it was)
    persistent: bool = False  # the store then saves to a (fresh or the same) file


CHECKSUM = (
    r"Corrupt database file: computed checksum \d+ does not match stored checksum \d+ "
    r"in block at location \d+"
)
FAULTS = [
    Fault(
        "checksum",
        checksum_corrupt,
        gs.CORRUPT,
        rf"Your history file could not be read \({CHECKSUM}\), so it was kept as {{moved}} "
        r"\(nothing was deleted\) and a fresh history was started\.",
        moved=True,
        persistent=True,
    ),
    Fault(
        "truncated",
        truncated,
        gs.CORRUPT,
        r"Your history file could not be read \(Could not read enough bytes from file "
        r'"{file}": attempted to read \d+ bytes from location \d+\), so it was kept as '
        r"{moved} \(nothing was deleted\) and a fresh history was started\.",
        moved=True,
        persistent=True,
    ),
    Fault(
        "empty",
        empty,
        gs.EMPTY,
        r"Your history file is empty, so it was kept as {moved} \(nothing was deleted\) and a "
        r"fresh history was started\.",
        moved=True,
        persistent=True,
    ),
    Fault(
        "directory",
        folder_at_path,
        gs.DIRECTORY,
        r"The history path {file} is a folder, not a file, so it was left untouched\. Set "
        rf"GIGCORE_DB to a file\. {re.escape(TEMP)}",
    ),
    Fault(
        "foreign-duckdb",
        foreign_duckdb,
        gs.FOREIGN_DUCKDB,
        r"The file {file} is a DuckDB database of another program, not this app's history "
        r"\(its tables: orders\), so nothing was written into it or moved\. Set GIGCORE_DB to "
        rf"another file\. {re.escape(TEMP)}",
    ),
    Fault(
        "foreign-records",
        foreign_with_records,
        gs.FOREIGN_DUCKDB,
        r"The file {file} is a DuckDB database of another program, not this app's history "
        r"\(its tables: records\), so nothing was written into it or moved\. Set GIGCORE_DB to "
        rf"another file\. {re.escape(TEMP)}",
    ),
    Fault(
        "sqlite",
        sqlite_file,
        gs.NOT_DUCKDB,
        r"The file {file} is not a history file of this app \(it is a SQLite database\), so it "
        rf"was left untouched\. Set GIGCORE_DB to another file\. {re.escape(TEMP)}",
    ),
    Fault(
        "text",
        text_file,
        gs.NOT_DUCKDB,
        r"The file {file} is not a history file of this app \(it is not a DuckDB database\), so "
        rf"it was left untouched\. Set GIGCORE_DB to another file\. {re.escape(TEMP)}",
    ),
    Fault(
        "newer-schema",
        newer_schema,
        gs.NEWER_SCHEMA,
        r"Your history file {file} was written by a newer version of the app \(schema 3; this "
        r"app reads up to 2\); update the app to open it\. The file was left untouched\. "
        rf"{re.escape(TEMP)}",
    ),
    Fault(
        "uncreatable",
        uncreatable,
        gs.UNCREATABLE,
        r"The history file {file} cannot be created \(File exists: .*\)\. The tools work\. "
        rf"{re.escape(TEMP)}",
    ),
]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    return {p.name: fingerprint(p) if p.is_file() else ("folder", 0) for p in folder.iterdir()}


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_every_open_failure_is_named_and_the_bytes_kept(fault, tmp_path):
    path = fault.make(tmp_path)
    before = snapshot(tmp_path)
    s = open_store(path, fallback=True)
    try:
        moved = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name and p.suffix != ".wal"]
        expected = fault.notice.replace("{file}", re.escape(str(path)))
        if fault.moved:
            assert len(moved) == 1
            expected = expected.replace("{moved}", re.escape(str(moved[0])))
            assert fingerprint(moved[0])[0] == before[path.name][0]  # every byte kept
        else:
            assert moved == []
        assert re.fullmatch(expected, s.notice), s.notice
        assert s.kind == fault.kind and s.persistent is fault.persistent
        s.record("rates", {}, {"still": "works"})
        assert len(s.history()) == 1
    finally:
        s.close()
    after = snapshot(tmp_path)
    if not fault.moved:
        assert after == before  # the same files, the same bytes, not even touched
    else:
        untouched = {k: v for k, v in before.items() if k != path.name}
        assert {k: after[k] for k in untouched} == untouched


def test_a_healthy_file_is_never_moved_by_a_second_open(tmp_path):
    path = app_file(tmp_path / "history.duckdb")
    for _ in range(3):
        s = open_store(path, fallback=True)
        assert s.kind is None and s.notice is None and s.count() == 40
        s.close()
    assert sorted(p.name for p in tmp_path.iterdir() if ".corrupt-" in p.name) == []


def test_without_fallback_the_file_raises_and_is_untouched(tmp_path):
    path = foreign_duckdb(tmp_path)
    before = fingerprint(path)
    with pytest.raises(gs.HistoryFileError) as caught:
        open_store(path)
    assert caught.value.kind == gs.FOREIGN_DUCKDB
    assert fingerprint(path) == before


def test_locked_file_is_left_alone_and_retried(tmp_path):
    path = tmp_path / "history.duckdb"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path)],
        cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "ready"
        before = snapshot(tmp_path)
        s = open_store(path, fallback=True)
        expected = (
            rf"Your history file {re.escape(str(path))} is in use by another copy of this app "
            rf"\(or another program\), so it was left untouched\. {re.escape(RETRY)}"
        )
        assert re.fullmatch(expected, s.notice), s.notice
        assert (s.kind, s.persistent, s.retry) == (gs.LOCKED, False, True)
        s.record("rates", {}, {"meanwhile": 1})
        assert snapshot(tmp_path) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=60)
    owner = open_store(path)  # free now: what was kept meanwhile can be carried over
    assert owner.absorb(s) == {"records": 1, "sessions": 0, "settings": 0}
    assert sorted(r["mine" if "mine" in r else "meanwhile"] for r in owner.history()["result"])
    assert len(owner.history()) == 2
    owner.close()


def test_mismatched_wal_is_moved_aside_and_the_file_opened(tmp_path):
    path = mismatched_wal(tmp_path)
    db_before = fingerprint(path)
    wal_before = fingerprint(path.with_name("history.duckdb.wal"))[0]
    s = open_store(path, fallback=True)
    kept = [p for p in tmp_path.iterdir() if ".wal.unmatched-" in p.name]
    assert len(kept) == 1 and fingerprint(kept[0])[0] == wal_before
    expected = (
        rf"Your history file {re.escape(str(path))} had a leftover journal from another copy of "
        r"the file \(for example after restoring a backup; DuckDB: This WAL was created for this "
        r"database file, but the WAL checkpoint iteration does not match the database file\)\. "
        rf"The journal was kept as {re.escape(str(kept[0]))} \(nothing was deleted\) and your "
        r"history file was opened as it is\."
    )
    assert re.fullmatch(expected, s.notice), s.notice
    assert s.persistent and s.kind == gs.WAL_MISMATCH
    assert s.count() == 5  # the backup's rows
    s.close()
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert db_before[0] != "" and path.exists()


# -- a disk that fills up ------------------------------------------------------------------------
DISK_FULL = (
    'TransactionContext Error: Failed to commit: Could not write file "{wal}": '
    "No space left on device"
)


def older_file(path: Path, rows: int = 200) -> Path:
    con = duckdb.connect(str(path))
    migrate(con, upto=1)
    con.execute(
        "INSERT INTO records (profile, tool, created_at, inputs, result) SELECT 'local', 'rates',"
        " now()::TIMESTAMP, '{\"k\": ' || i || '}', '{\"hourly_rate\": 50}' FROM range(?) r(i)",
        [rows],
    )
    con.close()
    return path


def test_disk_full_while_migrating_leaves_the_file_and_retries(tmp_path, monkeypatch):
    path = older_file(tmp_path / "history.duckdb")
    before = snapshot(tmp_path)
    real = gs.migrate

    def full(con, upto=SCHEMA_VERSION):  # the file's disk is full; memory is not
        if con.execute("SELECT current_database()").fetchone()[0] == "memory":
            return real(con, upto)
        raise duckdb.TransactionException(DISK_FULL.format(wal=f"{path}.wal"))

    monkeypatch.setattr(gs, "migrate", full)
    s = open_store(path, fallback=True)
    monkeypatch.setattr(gs, "migrate", real)
    expected = (
        f"The disk holding your history file {path} is full, so the file was left as it was. "
        f"Free some space. {RETRY}"
    )
    assert s.notice == expected
    assert (s.kind, s.persistent, s.retry) == (gs.DISK_FULL, False, True)
    assert snapshot(tmp_path) == before
    again = open_store(path, fallback=True)  # space came back: the same file, every row
    assert again.kind is None and again.count() == 200
    again.close()
    assert not [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]


@pytest.fixture
def small_disk() -> Iterator[Path]:
    """A 2 MB tmpfs, where this machine lets us mount one (root); skipped elsewhere."""
    folder = Path(tempfile.mkdtemp(prefix="gigcore-tmpfs-"))
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(folder)], capture_output=True
    )
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip("cannot mount a small tmpfs here")
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=True)
        folder.rmdir()


def test_disk_full_for_real_on_a_small_tmpfs(small_disk, tmp_path):
    source = older_file(tmp_path / "v1.duckdb", rows=5_000)
    path = small_disk / "history.duckdb"
    shutil.copy(source, path)
    filler = small_disk / "filler"
    with filler.open("wb") as f, pytest.raises(OSError):
        f.write(b"\0" * (4 << 20))  # fill the disk to the last byte
    before = fingerprint(path)[0]
    s = open_store(path, fallback=True)
    assert s.kind == gs.DISK_FULL and not s.persistent, s.notice
    assert s.notice.startswith(f"The disk holding your history file {path} is full")
    assert fingerprint(path)[0] == before
    filler.unlink()  # space returns
    again = open_store(path, fallback=True)
    assert again.kind is None and again.count() == 5_000
    again.close()
    assert sorted(p.name for p in small_disk.iterdir()) in (
        ["history.duckdb"],
        ["history.duckdb", "history.duckdb.wal"],
    )


# -- permissions (run as another user when the tests run as root) ------------------------------
PROBE = """
import json, sys
from gigcore.store import open_store

s = open_store(sys.argv[1], fallback=True)
out = {"kind": s.kind, "notice": s.notice, "persistent": s.persistent,
       "read_only": s.read_only, "count": s.count()}
s.record("rates", {}, {"new": 1})
out["after"] = s.count()
print(json.dumps(out))
"""


def as_other_user(path: Path) -> dict:
    """Open `path` in a process of an unprivileged user (nobody when we are root)."""
    cmd = [sys.executable, "-c", PROBE, str(path)]
    if os.geteuid() == 0:
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups", *cmd]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(path.parent)}
    out = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd="/", timeout=120)
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture
def shared_folder() -> Iterator[Path]:
    """A folder the other user can reach (pytest's own tmp folders are private to us)."""
    folder = Path(tempfile.mkdtemp(prefix="gigcore-perm-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder)


def owned_by_other(path: Path) -> None:
    if os.geteuid() == 0:
        os.chown(path, 65534, 65534)


def test_read_only_file_in_a_writable_folder_opens_read_only(shared_folder):
    path = app_file(shared_folder / "history.duckdb", n=3)
    path.chmod(0o644)  # ours (root's, as if made once with sudo); the other user may only read
    owned_by_other(shared_folder)
    if os.geteuid() != 0:
        path.chmod(0o444)
    before = snapshot(shared_folder)
    seen = as_other_user(path)
    assert seen["kind"] == gs.READ_ONLY_FILE and seen["read_only"] and not seen["persistent"]
    assert seen["notice"] == (
        f"Your history file {path} can be read but not written by this app (no write "
        f"permission), so it was opened read-only: your saved results are shown, nothing was "
        f"changed. {TEMP}"
    )
    assert (seen["count"], seen["after"]) == (3, 4)  # saved rows shown, the new one in memory
    assert snapshot(shared_folder) == before


def test_writable_file_in_a_read_only_folder_opens_read_only(shared_folder):
    if os.geteuid() != 0:
        pytest.skip("needs a second user: run as root")
    path = app_file(shared_folder / "history.duckdb", n=3)
    owned_by_other(path)  # the file is the other user's, the folder is not
    before = snapshot(shared_folder)
    seen = as_other_user(path)
    assert seen["kind"] == gs.READ_ONLY_FOLDER and seen["read_only"]
    assert seen["notice"] == (
        f"The folder of your history file {path} cannot be written (DuckDB needs to write "
        f"history.duckdb.wal beside the file), so the file was opened read-only: your saved "
        f"results are shown, nothing was changed. {TEMP}"
    )
    assert (seen["count"], seen["after"]) == (3, 4)
    assert snapshot(shared_folder) == before


def test_unreadable_file_is_left_alone(shared_folder):
    if os.geteuid() != 0:
        pytest.skip("needs a second user: run as root")
    path = app_file(shared_folder / "history.duckdb", n=3)
    path.chmod(0o600)
    before = snapshot(shared_folder)
    seen = as_other_user(path)
    assert seen["kind"] == gs.NO_READ and not seen["persistent"]
    assert seen["notice"] == (
        f"The history file {path} cannot be read by this app (no read permission), so it was "
        f"left untouched. {TEMP}"
    )
    assert snapshot(shared_folder) == before


# -- the exact wording DuckDB 2.0 uses, captured from real runs -----------------------------------
CAPTURED = [
    (duckdb.IOException, 'IO Error: Could not set lock on file "/d/h.duckdb": Conflicting lock '
     "is held in /usr/bin/python3.11 (PID 1600). See also "
     "https://duckdb.org/docs/current/connect/concurrency", gs.LOCKED),
    (duckdb.Error, "Corrupt database file: computed checksum 4978524791953315549 does not match "
     "stored checksum 9706634537188073789 in block at location 12288", gs.CORRUPT),
    (duckdb.IOException, 'IO Error: Could not read enough bytes from file "/d/h.duckdb": '
     "attempted to read 6144 bytes from location 268288", gs.CORRUPT),
    (duckdb.IOException, 'IO Error: The file "/d/h.duckdb" exists, but it is not a valid DuckDB '
     "database file!", gs.CORRUPT),
    (duckdb.IOException, 'IO Error: Cannot open file "/d/h.duckdb": Permission denied',
     gs.READ_ONLY_FILE),
    (duckdb.TransactionException, 'TransactionContext Error: Failed to commit: Cannot open file '
     '"/d/h.duckdb.wal": Permission denied', gs.READ_ONLY_FOLDER),
    (duckdb.TransactionException, 'TransactionContext Error: Failed to commit: Could not write '
     'file "/d/h.duckdb.wal": No space left on device', gs.DISK_FULL),
    (duckdb.IOException, 'IO Error: Failure while replaying WAL file "/d/h.duckdb.wal": WAL does '
     "not match database file.", gs.WAL_MISMATCH),
    (duckdb.IOException, 'IO Error: Failure while replaying WAL file "/d/h.duckdb.wal": This WAL '
     "was created for this database file, but the WAL checkpoint iteration does not match the "
     "database file.", gs.WAL_MISMATCH),
    (duckdb.IOException, 'IO Error: Could not read from file "/d/h.duckdb": Is a directory',
     gs.DIRECTORY),
    # a corrupt block's words ("block at location") must not read as a lock, nor anything else
    (duckdb.IOException, 'IO Error: Extension "sqlite_scanner" not found.', gs.UNKNOWN),
    (duckdb.Error, "lock lock blocked", gs.UNKNOWN),
]  # fmt: skip


@pytest.mark.parametrize(("cls", "message", "kind"), CAPTURED)
def test_duckdb_messages_are_classified_exactly(cls, message, kind):
    assert classify(cls(message)) == kind


def test_os_errors_are_classified_by_number():
    assert classify(OSError(28, "No space left on device")) == gs.DISK_FULL
    assert classify(PermissionError(13, "Permission denied")) == gs.READ_ONLY_FILE
    assert classify(ValueError("lock")) == gs.UNKNOWN


def test_read_only_store_shows_the_file_and_keeps_new_rows_apart(tmp_path):
    path = app_file(tmp_path / "history.duckdb", n=3)
    s = open_store(path)
    sid = s.add_session(lane="micro", day="2026-11-02", minutes=30, earned=1, stress=2, joy=3)
    s.set_setting("walk_away_rate", 40.0)
    s.close()
    before = snapshot(tmp_path)
    ro = gs._overlay(path, "read-only", gs.READ_ONLY_FILE)
    try:
        new = ro.record("rates", {}, {"hourly_rate": 99.0})
        assert new == 4 and len(ro.history()) == 4 and ro.history().iloc[0]["id"] == new
        ro.set_setting("walk_away_rate", 45.0)
        assert ro.get_setting("walk_away_rate") == 45.0  # the new value wins over the file's
        assert ro.add_sessions([{"lane": "micro", "day": "2026-11-02", "minutes": 30,
                                 "earned": 1, "stress": 2, "joy": 3}]) == 0  # fmt: skip
        with pytest.raises(gs.ReadOnlyHistoryError, match="open read-only"):
            ro.update_session(sid, earned=5)
        with pytest.raises(gs.ReadOnlyHistoryError, match="cannot be deleted now"):
            ro.delete_profile()
        assert ro.kept_in_memory() == 2
        spawned = ro.spawn()  # another tab: the file's rows, none of this tab's
        assert spawned.count() == 3 and spawned.get_setting("walk_away_rate") == 40.0
        spawned.close()
    finally:
        ro.close()
    assert snapshot(tmp_path) == before
