"""`cold_start_ratio`: `streamlit run app.py` to the home page rendered, over a one-line app.

Each start launches `python -m streamlit run` on a free loopback port with a fresh temporary
GIGCORE_DB, waits for the server's health endpoint, opens the page in headless Chromium and stops
the clock when the script has finished (`data-test-script-state='notRunning'`) and the page's
title heading is visible. The app and the baseline alternate; the figure is the ratio of medians.
Without --quick the app is also started on a history of 100,000 results (a returning user), as
an extra figure.
"""

from __future__ import annotations

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from bench import history_db
from bench.data import REPO
from bench.report import Skipped

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]
BASELINE = Path(__file__).resolve().parent / "pages" / "one_line.py"
APP_TITLE, BASELINE_TITLE = "Gig path", "Baseline"
TIMEOUT_S = 120
HISTORY_ROWS = 100_000


def free_port() -> int:
    """A loopback port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, deadline: float) -> None:
    """Return once `url` answers its health check; raise if the server exits or time runs out."""
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as reply:
                if reply.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.02)
    raise TimeoutError(f"streamlit at {url} did not become healthy in time")


def _stop(server: subprocess.Popen) -> None:
    server.terminate()
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        server.wait()


def start_to_rendered(
    browser, script: Path, title: str, workdir: Path, db: Path | None = None
) -> tuple[float, float]:
    """Seconds from launching the server to the page rendered, and to the server being healthy.
    The app's history is `db`, or a fresh file."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = os.environ | {"GIGCORE_DB": str(db or workdir / f"cold-{port}.duckdb")}
    command = [
        sys.executable, "-m", "streamlit", "run", str(script),
        "--server.port", str(port), "--server.address", "127.0.0.1",
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
    ]  # fmt: skip
    start = time.monotonic()
    server = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_healthy(url, server, start + TIMEOUT_S)
        healthy = time.monotonic() - start
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(url, timeout=TIMEOUT_S * 1000)
            heading = page.locator("h1", has_text=title).first
            heading.wait_for(state="visible", timeout=TIMEOUT_S * 1000)
            page.wait_for_selector(
                "[data-test-script-state='notRunning']", timeout=TIMEOUT_S * 1000
            )
            rendered = time.monotonic() - start
        finally:
            context.close()
    finally:
        _stop(server)
    return rendered, healthy


def measure(quick: bool, workdir: Path, runs: int | None = None) -> dict:
    """Median start-to-rendered seconds of the app and the baseline, alternating, and the ratio."""
    if not CHROMIUM.exists():
        raise Skipped(f"Chromium not found at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ModuleNotFoundError:
        raise Skipped("playwright is not installed") from None
    runs = runs or (3 if quick else 5)
    app = REPO / "app.py"
    history = None if quick else history_db.build(workdir / "returning.duckdb", HISTORY_ROWS)
    times: dict[str, list[tuple[float, float]]] = {"app": [], "baseline": [], "returning": []}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            start_to_rendered(browser, BASELINE, BASELINE_TITLE, workdir)  # warm the disk cache
            for _ in range(runs):
                times["app"].append(start_to_rendered(browser, app, APP_TITLE, workdir))
                times["baseline"].append(
                    start_to_rendered(browser, BASELINE, BASELINE_TITLE, workdir)
                )
                if history is not None:
                    times["returning"].append(
                        start_to_rendered(browser, app, APP_TITLE, workdir, history)
                    )
        finally:
            browser.close()
    app_s = statistics.median(t[0] for t in times["app"])
    base_s = statistics.median(t[0] for t in times["baseline"])
    out = {
        "cold_start_ratio": round(app_s / base_s, 3),
        "cold_start_app_s": round(app_s, 2),
        "cold_start_baseline_s": round(base_s, 2),
        "cold_start_server_healthy_s": round(statistics.median(t[1] for t in times["app"]), 2),
        "cold_start_runs": runs,
    }
    if times["returning"]:
        returning_s = statistics.median(t[0] for t in times["returning"])
        out["cold_start_app_100k_history_s"] = round(returning_s, 2)
        out["cold_start_ratio_100k_history"] = round(returning_s / base_s, 3)
    return out
