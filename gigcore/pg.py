"""The store's PostgreSQL backend: the same SQL as DuckDB, through psycopg 3 and its pool.

`gigcore.store.Store` talks to its database through an object with `execute(sql, params)`
(returning something with `fetchone`/`fetchall`); for DuckDB that is the thread's cursor, here
it is `PgDatabase`. This module is the whole seam: placeholders (`?` becomes `%s`), a pooled
connection for each statement (or the one pinned to the thread for a transaction, so no two
threads ever share a connection), transactions, advisory locks, the indexes a server needs,
and the words for a server that cannot be reached. The Store's SQL is written once, in the
common dialect of both (`INSERT ... ON CONFLICT`, aliased subqueries, `DOUBLE PRECISION`).

A connection that the server dropped (a restart, a failover) is found by the pool's check
before it is handed out and replaced, so a later statement simply works; a read that fails
mid-way is tried once more on a fresh connection. A write that fails mid-way is never retried
here (it may or may not have been committed): `DatabaseUnavailableError` says so and the
caller decides. psycopg is imported only when a PostgreSQL URL is opened.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import zlib
from collections.abc import Iterator, Sequence
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import psycopg
from psycopg_pool import ConnectionPool

SCHEMES = ("postgresql://", "postgres://")
POOL_MIN, POOL_MAX = 1, 10  # per app process; each thread borrows one only while it works
CONNECT_TIMEOUT_S = 5  # how long opening waits for the server before falling back
BORROW_TIMEOUT_S = 10  # how long a statement waits for a free pooled connection
PING_TIMEOUT_S = 2
APPLICATION = "gigcore"  # how the server's pg_stat_activity names the app's connections
# Physical layout only (not a schema version): what a server with many people's rows needs
# for each person's newest-first history and sessions. DuckDB scans its zone maps instead.
INDEXES = (
    "CREATE INDEX IF NOT EXISTS records_profile_newest ON records "
    "(profile, created_at DESC, id DESC)",
    "CREATE INDEX IF NOT EXISTS work_sessions_profile_day ON work_sessions (profile, day, id)",
)


def is_url(path: object) -> bool:
    return isinstance(path, str) and path.startswith(SCHEMES)


def redact(url: str) -> str:
    """The URL without its password (and without its query), fit to show or log."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    where = f"{parts.username}@{host}" if parts.username else host
    if parts.port:
        where += f":{parts.port}"
    return urlunsplit((parts.scheme, where, parts.path, "", ""))


def with_search_path(url: str, schema: str) -> str:
    """The URL with `options=-csearch_path=<schema>`: the app's tables in a schema of their own."""
    parts = urlsplit(url)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "options"]
    query.append(("options", f"-csearch_path={schema}"))
    return urlunsplit(parts._replace(query=urlencode(query)))


class DatabaseUnavailableError(ValueError):
    """The server cannot be reached (or dropped the connection); `detail` says how."""

    def __init__(self, detail: str, written: bool):
        self.detail = detail
        self.written = written
        if written:
            text = (
                "the history database could not be reached while saving "
                f"({detail}), so this may not have been saved; try again"
            )
        else:
            text = f"the history database cannot be reached right now ({detail}); try again"
        super().__init__(text)


def short(exc: BaseException) -> str:
    """psycopg's message on one line, without the server's address (not for every user)."""
    text = str(exc)
    if "failed: " in text:  # 'connection to server at "h" (ip), port p failed: <why>'
        text = text.rsplit("failed: ", 1)[-1]
    text = " ".join((text.strip().splitlines() or [type(exc).__name__])[0].split())
    return text if len(text) <= 300 else text[:297] + "..."


@functools.lru_cache(maxsize=256)
def _sql(statement: str) -> str:
    """DuckDB's `?` placeholders as psycopg's `%s` (a literal `%` doubled)."""
    return statement.replace("%", "%%").replace("?", "%s")


def _reads(statement: str) -> bool:
    return statement.lstrip().upper().startswith("SELECT")


class _Rows:
    def __init__(self, rows: list[tuple]):
        self._rows = rows

    def fetchone(self) -> tuple | None:
        return self._rows[0] if self._rows else None

    def fetchall(self) -> list[tuple]:
        return self._rows


