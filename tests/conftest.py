"""Shared fixtures: an isolated history store for every test, and the shared data set's path."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "history.duckdb"


@pytest.fixture
def store(db_path: Path):
    from gigcore.store import open_store

    s = open_store(db_path)
    yield s
    s.close()


@pytest.fixture
def app_db(monkeypatch: pytest.MonkeyPatch, db_path: Path) -> Path:
    """Point the app at a fresh temporary history file and forget any cached store."""
    import streamlit as st

    monkeypatch.setenv("GIGCORE_DB", str(db_path))
    st.cache_resource.clear()
    yield db_path
    st.cache_resource.clear()


def page(name: str):
    """An AppTest for one page file, run on its own (as DESIGN section 6 advises)."""
    from streamlit.testing.v1 import AppTest

    return AppTest.from_file(str(ROOT / "pages" / f"{name}.py"), default_timeout=60)
