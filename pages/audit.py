"""Red-flag gig audit: paste a gig; see its red flags with the words, what to do and a reply."""

import streamlit as st

from gigcore.audit import ClientChecks, audit_text
from gigcore.audit.report import (
    VERDICTS,
    draft_reply,
    escape_markdown,
    essential_status,
    excerpt,
    highlight_segments,
    highlighted_markdown,
    model_words,
    render_report,
)
from gigcore.audit.rules import load_rules
from gigcore.params import load_params
from ui.session import guard, profile, save, store

RULES = load_rules()
P = load_params("audit_rules")
HIGHLIGHT = {
    "stop": ":red-background[**:red[{}]**]",
    "caution": ":orange-background[**:orange[{}]**]",
    "green": ":green-background[:green[{}]]",
}
NOT_GIVEN = "Not given"
PLATFORMS = [NOT_GIVEN, *RULES.protected_platforms, "Another website", "Direct client (email)",
             "Social media or a messaging app"]  # fmt: skip
BANNER = {"low": st.success, "caution": st.warning, "stop": st.error}
ICON = {
    "stop": ":material/dangerous:",
    "caution": ":material/warning:",
    "low": ":material/task_alt:",
}
RESULT_KEY = "audit_result"


def md(text: str) -> str:
    """Any text, shown literally by st.markdown."""
    return escape_markdown(text)


def optional_number(label: str, key: str, help: str, step: float = 1.0) -> float | None:
    # no min_value: a browser refuses an out-of-range number silently and the form then does
    # nothing; the audit refuses it instead, with a message beside the button
    return st.number_input(label, value=None, step=step, key=key, help=help)


st.title("Red-flag gig audit")
st.write(
    "Paste a gig or job post before you say yes. The audit marks the exact words that raise a "
    "red flag, says why each one matters and what to do, lists the questions to ask and drafts "
    "a reply. A flag is a signal to check, not an accusation."
)

saved_rate = store().get_setting("walk_away_rate", None, profile=profile())
with st.form("audit_form"):
    text = st.text_area(  # no max_chars: a longer paste is refused with a message, not cut
        f"Gig description (up to {RULES.max_chars:,} characters)",
        height=220,
        placeholder="Paste the whole post or the client's message here.",
        key="audit_text",
    )
    with st.expander("Optional: where it was posted, budget, hours and the client's profile"):
        left, right = st.columns(2)
        with left:
            platform = st.selectbox("Where was it posted?", PLATFORMS, key="audit_platform")
            budget = optional_number(
                "Total budget ($)", "audit_budget", "The fixed price for the whole job.", 10.0
            )
            hours = optional_number("Your estimate of the hours it needs", "audit_hours",
                                    "All the hours, including calls and revisions.")  # fmt: skip
            rate = st.number_input(
                "Your walk-away rate ($ per hour)",
                value=None if saved_rate is None else float(saved_rate),
                step=1.0,
                key="audit_rate",
                help="The lowest hourly rate you accept. The rate calculator saves it here.",
            )
        with right:
            st.markdown("**What the client's profile shows**")
            verified = st.radio("Payment method verified?", ["Not checked", "Yes", "No"],
                                horizontal=True, key="audit_verified")  # fmt: skip
            # no bounds here either: the audit explains a refused number beside the button
            reviews = st.number_input("Reviews from freelancers", value=None, step=1,
                                      key="audit_reviews")  # fmt: skip
            hire_pct = st.number_input("Hire rate (%)", value=None, step=5.0,
                                       key="audit_hire")  # fmt: skip
            age_days = st.number_input("Account age (days)", value=None, step=1,
                                       key="audit_age")  # fmt: skip
    keep_text = st.checkbox(
        "Also keep the gig text in my history (otherwise only the result is kept)",
        key="audit_keep_text",
    )
    problem = st.container()  # a refused input is explained here, beside the button
    submitted = st.form_submit_button("Audit this gig", type="primary")

if saved_rate is None:
    st.caption("Tip: set your walk-away rate in the rate calculator and the audit will flag gigs "
               "that pay below it.")  # fmt: skip

if submitted:
    client = ClientChecks(
        payment_verified={"Yes": True, "No": False}.get(verified),
        reviews=reviews,
        hire_rate=None if hire_pct is None else hire_pct / 100,
        account_age_days=age_days,
    )
    chosen_platform = None if platform == NOT_GIVEN else platform
    with st.spinner("Reading the gig…"), problem:
        report = guard(audit_text, text, rate or None,
                       budget=budget or None, hours=hours or None, platform=chosen_platform,
                       client=client)  # fmt: skip
    if report is not None:
        inputs = {
            "platform": chosen_platform,
            "budget": budget,
            "hours": hours,
            "min_hourly_rate": rate,
            "client": vars(client),
            "text_length": len(text),
            "text": text if keep_text else None,
        }
        save("audit", inputs, report.to_dict())
        st.session_state[RESULT_KEY] = (text, chosen_platform, report, bool(rate))

