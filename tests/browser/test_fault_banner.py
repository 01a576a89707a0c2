"""Real browser: a history file that cannot be read gets a clear banner; the file is kept."""

from __future__ import annotations

import pytest
from browser_helpers import keep_screenshot, open_app, start_app

from gigcore.store import open_store

pytestmark = pytest.mark.browser


def test_corrupt_history_file_is_kept_and_the_person_told(browser_ready, new_page, tmp_path):
    db = tmp_path / "history.duckdb"
    s = open_store(db)
    for k in range(20):
        s.record("rates", {"pad": "x" * 3000}, {"hourly_rate": 40.0 + k})
    s.close()
    damaged = bytearray(db.read_bytes())
    damaged[12288 + 200] ^= 0xFF  # a flipped byte: DuckDB's block checksum fails
    junk = bytes(damaged)
    db.write_bytes(junk)
    app = start_app(db, tmp_path / "streamlit.log")
    try:
        page = new_page()
        open_app(page, f"{app.url}/rates")
        banner = page.locator("[data-testid='stAlert']", has_text="could not be read")
        banner.wait_for()
        kept = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name and p.suffix != ".wal"]
        assert len(kept) == 1 and kept[0].read_bytes() == junk
        assert kept[0].name in banner.inner_text()
        # the tool still works: its numbers render below the banner (waited for, not raced)
        page.locator("[data-testid='stMetric']", has_text="Break-even").first.wait_for()
        keep_screenshot(page, "fault-corrupt-file-banner")
    finally:
        app.stop()
