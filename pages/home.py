"""Home: what the app is for, the tools, and the person's recent history."""

import tempfile
from pathlib import Path

import streamlit as st

from gigcore.history import HEADLINES, RECENT, export_file, overview
from ui import charts
from ui.nav import link
from ui.session import SIGN_IN, profile, store

EXPORT_KEY = "home_export"  # (profile, rows, file name, mime, bytes) once prepared
DELETED_KEY = "home_deleted"  # what "Delete my history" removed, said after the rerun


def deleted_words(removed: dict[str, int]) -> str:
    def n(count: int, one: str, many: str) -> str:
        return f"{count:,} {one if count == 1 else many}"

    return (
        f"Deleted {n(removed.get('records', 0), 'saved result', 'saved results')}, "
        f"{n(removed.get('work_sessions', 0), 'logged work session', 'logged work sessions')} "
        f"and {n(removed.get('settings', 0), 'setting', 'settings')} (such as your walk-away "
        "rate). Your history is empty now."
    )


# how each tool's headline number is drawn over time: axis title, number format, and whether a
# line joins the points (one person's number moving) or not (each point is a different gig)
TRENDS = {
    HEADLINES["rates"][1]: ("$ per hour", "$,.2f", True),
    HEADLINES["quiz"][1]: ("Share of working time", ".0%", True),
    HEADLINES["audit"][1]: ("Risk score (0-100), one point a gig", ".0f", False),
    HEADLINES["readiness"][1]: ("Signals green (of 7)", ".0f", True),
}
TRENDS_PER_ROW = 2  # four charts in one row cut their titles off

st.title("Gig path")
st.write(
    "Decide between micro-tasks, freelancing or a mix of both with your own numbers, and check a "
    "gig for red flags before you say yes. Every figure is explained and its source is named."
)

START = [  # the path for a first visit, in order
    ("pages/quiz.py", "1. Which path fits me", ":material/explore:", "a split of your time"),
    ("pages/rates.py", "2. Rate calculator", ":material/calculate:", "the rate you must charge"),
    (
        "pages/audit.py",
        "3. Red-flag gig audit",
        ":material/flag:",
        "check a gig before you say yes",
    ),
]
with st.container(border=True, key="home_start"):
    st.markdown(
        "**What do I do first?** Answer the 14 questions of *Which path fits me*: you get a split "
        "of your time between micro-tasks and freelancing, a first week to try it, and your "
        "hours filled into the rate calculator."
    )
    for col, (page, label, icon, blurb) in zip(st.columns(len(START)), START, strict=True):
        with col:
            link(page, label, icon)
            st.caption(blurb)
st.markdown("**Every tool**")

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
PLAYBOOKS = [
    (
        "pages/offer.py",
        "Package pricing",
        ":material/sell:",
        "one named package, priced above your minimum",
    ),
    ("pages/buffer.py", "Income buffer", ":material/savings:", "what to hold, and a steady salary"),
    (
        "pages/sprint.py",
        "Outreach sprint",
        ":material/campaign:",
        "six weeks of outreach, measured",
    ),
    (
        "pages/casestudy.py",
        "Case study",
        ":material/article:",
        "one job turned into a portfolio page",
    ),
]
for row in (TOOLS, PLAYBOOKS):
    for col, (page, label, icon, blurb) in zip(st.columns(len(row)), row, strict=True):
        with col:
            link(page, label, icon)
            st.caption(blurb)


def prepare_export(me: str, total: int) -> None:
    """Write the whole history in chunks to a temporary file, with progress; keep the result."""
    bar = st.progress(0.0, text=f"Preparing {total:,} results ...")

    def step(done: int) -> None:
        bar.progress(min(1.0, done / max(total, 1)), text=f"Prepared {done:,} of {total:,}")

    with tempfile.TemporaryDirectory(prefix="gigcore-export-") as folder:
        target, rows = export_file(store().iter_history(me), Path(folder), step)
        mime = "application/zip" if target.suffix == ".zip" else "text/csv"
        st.session_state[EXPORT_KEY] = (me, rows, target.name, mime, target.read_bytes())
    bar.empty()


def export_section(me: str, n_results: int) -> None:
    st.caption("The download holds every result you saved; large histories come zipped.")
    ready = st.session_state.get(EXPORT_KEY)
    if ready is not None and ready[0] != me:
        ready = None
    if st.button(f"Prepare my full history for download ({n_results:,} results)"):
        prepare_export(me, n_results)
        ready = st.session_state.get(EXPORT_KEY)
    if ready is not None:
        _, rows, name, mime, data = ready
        st.download_button(f"Download my history ({rows:,} results)", data, name, mime)


st.subheader("Your history")
if DELETED_KEY in st.session_state:  # said once, on the run after the deletion
    st.success(st.session_state.pop(DELETED_KEY), icon="✅")
try:
    me = profile()  # whose rows this page shows and its download holds
except PermissionError:
    st.info(SIGN_IN)
    st.stop()
n_results, n_sessions = store().count(me), store().session_count(me)
if not n_results and not n_sessions:
    st.info("Nothing saved yet. Results you save from any tool appear here, newest first.")
    st.stop()
history = store().history(me, limit=RECENT)
sessions = store().sessions(me)
unreadable = history.attrs.get("unreadable", 0)
if unreadable:
    st.warning(
        f"{unreadable} saved result{' is' if unreadable == 1 else 's are'} damaged and could not "
        "be read, so it is left out here; everything else is shown. The download keeps it as "
        "it was stored."
    )

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
for first in range(0, len(trends), TRENDS_PER_ROW):
    row = trends[first : first + TRENDS_PER_ROW]
    for col, (what, rows) in zip(st.columns(TRENDS_PER_ROW), row, strict=False):
        axis, fmt, joined = TRENDS.get(what, (what, ",.2f", True))
        with col:
            charts.show(charts.timeline(rows, "when", "value", "tool", what, axis, joined, fmt))
if n_results:
    export_section(me, n_results)

with st.expander("Delete my history"):
    st.write(
        f"This deletes your {n_results} saved results, {n_sessions} logged work sessions "
        "and your settings."
    )
    sure = st.checkbox("Yes, delete everything I saved. This cannot be undone.")
    if st.button("Delete my history", disabled=not sure, type="primary"):
        try:
            removed = store().delete_profile_counts(me)
        except ValueError as exc:  # e.g. the file is open read-only
            st.error(f"Nothing was deleted: {exc}.")
        else:
            st.session_state.pop(EXPORT_KEY, None)
            st.session_state[DELETED_KEY] = deleted_words(removed)
            st.rerun()
