"""Links between pages that also work when a page runs on its own (tests, a single page)."""

from __future__ import annotations

import streamlit as st


def link(page: str, label: str, icon: str | None = None) -> None:
    """`st.page_link` under the app's navigation; plain text naming the page otherwise."""
    try:
        st.page_link(page, label=label, icon=icon)
    except Exception:  # page not registered: the page runs without app.py
        st.markdown(f"{icon or ''} **{label}** (open it from the app's sidebar)")
