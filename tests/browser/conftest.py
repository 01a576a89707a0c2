"""Real-browser fixtures: `streamlit run app.py` on a free loopback port, driven by Chromium.

The app runs with a temporary `GIGCORE_DB`, so no real history is touched. Without Chromium or
Playwright the tests skip, unless `GIGPATH_REQUIRE_BROWSER=1` (set by `.ci/run`): then they fail.
A failing test leaves a screenshot of each of its pages in `artifacts/browser/<test>.png`.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator

import pytest
from browser_helpers import (
    ARTIFACTS,
    DESKTOP,
    App,
    missing_browser,
    start_app,
)

from bench.cold_start import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="session")
def browser_ready() -> None:
    reason = missing_browser()
    if reason is None:
        return
    if os.environ.get("GIGPATH_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser tests are required here but cannot run: {reason}")
    pytest.skip(f"browser tests skipped: {reason}")


@pytest.fixture(scope="session")
def app(browser_ready, tmp_path_factory) -> Iterator[App]:
    """The app as a person runs it, with a fresh temporary history file."""
    folder = tmp_path_factory.mktemp("app")
    server = start_app(folder / "history.duckdb", folder / "streamlit.log")
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser(browser_ready):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"rep_{report.when}", report)
    return report


def _screenshot_all(contexts: list, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    shots = [pg for context in contexts for pg in context.pages]
    for n, pg in enumerate(shots):
        suffix = "" if n == 0 else f"-{n}"
        # a crashed page cannot be photographed; the failure itself says why
        with contextlib.suppress(Exception):
            pg.screenshot(path=str(ARTIFACTS / f"{name}{suffix}.png"), full_page=True)


@pytest.fixture
def new_page(browser, request):
    """Open browser pages (one fresh context each: a new visitor); screenshots if the test fails."""
    contexts = []

    def make(viewport: dict = DESKTOP):
        context = browser.new_context(viewport=viewport)
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield make
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        name = request.node.name.replace("/", "_").replace("[", "-").replace("]", "")
        _screenshot_all(contexts, name)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    """One desktop-sized browser page."""
    return new_page()
