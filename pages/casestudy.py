"""Portfolio case study: turn one job into one page of Markdown, ready to download."""

import streamlit as st

from gigcore.casestudy import CaseStudy, render_case_study
from gigcore.params import load_params
from ui import prefill
from ui.session import guard, save

LONG = int(load_params("casestudy")["max_field_chars"].value)
SHORT = int(load_params("casestudy")["max_title_chars"].value)
BLANK = "Start from a blank page"


def jobs() -> dict[str, dict]:
    """Paid freelance sessions from the experiment log, newest first, by a readable label."""
    paid = [s for s in prefill.sessions() if s.lane == "freelance" and s.earned > 0 and s.day]
    paid.sort(key=lambda s: s.day, reverse=True)
    out = {}
    for s in paid[:50]:
        hours = s.minutes / 60
        label = f"{s.day:%Y-%m-%d}: ${s.earned:,.2f} in {hours:.1f} h"
        label += f" ({s.note})" if s.note else ""
        out[label] = {
            "brief": s.note,
            "metric": f"${s.earned:,.2f} for {hours:.1f} h of work (${s.earned / hours:,.2f}/h)",
        }
    return out


def start_from(options: dict[str, dict]) -> None:
    picked = options.get(st.session_state.get("cs_job"))
    if picked:
        for key, value in picked.items():
            if value and not st.session_state.get(f"cs_{key}"):  # never overwrite typed text
                st.session_state[f"cs_{key}"] = value


st.title("Case study")
st.write(
    "Turn one job into one page: the brief, your approach, the tools, the outcome, a number "
    "that shows it, and the client's words. Clients trust a concrete result more than a list "
    "of skills."
)
options = jobs()
if options:
    st.selectbox(
        "Start from a logged freelance session",
        [BLANK, *options],
        key="cs_job",
        on_change=start_from,
        args=(options,),
        help="Fills the brief (from the note) and the metric (from the money and hours).",
    )
title = st.text_input(
    "Title", max_chars=SHORT, key="cs_title", placeholder="A booking site for a bakery"
)
client = st.text_input("Client", max_chars=SHORT, key="cs_client", placeholder="Crumb & Co, Leeds")
brief = st.text_area("The brief: what the client needed", max_chars=LONG, key="cs_brief")
approach = st.text_area("Your approach: what you did and why", max_chars=LONG, key="cs_approach")
tools = st.text_input("Tools, separated by commas", max_chars=LONG, key="cs_tools")
outcome = st.text_area("The outcome: what changed", max_chars=LONG, key="cs_outcome")
metric = st.text_input(
    "The number that shows it",
    max_chars=SHORT,
    key="cs_metric",
    placeholder="38% more orders in 6 weeks",
)
a, b = st.columns(2)
before = a.text_input("Before", max_chars=SHORT, key="cs_before")
after = b.text_input("After", max_chars=SHORT, key="cs_after")
quote = st.text_area("A quote from the client", max_chars=LONG, key="cs_quote")
st.caption(
    f"Up to {LONG:,} characters a field. Everything you type is shown as typed: no HTML or "
    "Markdown from a field becomes formatting."
)

cs = CaseStudy(title, client, brief, approach, tools, outcome, metric, quote, before, after)
if not title.strip() and not any(x.strip() for x in (brief, approach, outcome)):
    st.info("Write a title and at least the brief, the approach or the outcome to see the page.")
    st.stop()
page = guard(render_case_study, cs)
if page is None:
    st.stop()
st.subheader("Your page")
with st.container(border=True):
    st.markdown(page)
left, right = st.columns(2)
left.download_button(
    "Download the case study (Markdown)",
    page,
    "case-study.md",
    "text/markdown",
    key="dl_casestudy",
)
if right.button("Save to my history", key="save_casestudy"):
    save("casestudy", cs.as_dict(), {"summary": f"Case study: {' '.join(title.split())}"})
