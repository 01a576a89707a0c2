"""Real browser: two `streamlit run` servers on one history file, as from two terminals.

The first server owns the file. The second says so, never claims a save, keeps each tab's
temporary rows to that tab, and once the first server stops it picks the file up on the next
click and moves what the tab saved meanwhile into it; after both stop, those rows are on disk.
"""

from __future__ import annotations

import pytest
from browser_helpers import keep_screenshot, no_exception, open_app, settle, start_app

from gigcore.store import open_store

pytestmark = pytest.mark.browser

NOT_IN_FILE = "Kept in this browser tab only, not in your history file"


def save_scenario(page) -> str:
    page.get_by_role("button", name="Save this scenario to history").click()
    toast = page.locator("[data-testid='stToast']").last
    toast.wait_for()
    text = toast.inner_text()
    settle(page)
    return text


def test_second_server_on_a_held_file(browser_ready, new_page, tmp_path):
    db = tmp_path / "history.duckdb"
    first = start_app(db, tmp_path / "first.log")
    second = None
    try:
        owner = new_page()
        open_app(owner, f"{first.url}/rates")  # the first server opened (and holds) the file
        assert "Saved to your history." in save_scenario(owner)

        second = start_app(db, tmp_path / "second.log")
        tab = new_page()
        open_app(tab, f"{second.url}/rates")
        banner = tab.locator("[data-testid='stAlert']", has_text="is in use by another copy")
        banner.wait_for()
        said = save_scenario(tab)
        assert NOT_IN_FILE in said and "Saved to your history" not in said
        keep_screenshot(tab, "two-servers-held-file")

        other_tab = new_page()  # another visitor of the second server
        open_app(other_tab, second.url)
        other_tab.get_by_text("Nothing saved yet").wait_for()  # not the first tab's rows

        first.stop()  # the first terminal closes its app
        first = None
        tab.get_by_role("link", name="Home").first.click()  # the same tab, its next click
        settle(tab)
        tab.get_by_text("Your history file is available again").wait_for()
        no_exception(tab)
        assert tab.locator("[data-testid='stAlert']", has_text="is in use").count() == 0
        keep_screenshot(tab, "two-servers-file-picked-up")
    finally:
        if first is not None:
            first.stop()
        if second is not None:
            second.stop()
    s = open_store(db)  # after both stop: the first server's save and the second tab's
    try:
        assert len(s.history()) == 2
    finally:
        s.close()
