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


def auth_configured() -> bool:
    """True when Streamlit authentication (`[auth]` in secrets) is set up: hosted mode."""
    try:
        return "auth" in st.secrets
    except Exception:  # no secrets file at all: local mode
        return False


def profile() -> str:
    """The profile whose rows this session reads and writes.

    Signed-in users (Streamlit `[auth]` configured) get their issuer and subject, with any `|` or
    `%` in the issuer escaped so that two different users can never share a profile; otherwise
    the single local profile. Never taken from a widget. In hosted mode a session without a
    complete identity gets no profile at all (never the shared local one).
    """
    user = getattr(st, "user", None)
    try:
        signed_in = user is not None and bool(user.get("is_logged_in"))
        issuer, subject = (user.get("iss"), user.get("sub")) if signed_in else (None, None)
    except Exception:  # st.user raises outside a configured auth context
        signed_in, issuer, subject = False, None, None
    if signed_in and issuer and subject:
        return f"{issuer.replace('%', '%25').replace('|', '%7C')}|{subject}"
    if signed_in or auth_configured():
        raise PermissionError("Sign in to see and save your own results.")
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
