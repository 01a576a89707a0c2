"""`history_1m_ms`: one person's history query in a file of 1,000,000 rows over 50 profiles."""

from __future__ import annotations

import time
from pathlib import Path

from bench import history_db
from bench.timing import median_ms
from gigcore.history import RECENT
from gigcore.store import open_store

ROWS, PROFILES = 1_000_000, 50


def query_times(target, repeats: int) -> tuple[float, float, int]:
    """Median ms of the newest `RECENT` results of the first profile and of all its rows, and
    how many rows it has, in the history at `target` (a file or a server URL)."""
    store = open_store(target)
    try:
        profile = history_db.profile_name(0)
        page_ms = median_ms(lambda: store.history(profile, limit=RECENT), repeats)
        full_ms = median_ms(lambda: store.history(profile), repeats)
        return page_ms, full_ms, store.count(profile)
    finally:
        store.close()


def measure(quick: bool, workdir: Path, rows: int = ROWS, profiles: int = PROFILES) -> dict:
    """Median ms of the home page's history query (the newest `RECENT` results of one profile),
    and of reading all of that profile's rows (the CSV export); file size per 100k rows."""
    path = workdir / "history-1m.duckdb"
    start = time.perf_counter()
    history_db.build(path, rows, profiles)
    build_s = time.perf_counter() - start
    size_mb = path.stat().st_size / 1e6
    page_ms, full_ms, per_profile = query_times(path, 10 if quick else 30)
    return {
        "history_1m_ms": round(page_ms, 1),
        "history_mb_per_100k_rows": round(size_mb * 100_000 / rows, 2),
        "history_rows_per_profile": per_profile,
        "history_1m_all_rows_ms": round(full_ms, 1),
        "history_file_build_s": round(build_s, 1),
    }