if RESULT_KEY not in st.session_state:
    st.stop()
text, chosen_platform, report, report_rate_given = st.session_state[RESULT_KEY]

st.divider()
BANNER[report.level](f"**{VERDICTS[report.level]}**", icon=ICON[report.level])
score_col, flags_col, missing_col = st.columns(3)
score_col.metric("Risk score", f"{report.score}/100", help=(
    f"Higher is riskier: it ranks this post among others. Any stop flag means stop and a score "
    f"of {P['stop_score'].value:.0f} or more; low and caution come from the flags and the "
    "10-second check below."))  # fmt: skip
flags_col.metric("Red flags", len(report.flags))
missing_col.metric("Essentials missing", f"{len(report.missing)} of 3")

st.subheader("Your text, with the evidence marked")
st.caption(
    HIGHLIGHT["stop"].format("red: stop sign")
    + " · "
    + HIGHLIGHT["caution"].format("orange: caution")
    + " · "
    + HIGHLIGHT["green"].format("green: protects you")
)
limit = int(P["display_chars"].value)
with st.container(border=True, height=320 if len(text) > 1500 else "content"):
    st.markdown(highlighted_markdown(highlight_segments(text, report, limit), HIGHLIGHT) or " ")
if len(text) > limit:
    st.caption(f"Showing the first {limit:,} of {len(text):,} characters; the audit read all.")

if report.flags:
    st.subheader("Red flags and what to do")
    for flag in report.flags:
        label = f"{flag.title} ({'stop sign' if flag.severity == 'stop' else 'caution'})"
        with st.expander(label, expanded=flag.severity == "stop", icon=ICON[flag.severity]):
            quotes = " · ".join(f"“{md(excerpt(text, s))}”" for s in flag.evidence[:5])
            if quotes:
                st.markdown(f"**The words:** {quotes}")
            if flag.detail:
                st.markdown(f"**Details:** {md(flag.detail)}")
            st.markdown(f"**Why it matters:** {md(flag.why)}")
            st.markdown(f"**What to do:** {md(flag.advice)}")
else:
    st.write("No red flags in the text.")

if report.green:
    st.markdown("**Green signs:** " + ", ".join(md(g.title) for g in report.green))

if report.entities:
    st.subheader("People and links in the post")
    st.caption("Checked offline, from the text alone: nothing was looked up.")
    for entity in report.entities:
        st.markdown(f"- **{md(entity.kind.replace('_', ' ').capitalize())}:** "
                    f"{md(entity.value[:80])}. {md(entity.note)}")  # fmt: skip

if report.kind == "job":
    st.caption("Read as a salaried job posting: no escrow or quote questions, and no hourly "
               "rate worked out from its numbers.")  # fmt: skip

st.subheader("The 10-second check")
st.caption("Can you name what to deliver, by when, and how much and how you will be paid, "
           "without guessing? Each one missing adds risk.")  # fmt: skip


cols = st.columns(3)
for col, name in zip(cols, ("deliverable", "deadline", "payment"), strict=True):
    found = name not in report.missing
    mark = ":green[:material/check_circle:]" if found else ":red[:material/cancel:]"
    col.markdown(f"{mark} **{name.capitalize()}**: {essential_status(report, name)}")
implied = report.rate
if implied is not None:
    how = (f"{implied.budget:,.0f} for {implied.hours:g} hours works out to"
           if implied.source == "budget / hours" else "The stated rate is")  # fmt: skip
    compare = (
        ""
        if report_rate_given
        else " Add your walk-away rate under the optional fields above to compare."
    )
    st.caption(f"Implied pay: {how} {implied.hourly_rate:,.2f} per hour.{compare}")

if report.model is not None:
    with st.expander("Learned text signal (a hint from similar ads, not a verdict)"):
        st.write(model_words(report))
        words = [md(w) for w, c in report.model.top_words if c > 0]
        if words:
            st.markdown("Words that raised it: " + ", ".join(words))

st.subheader("Questions to ask and a reply to send")
if report.level == "stop":
    st.error(RULES.reply["stop_note"])
    st.markdown("**Where to report it:**\n" + "\n".join(
        f"- [{md(r['name'])}]({r['url']}): {md(r['what'])}" for r in RULES.report_to))  # fmt: skip
if report.questions:
    st.markdown("\n".join(f"{i}. {md(q)}" for i, q in enumerate(report.questions, 1)))
st.caption("Copy the reply with the button at its top right.")
st.code(draft_reply(report, chosen_platform), language=None, wrap_lines=True)
st.download_button(
    "Download the report (Markdown)",
    render_report(report, text, platform=chosen_platform),
    file_name="gig-audit.md",
    mime="text/markdown",
)
