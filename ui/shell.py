"""What every page shares: sign-in when hosted, the storage banner, the sidebar."""

from __future__ import annotations

import streamlit as st

from ui.session import auth_configured, profile, store

# Widget keys whose values should survive a visit to another page (Streamlit drops the state of
# widgets that are not rendered; writing a value back keeps it). Value widgets only, no buttons.
STICKY_PREFIXES = (
    "rates_",
    "quiz_",
    *(f"rd_{name}" for name in ("rev_", "expenses", "savings", "hours", "repeat", "share")),
    *(f"rd_{name}" for name in ("price", "productized")),
)


def keep_widget_values() -> None:
    """Keep the answers and inputs a person typed when they move between pages."""
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(STICKY_PREFIXES):
            st.session_state[key] = st.session_state[key]


def render_shell() -> None:
    """Ask hosted users to sign in, show any storage problem, and fill the sidebar."""
    if auth_configured() and not st.user.is_logged_in:
        st.title("Gig path")
        st.write("Sign in to keep your results private to you.")
        st.button("Sign in", on_click=st.login, type="primary")
        st.stop()
    keep_widget_values()
    history = store()
    if history.notice:
        st.warning(history.notice, icon="⚠️")
    with st.sidebar:
        st.caption(
            "Numbers here are estimates from your inputs and the sourced facts in the app's data "
            "files. They are not tax or legal advice."
        )
        where = "temporary (this session only)" if not history.persistent else history.path
        st.caption(f"History is saved to: `{where}`")
        if auth_configured():
            st.caption(f"Signed in as {st.user.get('name') or st.user.get('email') or profile()}")
            st.button("Sign out", on_click=st.logout)
