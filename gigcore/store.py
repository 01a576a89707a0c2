"""History store: results of every tool, settings and work sessions, per profile.

An embedded DuckDB file by default; a `postgresql://` URL gives the same Store on a PostgreSQL
server for hosting many people (`gigcore.pg` is that backend: the SQL here is written once for
both, and a statement runs on the thread's DuckDB cursor or on a pooled server connection).

One DuckDB connection per process; each thread works through its own cursor, since DuckDB
refuses to share one connection between threads. Every query filters on the profile and is
parameterised. The schema carries a version; `MIGRATIONS` bring an older file up to date
without losing rows.

Opening a file never deletes or overwrites it. Every way opening can fail is classified from
DuckDB's own exception class and wording (`classify`), and only a file proven unreadable (a DuckDB
file whose blocks fail their checksums or are cut short, or a file holding nothing at all) is moved
aside, in the same folder with a timestamp in its name. A healthy file that cannot be written is
opened read-only (saved rows readable, new ones kept in memory); a locked file, a full disk,
another program's file, a newer schema or a folder at the path leave the file as it is and the
store falls back to a temporary in-memory database. `Store.notice` says what happened, in words.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import json
import numbers
import os
import threading
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import duckdb

from gigcore.checks import finite
from gigcore.params import load_params

if TYPE_CHECKING:  # pandas is imported on first use: opening the app does not need it
    import pandas as pd

MEMORY = ":memory:"
MAX_PROFILE_LEN = 512
SESSION_FIELDS = ("lane", "day", "minutes", "earned", "stress", "joy", "note")
UPSERT_SETTING = (  # one statement both DuckDB and PostgreSQL run
    "INSERT INTO settings VALUES (?, ?, ?, ?) ON CONFLICT (profile, key) "
    "DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at"
)

MIGRATIONS: list[tuple[str, ...]] = [
    (  # 1: results history
        "CREATE SEQUENCE IF NOT EXISTS record_ids START 1",
        """CREATE TABLE IF NOT EXISTS records (
               id BIGINT PRIMARY KEY DEFAULT nextval('record_ids'),
               profile VARCHAR NOT NULL,
               tool VARCHAR NOT NULL,
               created_at TIMESTAMP NOT NULL,
               inputs VARCHAR NOT NULL,
               result VARCHAR NOT NULL)""",
    ),
    (  # 2: per-profile settings (walk-away rate, ...) and the experiment log
        """CREATE TABLE IF NOT EXISTS settings (
               profile VARCHAR NOT NULL,
               key VARCHAR NOT NULL,
               value VARCHAR NOT NULL,
               updated_at TIMESTAMP NOT NULL,
               PRIMARY KEY (profile, key))""",
        "CREATE SEQUENCE IF NOT EXISTS session_ids START 1",
        """CREATE TABLE IF NOT EXISTS work_sessions (
               id BIGINT PRIMARY KEY DEFAULT nextval('session_ids'),
               profile VARCHAR NOT NULL,
               lane VARCHAR NOT NULL,
               day DATE NOT NULL,
               minutes DOUBLE PRECISION NOT NULL,
               earned DOUBLE PRECISION NOT NULL,
               stress INTEGER NOT NULL,
               joy INTEGER NOT NULL,
               note VARCHAR NOT NULL DEFAULT '',
               created_at TIMESTAMP NOT NULL)""",
    ),
]
SCHEMA_VERSION = len(MIGRATIONS)


def default_path() -> Path:
    """`$XDG_DATA_HOME/gigcore/history.duckdb`, or under `~/.local/share` without it."""
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "gigcore" / "history.duckdb"


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def _dumps(value: object, what: str) -> str:
    if not isinstance(value, dict):
        raise ValueError(f"{what} must be a dictionary")
    try:
        return json.dumps(value, allow_nan=False, default=str, ensure_ascii=False)
    except ValueError as exc:
        raise ValueError(f"{what} holds a value that is not a finite number: {exc}") from None


def _check_profile(profile: object) -> str:
    if not isinstance(profile, str) or not profile or len(profile) > MAX_PROFILE_LEN:
        raise ValueError(f"profile must be text of 1 to {MAX_PROFILE_LEN} characters")
    return profile


def _check_key(key: object) -> str:
    if not isinstance(key, str) or not key:
        raise ValueError(f"a setting needs a name (non-empty text), got {key!r}")
    return key


def _check_limit(limit: object) -> int | None:
    if limit is not None and (
        isinstance(limit, bool) or not isinstance(limit, numbers.Integral) or limit < 0
    ):
        raise ValueError(
            f"limit must be a whole number of at least 0, or None for all, got {limit!r}"
        )
    return None if limit is None else min(int(limit), 2**63 - 1)  # DuckDB's LIMIT is 64-bit


def _check_score(name: str, value: object) -> int:
    lo, hi = (int(load_params("experiment")[k].value) for k in ("scale_min", "scale_max"))
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or not lo <= value <= hi:
        raise ValueError(f"{name} must be a whole number from {lo} to {hi}, got {value!r}")
    return int(value)


def _check_day(value: object) -> dt.date:
    """A date, a datetime (its date) or ISO text such as "2026-11-02"."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"day must be a date such as 2026-11-02, got {value!r}")


# -- how opening a file can fail -------------------------------------------------------------
# Never fetch or load an extension to read a file: DuckDB would otherwise try to download
# sqlite_scanner for a SQLite file at the path.
CONFIG = {"autoload_known_extensions": False, "autoinstall_known_extensions": False}

LOCKED = "locked"  # another process holds DuckDB's lock on the file
CORRUPT = "corrupt"  # a DuckDB file whose blocks fail their checksum or are cut short
EMPTY = "empty"  # a file with no bytes, or only zero bytes: nothing to lose
READ_ONLY_FILE = "read_only_file"  # readable, but this user may not write the file
READ_ONLY_FOLDER = "read_only_folder"  # the file is writable but its folder is not (the .wal)
DISK_FULL = "disk_full"
WAL_MISMATCH = "wal_mismatch"  # a leftover .wal that belongs to another copy of the file
DIRECTORY = "directory"  # a folder at the path
FOREIGN_DUCKDB = "foreign_duckdb"  # a DuckDB database of another program
NOT_DUCKDB = "not_duckdb"  # some other kind of file (SQLite, text, ...)
NEWER_SCHEMA = "newer_schema"
NO_READ = "no_read_permission"
UNCREATABLE = "uncreatable"  # the folder for a new file cannot be made
UNKNOWN = "unknown"
UNREACHABLE = "unreachable"  # a history server that refuses, times out or dropped us
RETRYABLE = frozenset({LOCKED, DISK_FULL, UNREACHABLE})  # worth trying again later

