"""What keeps the app quick to open and history quick to check (issue 7)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_opening_the_store_does_not_import_pandas():
    code = (
        "import sys, gigcore.store as g; g.open_store(':memory:'); print('pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "False"


def test_counts_match_what_was_saved_per_profile_and_tool(store):
    assert store.count() == 0 and store.session_count() == 0
    store.record("rates", {"a": 1}, {"hourly_rate": 50.0})
    store.record("rates", {"a": 2}, {"hourly_rate": 55.0})
    store.record("quiz", {}, {"path": "hybrid"})
    store.record("rates", {}, {"hourly_rate": 1.0}, profile="other")
    store.add_session(lane="micro", day="2026-11-20", minutes=60, earned=6.0, stress=2, joy=3)
    # local: 2 rates + 1 quiz = 3; "other" has its own single row
    assert store.count() == 3 == len(store.history())
    assert store.count(tool="rates") == 2
    assert store.count("other") == 1
    assert store.session_count() == 1 and store.session_count("other") == 0
