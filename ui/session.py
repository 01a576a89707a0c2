"""Per-process store, per-session profile, and the error guard every page uses."""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TypeVar

import streamlit as st

from gigcore.store import Store, default_path, open_store

T = TypeVar("T")
LOCAL_PROFILE = "local"


@st.cache_resource(show_spinner=False)
def _shared_store(path: str) -> Store:
    return open_store(path, fallback=True)


def store() -> Store:
    """The process-wide history store (one DuckDB connection, a cursor per thread)."""
    return _shared_store(os.environ.get("GIGCORE_DB") or str(default_path()))


def profile() -> str:
    """The profile whose rows this session reads and writes.

    Signed-in users (Streamlit `[auth]` configured) get their issuer and subject; otherwise the
    single local profile. Never taken from a widget.
    """
    user = getattr(st, "user", None)
    try:
        if user is not None and user.get("is_logged_in"):
            return f"{user.get('iss', '')}|{user.get('sub', '')}"
    except Exception:  # st.user raises outside a configured auth context
        pass
    return LOCAL_PROFILE


def guard(fn: Callable[..., T], *args, **kwargs) -> T | None:
    """Call a gigcore function; show a ValueError as `st.error` and return None."""
    try:
        return fn(*args, **kwargs)
    except ValueError as exc:
        st.error(f"Please check your input: {exc}")
        return None


def save(tool: str, inputs: dict, result: dict) -> int | None:
    """Record a result in this profile's history; say so, or say why it could not be saved."""
    try:
        rid = store().record(tool, inputs, result, profile=profile())
    except Exception as exc:  # the tool keeps working even if saving fails
        st.warning(f"Could not save to history: {exc}")
        return None
    st.toast("Saved to your history.")
    return rid
