"""Income buffer: how much to hold so that lean months still pay the bills, and a steady salary."""

import datetime as dt

import pandas as pd
import streamlit as st

from gigcore.buffer import income_buffer
from ui import charts, prefill
from ui.nav import link
from ui.session import guard, save
from ui.text import md

MOST_MONTHS = 12
today = dt.date.today()


def starting_months() -> tuple[list[tuple[str, float]], float, float | None, str]:
    """(label, revenue) months, expenses, savings and where they came from."""
    saved = prefill.last_readiness()
    expenses = float(saved["monthly_expenses"]) if saved else 2500.0
    savings = float(saved["savings"]) if saved else None
    logged = prefill.monthly_income(prefill.sessions(), today)
    if logged:
        months = [(f"{m:%b %Y}", earned) for m, earned in logged]
        where = "your experiment log (both lanes, the complete months it covers)"
    elif saved:
        months = [(f"Month {n}", float(x)) for n, x in enumerate(saved["monthly_revenue"], 1)]
        where = "your last saved readiness check"
    else:
        months = [("Month 1", 3200.0), ("Month 2", 900.0), ("Month 3", 2500.0)]
        where = "an example"
    if saved:
        where += "; expenses from your last saved readiness check"
    return months, expenses, savings, where


st.title("Income buffer")
st.write(
    "Freelance income ebbs and flows like a tide. Keep a buffer in a separate account, pay "
    "yourself the same salary from it every month, and let good months refill it."
)
months, start_expenses, savings, where = starting_months()
st.caption(md(f"Prefilled from {where}. Change anything that is not right."))
count = st.number_input(
    "Months to use", min_value=1, max_value=MOST_MONTHS, value=len(months), key="buf_count"
)
labels = [months[n][0] if n < len(months) else f"Month {n + 1}" for n in range(count)]
cols = st.columns(3)
revenue = [
    cols[n % 3].number_input(
        f"Revenue, {label} ($)",
        value=float(months[n][1]) if n < len(months) else 0.0,
        step=100.0,
        format="%.0f",
        key=f"buf_month_{n}",
    )
    for n, label in enumerate(labels)
]
expenses = st.number_input(
    "Monthly expenses ($)",
    value=start_expenses,
    step=100.0,
    format="%.0f",
    key="buf_expenses",
    help="Baseline living plus business costs per month.",
)

u = guard(income_buffer, revenue, expenses)
if u is None:
    st.stop()
a, b = st.columns(2)
a.metric("Buffer to hold", f"${u.buffer_target:,.0f}")
b.metric("Salary to pay yourself", f"${u.salary:,.0f} a month")
a, b, c = st.columns(3)
a.metric("Volatility", f"{u.volatility:.0%}", help="Standard deviation of the months / mean.")
b.metric("Worst month", f"${u.worst_month:,.0f}")
c.metric("Months short of expenses", f"{u.shortfall_months} of {len(u.months)}")
st.write(md(f"The buffer is set by the largest need: {u.reason}."))
if not u.salary_covers_expenses:
    st.warning(
        md(
            f"A steady ${u.salary:,.0f} a month is below your expenses of "
            f"${u.monthly_expenses:,.0f}: the buffer smooths income, it cannot raise it. "
            "Raise prices, add a regular client, or keep micro-task income as a top-up."
        )
    )
if savings is not None:
    share = savings / u.buffer_target if u.buffer_target else 1
    st.info(
        md(
            f"Your savings of ${savings:,.0f} (last readiness check) cover {share:.0%} of "
            "this buffer."
        )
    )

frame = pd.DataFrame(
    {"month": labels, "revenue": u.months, "short": [x < u.monthly_expenses for x in u.months]}
)
charts.show(charts.bars(frame, "month", "revenue", "Revenue each month", "$", muted="short"))
st.caption(md(f"Grey bars: months below your expenses of ${u.monthly_expenses:,.0f}."))

if st.button("Save this buffer to my history", type="primary", key="save_buffer"):
    save("buffer", {"monthly_revenue": list(u.months), "monthly_expenses": expenses}, u.record())
link("pages/readiness.py", "Switch readiness: runway and revenue signals", ":material/traffic:")