# The app's own tables and their columns, as the migrations make them: a file is the app's
# only if it has `schema_info` and, for its version, these tables with these columns.
TABLES = {
    "schema_info": ("version",),
    "records": ("id", "profile", "tool", "created_at", "inputs", "result"),
    "settings": ("profile", "key", "value", "updated_at"),
    "work_sessions": (
        "id", "profile", "lane", "day", "minutes", "earned", "stress", "joy", "note", "created_at",
    ),
}  # fmt: skip
TABLES_OF_VERSION = {1: ("records",), 2: ("settings", "work_sessions")}


def classify(exc: BaseException) -> str:
    """What an error raised while opening or writing a history file means (a kind above).

    Matched on DuckDB's exception classes and its exact wording (DuckDB 2.0), or on the OS error
    number; anything not recognised is UNKNOWN, which never moves a file.
    """
    text = str(exc)
    if isinstance(exc, OSError):
        return {
            errno.ENOSPC: DISK_FULL,
            errno.EACCES: READ_ONLY_FILE,
            errno.EPERM: READ_ONLY_FILE,
            errno.EROFS: READ_ONLY_FILE,
            errno.EISDIR: DIRECTORY,
        }.get(exc.errno, UNKNOWN)
    if not isinstance(exc, duckdb.Error):
        return UNKNOWN
    if "No space left on device" in text:  # IOException on open, TransactionException on commit
        return DISK_FULL
    if isinstance(exc, duckdb.IOException):
        if text.startswith("IO Error: Could not set lock on file") and "Conflicting lock" in text:
            return LOCKED
        if text.startswith("IO Error: Failure while replaying WAL file"):
            return WAL_MISMATCH
        if text.startswith("IO Error: Could not read enough bytes from file"):
            return CORRUPT
        if "exists, but it is not a valid DuckDB database file" in text:
            return CORRUPT  # only asked after the file was seen to carry DuckDB's magic bytes
        if text.endswith("Is a directory"):
            return DIRECTORY
    if isinstance(exc, duckdb.IOException | duckdb.TransactionException):
        if text.endswith('.wal": Permission denied') or text.endswith(
            '.wal": Read-only file system'
        ):
            return READ_ONLY_FOLDER
        if text.endswith("Permission denied") or text.endswith("Read-only file system"):
            return READ_ONLY_FILE
    if text.startswith("Corrupt database file: computed checksum"):  # duckdb.Error itself
        return CORRUPT
    return UNKNOWN


class HistoryFileError(ValueError):
    """The history file cannot be used as it is; `kind` says why and `notice` says it in words."""

    def __init__(
        self, kind: str, notice: str, cause: BaseException | None = None, detail: str = ""
    ):
        super().__init__(notice)
        self.kind = kind
        self.notice = notice
        self.cause = cause
        self.detail = detail


class ReadOnlyHistoryError(ValueError):
    """A change to rows kept in a history file that is open read-only."""


def _short(exc: BaseException) -> str:
    """DuckDB's message on one line, without its "IO Error: " style prefix."""
    text = " ".join(str(exc).split())
    for prefix in ("IO Error: ", "TransactionContext Error: ", "Invalid Input Error: "):
        text = text.removeprefix(prefix)
    if text.startswith("Failure while replaying WAL file"):  # name the mismatch, not the path
        text = "DuckDB: " + text.split('": ', 1)[-1].split(". ", 1)[0]
    return text if len(text) <= 300 else text[:297] + "..."


TEMPORARY = "What you save now is kept in this browser tab only and is lost when you close it."
RETRYING = (
    "What you save now is kept in this browser tab only; the app tries the file again each time "
    "you use it and moves what you saved into it once it can. Close the tab before then and "
    "those results are lost."
)


def notice_for(kind: str, file: Path, detail: str = "", moved: Path | None = None) -> str:
    """The words a person sees for each kind of failure."""
    if kind == LOCKED:
        return (
            f"Your history file {file} is in use by another copy of this app (or another "
            f"program), so it was left untouched. {RETRYING}"
        )
    if kind == DISK_FULL:
        return (
            f"The disk holding your history file {file} is full, so the file was left as it "
            f"was. Free some space. {RETRYING}"
        )
    if kind in (CORRUPT, EMPTY):
        what = "is empty" if kind == EMPTY else f"could not be read ({detail})"
        return (
            f"Your history file {what}, so it was kept as {moved} (nothing was deleted) and a "
            "fresh history was started."
        )
    if kind == READ_ONLY_FILE:
        return (
            f"Your history file {file} can be read but not written by this app (no write "
            "permission), so it was opened read-only: your saved results are shown, nothing "
            f"was changed. {TEMPORARY}"
        )
    if kind == READ_ONLY_FOLDER:
        return (
            f"The folder of your history file {file} cannot be written (DuckDB needs to write "
            f"{file.name}.wal beside the file), so the file was opened read-only: your saved "
            f"results are shown, nothing was changed. {TEMPORARY}"
        )
    if kind == WAL_MISMATCH:
        return (
            f"Your history file {file} had a leftover journal from another copy of the file "
            f"(for example after restoring a backup; {detail}). The journal was kept as "
            f"{moved} (nothing was deleted) and your history file was opened as it is."
        )
    if kind == DIRECTORY:
        return (
            f"The history path {file} is a folder, not a file, so it was left untouched. Set "
            f"GIGCORE_DB to a file. {TEMPORARY}"
        )
    if kind == FOREIGN_DUCKDB:
        return (
            f"The file {file} is a DuckDB database of another program, not this app's history "
            f"({detail}), so nothing was written into it or moved. Set GIGCORE_DB to another "
            f"file. {TEMPORARY}"
        )
    if kind == NOT_DUCKDB:
        return (
            f"The file {file} is not a history file of this app ({detail}), so it was left "
            f"untouched. Set GIGCORE_DB to another file. {TEMPORARY}"
        )
    if kind == NEWER_SCHEMA:
        return (
            f"Your history file {file} was written by a newer version of the app ({detail}); "
            f"update the app to open it. The file was left untouched. {TEMPORARY}"
        )
    if kind == NO_READ:
        return (
            f"The history file {file} cannot be read by this app (no read permission), so it "
            f"was left untouched. {TEMPORARY}"
        )
    if kind == UNCREATABLE:
        return f"The history file {file} cannot be created ({detail}). The tools work. {TEMPORARY}"
    return (
        f"The history file {file} could not be opened ({detail}), so it was left untouched. "
        f"{TEMPORARY}"
    )


