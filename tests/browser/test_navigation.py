"""Real browser: every page is reachable from the sidebar and still works at phone width."""

from __future__ import annotations

import re

import pytest
from browser_helpers import PAGES, PHONE, keep_screenshot, no_exception, open_app, settle

pytestmark = pytest.mark.browser


def test_sidebar_reaches_every_page(app, page):
    open_app(page, app.url)
    nav = page.locator("[data-testid='stSidebarNav']")
    links = nav.locator("[data-testid='stSidebarNavLink']").all_inner_texts()
    labels = [text.strip().splitlines()[-1] for text in links]  # after the icon's name
    assert labels == [label for _, label, _ in PAGES]
    for path, label, heading in [*PAGES[1:], PAGES[0]]:  # out and back home
        nav.locator("[data-testid='stSidebarNavLink']", has_text=label).click()
        # the page may write its inputs into the address (?hours=...), so match the path only
        page.wait_for_url(re.compile(re.escape(f"{app.url}/{path}") + r"(\?.*)?$"))
        settle(page)
        assert page.locator("h1").first.inner_text().strip() == heading
        no_exception(page)
        keep_screenshot(page, f"desktop-{path or 'home'}")


@pytest.mark.parametrize(("path", "heading"), [(p, h) for p, _, h in PAGES],
                         ids=[p or "home" for p, _, _ in PAGES])  # fmt: skip
def test_phone_width_has_no_sideways_scroll(app, new_page, path, heading):
    page = new_page(PHONE)
    open_app(page, f"{app.url}/{path}")
    title = page.locator("h1").first
    assert title.inner_text().strip() == heading
    assert title.is_visible()
    box = title.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    no_exception(page)
    widths = page.evaluate(
        """() => {
            const main = document.querySelector("[data-testid='stMain']");
            return {view: window.innerWidth, doc: document.documentElement.scrollWidth,
                    main: main.scrollWidth, mainClient: main.clientWidth};
        }"""
    )
    assert widths["main"] <= widths["mainClient"] + 1, widths
    assert widths["doc"] <= widths["view"] + 1, widths
    keep_screenshot(page, f"phone-{path or 'home'}")
