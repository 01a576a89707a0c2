"""Helpers for tests: repository paths and page AppTests. (Fixtures live in conftest.py.)"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


def page(name: str):
    """An AppTest for one page file, run on its own (as DESIGN section 6 advises)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