@contextlib.contextmanager
def transaction(cur) -> Iterator[None]:
    """The block as one transaction on `cur` (a DuckDB cursor or a `PgDatabase`): committed at
    its end, rolled back on any failure, and the failure itself raised (not a failed rollback).
    """
    if getattr(cur, "dialect", None) == "postgres":  # one pooled connection for the block
        with cur.transaction():
            yield
        return
    cur.execute("BEGIN TRANSACTION")
    try:
        yield
        cur.execute("COMMIT")
    except BaseException:
        with contextlib.suppress(duckdb.Error):  # a failed COMMIT ended the transaction
            cur.execute("ROLLBACK")
        raise


def _lock_profile(cur, profile: str) -> None:
    """Inside a transaction: writers of one profile take turns (a server's several processes;
    an embedded file has one writing process, whose transactions DuckDB keeps apart)."""
    if getattr(cur, "dialect", None) == "postgres":
        cur.lock_profile(profile)


def migrate(con, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations a database lacks, up to version `upto`; return the version.

    `con` is a DuckDB connection or a `gigcore.pg.PgDatabase`. Each version is one
    transaction: a failure (a full disk) leaves the file at the version before it, and the
    failure itself is raised (not a failed rollback). On a server, processes that start at
    once take turns under an advisory lock, so each version is applied exactly once.
    """
    lock = con.locked("migrate") if getattr(con, "dialect", None) == "postgres" else None
    with lock or contextlib.nullcontext():
        return _migrate(con, upto)


def _migrate(con, upto: int) -> int:
    con.execute("CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_info").fetchone()
    version = row[0] or 0
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"this history file was written by a newer version of the app (schema {version}); "
            "update the app to open it"
        )
    for number in range(version + 1, upto + 1):
        with transaction(con):
            for statement in MIGRATIONS[number - 1]:
                con.execute(statement)
            con.execute("INSERT INTO schema_info VALUES (?)", [number])
    return max(version, upto)


def _loads(text: str) -> tuple[object, bool]:
    """A stored JSON value, and False (with None) when it cannot be read."""
    try:
        return json.loads(text), True
    except (TypeError, ValueError):
        return None, False


SessionKey = tuple


def _session_key(v: dict) -> SessionKey:
    return (
        v["lane"],
        v["day"],
        float(v["minutes"]),
        float(v["earned"]),
        int(v["stress"]),
        int(v["joy"]),
        v.get("note") or "",
    )


class Store:
    """History of one DuckDB database or PostgreSQL server. Safe to share between threads.

    `persistent` is True when what is saved goes into the history file; `read_only` when saved
    rows are read from a file that cannot be written (new rows then stay in memory); `kind`
    is the failure kind (None when all is well) and `retry` whether trying the file again later
    may succeed (a lock or a full disk).
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        path: str,
        notice: str | None = None,
        *,
        kind: str | None = None,
        read_only: bool = False,
        target: str | None = None,
    ):
        self._con = con  # a DuckDB connection, or a `gigcore.pg.PgDatabase` (its pool)
        self._pg = con if getattr(con, "dialect", None) == "postgres" else None
        self.backend = "postgres" if self._pg is not None else "duckdb"
        self._local = threading.local()
        self._lock = threading.Lock()
        self.path = path
        self.notice = notice
        self.kind = kind
        self.read_only = read_only
        self.retry = kind in RETRYABLE
        self.persistent = path != MEMORY and not read_only
        self.target = target or path  # the file the person asked for

    def _cur(self) -> duckdb.DuckDBPyConnection:
        if self._pg is not None:  # it borrows a pooled connection for each statement
            return self._pg
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self._lock:
                cur = self._con.cursor()
            self._local.cur = cur
        return cur

    def _wcur(self) -> duckdb.DuckDBPyConnection:
        """The cursor that writes. Read-only over a file, unqualified table names then mean the
        in-memory `scratch` tables, while `_cur` reads the views over the file and them."""
        if not self.read_only:
            return self._cur()
        cur = getattr(self._local, "wcur", None)
        if cur is None:
            with self._lock:
                cur = self._con.cursor()
            cur.execute("SET search_path = 'scratch'")
            self._local.wcur = cur
        return cur

    def spawn(self) -> Store:
        """A store of its own for one browser session when this one is not the file itself.

        Rows kept in memory must not be shared between people or tabs, so each session gets a
        fresh temporary store (read-only over the same file when that is how it was opened).
        A persistent store is returned as it is.
        """
        if self.persistent:
            return self
        if self.read_only:
            store = _overlay(Path(self.path), self.notice, self.kind)
        else:
            store = Store(_connect_memory(), MEMORY, self.notice, kind=self.kind)
        store.target = self.target
        return store

    def ping(self) -> str | None:
        """None while the database answers, else why not (a history server that went away;
        an embedded file has no connection to lose)."""
        return None if self._pg is None else self._pg.ping()

    def offline(self, detail: str) -> Store:
        """The temporary store to use while this one's server cannot be reached: it says so,
        and is worth trying again (`retry`), as a locked file is."""
        notice = server_notice(UNREACHABLE, self.path, detail)
        return _memory(notice, UNREACHABLE, self.target)

    # results -----------------------------------------------------------------------------
    def record(self, tool: str, inputs: dict, result: dict, profile: str = "local") -> int:
        """Save one tool result; return its id once it is committed."""
        if not isinstance(tool, str) or not tool.strip():
            raise ValueError("tool must be a non-empty name")
        row = (
            self._wcur()
            .execute(
                "INSERT INTO records (profile, tool, created_at, inputs, result) "
                "VALUES (?, ?, ?, ?, ?) RETURNING id",
                [
                    _check_profile(profile),
                    tool,
                    _now(),
                    _dumps(inputs, "inputs"),
                    _dumps(result, "result"),
                ],
            )
            .fetchone()
        )
        return int(row[0])

    def history(
        self, profile: str = "local", tool: str | None = None, limit: int | None = None
    ) -> pd.DataFrame:
        """This profile's results, newest first: id, tool, created_at, inputs, result (dicts).

        A row whose stored inputs or result cannot be read as JSON is left out;
        `frame.attrs["unreadable"]` says how many were.
        """
        args = [_check_profile(profile), tool, tool]
        limit = _check_limit(limit)
        if limit is None:
            sql = (
                "SELECT id, tool, created_at, inputs, result FROM records "
                "WHERE profile = ? AND (?::VARCHAR IS NULL OR tool = ?) "
                "ORDER BY created_at DESC, id DESC"
            )
        else:  # pick the ids first, so only the rows shown are read whole
            sql = (
                "SELECT id, tool, created_at, inputs, result FROM records WHERE id IN "
                "(SELECT id FROM records WHERE profile = ? AND (?::VARCHAR IS NULL OR tool = ?) "
                "ORDER BY created_at DESC, id DESC LIMIT ?) ORDER BY created_at DESC, id DESC"
            )
            args.append(limit)
        rows = self._cur().execute(sql, args).fetchall()
        import pandas as pd

        good, unreadable = [], 0
        for rid, name, created, inputs, result in rows:
            inputs, ok_in = _loads(inputs)
            result, ok_out = _loads(result)
            if ok_in and ok_out and isinstance(inputs, dict) and isinstance(result, dict):
                good.append((rid, name, created, inputs, result))
            else:
                unreadable += 1
        frame = pd.DataFrame(good, columns=["id", "tool", "created_at", "inputs", "result"])
        frame.attrs["unreadable"] = unreadable
        return frame

    def iter_history(
        self, profile: str = "local", chunk: int = 5_000
    ) -> Iterator[list[tuple[int, str, dt.datetime, str, str]]]:
        """This profile's whole history, newest first, in chunks of raw rows.

        Rows are (id, tool, created_at, inputs, result) with inputs and result as the stored JSON
        text. The chunks' boundaries are found first from the two key columns alone; each chunk
        is then one query for the rows between two boundaries (keyset paging), so memory stays
        that of one chunk however long the history is.
        """
        profile = _check_profile(profile)
        if chunk < 1:
            raise ValueError("chunk must be at least 1 row")
        cur = self._cur()
        # the last key of every chunk, from the two narrow key columns only
        bounds = cur.execute(
            "SELECT created_at, id FROM (SELECT created_at, id, row_number() OVER "
            "(ORDER BY created_at DESC, id DESC) AS n FROM records WHERE profile = ?) AS keyed "
            "WHERE n % ? = 0 ORDER BY n",
            [profile, chunk],
        ).fetchall()
        # rows after the previous chunk's last key (NULL: from the newest) down to this chunk's
        # last key (NULL: to the oldest)
        sql = (
            "SELECT id, tool, created_at, inputs, result FROM records WHERE profile = ? "
            "AND (?::TIMESTAMP IS NULL OR created_at < ? OR (created_at = ? AND id < ?)) "
            "AND (?::TIMESTAMP IS NULL OR created_at > ? OR (created_at = ? AND id >= ?)) "
            "ORDER BY created_at DESC, id DESC"
        )
        after: tuple = (None, None)
        for created, rid in [*bounds, (None, None)]:
            args = [profile, after[0], after[0], after[0], after[1], created, created, created, rid]
            rows = cur.execute(sql, args).fetchall()
            if rows:
                yield rows
            if created is None:
                return
            after = (created, rid)

    def count(self, profile: str = "local", tool: str | None = None) -> int:
        """How many results this profile has saved (of one tool if given), without reading them."""
        sql = "SELECT count(*) FROM records WHERE profile = ? AND (?::VARCHAR IS NULL OR tool = ?)"
        return int(self._cur().execute(sql, [_check_profile(profile), tool, tool]).fetchone()[0])

    def get(self, record_id: int, profile: str = "local") -> dict | None:
        """One of this profile's records, or None. A stored value that cannot be read comes
        back as an empty dict, and the record then lists it under "unreadable"."""
        row = (
            self._cur()
            .execute(
                "SELECT id, tool, created_at, inputs, result FROM records "
                "WHERE profile = ? AND id = ?",
                [_check_profile(profile), int(record_id)],
            )
            .fetchone()
        )
        if row is None:
            return None
        rid, tool, created, inputs, result = row
        out = {"id": rid, "tool": tool, "created_at": created}
        bad = []
        for name, text in (("inputs", inputs), ("result", result)):
            value, ok = _loads(text)
            if not ok or not isinstance(value, dict):
                bad.append(name)
                value = {}
            out[name] = value
        if bad:
            out["unreadable"] = bad
        return out

    def _refuse_saved_profile(self, profile: str) -> None:
        """In a read-only store, refuse to delete a profile that has rows in the file."""
        if not self.read_only:
            return
        for table in ("records", "settings", "work_sessions"):
            if _has_table(self._cur(), "saved", table):
                sql = f"SELECT count(*) FROM saved.main.{table} WHERE profile = ?"
                if self._cur().execute(sql, [profile]).fetchone()[0]:
                    raise ReadOnlyHistoryError(
                        "your saved history is kept in your history file, which is open "
                        "read-only, so it cannot be deleted now"
                    )

    def _refuse_saved_session(self, profile: str, session_id: int) -> None:
        """In a read-only store, refuse to change a session that lives in the file."""
        if not self.read_only or not _has_table(self._cur(), "saved", "work_sessions"):
            return
        sql = "SELECT count(*) FROM saved.main.work_sessions WHERE profile = ? AND id = ?"
        if self._cur().execute(sql, [profile, session_id]).fetchone()[0]:
            raise ReadOnlyHistoryError(
                "this session is kept in your history file, which is open read-only, so it "
                "cannot be changed now"
            )

    def delete_profile(self, profile: str = "local") -> int:
        """Delete every row of this profile (records, settings, sessions); return rows removed."""
        return sum(self.delete_profile_counts(profile).values())

    def delete_profile_counts(self, profile: str = "local") -> dict[str, int]:
        """Delete every row of this profile; return how many of each kind went:
        {"records": saved results, "work_sessions": logged sessions, "settings": settings}."""
        profile = _check_profile(profile)
        self._refuse_saved_profile(profile)
        cur = self._wcur()
        removed = {}
        with transaction(cur):
            _lock_profile(cur, profile)
            for table in ("records", "settings", "work_sessions"):
                n = cur.execute(f"SELECT count(*) FROM {table} WHERE profile = ?", [profile])
                removed[table] = n.fetchone()[0]
                cur.execute(f"DELETE FROM {table} WHERE profile = ?", [profile])
        return removed

    def delete_record(self, record_id: int, profile: str = "local") -> bool:
        """Remove one of this profile's saved results; True if it existed."""
        profile, rid = _check_profile(profile), int(record_id)
        if self.read_only and _has_table(self._cur(), "saved", "records"):
            sql = "SELECT count(*) FROM saved.main.records WHERE profile = ? AND id = ?"
            if self._cur().execute(sql, [profile, rid]).fetchone()[0]:
                raise ReadOnlyHistoryError(
                    "this result is kept in your history file, which is open read-only, so it "
                    "cannot be deleted now"
                )
        row = (
            self._wcur()
            .execute(
                "DELETE FROM records WHERE profile = ? AND id = ? RETURNING id", [profile, rid]
            )
            .fetchone()
        )
        return row is not None

    # settings ----------------------------------------------------------------------------
    def set_setting(self, key: str, value: object, profile: str = "local") -> None:
        """Keep one JSON-serialisable value for this profile (e.g. the walk-away rate)."""
        self._wcur().execute(
            UPSERT_SETTING,
            [_check_profile(profile), _check_key(key), _dumps({"v": value}, "setting"), _now()],
        )

    def get_setting(self, key: str, default: object = None, profile: str = "local") -> object:
        """A value kept by `set_setting`, or `default` (also when the stored one is unreadable)."""
        row = (
            self._cur()
            .execute(
                "SELECT value FROM settings WHERE profile = ? AND key = ?",
                [_check_profile(profile), _check_key(key)],
            )
            .fetchone()
        )
        if row is None:
            return default
        value, ok = _loads(row[0])
        return value["v"] if ok and isinstance(value, dict) and "v" in value else default

    # experiment log ----------------------------------------------------------------------
    @staticmethod
    def _session_values(fields: dict) -> dict:
        unknown = set(fields) - set(SESSION_FIELDS)
        if unknown:
            raise ValueError(f"unknown work-session fields: {', '.join(sorted(unknown))}")
        out = dict(fields)
        for key in ("minutes", "earned"):
            if key in out:
                number = finite(key, out[key])
                if number < 0:
                    raise ValueError(f"{key} must be a finite number of at least 0")
                out[key] = number
        if "lane" in out and (not isinstance(out["lane"], str) or not out["lane"].strip()):
            raise ValueError(f"lane must be a non-empty name, got {out['lane']!r}")
        if "day" in out:
            out["day"] = _check_day(out["day"])
        for key in ("stress", "joy"):
            if key in out:
                out[key] = _check_score(key, out[key])
        if "note" in out:
            out["note"] = "" if out["note"] is None else out["note"]
            if not isinstance(out["note"], str):
                raise ValueError(f"note must be text, got {type(out['note']).__name__}")
        return out

    def _complete_session(self, fields: dict) -> dict:
        values = self._session_values(fields)
        missing = [k for k in SESSION_FIELDS if k not in values and k != "note"]
        if missing:
            raise ValueError(f"a work session needs {', '.join(missing)}")
        values.setdefault("note", "")
        return values

    def _insert_session(
        self, profile: str, values: dict, created: dt.datetime | None = None
    ) -> int:
        row = (
            self._wcur()
            .execute(
                "INSERT INTO work_sessions "
                "(profile, lane, day, minutes, earned, stress, joy, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    profile,
                    values["lane"],
                    values["day"],
                    values["minutes"],
                    values["earned"],
                    values["stress"],
                    values["joy"],
                    values["note"],
                    created or _now(),
                ],
            )
            .fetchone()
        )
        return int(row[0])

    def add_session(self, profile: str = "local", **fields) -> int:
        """Log one work session (lane, day, minutes, earned, stress, joy, note); return its id."""
        values = self._complete_session(fields)
        return self._insert_session(_check_profile(profile), values)

    def update_session(self, session_id: int, profile: str = "local", **fields) -> bool:
        """Change fields of one of this profile's sessions; True if it existed."""
        values = self._session_values(fields)
        if not values:
            return False
        profile, sid = _check_profile(profile), int(session_id)
        self._refuse_saved_session(profile, sid)
        sets = ", ".join(f"{k} = ?" for k in values)
        row = (
            self._wcur()
            .execute(
                f"UPDATE work_sessions SET {sets} WHERE profile = ? AND id = ? RETURNING id",
                [*values.values(), profile, sid],
            )
            .fetchone()
        )
        return row is not None

    def delete_session(self, session_id: int, profile: str = "local") -> bool:
        """Remove one of this profile's sessions; True if it existed."""
        profile, sid = _check_profile(profile), int(session_id)
        self._refuse_saved_session(profile, sid)
        row = (
            self._wcur()
            .execute(
                "DELETE FROM work_sessions WHERE profile = ? AND id = ? RETURNING id",
                [profile, sid],
            )
            .fetchone()
        )
        return row is not None

    def sessions(self, profile: str = "local") -> pd.DataFrame:
        """This profile's work sessions, oldest first."""
        rows = (
            self._cur()
            .execute(
                "SELECT id, lane, day, minutes, earned, stress, joy, note "
                "FROM work_sessions WHERE profile = ? ORDER BY day, id",
                [_check_profile(profile)],
            )
            .fetchall()
        )
        import pandas as pd

        return pd.DataFrame(rows, columns=["id", *SESSION_FIELDS])

    def session_count(self, profile: str = "local") -> int:
        """How many work sessions this profile has logged, without reading them."""
        sql = "SELECT count(*) FROM work_sessions WHERE profile = ?"
        return int(self._cur().execute(sql, [_check_profile(profile)]).fetchone()[0])

    def _session_keys(self, profile: str) -> Counter:
        """How many times each distinct session is already logged for this profile."""
        rows = (
            self._cur()
            .execute(
                "SELECT lane, day, minutes, earned, stress, joy, note "
                "FROM work_sessions WHERE profile = ?",
                [profile],
            )
            .fetchall()
        )
        return Counter(_session_key(dict(zip(SESSION_FIELDS, r, strict=True))) for r in rows)

    def add_sessions(self, rows: Iterable[dict], profile: str = "local") -> int:
        """Log many sessions at once (CSV import); all or none are saved.

        A session identical to one already logged is skipped, so importing the same file twice
        adds nothing; identical rows within `rows` count as that many sessions (two equal
        half-hours on one day are two sessions). Returns how many were added.
        """
        profile = _check_profile(profile)
        checked = [self._complete_session(dict(fields)) for fields in rows]
        cur = self._wcur()
        with transaction(cur):
            _lock_profile(cur, profile)
            logged = self._session_keys(profile)
            added = 0
            for values in checked:
                key = _session_key(values)
                if logged[key] > 0:  # matches a session logged before this import
                    logged[key] -= 1
                    continue
                self._insert_session(profile, values)
                added += 1
        return added

    # carrying rows over ------------------------------------------------------------------
    def absorb(self, other: Store) -> dict[str, int]:
        """Copy every row `other` kept in memory into this store, in one transaction.

        Results keep their time; a session identical to one already here is skipped; settings
        made meanwhile replace older ones. Returns how many of each were carried over.
        """
        src = other._wcur()  # its own tables: the rows it kept in memory
        records = src.execute(
            "SELECT profile, tool, created_at, inputs, result FROM records ORDER BY id"
        ).fetchall()
        sessions = src.execute(
            "SELECT profile, lane, day, minutes, earned, stress, joy, note, created_at "
            "FROM work_sessions ORDER BY id"
        ).fetchall()
        settings = src.execute("SELECT profile, key, value, updated_at FROM settings").fetchall()
        cur = self._wcur()
        done = {"records": 0, "sessions": 0, "settings": 0}
        with transaction(cur):
            for row in records:
                cur.execute(
                    "INSERT INTO records (profile, tool, created_at, inputs, result) "
                    "VALUES (?, ?, ?, ?, ?)",
                    list(row),
                )
                done["records"] += 1
            logged: dict[str, Counter] = {}
            for profile, *fields, created in sessions:
                values = dict(zip(SESSION_FIELDS, fields, strict=True))
                if profile not in logged:
                    _lock_profile(cur, profile)
                    logged[profile] = self._session_keys(profile)
                counts = logged[profile]
                key = _session_key(values)
                if counts[key] > 0:
                    counts[key] -= 1
                    continue
                self._insert_session(profile, values, created)
                done["sessions"] += 1
            for row in settings:
                cur.execute(UPSERT_SETTING, list(row))
                done["settings"] += 1
        return done

    def kept_in_memory(self) -> int:
        """How many rows this store keeps only in memory (0 for a store on its file)."""
        if self.persistent:
            return 0
        cur = self._wcur()
        kept = 0
        for table in ("records", "settings", "work_sessions"):
            kept += cur.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return kept

    def close(self) -> None:
        """Close the connection (and with it every thread's cursor), or the server pool."""
        self._con.close()


