"""Outreach sprint: log outreach week by week; after six weeks, scale up or change the offer."""

import pandas as pd
import streamlit as st

from gigcore.sprint import SprintWeek, sprint_summary
from ui import charts, prefill
from ui.session import NOT_IN_FILE, guard, profile, save, store
from ui.text import md

COLUMNS = ("messages", "replies", "calls", "won", "revenue", "hours")
WEEKS_KEY = "sprint_weeks"  # this profile's logged weeks, in the store's settings
BANNER = {"keep_going": st.info, "scale": st.success, "change_offer": st.warning}
st.session_state.setdefault("weeks_table_version", 0)


def stored_weeks() -> pd.DataFrame:
    try:
        rows = store().get_setting(WEEKS_KEY, [], profile()) or []
    except Exception as exc:  # an unreadable setting: start an empty log, say why
        st.warning(f"Could not read your logged weeks: {exc}")
        rows = []
    frame = pd.DataFrame(rows, columns=list(COLUMNS))
    return frame.astype({c: "float" if c in ("revenue", "hours") else "Int64" for c in COLUMNS})


def read_weeks(frame: pd.DataFrame) -> tuple[list[SprintWeek], list[str]]:
    """The table's rows as SprintWeeks, and a message for each row that is not one."""
    weeks, errors = [], []
    for n, row in enumerate(frame.to_dict("records"), start=1):
        if all(pd.isna(v) for v in row.values()):
            continue  # a blank row the editor added
        values = {k: (0 if pd.isna(v) else v) for k, v in row.items()}
        values = {k: (float(v) if k in ("revenue", "hours") else v) for k, v in values.items()}
        try:
            weeks.append(SprintWeek(**values))
        except (ValueError, TypeError) as exc:
            errors.append(f"week {n}: {exc}")
    return weeks, errors


st.title("Outreach sprint")
st.write(
    "Pick a revenue target and commit to a number of outreach messages a week. Log each week: "
    "messages sent, replies, calls, clients won, the revenue they brought and the hours the "
    "outreach took. After six weeks, if outreach pays at least your break-even rate, add "
    "capacity; if not, change the offer first."
)
start = prefill.rates()
a, b = st.columns(2)
rate = a.number_input(
    "Break-even rate ($/h)",
    value=float(start["break_even"]),
    step=1.0,
    key="sprint_rate",
    help="From the rate calculator: what an hour must bill for you to break even.",
)
target = b.number_input(
    "Monthly revenue target ($, 0 to skip)", value=3000.0, step=250.0, key="sprint_target"
)
st.caption(md(f"Break-even rate prefilled from {start['break_even_source']}."))

st.subheader("Your weeks")
st.caption("One row a week, oldest first. Add a row with the + below the table.")
edited = st.data_editor(
    stored_weeks(),
    key=f"weeks_editor_{st.session_state.weeks_table_version}",
    num_rows="dynamic",
    hide_index=True,
    width="stretch",
    column_config={
        "messages": st.column_config.NumberColumn("Messages", min_value=0, step=1),
        "replies": st.column_config.NumberColumn("Replies", min_value=0, step=1),
        "calls": st.column_config.NumberColumn("Calls", min_value=0, step=1),
        "won": st.column_config.NumberColumn("Won", min_value=0, step=1),
        "revenue": st.column_config.NumberColumn("Revenue", min_value=0, format="$%.0f"),
        "hours": st.column_config.NumberColumn("Outreach hours", min_value=0, step=0.5),
    },
)
weeks, errors = read_weeks(edited)
for error in errors:
    st.error(f"Please check your input: {error}")
if not weeks:
    st.info("No weeks yet: add your first week of outreach to the table.")
    st.stop()

w = guard(sprint_summary, weeks, rate, target or None)
if w is None:
    st.stop()
BANNER[w.verdict](md(f"**{w.title}.** {w.reason}"))
c = st.columns(4)
c[0].metric("Conversion", f"{w.conversion:.1%}", help="Clients won / messages sent.")
c[1].metric("Reply rate", f"{w.reply_rate:.1%}", help="Replies / messages sent.")
c[2].metric("Call rate", f"{w.call_rate:.1%}", help="Calls / messages sent.")
c[3].metric(
    "Revenue per outreach hour",
    f"${w.revenue_per_hour:,.2f}/h",
    delta=f"{w.revenue_per_hour - w.break_even_rate:+,.2f} vs break-even",
)
if w.messages_per_week_for_target is not None:
    st.write(
        md(
            f"At this sprint's ${w.revenue / w.messages:,.2f} of revenue a message, "
            f"${target:,.0f} a month takes about {w.messages_per_week_for_target} messages a week."
        )
    )
elif target:
    st.write("No revenue yet, so the messages a week for your target cannot be estimated.")

trend = pd.DataFrame(
    {
        "week": [f"Week {x['week']}" for x in w.weekly],
        "per_hour": [x["revenue_per_hour"] for x in w.weekly],
        "below": [x["revenue_per_hour"] < w.break_even_rate for x in w.weekly],
    }
)
charts.show(
    charts.bars(trend, "week", "per_hour", "Revenue per outreach hour", "$ per hour", muted="below")
)
st.caption(md(f"Grey bars: weeks below your break-even rate of ${w.break_even_rate:,.2f}/h."))

if st.button("Save the weeks and this result", type="primary", key="save_sprint"):
    rows = [{k: getattr(x, k) for k in COLUMNS} for x in weeks]
    try:
        store().set_setting(WEEKS_KEY, rows, profile())
    except Exception as exc:
        st.warning(f"Could not keep your weeks: {exc}")
    else:
        st.session_state.weeks_table_version += 1
        if not store().persistent:
            st.caption(NOT_IN_FILE)
    save("sprint", {"weeks": rows, "break_even_rate": rate, "monthly_target": target}, w.record())
