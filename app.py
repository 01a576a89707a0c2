"""Entry point: page config, shared sidebar, navigation. Nothing else."""

import streamlit as st

from ui.shell import render_shell

st.set_page_config(page_title="Gig path", page_icon="🧭", layout="wide")

PAGES = [
    st.Page("pages/home.py", title="Home", icon="🏠", default=True),
    st.Page("pages/rates.py", title="Rate calculator", icon="🧮"),
    st.Page("pages/quiz.py", title="Which path fits me", icon="🧭"),
    st.Page("pages/audit.py", title="Red-flag gig audit", icon="🚩"),
    st.Page("pages/readiness.py", title="Switch readiness", icon="🚦"),
    st.Page("pages/experiment.py", title="Experiment log", icon="📓"),
]

render_shell()
st.navigation(PAGES).run()
