"""`rerun_ratio_max`: the slowest page's warm rerun after an input change, over a trivial page's.

Every file in `pages/` runs on its own in AppTest (as the tests run it), against a history file
holding 100,000 results for the local profile. For each page one representative input is found
generically (the first text area, else slider, number input or text input) and flipped between
two valid values; each flip is one timed rerun. A page with none of these is simply rerun.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench import history_db
from bench.data import REPO

HISTORY_ROWS = 100_000
RERUNS = 30
QUICK_BUDGET_S = 60  # --quick: stop timing a very slow page after this long ...
QUICK_MIN_RERUNS = 5  # ... once it has at least this many reruns (the count is reported)
TRIVIAL = Path(__file__).resolve().parent / "pages" / "trivial.py"
WIDGET_KINDS = ("text_area", "slider", "number_input", "text_input")


def _other_number(widget) -> float | int | None:
    """A value one step away from the widget's value, inside its bounds (None if none fits)."""
    value = widget.value
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    step = getattr(widget, "step", None) or 1
    step = int(step) if isinstance(value, int) and float(step).is_integer() else step
    low, high = getattr(widget, "min", None), getattr(widget, "max", None)
    for candidate in (value + step, value - step):
        if (low is None or candidate >= low) and (high is None or candidate <= high):
            return candidate
    return None


def _other_text(widget) -> str | None:
    value = widget.value or ""
    limit = getattr(widget, "max_chars", None) or 0
    if limit and len(value) >= limit:
        return value[:-1]
    return value + " Please reply today."


def input_flip(at) -> tuple[str, Callable[[int], None]]:
    """Describe the page's representative input and return `flip(i)`, setting it for rerun i."""
    for kind in WIDGET_KINDS:
        for widget in at.get(kind):
            other = _other_text(widget) if "text" in kind else _other_number(widget)
            if other is None:
                continue
            values = (other, widget.value)
            key, label = widget.key, getattr(widget, "label", "")

            def flip(i: int, kind=kind, key=key, label=label, values=values) -> None:
                target = _find(at, kind, key, label)
                if target is not None:
                    target.set_value(values[i % 2])

            return f"{kind} '{label}'", flip
    return "no input (plain rerun)", lambda i: None


def _find(at, kind: str, key: str | None, label: str):
    for widget in at.get(kind):
        if (key is not None and widget.key == key) or (key is None and widget.label == label):
            return widget
    return None


def rerun_times(path: Path, reruns: int, budget_s: float | None = None) -> tuple[list[float], str]:
    """Seconds of each rerun after the page's input changed, and what changed. Fewer than
    `reruns` only when `budget_s` ran out. Raises if the page fails."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(path), default_timeout=300)
    at.run()
    _raise_on_exception(at, path)
    what, flip = input_flip(at)
    for i in range(2):  # warm: imports, caches, first store connection
        flip(i)
        at.run()
    times: list[float] = []
    for i in range(reruns):
        if budget_s is not None and len(times) >= QUICK_MIN_RERUNS and sum(times) > budget_s:
            break
        flip(i)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
        _raise_on_exception(at, path)
    return times, what


def _ms(times: list[float]) -> float:
    return 1000 * statistics.median(times)


def _raise_on_exception(at, path: Path) -> None:
    if at.exception:
        raise RuntimeError(f"{path.name} raised: {at.exception[0].message}")


def pages(repo: Path = REPO) -> list[Path]:
    """Every page file of the app."""
    return sorted((repo / "pages").glob("*.py"))


def measure(quick: bool, workdir: Path, rows: int = HISTORY_ROWS, reruns: int = RERUNS) -> dict:
    """Each page's median rerun over the trivial page's; the largest ratio is the figure. The
    trivial page is timed before every page and its reruns pooled, so a machine that gets busier
    or quieter during the run does not favour the pages timed early or late."""
    import streamlit as st

    db = history_db.build(workdir / "history-100k.duckdb", rows, profiles=1)
    previous = os.environ.get("GIGCORE_DB")
    os.environ["GIGCORE_DB"] = str(db)
    st.cache_resource.clear()
    budget = QUICK_BUDGET_S if quick else None
    trivial: list[float] = []
    page_ms, inputs, counts, errors = {}, {}, {}, {}
    try:
        for path in pages():
            name = path.name
            trivial += rerun_times(TRIVIAL, reruns)[0]
            try:
                times, inputs[name] = rerun_times(path, reruns, budget)
            except Exception as exc:  # a crashing page is reported, not timed
                errors[name] = str(exc)[:300]
                continue
            page_ms[name], counts[name] = _ms(times), len(times)
    finally:
        st.cache_resource.clear()
        if previous is None:
            os.environ.pop("GIGCORE_DB", None)
        else:
            os.environ["GIGCORE_DB"] = previous
    out: dict = {
        "rerun_ms_by_page": {name: round(ms, 1) for name, ms in page_ms.items()},
        "rerun_trivial_ms": round(_ms(trivial), 2) if trivial else None,
        "rerun_input_by_page": inputs,
        "rerun_history_rows": rows,
        "rerun_count": reruns,
    }
    cut = {name: n for name, n in counts.items() if n < reruns}
    if cut:
        out["rerun_count_cut_by_quick_budget"] = cut
    if page_ms:
        slowest = max(page_ms, key=page_ms.get)
        out["rerun_ratio_max"] = round(page_ms[slowest] / _ms(trivial), 2)
        out["rerun_slowest_page"] = slowest
        out["rerun_ratio_by_page"] = {n: round(ms / _ms(trivial), 1) for n, ms in page_ms.items()}
    else:
        out["rerun_ratio_max"] = None
        out["rerun_ratio_max_reason"] = "no page could be measured"
    if errors:
        out["rerun_errors"] = errors
    return out