# -- opening --------------------------------------------------------------------------------
def _stamp() -> str:
    return _now().strftime("%Y%m%dT%H%M%S")


def _free_name(path: Path, tag: str) -> Path:
    stamp = _stamp()
    target = path.with_name(f"{path.name}.{tag}-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.{tag}-{stamp}-{n}")
        n += 1
    return target


def _move_aside(path: Path) -> Path:
    """Rename an unreadable file (and its .wal) beside itself, with a timestamp: kept whole."""
    target = _free_name(path, "corrupt")
    path.rename(target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + ".wal"))
    return target


# Reading every stored value once makes a damaged file fail here, where it can be moved aside,
# rather than on some later page.
READ_ALL = {
    "records": "SELECT sum(length(profile) + length(tool) + length(inputs) + length(result)"
    " + epoch(created_at)) FROM records",
    "settings": "SELECT sum(length(profile) + length(key) + length(value)) FROM settings",
    "work_sessions": "SELECT sum(length(profile) + length(lane) + length(note) + minutes + earned"
    " + stress + joy + epoch(day)) FROM work_sessions",
}


def _has_table(cur: duckdb.DuckDBPyConnection, catalog: str, table: str) -> bool:
    sql = (
        "SELECT count(*) FROM information_schema.tables "
        "WHERE table_catalog = ? AND table_schema = 'main' AND table_name = ?"
    )
    return bool(cur.execute(sql, [catalog, table]).fetchone()[0])


