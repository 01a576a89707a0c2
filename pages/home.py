"""Home: what the app is for, the tools, and the person's recent history."""

import streamlit as st

from gigcore.history import RECENT, export_csv, overview
from ui import charts
from ui.nav import link
from ui.session import profile, store

st.title("Gig path")
st.write(
    "Decide between micro-tasks, freelancing or a mix of both with your own numbers, and check a "
    "gig for red flags before you say yes. Every figure is explained and its source is named."
)

TOOLS = [
    (
        "pages/rates.py",
        "Rate calculator",
        ":material/calculate:",
        "the hourly rate you need, and what micro-tasks really pay",
    ),
    (
        "pages/quiz.py",
        "Which path fits me",
        ":material/explore:",
        "micro-tasks, freelancing or a split, and a first week to try",
    ),
    (
        "pages/audit.py",
        "Red-flag gig audit",
        ":material/flag:",
        "paste a gig, see its red flags and what to ask",
    ),
    (
        "pages/readiness.py",
        "Switch readiness",
        ":material/traffic:",
        "are you ready to move to freelancing?",
    ),
    (
        "pages/experiment.py",
        "Experiment log",
        ":material/edit_note:",
        "log a week of both lanes and compare",
    ),
]
cols = st.columns(len(TOOLS))
for col, (page, label, icon, blurb) in zip(cols, TOOLS, strict=True):
    with col:
        link(page, label, icon)
        st.caption(blurb)

st.subheader("Your history")
n_results, n_sessions = store().count(profile()), store().session_count(profile())
if not n_results and not n_sessions:
    st.info("Nothing saved yet. Results you save from any tool appear here, newest first.")
    st.stop()
history = store().history(profile(), limit=RECENT)
sessions = store().sessions(profile())

table = overview(history, sessions)
st.dataframe(
    table[["when", "tool", "summary"]].head(50),
    hide_index=True,
    width="stretch",
    column_config={"when": st.column_config.DatetimeColumn("When", format="YYYY-MM-DD HH:mm")},
)
trends = [
    (what, rows) for what, rows in table.dropna(subset=["value"]).groupby("what") if len(rows) > 1
]
for col, (what, rows) in zip(st.columns(max(1, len(trends))), trends, strict=False):
    with col:
        charts.show(charts.timeline(rows, "when", "value", "tool", what, what))
me = profile()  # whose rows the download holds is decided now, not when it is clicked
st.download_button(  # the whole history, built only when the button is pressed
    "Download my history (CSV)",
    lambda: export_csv(store().history(me)),
    "gig-path-history.csv",
    "text/csv",
)

with st.expander("Delete my history"):
    st.write(
        f"This deletes your {n_results} saved results, {n_sessions} logged work sessions "
        "and your settings."
    )
    sure = st.checkbox("Yes, delete everything I saved. This cannot be undone.")
    if st.button("Delete my history", disabled=not sure, type="primary"):
        removed = store().delete_profile(profile())
        st.success(f"Deleted {removed} rows.")
        st.rerun()
