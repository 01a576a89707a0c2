"""Run the figures of issues 7 and 12 and print them as a table or as one JSON object."""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import tempfile
import time
from pathlib import Path

from bench.report import Skipped, as_json, as_table, reason_key

# module -> the figure keys it measures, in the order they run (cheapest first)
MODULES = {
    "history_query": ("history_1m_ms", "history_mb_per_100k_rows"),
    "history_query_pg": ("history_1m_pg_ms",),
    "audit_speed": ("audit_ads_per_s", "audit_vs_tfidf", "audit_1mb_s", "audit_hostile_worst_s"),
    "rerun": ("rerun_ratio_max",),
    "cold_start": ("cold_start_ratio",),
    "interaction": ("interaction_ratio_max",),
}


def run_module(name: str, quick: bool, workdir: Path) -> dict:
    """One module's figures; a missing input or a failure becomes null values with a reason."""
    keys = MODULES[name]
    try:
        module = importlib.import_module(f"bench.{name}")
        return module.measure(quick, workdir)
    except Skipped as exc:
        reason = f"skipped: {exc}"
    except Exception as exc:  # report the failure, keep measuring the other figures
        reason = f"failed: {type(exc).__name__}: {exc}"
    return {k: None for k in keys} | {reason_key(k): reason for k in keys}


def run(names: list[str], quick: bool, progress=None) -> dict:
    """Measure the named modules in a fresh temporary directory; return every figure."""
    results: dict = {"quick": quick}
    with tempfile.TemporaryDirectory(prefix="gigpath-bench-") as tmp:
        for name in names:
            if progress:
                progress(f"measuring {name} ...")
            start = time.perf_counter()
            workdir = Path(tmp) / name
            workdir.mkdir()
            results |= run_module(name, quick, workdir)
            results[f"{name}_took_s"] = round(time.perf_counter() - start, 1)
            gc.collect()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="fewer repeats (within 5 minutes)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--only", nargs="+", choices=list(MODULES), default=list(MODULES), help="these figures"
    )
    args = parser.parse_args(argv)
    results = run(args.only, args.quick, progress=lambda msg: print(msg, file=sys.stderr))
    print(as_json(results) if args.json else as_table(results))
    return 0