def _catalog(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, ...]]:
    """Tables of the file's main schema and their columns, in order."""
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = current_database() AND table_schema = 'main' "
        "ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(column)
    return {t: tuple(c) for t, c in tables.items()}


def _recognise(con: duckdb.DuckDBPyConnection) -> tuple[str | None, int, str]:
    """(failure kind or None, schema version, detail) of an open DuckDB file.

    None means the app's own file (or an empty database it may set up); reading every stored
    value also happens here, so damage inside the data shows now.
    """
    tables = _catalog(con)
    if not tables:
        return None, 0, ""
    if tables.get("schema_info") != TABLES["schema_info"]:
        shown = ", ".join(sorted(tables)[:5]) + (" ..." if len(tables) > 5 else "")
        return FOREIGN_DUCKDB, 0, f"its tables: {shown}"
    version = con.execute("SELECT max(version) FROM schema_info").fetchone()[0] or 0
    if version > SCHEMA_VERSION:
        return NEWER_SCHEMA, version, f"schema {version}; this app reads up to {SCHEMA_VERSION}"
    for number in range(1, version + 1):
        for wanted in TABLES_OF_VERSION[number]:
            if tables.get(wanted) != TABLES[wanted]:
                return FOREIGN_DUCKDB, version, f"its table {wanted} is not the app's"
    for table, query in READ_ALL.items():
        if table in tables:
            con.execute(query).fetchone()
    return None, version, ""


