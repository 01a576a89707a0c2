"""Rate calculator: freelance break-even, micro-task effective rate, and the two side by side."""

import pandas as pd
import streamlit as st

from gigcore.params import load_params
from gigcore.rates import FreelanceInputs, MicrotaskInputs, diff_scenarios, scenario
from ui import charts
from ui.session import guard, profile, save, store
from ui.text import md

P = load_params("rates")
prefill = st.session_state.get("prefill_rates", {})


def pct(label: str, key: str, default: float, help: str, hi: int = 100) -> float:
    """A 0-100% slider returned as a fraction."""
    start = round(100 * prefill.get(key, default))
    return st.slider(label, 0, hi, start, format="%d%%", help=help, key=f"rates_{key}") / 100


st.title("Rate calculator")
st.write(
    "What hourly rate do you need to bill as a freelancer to keep your target after tax, fees "
    "and costs, and what do micro-tasks really pay once the unpaid time is counted? Move the "
    "inputs and watch the numbers change."
)
headline = st.container()  # filled with the results once the inputs below are read

left, right = st.columns(2, gap="large")
with left:
    st.subheader("Freelance break-even")
    target = st.number_input(
        "Take-home you want per year ($, after tax and costs)",
        value=float(prefill.get("target_net_income", 40_000)),
        step=1_000.0,
        key="rates_target",
    )
    expenses = st.number_input(
        "Business costs per year ($: software, equipment, insurance)",
        value=float(prefill.get("annual_expenses", 3_000)),
        step=100.0,
        key="rates_expenses",
    )
    hours = st.slider(
        "Working hours per week (all work, billable or not)",
        0,
        80,
        int(prefill.get("hours_per_week", P["hours_per_week"].value)),
        key="rates_hours",
    )
    weeks_off = st.slider(
        "Weeks off per year (vacation, holidays, sick)",
        0,
        52,
        int(P["weeks_off"].value),
        key="rates_weeks_off",
    )
    non_billable = pct(
        "Non-billable share of your time",
        "non_billable_share",
        P["non_billable_share"].value,
        P["non_billable_share"].description,
    )
    tax_rate = pct(
        "Effective income-tax rate on profit",
        "income_tax_rate",
        0.15,
        "Your average (not top) rate: income tax divided by profit.",
    )
    fee = pct(
        "Platform fee (share of what you bill)",
        "platform_fee",
        0.10,
        "For example 10% on Upwork-style marketplaces; 0% for direct clients.",
    )
    se_tax = st.toggle(
        "Add US self-employment tax (2026)",
        value=False,
        key="rates_se",
        help="15.3% on 92.35% of profit, Social Security part capped at $184,500.",
    )

with right:
    st.subheader("Micro-task effective rate")
    pay = st.number_input("Pay per task ($)", value=0.50, step=0.05, key="rates_pay")
    minutes = st.number_input("Minutes per task", value=3.0, step=0.5, key="rates_minutes")
    unpaid = pct(
        "Unpaid share of all your time",
        "unpaid_share",
        P["unpaid_share"].value,
        P["unpaid_share"].description + " " + P["unpaid_share"].source,
    )
    rejected = pct(
        "Rejected (unpaid) submissions",
        "rejection_rate",
        0.02,
        "Share of submitted tasks that are not paid.",
        hi=100,
    )
    micro_fee = pct(
        "Fee taken from task pay", "micro_fee", 0.0, "Withdrawal or service fee, if any.", hi=100
    )
    daily = st.number_input(
        "Daily earnings target from micro-tasks ($)", value=30.0, step=5.0, key="rates_daily"
    )
    margin = pct(
        "Safety margin on your walk-away rate",
        "margin",
        0.10,
        "Buffer above break-even for slow months and surprises.",
        hi=50,
    )

result = guard(
    scenario,
    FreelanceInputs(target, expenses, hours, weeks_off, non_billable, tax_rate, fee, se_tax),
    MicrotaskInputs(pay, minutes, unpaid, rejected, micro_fee),
    margin=margin,
    daily_target=daily,
)
if result is None:
    st.stop()

q, m, c = result.quote, result.micro_quote, result.comparison
a, b, d, e = headline.columns(4, border=True)
a.metric("Break-even rate", f"${q.hourly_rate:,.2f}/h")
b.metric(
    "Billable hours/yr",
    f"{q.billable_hours:,.0f}",
    help="Typical full-time freelancers bill 1,000-1,400 hours a year.",
)
d.metric("Revenue needed/yr", f"${q.gross_revenue:,.0f}")
e.metric(
    "Micro-tasks pay",
    f"${m.effective_hourly_rate:,.2f}/h",
    help=f"${m.paid_time_hourly_rate:,.2f}/h while a task is open; less once unpaid time counts.",
)

typical = (P["billable_hours_low"].value, P["billable_hours_high"].value)
if not typical[0] <= q.billable_hours <= typical[1]:
    st.info(
        f"You plan {q.billable_hours:,.0f} billable hours a year; full-time freelancers usually "
        f"bill {typical[0]:,.0f}-{typical[1]:,.0f}. Check hours, weeks off and non-billable time."
    )

