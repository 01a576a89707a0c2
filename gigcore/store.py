"""DuckDB history store: results of every tool, settings and work sessions, per profile.

One DuckDB connection per process; each thread works through its own cursor, since DuckDB
refuses to share one connection between threads. Every query filters on the profile and is
parameterised. The schema carries a version; `MIGRATIONS` bring an older file up to date
without losing rows. A file that is locked, corrupt or cannot be created is never deleted or
overwritten: a corrupt one is moved aside with a timestamp, and otherwise the store falls back to
a temporary in-memory database and says so in `notice`.
"""

from __future__ import annotations

import datetime as dt
import json
import numbers
import os
import threading
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from gigcore.checks import finite
from gigcore.params import load_params

if TYPE_CHECKING:  # pandas is imported on first use: opening the app does not need it
    import pandas as pd

MEMORY = ":memory:"
MAX_PROFILE_LEN = 512
SESSION_FIELDS = ("lane", "day", "minutes", "earned", "stress", "joy", "note")

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
               minutes DOUBLE NOT NULL,
               earned DOUBLE NOT NULL,
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


def _is_lock_error(exc: Exception) -> bool:
    return "lock" in str(exc).lower()


def migrate(con: duckdb.DuckDBPyConnection, upto: int = SCHEMA_VERSION) -> int:
    """Apply the migrations a database lacks, up to version `upto`; return the version."""
    con.execute("CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL)")
    row = con.execute("SELECT max(version) FROM schema_info").fetchone()
    version = row[0] or 0
    if version > SCHEMA_VERSION:
        raise ValueError(
            f"this history file was written by a newer version of the app (schema {version}); "
            "update the app to open it"
        )
    for number in range(version + 1, upto + 1):
        con.execute("BEGIN TRANSACTION")
        try:
            for statement in MIGRATIONS[number - 1]:
                con.execute(statement)
            con.execute("INSERT INTO schema_info VALUES (?)", [number])
            con.execute("COMMIT")
        except Exception:
            con.execute("ROLLBACK")
            raise
    return max(version, upto)


