"""Entry point: page config, shared sidebar, navigation. Nothing else."""

from pathlib import Path

import streamlit as st

from ui.shell import render_shell

# The tab icon is a local file: a ":material/...:" page icon makes every page load fetch its
# picture from an outside font host, and the app must work offline.
ICON = str(Path(__file__).resolve().parent / "ui" / "icon.png")
st.set_page_config(page_title="Gig path", page_icon=ICON, layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon=":material/home:", default=True),
    st.Page("pages/rates.py", title="Rate calculator", icon=":material/calculate:"),
    st.Page("pages/quiz.py", title="Which path fits me", icon=":material/explore:"),
    st.Page("pages/audit.py", title="Red-flag gig audit", icon=":material/flag:"),
    st.Page("pages/readiness.py", title="Switch readiness", icon=":material/traffic:"),
    st.Page("pages/experiment.py", title="Experiment log", icon=":material/edit_note:"),
]
PLAYBOOKS = [
    st.Page("pages/offer.py", title="Package pricing", icon=":material/sell:"),
    st.Page("pages/buffer.py", title="Income buffer", icon=":material/savings:"),
    st.Page("pages/sprint.py", title="Outreach sprint", icon=":material/campaign:"),
    st.Page("pages/casestudy.py", title="Case study", icon=":material/article:"),
]

render_shell()
st.navigation({"Decide": PAGES, "Playbooks": PLAYBOOKS}).run()
