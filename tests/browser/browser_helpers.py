"""Helpers for the browser suite: run the app as a person does, and wait for it between clicks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

from bench.cold_start import CHROMIUM, wait_healthy  # one launch recipe for tests and bench

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "artifacts" / "browser"
IDLE = "[data-test-script-state='notRunning']"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
# (url path, sidebar label, main heading) for every page app.py routes
PAGES = [
    ("", "Home", "Gig path"),
    ("rates", "Rate calculator", "Rate calculator"),
    ("quiz", "Which path fits me", "Which path fits me?"),
    ("audit", "Red-flag gig audit", "Red-flag gig audit"),
    ("readiness", "Switch readiness", "Switch readiness"),
    ("experiment", "Experiment log", "Experiment log"),
    ("offer", "Package pricing", "Package pricing"),
    ("buffer", "Income buffer", "Income buffer"),
    ("sprint", "Outreach sprint", "Outreach sprint"),
    ("casestudy", "Case study", "Case study"),
]


def missing_browser() -> str | None:
    """Why the browser suite cannot run here, or None when it can."""
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed (apt-get install chromium)"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the playwright package is not installed (pip install playwright)"
    return None


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class App:
    """One `streamlit run app.py` process on a free loopback port, with its own history file."""

    def __init__(self, db: Path, log: Path):
        self.db = db
        self.log = log
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._out = log.open("w")
        self.proc = subprocess.Popen(
            [
                sys.executable, "-m", "streamlit", "run", "app.py",
                "--server.port", str(self.port),
                "--server.address", "127.0.0.1",
                "--server.headless", "true",
                "--browser.gatherUsageStats", "false",
            ],
            cwd=ROOT,
            env={**os.environ, "GIGCORE_DB": str(db)},
            stdout=self._out,
            stderr=subprocess.STDOUT,
        )  # fmt: skip

    def wait_healthy(self, timeout: float = 60) -> None:
        try:
            wait_healthy(self.url, self.proc, time.monotonic() + timeout)
        except (RuntimeError, TimeoutError) as exc:
            raise RuntimeError(f"{exc}:\n{self.log.read_text()}") from None

    def stop(self) -> None:
        """Stop this process (by its pid), politely first."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._out.close()


def start_app(db: Path, log: Path) -> App:
    app = App(db, log)
    try:
        app.wait_healthy()
    except Exception:
        app.stop()
        raise
    return app


def settle(page, pause_ms: int = 300) -> None:
    """Wait until the script has rerun after an interaction and the page is idle again."""
    page.wait_for_timeout(pause_ms)
    page.wait_for_selector(IDLE, state="attached")
    page.wait_for_timeout(pause_ms)


def open_app(page, url: str) -> None:
    """Load a page of the app and wait for its first run to finish."""
    page.goto(url)
    page.wait_for_selector(IDLE, state="attached")
    page.locator("h1, [data-testid='stException']").first.wait_for()
    settle(page, 200)
    no_exception(page)


def keep_screenshot(page, name: str) -> Path:
    """Save a full-page screenshot for people to look at."""
    target = ARTIFACTS / "pages" / f"{name}.png"
    target.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(target), full_page=True)
    return target


def no_exception(page) -> None:
    """The page shows no Python traceback."""
    errors = page.locator("[data-testid='stException']")
    assert errors.count() == 0, errors.first.inner_text()
