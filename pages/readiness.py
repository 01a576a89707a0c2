"""Switch readiness: green/amber/red signals, the verdict, a dated plan and what-if sliders."""

import datetime as dt

import pandas as pd
import streamlit as st

from gigcore import experiment as ex
from gigcore.buffer import income_buffer
from gigcore.checks import limit
from gigcore.params import load_data
from gigcore.readiness import (
    PRICE_OPTIONS,
    ReadinessInputs,
    action_plan,
    check,
    plan_markdown,
    prefill,
    what_if,
    what_if_ranges,
)
from ui import charts, urlstate
from ui.nav import link
from ui.session import guard, profile, save, store
from ui.shell import hold_widget_values, remember_widget_values
from ui.text import md

ICON = {"green": ":material/check_circle:", "amber": ":material/error:", "red": ":material/cancel:"}
BADGE = {"green": "green", "amber": "orange", "red": "red"}
BANNER = {"ready": st.success, "almost": st.warning, "not_yet": st.error}
PRICE_LABELS = load_data("readiness")["signals"]["pricing_power"]["label"]
DONE_KEY = "readiness_plan_done"
MONTH_MAX, SAVINGS_MAX = limit("money_per_month_max"), limit("savings_max")
URL_INPUTS = {  # kept in the URL: a reload keeps them and a link shares the check
    **{f"rd_rev_{i}": (0.0, MONTH_MAX) for i in range(3)},
    "rd_expenses": (0.0, MONTH_MAX),
    "rd_savings": (0.0, SAVINGS_MAX),
    "rd_hours": (0.0, 168.0),
    "rd_repeat": (0, int(limit("clients_max"))),
    "rd_share": (0, 100),
    "rd_price": tuple(PRICE_OPTIONS),
    "rd_productized": bool,
}
today = dt.date.today()


def starting_values():
    """Prefill from the experiment log, then the last saved check, then the example."""
    frame = store().sessions(profile())
    sessions = guard(ex.from_records, frame.to_dict("records")) or []
    # The last three complete months: a month still running would understate revenue.
    last_full = today.replace(day=1) - dt.timedelta(days=1)
    months = [
        (f"{m.month:%b %Y}", m.earned if m.sessions else None)
        for m in ex.monthly_earnings(sessions, last_full)
    ]
    current = ex.monthly_earnings(sessions, today, months=1)[0]
    if current.sessions:
        st.info(
            md(
                f"Your experiment log has ${current.earned:,.2f} of freelance earnings in "
                f"{current.month:%B} so far. The check uses the last three complete months."
            )
        )
    last = store().history(profile(), tool="readiness", limit=1)
    saved = last.iloc[0] if len(last) else None
    return months, prefill(
        saved["inputs"] if saved is not None else None,
        f"{saved['created_at']:%Y-%m-%d}" if saved is not None else "",
        months,
        ex.billable_hours_per_week(sessions, until=last_full),
    )


def inputs_form(months, start) -> dict:
    """The typed numbers and choices (outside the check's fragment: typing one reruns the
    page, and moving a slider does not redraw these fields)."""
    v, src = start.values, start.sources
    st.subheader("Your numbers")
    if len(set(src.values())) == 1:
        st.caption(f"Prefilled from {src['savings']}.")
    else:
        st.caption(
            f"Prefilled. Revenue: {src['monthly_revenue']}. Billable hours: "
            f"{src['billable_hours_per_week']}. Everything else: {src['savings']}. "
            "Change anything that is not right."
        )
    cols = st.columns(3)
    revenue = [
        col.number_input(
            f"Freelance revenue, {label} ($)",
            value=float(v["monthly_revenue"][i]),
            min_value=0.0,
            max_value=MONTH_MAX,
            step=100.0,
            format="%.0f",
            key=f"rd_rev_{i}",
        )
        for i, (col, (label, _)) in enumerate(zip(cols, months, strict=True))
    ]
    a, b = st.columns(2)
    expenses = a.number_input(
        "Monthly expenses ($)",
        value=float(v["monthly_expenses"]),
        min_value=0.0,
        max_value=MONTH_MAX,
        step=100.0,
        format="%.0f",
        key="rd_expenses",
        help=f"Your baseline living plus business costs per month (up to ${MONTH_MAX:,.0f}).",
    )
    savings = b.number_input(
        "Savings ($)",
        value=float(v["savings"]),
        min_value=0.0,
        max_value=SAVINGS_MAX,
        step=500.0,
        format="%.0f",
        key="rd_savings",
        help="Money you could live on if income stopped.",
    )
    hours = a.number_input(
        "Billable hours a week",
        value=float(v["billable_hours_per_week"]),
        min_value=0.0,
        max_value=168.0,
        step=1.0,
        format="%.1f",
        key="rd_hours",
        help="Hours a client pays for; proposals and admin do not count.",
    )
    repeat = b.number_input(
        "Repeat or referral clients (last 3 months)",
        value=int(v["repeat_clients"]),
        min_value=0,
        max_value=int(limit("clients_max")),
        step=1,
        key="rd_repeat",
        help="Clients who came back or were referred without heavy chasing.",
    )
    price = a.selectbox(
        "When you last raised your price",
        PRICE_OPTIONS,
        index=PRICE_OPTIONS.index(v["price_increase"]),
        format_func=lambda o: PRICE_LABELS[o].capitalize(),
        key="rd_price",
    )
    productized = b.toggle(
        "I sell a named package with a fixed scope and price",
        value=bool(v["productized_offer"]),
        key="rd_productized",
    )
    return dict(
        monthly_revenue=revenue,
        monthly_expenses=expenses,
        savings=savings,
        billable_hours_per_week=hours,
        repeat_clients=repeat,
        price_increase=price,
        productized_offer=productized,
        month_labels=[label for label, _ in months],
        share=v["largest_client_share"],  # the slider's start, drawn in the check
    )


