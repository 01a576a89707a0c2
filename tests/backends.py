"""The two store backends for the contract suite: a DuckDB file, or a schema on a PostgreSQL server.

The server is `GIGPATH_TEST_PG` (a URL to a database the tests may create schemas in; `.ci/run`
starts a throwaway cluster and sets it). Without it the PostgreSQL half skips, unless
`GIGPATH_REQUIRE_PG=1` (set by `.ci/run`): then it fails. Each test gets a fresh schema of its
own (`options=-csearch_path=...` in the URL), dropped afterwards.
"""

from __future__ import annotations

import contextlib
import os
import socket
import threading
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

BACKENDS = ("duckdb", "postgres")


def server_url() -> str:
    """The test server's URL, or skip (fail in CI) saying why it cannot be used."""
    url = os.environ.get("GIGPATH_TEST_PG", "")
    reason = None
    if not url:
        reason = "GIGPATH_TEST_PG is not set (a postgresql:// URL of a throwaway database)"
    else:
        try:
            from gigcore.pg import connect_check

            connect_check(url)
        except Exception as exc:  # any reason: say it
            reason = f"the PostgreSQL server at GIGPATH_TEST_PG cannot be used: {exc}"
    if reason is None:
        return url
    if os.environ.get("GIGPATH_REQUIRE_PG") == "1":
        pytest.fail(f"PostgreSQL tests are required here but cannot run: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@contextlib.contextmanager
def fresh_schema(url: str) -> Iterator[str]:
    """A URL whose tables go into a new, empty schema; the schema is dropped afterwards."""
    import psycopg

    from gigcore.pg import with_search_path

    schema = f"test_{uuid.uuid4().hex[:12]}"
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        yield with_search_path(url, schema)
    finally:
        with psycopg.connect(url, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")


@contextlib.contextmanager
def target_for(backend: str, folder: Path) -> Iterator[str]:
    """Where a store of `backend` lives for one test: a file path or a server URL."""
    if backend == "duckdb":
        yield str(folder / "history.duckdb")
        return
    with fresh_schema(server_url()) as url:
        yield url


def terminate_app_connections(url: str) -> int:
    """What a server restart does to the app: end every connection it holds (not this one)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as con:
        rows = con.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE application_name = 'gigcore' AND pid <> pg_backend_pid()"
        ).fetchall()
    return len(rows)


class Proxy:
    """A TCP forwarder to the server that a test can cut (every connection dropped, new ones
    closed at once: a server that went away) and restore."""

    def __init__(self, host: str, port: int):
        self.upstream = (host, port)
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.up = True
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return
            if not self.up:
                client.close()
                continue
            try:
                server = socket.create_connection(self.upstream)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open += [client, server]
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    @staticmethod
    def _pump(src: socket.socket, dst: socket.socket) -> None:
        try:
            while data := src.recv(65536):
                dst.sendall(data)
        except OSError:
            pass
        finally:
            for s in (src, dst):
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)

    def cut(self) -> None:
        self.up = False
        with self._lock:
            for s in self._open:
                with contextlib.suppress(OSError):
                    s.shutdown(socket.SHUT_RDWR)
                    s.close()
            self._open.clear()

    def restore(self) -> None:
        self.up = True

    def close(self) -> None:
        self.cut()
        self.listener.close()


def via(url: str, proxy: Proxy) -> str:
    """The same URL, through `proxy`."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    user = f"{parts.username}@" if parts.username else ""
    return urlunsplit(parts._replace(netloc=f"{user}127.0.0.1:{proxy.port}"))