def _sniff(file: Path) -> tuple[str | None, str]:
    """Look at the first bytes: (kind or None when it carries DuckDB's magic, detail)."""
    try:
        with file.open("rb") as f:
            head = f.read(4096)
            if not head.strip(b"\0"):  # nothing but zero bytes so far: look at the rest
                while block := f.read(1 << 20):
                    if block.strip(b"\0"):
                        return NOT_DUCKDB, "it does not start like a DuckDB file"
                return EMPTY, ""
    except IsADirectoryError:
        return DIRECTORY, ""
    except PermissionError:
        return NO_READ, ""
    if head[8:12] == b"DUCK":
        return None, ""
    if head.startswith(b"SQLite format 3\0"):
        return NOT_DUCKDB, "it is a SQLite database"
    return NOT_DUCKDB, "it is not a DuckDB database"


def _connect_memory() -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(MEMORY, config=CONFIG)
    migrate(con)
    return con


OVERLAY_VIEWS = {  # (the file has the table, the file lacks it)
    "records": (
        "CREATE VIEW main.records AS SELECT id, profile, tool, created_at, inputs, result FROM "
        "saved.main.records UNION ALL SELECT id, profile, tool, created_at, inputs, result "
        "FROM scratch.records",
        "CREATE VIEW main.records AS SELECT * FROM scratch.records",
    ),
    "work_sessions": (
        "CREATE VIEW main.work_sessions AS SELECT id, profile, lane, day, minutes, earned, "
        "stress, joy, note, created_at FROM saved.main.work_sessions UNION ALL SELECT id, "
        "profile, lane, day, minutes, earned, stress, joy, note, created_at "
        "FROM scratch.work_sessions",
        "CREATE VIEW main.work_sessions AS SELECT * FROM scratch.work_sessions",
    ),
    "settings": (  # a setting made now replaces the file's
        "CREATE VIEW main.settings AS SELECT profile, key, value, updated_at FROM "
        "scratch.settings UNION ALL SELECT profile, key, value, updated_at FROM "
        "saved.main.settings s WHERE NOT EXISTS (SELECT 1 FROM scratch.settings m "
        "WHERE m.profile = s.profile AND m.key = s.key)",
        "CREATE VIEW main.settings AS SELECT * FROM scratch.settings",
    ),
}
TOP_IDS = {
    "records": "SELECT coalesce(max(id), 0) FROM saved.main.records",
    "work_sessions": "SELECT coalesce(max(id), 0) FROM saved.main.work_sessions",
}
SKIP_IDS = {  # new ids continue after the file's, so both kinds of rows keep distinct ids
    "records": "SELECT max(nextval('record_ids')) FROM range(?)",
    "work_sessions": "SELECT max(nextval('session_ids')) FROM range(?)",
}


