"""The benchmark code runs and reports honestly; no test here asserts a timing."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from bench import data, history_db, history_query, rerun, run
from bench.report import FIGURES, KEYS, Figure, Skipped, as_json, as_table, reason_key


def sample_results() -> dict:
    return {
        "interaction_ratio_max": 1.4,
        "rerun_ratio_max": 21.0,
        "audit_ads_per_s": 900.0,
        "audit_vs_tfidf": 0.8,
        "audit_1mb_s": None,
        "audit_1mb_s_reason": "skipped: shared data set not found",
        "history_1m_ms": 60.0,
        "history_mb_per_100k_rows": 10.25,
        "rerun_ms_by_page": {"home.py": 7.0},
    }


def test_targets_are_bounds_in_the_right_direction():
    at_most = Figure("x", "x", "ms", 50)
    at_least = Figure("y", "y", "x", 1.0, at_most=False)
    assert at_most.meets(50) and not at_most.meets(50.1)
    assert at_least.meets(1.0) and not at_least.meets(0.99)
    assert at_most.meets(None) is None
    assert Figure("z", "z", "MB").meets(3) is None  # no target: informative only


def test_json_has_every_figure_key_nulls_with_reasons_and_the_misses():
    out = json.loads(as_json(sample_results()))
    assert set(KEYS) <= set(out)
    assert out["audit_1mb_s"] is None
    assert out[reason_key("audit_1mb_s")] == "skipped: shared data set not found"
    assert out["cold_start_ratio"] is None  # absent from the results: null, and says why
    assert "not measured" in out[reason_key("cold_start_ratio")]
    # 1.4 <= 1.5 met; the rerun ratio is a diagnostic (no target); 0.8 < 1.5 and 60 > 50 missed;
    # skipped figures are not counted as missed
    assert out["missed"] == ["audit_vs_tfidf", "history_1m_ms"]
    assert out["rerun_ms_by_page"] == {"home.py": 7.0}


def test_table_has_a_row_per_figure_and_shows_status():
    table = as_table(sample_results())
    lines = table.splitlines()
    assert lines[0].startswith("figure")
    for fig in FIGURES:
        assert fig.key in table
    assert "MISSED" in next(line for line in lines if "history_1m_ms" in line)
    skipped_row = next(line for line in lines if "1mb" in line)
    assert skipped_row.endswith("skipped: shared data set not found")
    assert "skipped: skipped" not in skipped_row
    assert 'rerun_ms_by_page: {"home.py": 7.0}' in table


def test_repeat_to_cuts_repeated_whole_texts_to_size():
    text = data.repeat_to(["abc", "de"], 12)
    assert text == "abc\n\nde\n\nabc"  # 5 + 4 characters, then the next text cut at 12
    with pytest.raises(ValueError):
        data.repeat_to([], 10)


def test_missing_shared_data_is_skipped_not_faked(tmp_path: Path):
    with pytest.raises(Skipped, match="not found"):
        data.load_ads(tmp_path / "absent.jsonl")


def test_history_file_has_the_rows_per_profile_newest_first(tmp_path: Path):
    from gigcore.store import open_store

    path = history_db.build(tmp_path / "h.duckdb", rows=40, profiles=4)
    store = open_store(path)
    try:
        mine = store.history("local")
        other = store.history("bench-03")
    finally:
        store.close()
    assert len(mine) == 10 and len(other) == 10  # 40 rows over 4 profiles
    assert mine["created_at"].is_monotonic_decreasing
    assert set(mine["tool"]) <= set(history_db.TEMPLATES)
    rates = mine[mine["tool"] == "rates"].iloc[0]
    assert isinstance(rates["result"]["hourly_rate"], float)  # the varying number is a number


def test_history_figure_on_a_tiny_file(tmp_path: Path):
    out = history_query.measure(True, tmp_path, rows=200, profiles=4)
    assert out["history_rows_per_profile"] == 50
    assert out["history_1m_ms"] > 0 and out["history_mb_per_100k_rows"] > 0


def test_trivial_page_rerun_changes_its_slider():
    times, what = rerun.rerun_times(rerun.TRIVIAL, reruns=3)
    assert what == "slider 'Value'" and len(times) == 3 and min(times) > 0


def test_a_skipped_module_gives_nulls_with_the_reason(monkeypatch: pytest.MonkeyPatch, tmp_path):
    def missing(quick, workdir):
        raise Skipped("Chromium not found at /nowhere")

    monkeypatch.setattr("bench.cold_start.measure", missing)
    out = run.run_module("cold_start", quick=True, workdir=tmp_path)
    assert out == {
        "cold_start_ratio": None,
        "cold_start_ratio_reason": "skipped: Chromium not found at /nowhere",
    }


def test_cold_start_without_chromium_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path):
    from bench import cold_start

    monkeypatch.setattr(cold_start, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(Skipped, match="Chromium not found"):
        cold_start.measure(True, tmp_path)


def test_cli_prints_json_for_the_chosen_figures(capsys, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(
        "bench.history_query.measure",
        lambda quick, workdir: {"history_1m_ms": 1.0, "history_mb_per_100k_rows": 2.0},
    )
    assert run.main(["--quick", "--json", "--only", "history_query"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["history_1m_ms"] == 1.0 and out["quick"] is True
    assert out["cold_start_ratio"] is None


def test_paired_rates_count_each_function_separately():
    from bench.audit_speed import paired_rates

    calls: list[str] = []
    fast, slow = paired_rates(calls.append, lambda t: sum(range(20_000)), ["a", "b"], passes=2)
    assert calls == ["a", "b", "a", "b"]  # one call per text per pass
    assert fast > 0 and slow > 0


def test_rerun_figure_on_one_page_and_a_tiny_file(monkeypatch: pytest.MonkeyPatch, tmp_path):
    monkeypatch.setattr(rerun, "pages", lambda: [rerun.TRIVIAL])
    out = rerun.measure(True, tmp_path, rows=50, reruns=3)
    assert set(out["rerun_ms_by_page"]) == {"trivial.py"}
    assert out["rerun_ratio_max"] > 0 and out["rerun_slowest_page"] == "trivial.py"
    assert "rerun_errors" not in out


@pytest.mark.browser
@pytest.mark.skipif(not Path("/usr/bin/chromium").exists(), reason="needs /usr/bin/chromium")
def test_one_cold_start_of_the_baseline_app_is_timed_and_its_server_stopped(tmp_path):
    from playwright.sync_api import sync_playwright

    from bench import cold_start

    def start_once() -> tuple[float, float]:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(cold_start.CHROMIUM), args=cold_start.CHROMIUM_ARGS
            )
            try:
                return cold_start.start_to_rendered(
                    browser, cold_start.BASELINE, cold_start.BASELINE_TITLE, tmp_path
                )
            finally:
                browser.close()

    # A thread of its own: the browser suite's Playwright loop may be running in this one.
    with ThreadPoolExecutor(max_workers=1) as pool:
        rendered, healthy = pool.submit(start_once).result()
    assert 0 < healthy <= rendered


def test_postgres_history_figure_without_a_server_is_skipped(monkeypatch, tmp_path):
    monkeypatch.delenv("GIGPATH_BENCH_PG", raising=False)
    monkeypatch.delenv("GIGPATH_TEST_PG", raising=False)
    out = run.run_module("history_query_pg", quick=True, workdir=tmp_path)
    assert out["history_1m_pg_ms"] is None
    assert "no PostgreSQL server" in out["history_1m_pg_ms_reason"]


def test_postgres_history_figure_on_a_tiny_database(tmp_path: Path):
    from backends import server_url

    from bench import history_query_pg

    server_url()  # skips without a server (fails in CI)
    out = history_query_pg.measure(True, tmp_path, rows=200, profiles=4)
    assert out["history_pg_rows_per_profile"] == 50 and out["history_1m_pg_ms"] > 0


def test_interaction_figure_is_the_slowest_page_over_the_plain_baseline():
    from bench.interaction import summarize

    times = {
        "baseline": {"desktop": [10.0, 20.0, 30.0], "phone": [40.0]},
        "baseline_app_config": {"desktop": [5.0], "phone": [20.0]},
        "rates": {"desktop": [30.0], "phone": [60.0]},
        "readiness_inputs": {"desktop": [25.0], "phone": [100.0]},
    }
    out = summarize(times, presses=3)
    # medians: baseline 20 / 40; rates 1.5 / 1.5; readiness 1.25 / 2.5
    assert out["interaction_ratio_max"] == 2.5
    assert out["interaction_slowest"] == "readiness_inputs at phone width"
    assert out["interaction_ms"]["rates"] == {"desktop": 30.0, "phone": 60.0}
    assert out["interaction_baseline_ms"] == {"desktop": 20.0, "phone": 40.0}
    assert out["interaction_ratio_max_same_config"] == 6.0  # 30 / 5
    assert "baseline" not in out["interaction_ratio_by_page"]


def test_interaction_without_chromium_is_skipped(monkeypatch: pytest.MonkeyPatch, tmp_path):
    from bench import interaction

    monkeypatch.setattr(interaction, "CHROMIUM", tmp_path / "no-chromium")
    with pytest.raises(Skipped, match="Chromium not found"):
        interaction.measure(True, tmp_path)