def connect_check(url: str) -> None:
    """Connect once, directly: fails fast (refused, unknown host, wrong password) with the
    server's own reason, where a pool would keep retrying until its timeout."""
    with psycopg.connect(
        url, connect_timeout=CONNECT_TIMEOUT_S, autocommit=True, application_name=APPLICATION
    ) as conn:
        conn.execute("SELECT 1")


class PgDatabase:
    """One process's pool of connections to the history database. Safe to share between
    threads: each statement borrows a connection, each transaction keeps one for its thread."""

    dialect = "postgres"

    def __init__(self, url: str, min_size: int = POOL_MIN, max_size: int = POOL_MAX):
        self.where = redact(url)
        self._local = threading.local()
        self.pool = ConnectionPool(
            url,
            min_size=min_size,
            max_size=max_size,
            kwargs={
                "autocommit": True,
                "connect_timeout": CONNECT_TIMEOUT_S,
                "application_name": APPLICATION,
                "client_encoding": "utf8",  # text comes back as text on any server
            },
            check=ConnectionPool.check_connection,
            timeout=BORROW_TIMEOUT_S,
            open=False,
            name="gigcore",
        )
        self.pool.open(wait=True, timeout=CONNECT_TIMEOUT_S)

    def _pinned_conn(self) -> psycopg.Connection | None:
        return getattr(self._local, "conn", None)

    @contextlib.contextmanager
    def pinned(self) -> Iterator[psycopg.Connection]:
        """One connection for this thread until the block ends (nested blocks share it)."""
        conn = self._pinned_conn()
        if conn is not None:
            yield conn
            return
        try:
            with self.pool.connection() as conn:
                self._local.conn = conn
                try:
                    yield conn
                finally:
                    self._local.conn = None
        except psycopg.OperationalError as exc:
            raise DatabaseUnavailableError(short(exc), written=True) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[PgDatabase]:
        """All statements of the block in one transaction on one connection: all or none."""
        with self.pinned() as conn, conn.transaction():
            yield self

    @contextlib.contextmanager
    def locked(self, name: str) -> Iterator[None]:
        """A server-wide lock (advisory, on the pinned connection) for the block: several app
        processes migrating at once take turns."""
        key = zlib.crc32(f"gigcore:{name}".encode())
        with self.pinned() as conn:
            conn.execute("SELECT pg_advisory_lock(%s)", [key])
            try:
                yield
            finally:
                with contextlib.suppress(psycopg.OperationalError):
                    conn.execute("SELECT pg_advisory_unlock(%s)", [key])

    def lock_profile(self, profile: str) -> None:
        """Inside a transaction: one writer at a time per profile (two imports of one file at
        once would otherwise both see the other's rows as new)."""
        key = zlib.crc32(f"gigcore-profile:{profile}".encode())
        self.execute("SELECT pg_advisory_xact_lock(?)", [key])

    @staticmethod
    def _run(conn: psycopg.Connection, statement: str, params: Sequence | None) -> _Rows:
        try:
            cur = conn.execute(_sql(statement), params)
        except psycopg.DataError as exc:  # a value PostgreSQL cannot keep (a NUL character)
            raise ValueError(f"the history database cannot keep this value: {exc}") from None
        return _Rows(cur.fetchall() if cur.description is not None else [])

    def execute(self, statement: str, params: Sequence | None = None) -> _Rows:
        conn = self._pinned_conn()
        if conn is not None:
            try:
                return self._run(conn, statement, params)
            except psycopg.OperationalError as exc:
                raise DatabaseUnavailableError(short(exc), written=True) from exc
        reads = _reads(statement)
        for attempt in (1, 2):
            try:
                with self.pool.connection() as conn:
                    return self._run(conn, statement, params)
            except psycopg.OperationalError as exc:
                if attempt == 2 or not reads:
                    raise DatabaseUnavailableError(short(exc), written=not reads) from exc
        raise AssertionError("unreachable")  # pragma: no cover

    def ping(self) -> str | None:
        """None when the server answers, else why not."""
        try:
            with self.pool.connection(timeout=PING_TIMEOUT_S) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError as exc:
            return short(exc)
        return None

    def ensure_indexes(self) -> None:
        """Create the server's indexes, under the migration lock: two processes running
        CREATE INDEX IF NOT EXISTS at once can both try, and one fails on the catalog."""
        with self.locked("migrate"):
            for statement in INDEXES:
                self.execute(statement)

    def close(self) -> None:
        self.pool.close()