def _overlay(file: Path, notice: str | None, kind: str | None) -> Store:
    """A store that reads the rows saved in `file` (attached read-only) and keeps new ones in
    memory (schema `scratch`): views in `main` show both."""
    con = duckdb.connect(MEMORY, config=CONFIG)
    try:
        con.execute("ATTACH ? AS saved (READ_ONLY)", [str(file)])
        con.execute("CREATE SCHEMA scratch")
        scratch = con.cursor()
        scratch.execute("SET search_path = 'scratch'")
        migrate(scratch)
        for table in ("records", "work_sessions", "settings"):
            present = _has_table(con, "saved", table)
            con.execute(OVERLAY_VIEWS[table][0 if present else 1])
            if present and table in TOP_IDS:
                top = con.execute(TOP_IDS[table]).fetchone()[0]
                if top:
                    scratch.execute(SKIP_IDS[table], [top])
        scratch.close()
    except Exception:
        con.close()
        raise
    return Store(con, str(file), notice, kind=kind, read_only=True)


def _fail(kind: str, file: Path, exc: BaseException | None = None, detail: str = "") -> NoReturn:
    detail = detail or (_short(exc) if exc is not None else "")
    raise HistoryFileError(kind, notice_for(kind, file, detail), exc, detail)


def _writable_store(file: Path, created: bool) -> Store:
    """Open the app's (or a new) file read-write and bring its schema up to date."""
    try:
        con = duckdb.connect(str(file), config=CONFIG)
    except duckdb.Error as exc:
        _fail(classify(exc), file, exc)
    try:
        migrate(con)
    except Exception as exc:
        con.close()
        if created:  # our own half-made file holds nothing of the person's: do not leave it
            for leftover in (file, file.with_name(file.name + ".wal")):
                leftover.unlink(missing_ok=True)
        _fail(classify(exc), file, exc)
    return Store(con, str(file))


def _open_file(file: Path) -> Store:
    """Open the history file or raise HistoryFileError saying exactly why not.

    Read-only first: nothing is written until the file is known to be the app's own (or new).
    """
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        _fail(UNCREATABLE, file, exc, detail=f"{exc.strerror}: {exc.filename}")
    if not file.exists() and not file.is_symlink():
        return _writable_store(file, created=True)
    kind, detail = _sniff(file)
    if kind == EMPTY:
        raise HistoryFileError(EMPTY, f"the history file {file} is empty")
    if kind is not None:
        _fail(kind, file, detail=detail)
    try:
        con = duckdb.connect(str(file), read_only=True, config=CONFIG)
    except duckdb.ConnectionException as exc:
        if "same database file with a different configuration" not in str(exc):
            _fail(classify(exc), file, exc)
        # this process has the file open read-write already, so it was checked when opened
        return _writable_store(file, created=False)
    except duckdb.Error as exc:
        _fail(classify(exc), file, exc)
    cause = None
    try:
        kind, _version, detail = _recognise(con)
    except duckdb.Error as exc:  # reading the stored values failed: damage inside the file
        kind = CORRUPT if classify(exc) == CORRUPT else UNKNOWN
        cause, detail = exc, _short(exc)
    finally:
        con.close()
    if kind is not None:
        _fail(kind, file, cause, detail)
    if not os.access(file, os.W_OK):
        _fail(READ_ONLY_FILE, file)
    if not os.access(file.parent, os.W_OK | os.X_OK):
        _fail(READ_ONLY_FOLDER, file)
    return _writable_store(file, created=False)


