"""Real browser: the app works offline. No page asks any host but the app's own server for
anything (a font, an icon, a script, usage statistics), and its charts draw at their height."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from browser_helpers import PAGES, PHONE, no_exception, open_app, settle, start_app

from bench import history_db

pytestmark = pytest.mark.browser
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
LOCAL_SCHEMES = {"data", "blob", "about"}


@pytest.fixture(scope="module")
def used_app(browser_ready, tmp_path_factory):
    """The app on a history with saved results of every tool, so every chart kind is drawn."""
    folder = tmp_path_factory.mktemp("offline")
    db = history_db.build(folder / "history.duckdb", rows=40)
    server = start_app(db, folder / "streamlit.log")
    yield server
    server.stop()


def outside(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme not in LOCAL_SCHEMES and parts.hostname not in LOCAL_HOSTS


def watch(page) -> list[str]:
    """Every request that leaves the machine (refused before it goes), and console errors
    that name an unresolvable host."""
    seen: list[str] = []

    def route(r):
        if outside(r.request.url):
            seen.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    page.route("**/*", route)
    page.on("websocket", lambda ws: outside(ws.url) and seen.append(ws.url))
    page.on(
        "console",
        lambda m: "ERR_NAME_NOT_RESOLVED" in m.text and seen.append(f"console: {m.text}"),
    )
    return seen


@pytest.mark.parametrize("viewport", [None, PHONE], ids=["desktop", "phone"])
def test_no_page_asks_another_host_for_anything(used_app, new_page, viewport):
    page = new_page(viewport) if viewport else new_page()
    seen = watch(page)
    for path, _, heading in PAGES:
        open_app(page, f"{used_app.url}/{path}")
        assert page.locator("h1").first.inner_text().strip() == heading
        page.wait_for_timeout(500)  # icons, fonts and charts load after the script
    open_app(page, f"{used_app.url}/rates")
    thumb = page.locator("[data-testid='stSlider']", has_text="Working hours").get_by_role("slider")
    thumb.focus()
    thumb.press("ArrowLeft")
    settle(page)
    no_exception(page)
    assert seen == [], seen


def test_the_tab_icon_is_served_by_the_app(used_app, page):
    open_app(page, used_app.url)
    href = page.evaluate("() => document.querySelector(\"link[rel*='icon']\")?.href")
    assert href and not outside(href), href


# The rate calculator draws its charts in sections opened one at a time.
CHART_VIEWS = [("", None), ("readiness", None)] + [
    ("rates", section)
    for section in ("Where the money goes", "What moves your rate", "Micro-tasks or freelance")
]


@pytest.mark.parametrize(
    ("path", "section"),
    CHART_VIEWS,
    ids=["home", "readiness", "rates-money", "rates-drivers", "rates-paths"],
)
def test_charts_draw_whole_at_their_height(used_app, page, path, section):
    open_app(page, f"{used_app.url}/{path}")
    if section:
        page.get_by_text(section, exact=True).click()  # its button in the section picker
        settle(page)
    charts = page.locator("[data-testid='stVegaLiteChart']")
    charts.first.locator("svg, canvas").first.wait_for(timeout=60_000)  # drawn after the script
    for i in range(charts.count()):
        chart = charts.nth(i)
        chart.scroll_into_view_if_needed()
        sizes = chart.evaluate(
            """(el) => {
                const drawn = el.querySelector("svg, canvas");
                const box = el.getBoundingClientRect(), art = drawn.getBoundingClientRect();
                return {box: box.height, art: art.height, width: box.width, artWidth: art.width};
            }"""
        )
        assert sizes["art"] >= 100, sizes  # not squashed to a strip
        assert sizes["box"] + 1 >= sizes["art"], sizes  # nothing cut off at the bottom
        assert sizes["width"] + 1 >= sizes["artWidth"], sizes  # nor at the side
