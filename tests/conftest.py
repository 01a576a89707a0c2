"""Shared fixtures: an isolated history store and history file for every test."""

from __future__ import annotations

from pathlib import Path

import pytest


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
