"""Real browser: a deep link on a fresh server runs through app.py, and typed inputs survive
a visit to another page."""

from __future__ import annotations

import pytest
from browser_helpers import PAGES, open_app, settle, start_app

pytestmark = pytest.mark.browser
NAV_LINK = "[data-testid='stSidebarNavLink']"


def test_deep_link_on_a_fresh_server_gets_the_app_navigation(browser_ready, new_page, tmp_path):
    app = start_app(tmp_path / "history.duckdb", tmp_path / "streamlit.log")
    try:
        page = new_page()
        open_app(page, f"{app.url}/audit")  # the first request this server ever answers
        assert page.locator("h1").first.inner_text().strip() == "Red-flag gig audit"
        labels = [t.strip().splitlines()[-1] for t in page.locator(NAV_LINK).all_inner_texts()]
        assert labels == [label for _, label, _ in PAGES]  # not the bare file names
        assert page.get_by_text("History is saved to").is_visible()  # the shared shell ran
    finally:
        app.stop()


def test_rate_inputs_survive_a_visit_to_another_page(app, page):
    open_app(page, f"{app.url}/rates")
    rate = page.locator("[data-testid='stMetricValue']").first
    default = rate.inner_text()
    slider = page.get_by_role("slider").first  # working hours per week
    slider.focus()
    for _ in range(5):
        slider.press("ArrowLeft")
    settle(page)
    changed = rate.inner_text()
    assert changed != default
    page.locator(NAV_LINK, has_text="Home").click()
    settle(page)
    page.locator(NAV_LINK, has_text="Rate calculator").click()
    settle(page)
    assert page.locator("[data-testid='stMetricValue']").first.inner_text() == changed