def signals_view(k) -> None:
    lift = ""
    if k.next_steps:  # in the verdict's own box: one element fewer to redraw on a slider move
        next_title = {"almost": "Almost", "ready": "Ready"}[k.next_verdict]
        steps = "\n".join(f"- {step}" for step in k.next_steps)
        lift = md(f"\n\n**What would lift the verdict to {next_title}:**\n{steps}")
    BANNER[k.verdict](
        f"**{k.title}.** {k.summary}{lift}",
        icon=ICON[{"ready": "green", "almost": "amber", "not_yet": "red"}[k.verdict]],
    )
    rows = []
    for s in k.signals:
        gap = md(f"**Gap:** {s.gap}") if s.gap else "On track."
        rows.append(
            f"**{s.title}** :{BADGE[s.status]}-badge[{s.status}] {md(s.shown)}  \n"
            f"{gap}  \n:gray[{md(s.flip)}]"
        )
    # heading, note and the seven signals in one box and one text: a slider move redraws two
    # elements, not fifteen
    st.container(border=True, key="rd_signals").markdown(
        "### Signals\n\nThe first three (revenue, runway, billable hours) are the core: one red "
        "core signal means not yet.\n\n---\n\n" + "\n\n---\n\n".join(rows)
    )


def plan_view(k) -> None:
    if k.verdict == "ready":
        st.write("The numbers support the switch; no plan needed. Keep the runway untouched.")
        return
    start = st.date_input("Start the plan on", value=today, key="rd_plan_start")
    steps = action_plan(k, start)
    done = set(store().get_setting(DONE_KEY, [], profile()))
    ticked = set()
    for step in steps:
        when = f"{step.start:%a %d %b}" + (
            f" to {step.due:%a %d %b}" if step.due != step.start else ""
        )
        if st.checkbox(
            f"**{step.title}** ({when})",
            value=step.id in done,
            key=f"rd_step_{step.id}",
        ):
            ticked.add(step.id)
        st.caption(md(step.detail))
    if ticked != done & {s.id for s in steps}:
        try:
            store().set_setting(DONE_KEY, sorted(ticked), profile())
        except Exception as exc:
            st.warning(f"Could not keep your ticks: {exc}")
    st.download_button(
        "Download the plan (Markdown)",
        plan_markdown(steps, k.title),
        "switching-plan.md",
        "text/markdown",
        key="rd_plan_download",
    )


@st.fragment
def what_if_view(inputs: ReadinessInputs, k) -> None:
    """What-if sliders: moving one reruns only this part (nested in the check below; its
    heading is drawn by the check, so a what-if move does not resend it)."""
    row = st.container(horizontal=True)  # one block; wraps at phone width
    top = what_if_ranges(inputs)  # slider ends that keep the changed inputs valid
    extra_revenue = row.slider(
        "Extra revenue a month ($)", 0, top.extra_revenue, 0, step=50, key="rd_wi_rev"
    )
    extra_savings = row.slider(
        "Extra savings ($)", 0, top.extra_savings, 0, step=250, key="rd_wi_savings"
    )
    extra_hours = row.slider(
        "Extra billable hours a week", 0, top.extra_hours, 0, key="rd_wi_hours"
    )
    share = row.slider(
        "Biggest client's share",
        0,
        100,
        round(100 * inputs.largest_client_share),
        format="%d%%",
        key="rd_wi_share",
    )
    w = guard(
        what_if, inputs, extra_revenue, extra_savings, extra_hours, largest_client_share=share / 100
    )
    if w is None:
        return
    # the numbers these sliders move, in one row block that wraps: quarter-width columns cut
    # "93% of expenses" to "93% of ..." at 1280 px
    numbers = st.container(horizontal=True)
    for sid in ("revenue_coverage", "runway", "utilization", "client_concentration"):
        signal = w.after.signal(sid)
        numbers.metric(signal.title, signal.shown.split(" (")[0], border=True)
    arrow = f"{k.title} → {w.after.title}" if w.flips_verdict else f"still {k.title.lower()}"
    moved = "".join(  # the signals that change colour, in the verdict's own box
        f"\n- {w.after.signal(sid).title}: :{BADGE[before]}-badge[{before}] → "
        f":{BADGE[after]}-badge[{after}]"
        for sid, before, after in w.moved
    )
    (st.success if w.flips_verdict else st.info)(
        f"Verdict with these changes: **{arrow}**" + (f"\n{moved}" if moved else "")
    )


