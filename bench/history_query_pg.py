"""`history_1m_pg_ms`: `history_1m_ms` on PostgreSQL, the backend for hosting many people.

The same 1,000,000 rows over 50 profiles and the same query (the home page's newest results of
one profile), through the same Store, on the server at `GIGPATH_BENCH_PG` (or the tests'
`GIGPATH_TEST_PG`), in a schema of its own that is dropped afterwards. Without a server the
figure is reported as not measured.
"""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

from bench import history_db
from bench.history_query import query_times
from bench.report import Skipped

ROWS, PROFILES = 1_000_000, 50


def server() -> str:
    url = os.environ.get("GIGPATH_BENCH_PG") or os.environ.get("GIGPATH_TEST_PG")
    if not url:
        raise Skipped("no PostgreSQL server: set GIGPATH_BENCH_PG to a postgresql:// URL")
    return url


def measure(quick: bool, workdir: Path, rows: int = ROWS, profiles: int = PROFILES) -> dict:
    """Median ms of the newest `RECENT` results of one profile, and of all its rows."""
    import psycopg

    from gigcore.pg import with_search_path

    admin = server()
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(admin, autocommit=True) as con:
        con.execute(f"CREATE SCHEMA {schema}")
    try:
        url = with_search_path(admin, schema)
        start = time.perf_counter()
        history_db.build_pg(url, rows, profiles)
        build_s = time.perf_counter() - start
        page_ms, full_ms, per_profile = query_times(url, 10 if quick else 30)
    finally:
        with psycopg.connect(admin, autocommit=True) as con:
            con.execute(f"DROP SCHEMA {schema} CASCADE")
    return {
        "history_1m_pg_ms": round(page_ms, 1),
        "history_pg_rows_per_profile": per_profile,
        "history_1m_pg_all_rows_ms": round(full_ms, 1),
        "history_pg_build_s": round(build_s, 1),
    }