money = pd.DataFrame(
    [
        (f"{name} ({amount / q.gross_revenue:.0%})", amount)
        for name, amount in [
            ("Take-home", q.take_home),
            ("Income tax", q.income_tax),
            ("Self-employment tax", q.se_tax),
            ("Business costs", q.expenses),
            ("Platform fees", q.platform_fees),
        ]
        if amount > 0 or name == "Take-home"
    ],
    columns=["part", "amount"],
)
charts.show(
    charts.bars(
        money,
        "part",
        "amount",
        f"Where each year's ${q.gross_revenue:,.0f} of billing goes",
        "$ per year",
        fmt="$,.0f",
    )
)

curve_col, sens_col = st.columns(2, gap="large")
with curve_col:
    curve = pd.DataFrame(result.curve, columns=["hours", "rate"])
    charts.show(
        charts.curve(
            curve,
            "hours",
            "rate",
            "Break-even rate by working hours per week",
            "Working hours per week",
            "Break-even $/h",
            marker={"hours": hours, "rate": q.hourly_rate},
        )
    )
with sens_col:
    sens = pd.DataFrame(
        [
            (s.label, s.swing, f"{s.low_value:,.2f} to {s.high_value:,.2f}")
            for s in result.sensitivity
        ],
        columns=["input", "swing", "range"],
    )
    charts.show(
        charts.bars(
            sens,
            "input",
            "swing",
            "Which input moves your rate most",
            "$/h change when the input moves ±10%",
        )
    )

st.subheader("Both paths on one scale")
st.caption(
    "Green: your numbers. Grey: reference rates, with their sources in the app's data files."
)
paths = pd.DataFrame(
    [
        ("Freelance: you need", c.freelance_needed_per_hour, False),
        ("Micro-tasks: you get", c.micro_per_hour, False),
        *[
            (P[k].title, P[k].value, True)
            for k in (
                "prolific_recommended",
                "prolific_minimum",
                "federal_minimum_wage",
                "median_wage_unpaid_counted",
            )
        ],
    ],
    columns=["path", "per_hour", "reference"],
)
charts.show(
    charts.bars(
        paths,
        "path",
        "per_hour",
        "Pre-tax money per hour of all working time",
        "$ per hour worked (billable or not)",
        muted="reference",
    )
)
hours_text = (
    "can never reach it (they pay nothing)"
    if c.micro_hours_per_week_for_target is None
    else f"would need **{c.micro_hours_per_week_for_target:,.0f} hours a week**"
)
st.markdown(
    md(
        f"To keep ${target:,.0f} a year, freelancing needs ${c.freelance_needed_per_hour:,.2f} of "
        f"pre-tax profit per hour worked. At ${c.micro_per_hour:,.2f}/h, micro-tasks {hours_text} "
        f"over the same {52 - weeks_off} working weeks."
    )
)
if result.tasks_per_day is not None:
    st.markdown(
        md(
            f"For ${daily:,.0f} a day from micro-tasks: **{result.tasks_per_day:,.0f} tasks** "
            f"(about {result.micro_hours_per_day:,.1f} hours including unpaid time)."
        )
    )

st.subheader("Your walk-away rate")
st.markdown(
    md(
        f"The lowest rate to accept: break-even ${q.hourly_rate:,.2f}/h plus a {margin:.0%} "
        f"margin = **${result.walk_away:,.2f}/h**. The gig audit compares offers against it."
    )
)
col1, col2 = st.columns(2)
if col1.button("Use as my walk-away rate", type="primary"):
    try:
        store().set_setting("walk_away_rate", result.walk_away, profile=profile())
        st.success(md(f"Saved: the audit will flag offers below ${result.walk_away:,.2f}/h."))
    except Exception as exc:
        st.warning(f"Could not save the walk-away rate: {exc}")
if col2.button("Save this scenario to history"):
    save("rates", result.inputs_dict(), result.result_dict())

saved = store().history(profile(), tool="rates", limit=50)
if len(saved) >= 2:
    st.subheader("Compare two saved scenarios")
    labels = {
        row.id: f"#{row.id} {row.created_at:%Y-%m-%d %H:%M}: ${row.result['hourly_rate']:,.2f}/h"
        for row in saved.itertuples()
    }
    first, second = st.columns(2)
    a_id = first.selectbox("First", list(labels), format_func=labels.get, index=1)
    b_id = second.selectbox("Second", list(labels), format_func=labels.get, index=0)
    by_id = saved.set_index("id")
    a_row, b_row = by_id.loc[a_id], by_id.loc[b_id]
    rows = [
        (name, *(f"{v:,.2f}" if isinstance(v, float) else str(v) for v in pair))
        for name, *pair in diff_scenarios(
            {**a_row.inputs, **a_row.result}, {**b_row.inputs, **b_row.result}
        )
    ]
    st.dataframe(
        pd.DataFrame(rows, columns=["value", "first", "second"]),
        hide_index=True,
        width="stretch",
    )