class Store:
    """History of one DuckDB database. Safe to share between threads."""

    def __init__(self, con: duckdb.DuckDBPyConnection, path: str, notice: str | None = None):
        self._con = con
        self._local = threading.local()
        self._lock = threading.Lock()
        self.path = path
        self.notice = notice
        self.persistent = path != MEMORY

    def _cur(self) -> duckdb.DuckDBPyConnection:
        cur = getattr(self._local, "cur", None)
        if cur is None:
            with self._lock:
                cur = self._con.cursor()
            self._local.cur = cur
        return cur

    # results -----------------------------------------------------------------------------
    def record(self, tool: str, inputs: dict, result: dict, profile: str = "local") -> int:
        """Save one tool result; return its id once it is committed."""
        if not isinstance(tool, str) or not tool.strip():
            raise ValueError("tool must be a non-empty name")
        row = (
            self._cur()
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
        """This profile's results, newest first: id, tool, created_at, inputs, result (dicts)."""
        newest = "ORDER BY created_at DESC, id DESC"
        where, args = "profile = ?", [_check_profile(profile)]
        if tool is not None:
            where += " AND tool = ?"
            args.append(tool)
        limit = _check_limit(limit)
        if limit is not None:  # pick the ids first, so only the rows shown are read whole
            where = f"id IN (SELECT id FROM records WHERE {where} {newest} LIMIT ?)"
            args.append(limit)
        sql = f"SELECT id, tool, created_at, inputs, result FROM records WHERE {where} {newest}"
        rows = self._cur().execute(sql, args).fetchall()
        import pandas as pd

        frame = pd.DataFrame(rows, columns=["id", "tool", "created_at", "inputs", "result"])
        frame["inputs"] = [json.loads(v) for v in frame["inputs"]]
        frame["result"] = [json.loads(v) for v in frame["result"]]
        return frame

    def count(self, profile: str = "local", tool: str | None = None) -> int:
        """How many results this profile has saved (of one tool if given), without reading them."""
        sql, args = "SELECT count(*) FROM records WHERE profile = ?", [_check_profile(profile)]
        if tool is not None:
            sql += " AND tool = ?"
            args.append(tool)
        return int(self._cur().execute(sql, args).fetchone()[0])

    def get(self, record_id: int, profile: str = "local") -> dict | None:
        """One of this profile's records, or None."""
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
        return {
            "id": rid,
            "tool": tool,
            "created_at": created,
            "inputs": json.loads(inputs),
            "result": json.loads(result),
        }

    def delete_profile(self, profile: str = "local") -> int:
        """Delete every row of this profile (records, settings, sessions); return rows removed."""
        profile = _check_profile(profile)
        cur = self._cur()
        removed = 0
        cur.execute("BEGIN TRANSACTION")
        try:
            for table in ("records", "settings", "work_sessions"):
                n = cur.execute(f"SELECT count(*) FROM {table} WHERE profile = ?", [profile])
                removed += n.fetchone()[0]
                cur.execute(f"DELETE FROM {table} WHERE profile = ?", [profile])
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        return removed

    # settings ----------------------------------------------------------------------------
    def set_setting(self, key: str, value: object, profile: str = "local") -> None:
        """Keep one JSON-serialisable value for this profile (e.g. the walk-away rate)."""
        self._cur().execute(
            "INSERT OR REPLACE INTO settings VALUES (?, ?, ?, ?)",
            [_check_profile(profile), _check_key(key), _dumps({"v": value}, "setting"), _now()],
        )

    def get_setting(self, key: str, default: object = None, profile: str = "local") -> object:
        """A value kept by `set_setting`, or `default`."""
        row = (
            self._cur()
            .execute(
                "SELECT value FROM settings WHERE profile = ? AND key = ?",
                [_check_profile(profile), _check_key(key)],
            )
            .fetchone()
        )
        return default if row is None else json.loads(row[0])["v"]

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

    def add_session(self, profile: str = "local", **fields) -> int:
        """Log one work session (lane, day, minutes, earned, stress, joy, note); return its id."""
        values = self._session_values(fields)
        missing = [k for k in SESSION_FIELDS if k not in values and k != "note"]
        if missing:
            raise ValueError(f"a work session needs {', '.join(missing)}")
        row = (
            self._cur()
            .execute(
                "INSERT INTO work_sessions "
                "(profile, lane, day, minutes, earned, stress, joy, note, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
                [
                    _check_profile(profile),
                    values["lane"],
                    values["day"],
                    values["minutes"],
                    values["earned"],
                    values["stress"],
                    values["joy"],
                    values.get("note", ""),
                    _now(),
                ],
            )
            .fetchone()
        )
        return int(row[0])

    def update_session(self, session_id: int, profile: str = "local", **fields) -> bool:
        """Change fields of one of this profile's sessions; True if it existed."""
        values = self._session_values(fields)
        if not values:
            return False
        sets = ", ".join(f"{k} = ?" for k in values)
        row = (
            self._cur()
            .execute(
                f"UPDATE work_sessions SET {sets} WHERE profile = ? AND id = ? RETURNING id",
                [*values.values(), _check_profile(profile), int(session_id)],
            )
            .fetchone()
        )
        return row is not None

    def delete_session(self, session_id: int, profile: str = "local") -> bool:
        """Remove one of this profile's sessions; True if it existed."""
        row = (
            self._cur()
            .execute(
                "DELETE FROM work_sessions WHERE profile = ? AND id = ? RETURNING id",
                [_check_profile(profile), int(session_id)],
            )
            .fetchone()
        )
        return row is not None

    def sessions(self, profile: str = "local") -> pd.DataFrame:
        """This profile's work sessions, oldest first."""
        rows = (
            self._cur()
            .execute(
                "SELECT id, lane, day, minutes, earned, stress, joy, note FROM work_sessions "
                "WHERE profile = ? ORDER BY day, id",
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

    def add_sessions(self, rows: Iterable[dict], profile: str = "local") -> int:
        """Log many sessions at once (CSV import); all or none are saved."""
        rows = list(rows)
        cur = self._cur()
        cur.execute("BEGIN TRANSACTION")
        try:
            for fields in rows:
                self.add_session(profile, **fields)
            cur.execute("COMMIT")
        except Exception:
            cur.execute("ROLLBACK")
            raise
        return len(rows)

    def close(self) -> None:
        """Close the connection (and with it every thread's cursor)."""
        self._con.close()


def _move_aside(path: Path) -> Path:
    stamp = _now().strftime("%Y%m%dT%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
        n += 1
    path.rename(target)
    wal = path.with_name(path.name + ".wal")
    if wal.exists():
        wal.rename(target.with_name(target.name + ".wal"))
    return target


# Reading every stored value once makes a damaged file fail here, where it can be moved aside,
# rather than on some later page.
READ_ALL = (
    "SELECT sum(length(profile) + length(tool) + length(inputs) + length(result)"
    " + epoch(created_at)) FROM records",
    "SELECT sum(length(profile) + length(key) + length(value)) FROM settings",
    "SELECT sum(length(profile) + length(lane) + length(note) + minutes + earned + stress + joy"
    " + epoch(day)) FROM work_sessions",
)


def _connect(path: str) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect(path)
    try:
        migrate(con)
        if path != MEMORY:
            for query in READ_ALL:
                con.execute(query).fetchone()
    except Exception:
        con.close()
        raise
    return con


def _memory(notice: str) -> Store:
    return Store(_connect(MEMORY), MEMORY, notice)


def open_store(path: str | os.PathLike | None = None, fallback: bool = False) -> Store:
    """Open (creating or migrating) the history at `path`: `$GIGCORE_DB` or `default_path()`.

    With `fallback=True` a locked, corrupt or uncreatable file never stops the app: a corrupt file
    is moved aside (kept, with a timestamp) and a fresh one created; otherwise a temporary
    in-memory store is used. `Store.notice` then says what happened.
    """
    if path is None:
        path = os.environ.get("GIGCORE_DB") or default_path()
    path = str(path)
    if path == MEMORY:
        return Store(_connect(MEMORY), MEMORY)
    file = Path(path).expanduser()
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        return Store(_connect(str(file)), str(file))
    except Exception as exc:
        if not fallback:
            raise
        if _is_lock_error(exc):
            return _memory(
                f"Your history file {file} is in use by another program, so nothing you do now "
                "will be saved to it. Results are kept in a temporary store until you close "
                "the app; the file itself is left untouched."
            )
        if not file.exists() or not os.access(file.parent, os.W_OK):
            return _memory(
                f"The history file {file} cannot be created or opened ({exc}). The tools work, "
                "but results are kept only until you close the app."
            )
        if "newer version" in str(exc):
            return _memory(f"{exc}. Results are kept only until you close the app.")
    try:
        moved = _move_aside(file)
        store = Store(_connect(str(file)), str(file))
    except Exception as exc:
        return _memory(
            f"The history file {file} could not be read or repaired ({exc}). The tools work, "
            "but results are kept only until you close the app."
        )
    store.notice = (
        f"Your history file could not be read, so it was kept as {moved} (nothing was deleted) "
        "and a fresh history was started."
    )
    return store