CHART_CHECKS = 12  # the latest saved checks the chart shows; every label fits at 390 px


def check_labels(times) -> list[str]:
    """'02 Dec 14:05' per saved check (no database ids); a repeat gets ' (2)', ' (3)', ..."""
    seen: dict[str, int] = {}
    out = []
    for when in times:
        label = f"{when:%d %b %H:%M}"
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} ({seen[label]})")
    return out


def history_view() -> None:
    saved = store().history(profile(), tool="readiness", limit=CHART_CHECKS)
    if saved.empty:
        st.caption("Save a check to start a chart of your readiness over time.")
        return
    st.subheader("Readiness over time")
    oldest_first = saved[::-1]  # left to right
    rows = [
        (label, color, row.result.get(f"{color}_signals", 0))
        for label, row in zip(
            check_labels(oldest_first["created_at"]), oldest_first.itertuples(), strict=True
        )
        for color in ("green", "amber", "red")
    ]
    frame = pd.DataFrame(rows, columns=["saved", "status", "signals"])
    charts.show(
        charts.status_stack(
            frame,
            "saved",
            "signals",
            "status",
            "Signals at each saved check",
            label_angle=0 if len(saved) <= 3 else -90,  # turned, every label still drawn
        ),
    )
    table = pd.DataFrame(
        [
            (f"{row.created_at:%d %b %Y %H:%M}", row.result.get("summary", ""))
            for row in saved.itertuples()
        ],
        columns=["Saved", "Result"],
    )
    st.table(table.head(10), hide_index=True)  # static: wraps at phone width


st.title("Switch readiness")
st.write(
    "Are you ready to move from micro-tasks or a job to freelancing? Seven signals from your last "
    "three months, each green, amber or red, with the gap to the next colour and what would "
    "flip it."
)


def playbooks_view(inputs: ReadinessInputs) -> None:
    """The income buffer these months call for, and the flip from the experiment log."""
    u = guard(income_buffer, inputs.monthly_revenue, inputs.monthly_expenses)
    if u is not None:
        covered = inputs.savings / u.buffer_target if u.buffer_target else 1.0
        st.write(
            md(
                f"These three months call for an income buffer of ${u.buffer_target:,.0f} "
                f"({u.reason}); your savings cover {min(covered, 9.99):.0%} of it. From it, a "
                f"steady salary of ${u.salary:,.0f} a month."
            )
        )
    logged = guard(ex.from_records, store().sessions(profile()).to_dict("records")) or []
    f = ex.summarize(logged, today=today).flip
    (st.success if f.ready else st.info)(md(f"**The flip.** {f.sentence}"))
    link("pages/buffer.py", "Income buffer: more months, and the chart", ":material/savings:")
    link("pages/sprint.py", "Outreach sprint: log the six weeks of the plan", ":material/campaign:")


@st.fragment
def readiness_check(typed: dict) -> None:
    """The client-share slider and everything drawn from it and the typed numbers: signals,
    what-if, plan and buffer. Moving a slider reruns only this part, not the typed fields, the
    history queries that prefill them or the chart of saved checks."""
    hold_widget_values("rd_plan_start")  # drawn only while the plan is open
    share = st.slider(
        "Biggest client's share of your revenue",
        0,
        100,
        round(100 * typed["share"]),
        format="%d%%",
        key="rd_share",
    )
    inputs = ReadinessInputs(
        typed["monthly_revenue"],
        typed["monthly_expenses"],
        typed["savings"],
        typed["billable_hours_per_week"],
        typed["repeat_clients"],
        share / 100,
        typed["price_increase"],
        typed["productized_offer"],
        month_labels=typed["month_labels"],
    )
    remember_widget_values("rd_share")  # the one kept input drawn in here; the rest outside
    urlstate.keep(URL_INPUTS)  # a reload keeps the inputs, a link shares them
    k = guard(check, inputs)
    if k is None:
        return
    signals_view(k)
    saving = st.button("Save this check to my history", type="primary", key="rd_save")
    if saving and save("readiness", inputs.as_dict(), k.record()) is not None:
        st.rerun(scope="app")  # the chart of saved checks below shows it now
    st.markdown(  # the what-if's heading and note in one element, outside its fragment
        "### What if?\n\nMove a slider to see which signals and which verdict would change."
    )
    what_if_view(inputs, k)
    # on demand: what is in a closed expander is neither worked out nor drawn
    for label, key, view in (
        ("Your switching plan, step by step", "rd_plan_open", lambda: plan_view(k)),
        ("Income buffer and the flip", "rd_buffer_open", lambda: playbooks_view(inputs)),
    ):
        box = st.expander(label, key=key, on_change="rerun")
        if box.open:
            with box:
                view()


from_link = urlstate.restore(URL_INPUTS)
months, start = starting_values()
if from_link:
    st.caption("Some numbers below come from the link you opened; they replace the prefill.")
readiness_check(inputs_form(months, start))
link("pages/experiment.py", "Experiment log: real revenue and hours", ":material/edit_note:")
history_view()
