"""What every page shares: sign-in when hosted, the storage banner, the sidebar."""

from __future__ import annotations

import streamlit as st

from ui import style
from ui.session import (
    SIGN_IN,
    auth_configured,
    carried_over_message,
    profile,
    retry_file,
    store,
)

# Widget keys whose values should survive a visit to another page (Streamlit drops the state of
# widgets that are not rendered; writing a value back keeps it). Value widgets only, no buttons.
STICKY_PREFIXES = (
    "rates_",
    "quiz_",
    *(f"rd_{name}" for name in ("rev_", "expenses", "savings", "hours", "repeat", "share")),
    *(f"rd_{name}" for name in ("price", "productized")),
    "offer_",
    "buf_",
    "sprint_",
    "cs_",
    "fuel_",
)


KEPT_KEY = "_kept_widget_values"  # sticky values as a fragment last saw them


def remember_widget_values(*prefixes: str) -> None:
    """Called in a fragment after its inputs (keys starting with `prefixes`): a fragment's own
    reruns never reach the shell, and the values they leave are not what the next full run
    reads back, so keep a copy that the shell writes back. Name only the fragment's own
    inputs: a copy of an input drawn outside it would overwrite what a person typed there."""
    kept = dict(st.session_state.get(KEPT_KEY, {}))
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(prefixes) and key.startswith(STICKY_PREFIXES):
            kept[key] = st.session_state[key]
    st.session_state[KEPT_KEY] = kept


def hold_widget_values(*keys: str) -> None:
    """Keep the values of inputs that this run may not draw (in a closed tab or expander):
    Streamlit forgets a widget's value when a run does not draw it; a value set through the
    session state stays until the widget is drawn again."""
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def keep_widget_values() -> None:
    """Keep the answers and inputs a person typed when they move between pages."""
    kept = st.session_state.get(KEPT_KEY, {})
    for key in list(st.session_state):
        if isinstance(key, str) and key.startswith(STICKY_PREFIXES):
            st.session_state[key] = kept.get(key, st.session_state[key])
    for key, value in kept.items():
        if key not in st.session_state:
            st.session_state[key] = value


def _sign_in(message: str) -> None:
    st.title("Gig path")
    st.write(message)
    st.button("Sign in", on_click=st.login, type="primary")
    st.stop()


def where_saved(history) -> str:
    """The sidebar's line on where results go (the server's path only in local mode)."""
    if auth_configured():
        if history.persistent:
            return "Your results are saved to your private history."
        return "Your results are kept in this browser tab only for now."
    if history.persistent:
        return f"History is saved to: {history.path}"
    if history.read_only:
        return f"History is read from: {history.path} (read-only); new results: this tab only"
    return "History is saved to: temporary (this session only)"


def render_shell() -> None:
    """Ask hosted users to sign in, show any storage problem, and fill the sidebar."""
    if auth_configured() and not st.user.is_logged_in:
        _sign_in("Sign in to keep your results private to you.")
    try:
        me = profile()
    except PermissionError:  # signed in, but the identity lacks what a private profile needs
        _sign_in(SIGN_IN)
    keep_widget_values()
    style.apply()
    retry_file()  # a file another copy held, or a full disk, may be free by now
    history = store()
    carried = carried_over_message()
    if carried:
        st.success(carried, icon=":material/check_circle:")
    if history.notice:
        notice = history.notice
        if auth_configured():  # the server's file paths are not for every signed-in user
            server = str(history.target).startswith(("postgresql://", "postgres://"))
            notice = notice.replace(
                str(history.target), "of this app" if server else "the history file"
            )
        st.warning(notice, icon=":material/warning:")
    with st.sidebar:
        st.caption(
            "Numbers here are estimates from your inputs and the sourced facts in the app's data "
            "files. They are not tax or legal advice."
        )
        st.text(where_saved(history))
        if auth_configured():
            name = st.user.get("name") or st.user.get("email") or me
            st.text(f"Signed in as {name}")  # as text: a name is never read as Markdown
            st.button("Sign out", on_click=st.logout)