# -- a history server ------------------------------------------------------------------------
SERVER_RETRYING = (
    "What you save now is kept in this browser tab only; the app tries the database again each "
    "time you use it and moves what you saved into it once it can. Close the tab before then "
    "and those results are lost."
)


def is_server_url(path: object) -> bool:
    return isinstance(path, str) and path.startswith(("postgresql://", "postgres://"))


def server_notice(kind: str, where: str, detail: str = "") -> str:
    """The words a person sees when the history server cannot be used as it is."""
    if kind == UNREACHABLE:
        return f"The history database {where} cannot be reached ({detail}). {SERVER_RETRYING}"
    if kind == NEWER_SCHEMA:
        return (
            f"The history database {where} was written by a newer version of the app "
            f"({detail}); update the app to use it. Nothing in it was changed. {TEMPORARY}"
        )
    if kind == FOREIGN_DUCKDB:
        return (
            f"The history database {where} holds tables of another program ({detail}), so "
            "nothing was written into it. Set GIGCORE_DB to another database, or to a schema of "
            f"its own (options=-csearch_path=...). {TEMPORARY}"
        )
    return (
        f"The history database {where} could not be used ({detail}), so nothing in it was "
        f"changed. {TEMPORARY}"
    )


def _server_tables(db) -> dict[str, tuple[str, ...]]:
    """The app's tables in the schema it writes to (other tables there are not its business)."""
    rows = db.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position"
    ).fetchall()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        if table in TABLES:
            tables.setdefault(table, []).append(column)
    return {t: tuple(c) for t, c in tables.items()}


def _open_server(url: str) -> Store:
    """A Store on a PostgreSQL server, its schema brought up to date; or HistoryFileError."""
    import psycopg

    from gigcore import pg

    where = pg.redact(url)

    def fail(kind: str, detail: str, cause: BaseException | None = None) -> NoReturn:
        raise HistoryFileError(kind, server_notice(kind, where, detail), cause, detail)

    try:
        pg.connect_check(url)  # fails fast, with the server's reason
        db = pg.PgDatabase(url)
    except psycopg.OperationalError as exc:
        fail(UNREACHABLE, pg.short(exc), exc)
    except psycopg.Error as exc:
        fail(UNKNOWN, pg.short(exc), exc)
    try:
        tables = _server_tables(db)
        for table, columns in tables.items():
            if columns != TABLES[table]:
                fail(FOREIGN_DUCKDB, f"its table {table} is not the app's")
        migrate(db)
        db.ensure_indexes()
    except HistoryFileError:
        db.close()
        raise
    except pg.DatabaseUnavailableError as exc:
        db.close()
        fail(UNREACHABLE, exc.detail, exc)
    except psycopg.Error as exc:  # no right to create tables, ...
        db.close()
        fail(UNKNOWN, pg.short(exc), exc)
    except ValueError as exc:  # a newer schema
        db.close()
        fail(NEWER_SCHEMA, str(exc).split("(", 1)[-1].split(")", 1)[0], exc)
    return Store(db, where)


def _memory(notice: str, kind: str, target: str) -> Store:
    return Store(_connect_memory(), MEMORY, notice, kind=kind, target=target)


def open_store(path: str | os.PathLike | None = None, fallback: bool = False) -> Store:
    """Open (creating or migrating) the history at `path`: `$GIGCORE_DB` or `default_path()`.

    A `postgresql://user@host:port/db` URL opens the same Store on a PostgreSQL server (see
    `gigcore.pg`); a server that cannot be reached, holds a newer schema or another program's
    tables raises `HistoryFileError` the same way, and with `fallback=True` gives a temporary
    in-memory store whose notice says so (an unreachable server is tried again, `retry`).

    Without `fallback` a file that cannot be used raises `HistoryFileError` (its `kind` and
    `notice` say why) and is left exactly as it was. With `fallback=True` the app keeps working:
    a file proven unreadable is moved aside (kept whole, timestamp in its name) and a fresh one
    started; a leftover .wal of another copy of the file is moved aside the same way; a healthy
    file that cannot be written is opened read-only; anything else falls back to a temporary
    in-memory store. `Store.notice` then says what happened, and the file is never written.
    """
    if path is None:
        path = os.environ.get("GIGCORE_DB") or default_path()
    path = str(path)
    if path == MEMORY:
        return Store(_connect_memory(), MEMORY)
    if is_server_url(path):
        try:
            return _open_server(path)
        except HistoryFileError as exc:
            if not fallback:
                raise
            from gigcore.pg import redact

            return _memory(exc.notice, exc.kind, redact(path))
    file = Path(path).expanduser()
    try:
        return _open_file(file)
    except HistoryFileError as exc:
        if not fallback:
            raise
        failure = exc
    kind = failure.kind
    if kind in (READ_ONLY_FILE, READ_ONLY_FOLDER):
        try:
            return _overlay(file, failure.notice, kind)
        except duckdb.Error as exc:
            return _memory(notice_for(UNKNOWN, file, _short(exc)), UNKNOWN, str(file))
    if kind == WAL_MISMATCH:
        wal = file.with_name(file.name + ".wal")
        try:
            kept = _free_name(wal, "unmatched")
            wal.rename(kept)
        except OSError as exc:
            detail = f"its leftover journal {wal.name} could not be moved aside: {exc}"
            return _memory(notice_for(UNKNOWN, file, detail), kind, str(file))
        try:
            store = _open_file(file)
        except HistoryFileError as again:
            return _memory(again.notice, again.kind, str(file))
        store.notice = notice_for(WAL_MISMATCH, file, failure.detail, moved=kept)
        store.kind = WAL_MISMATCH
        return store
    if kind in (CORRUPT, EMPTY):
        detail = failure.detail
        try:
            moved = _move_aside(file)
        except OSError as exc:
            return _memory(
                notice_for(UNKNOWN, file, f"it is damaged and could not be moved aside: {exc}"),
                kind,
                str(file),
            )
        try:
            store = _open_file(file)
        except HistoryFileError as again:
            return _memory(
                f"Your history file could not be read, so it was kept as {moved} (nothing was "
                f"deleted); a fresh one could not be started either. {again.notice}",
                again.kind,
                str(file),
            )
        store.notice = notice_for(kind, file, detail, moved=moved)
        store.kind = kind
        return store
    return _memory(failure.notice, kind, str(file))
