"""Experiment log: log work sessions in both lanes and compare cash, stress and joy per hour."""

import datetime as dt

import pandas as pd
import streamlit as st

from gigcore import experiment as ex
from gigcore import fuel
from ui import charts, prefill
from ui.nav import link
from ui.session import NOT_IN_FILE, guard, profile, store
from ui.text import md

PREFILL = st.session_state.get("prefill_experiment", {})
LANE_NAMES = {lane: ex.lane_label(lane) for lane in ex.LANES}
st.session_state.setdefault("exp_table_version", 0)
st.session_state.setdefault("exp_upload_version", 0)


def logged() -> tuple[pd.DataFrame, list[ex.WorkSession]]:
    """This profile's sessions as stored (with ids) and as WorkSessions."""
    frame = store().sessions(profile())
    sessions = guard(ex.from_records, frame.to_dict("records"))
    return frame, sessions or []


def as_fields(session: ex.WorkSession) -> dict:
    return {
        k: getattr(session, k)
        for k in ("lane", "day", "minutes", "earned", "stress", "joy", "note")
    }


def row_session(row: dict) -> ex.WorkSession:
    """A table row as a checked WorkSession (empty cells are errors, an empty note is not)."""
    if row.get("day") is None or pd.isna(row["day"]):
        raise ValueError("the date is missing")
    note = row.get("note")
    note = "" if note is None or pd.isna(note) else note
    return ex.WorkSession(**{**row, "day": pd.Timestamp(row["day"]).date(), "note": note})


CLEARED_AFTER_LOGGING = ("exp_minutes", "exp_earned", "exp_note")  # lane, date, feelings stay


def log_form() -> None:
    # A refused session keeps everything typed (no clear_on_submit); a logged one clears the
    # amounts and the note on the rerun that follows, and says what was logged.
    if st.session_state.pop("exp_clear_form", False):
        for key in CLEARED_AFTER_LOGGING:
            st.session_state.pop(key, None)
    if "exp_logged" in st.session_state:  # the session the form just logged
        st.success(st.session_state.pop("exp_logged"))
    with st.form("exp_log", border=True):
        st.markdown("**Log a work session**")
        a, b = st.columns(2)
        lane = a.radio(
            "Lane", ex.LANES, format_func=LANE_NAMES.get, horizontal=True, key="exp_lane"
        )
        day = b.date_input("Date", value=dt.date.today(), max_value=dt.date.today(), key="exp_day")
        a, b = st.columns(2)
        minutes = a.number_input(  # a float field: "1e15" typed in a whole-number one reads as 1
            "Minutes worked",
            value=float(PREFILL.get("session_minutes", 60)),
            step=5.0,
            format="%g",
            key="exp_minutes",
            help="All the time of this block, including searching and waiting (at most a day, "
            "1,440 minutes).",
        )
        earned = b.number_input(
            "Money earned ($)",
            value=0.0,
            step=1.0,
            key="exp_earned",
            help="Enter 0 for unpaid time: searching for tasks, writing proposals, admin.",
        )
        a, b = st.columns(2)
        stress = a.slider("Stress (1 calm - 5 very stressed)", 1, 5, 3, key="exp_stress")
        joy = b.slider("Joy (1 none - 5 loved it)", 1, 5, 3, key="exp_joy")
        note = st.text_input(
            "Note (optional)",
            max_chars=500,
            key="exp_note",
            placeholder="e.g. wrote 3 proposals; labelled images",
        )
        if not st.form_submit_button("Log session", type="primary"):
            return
    session = guard(ex.WorkSession, lane, minutes, earned, stress, joy, day, note)
    if session is None:
        return
    try:
        store().add_session(profile(), **as_fields(session))
    except Exception as exc:
        st.error(f"Could not save the session: {exc}")
        return
    paid = f"${session.earned:,.2f}" if session.earned else "unpaid time"
    where = "" if store().persistent else f" {NOT_IN_FILE}"
    st.session_state["exp_logged"] = md(
        f"Logged {session.minutes:,g} min of {LANE_NAMES[lane]} ({paid}).{where}"
    )
    st.session_state["exp_clear_form"] = True
    st.rerun()


def edit_table(frame: pd.DataFrame) -> None:
    st.subheader("Your log")
    st.caption(
        "Change any cell or tick Delete, then press Save changes. On a phone, swipe the table "
        "sideways for the other columns."
    )
    view = frame.set_index("id")
    view["delete"] = False
    key = f"exp_editor_{st.session_state.exp_table_version}"
    edited = st.data_editor(
        view,
        key=key,
        hide_index=True,
        width="stretch",
        # Delete first: on a phone the right-hand columns are off screen
        column_order=("delete", "day", "lane", "minutes", "earned", "stress", "joy", "note"),
        column_config={
            "day": st.column_config.DateColumn("Date", required=True),
            "lane": st.column_config.SelectboxColumn(
                "Lane",
                options=list(ex.LANES),
                required=True,
                help="micro = micro-tasks, freelance = client work",
            ),
            "minutes": st.column_config.NumberColumn("Minutes", min_value=1, required=True),
            "earned": st.column_config.NumberColumn("Earned", format="$%.2f", required=True),
            "stress": st.column_config.NumberColumn("Stress", min_value=1, max_value=5, step=1),
            "joy": st.column_config.NumberColumn("Joy", min_value=1, max_value=5, step=1),
            "note": st.column_config.TextColumn("Note", max_chars=500),
            "delete": st.column_config.CheckboxColumn("Delete", default=False),
        },
    )
    if not st.button("Save changes", key="exp_save_table"):
        return
    errors, changed = [], 0
    for sid, row in edited.iterrows():
        try:
            if row["delete"]:
                changed += store().delete_session(int(sid), profile())
                continue
            session = row_session(row.drop("delete").to_dict())
            try:
                before = row_session(view.loc[sid].drop("delete").to_dict())
            except ValueError:  # the stored row itself is refused now: any fix is a change
                before = None
            if session != before:
                changed += store().update_session(int(sid), profile(), **as_fields(session))
        except (ValueError, TypeError) as exc:  # a bad cell, or a read-only history file
            errors.append(f"row of {row['day']} ({row['lane']}): {exc}")
    for error in errors:
        st.error(f"Not saved: {error}")
    if not errors:
        st.session_state.exp_table_version += 1
        where = "" if store().persistent else f" {NOT_IN_FILE}"
        st.toast(f"Saved {changed} change(s).{where}")
        st.rerun()


def lane_table(e: ex.ExperimentSummary) -> pd.DataFrame:
    return pd.DataFrame(
        [
            (
                x.label,
                x.lane,
                x.hours,
                x.unpaid_hours,
                x.earned,
                x.cash_per_hour,
                round(x.stress, 1),
                round(x.joy, 1),
            )  # rounded as in the text, not by the chart
            for x in e.lanes.values()
        ],
        columns=[
            "Lane",
            "lane",
            "Hours",
            "Unpaid hours",
            "Earned",
            "Cash per hour",
            "Stress",
            "Joy",
        ],
    )


def summary(e: ex.ExperimentSummary) -> None:
    st.subheader("Which lane pays, and how it feels")
    st.write(md(e.verdict))
    cols = st.columns(len(e.lanes))
    for col, x in zip(cols, e.lanes.values(), strict=True):
        with col:
            st.metric(
                f"{x.label}: cash per hour",
                f"${x.cash_per_hour:,.2f}/h",
                help="Money earned divided by all logged hours, unpaid ones included.",
            )
            st.caption(
                md(
                    f"{x.hours:.1f} h logged, {x.unpaid_hours:.1f} h unpaid "
                    f"({x.unpaid_share:.0%}); "
                    f"${x.earned:,.2f} earned; stress {x.stress:.1f}/5, joy {x.joy:.1f}/5 "
                    "(weighted by time)."
                )
            )
    lanes = lane_table(e)
    st.caption("Cash per hour: higher is better. Stress: lower is better. Joy: higher is better.")
    left, right = st.columns(2, gap="large")
    with left:
        charts.show(
            charts.bars(
                lanes,
                "Lane",
                "Cash per hour",
                "Cash per hour, unpaid time included",
                "$ per hour",
            ),
        )
    with right:
        feel = lanes.melt(id_vars=["Lane"], value_vars=["Stress", "Joy"], var_name="measure")
        feel["what"] = feel["Lane"] + ": " + feel["measure"].str.lower()
        charts.show(
            charts.bars(
                feel,
                "what",
                "value",
                "Stress and joy (1-5, weighted by time)",
                "Score from 1 to 5",
                fmt=".1f",
            ),
        )
    if not e.days:
        return
    st.subheader("Day by day")
    daily = pd.DataFrame(
        [
            (f"{d.day:%a %d %b}: {x.label}", x.cash_per_hour)
            for d in e.days
            for x in d.lanes.values()
        ],
        columns=["day", "cash_per_hour"],
    )
    charts.show(
        charts.bars(daily, "day", "cash_per_hour", "Cash per hour each day", "$ per hour"),
    )
    rows = [
        {
            "Day": f"{d.day:%a %d %b}",
            **{  # a lane not logged that day says so, not "None" (a lone "-" reads as a list)
                f"{LANE_NAMES[lane]} $/h": (
                    f"${d.lanes[lane].cash_per_hour:,.2f}" if lane in d.lanes else "not logged"
                )
                for lane in ex.LANES
            },
            "Won on cash": LANE_NAMES.get(d.winner, "-")
            if d.winner
            else ("tie" if len(d.lanes) == 2 else "only one lane"),
            "How it went": d.verdict,
        }
        for d in e.days
    ]
    st.table(pd.DataFrame(rows), hide_index=True)  # static: wraps at phone width


def flip_view(e: ex.ExperimentSummary) -> None:
    f = e.flip
    st.subheader("The flip")
    st.caption(
        f"Flip more hours to freelance work once it beats micro-tasks on cash per hour "
        f"consistently: on at least {f.needed_share:.0%} of the days you log both lanes, over "
        f"at least {f.min_days} such days. A tie is not a win."
    )
    (st.success if f.ready else st.info)(md(f.sentence))
    if f.compared_days:
        st.progress(
            min(1.0, f.freelance_days / f.days_needed),
            text=f"Freelance wins: {f.freelance_days} of the {f.days_needed} needed",
        )


def fuel_view(sessions: list[ex.WorkSession]) -> None:
    """Micro-task money as fuel, when the log shows micro-task income."""
    weekly = ex.weekly_earnings(sessions, "micro")
    if weekly is None:
        return
    st.subheader("Micro-task money as fuel")
    saved = prefill.last_readiness()
    a, b = st.columns(2)
    cost = a.number_input(
        "What a portfolio piece costs you ($)",
        value=fuel.default_portfolio_cost(),
        step=25.0,
        key="fuel_cost",
        help="Tools, stock assets, a domain, a course: your own figure.",
    )
    expenses = b.number_input(
        "Monthly expenses ($)",
        value=float(saved["monthly_expenses"]) if saved else 2500.0,
        step=100.0,
        key="fuel_expenses",
        help="From your last saved readiness check when there is one.",
    )
    f = guard(fuel.micro_fuel, weekly, expenses, cost)
    if f is not None:
        st.write(md(f"From your log: {f.sentence}"))


def memo(e: ex.ExperimentSummary) -> None:
    st.subheader("Decision memo")
    with st.expander("Read the memo", expanded=e.progress.complete):
        st.markdown(md(e.memo))
    st.download_button(
        "Download the memo (Markdown)",
        e.memo,
        "experiment-memo.md",
        "text/markdown",
        key="exp_memo_download",
    )


def csv_tools(sessions: list[ex.WorkSession]) -> None:
    st.subheader("Import or export the log (CSV)")
    st.caption(
        "Columns: " + ", ".join(ex.CSV_COLUMNS) + ". Dates as YYYY-MM-DD, lane micro or "
        "freelance, stress and joy 1-5, earned 0 for unpaid time; note is optional."
    )
    st.download_button(
        "Export my log (CSV)",
        ex.to_csv(sessions),
        "experiment-log.csv",
        "text/csv",
        disabled=not sessions,
        key="exp_csv_download",
    )
    upload = st.file_uploader(  # a new key after each import empties the uploader
        "Import sessions from a CSV file",
        type="csv",
        key=f"exp_upload_{st.session_state.exp_upload_version}",
        max_upload_size=2,
    )
    if upload is None:
        return
    try:
        text = upload.getvalue().decode("utf-8-sig")
    except UnicodeDecodeError:
        st.error("Please check your input: the file is not UTF-8 text; save it as CSV UTF-8.")
        return
    read = guard(ex.read_csv, text)
    if read is None:
        return
    good = len(read.sessions)
    if read.problems:
        bad = len(read.problems)
        st.error(
            f"{bad} row{'s' if bad > 1 else ''} of the file cannot be imported "
            "(row 1 is the header):\n"
            + "\n".join(f"- {md(p)}" for p in read.problems[:20])
            + (f"\n- and {bad - 20} more" if bad > 20 else "")
        )
        if not good:
            return
        label = f"Import the {good} good session{'s' if good > 1 else ''} and skip the bad rows"
    else:
        st.write(f"{good} sessions ready to import (sessions already in your log are skipped).")
        label = f"Add {good} session{'s' if good > 1 else ''} to my log"
    if st.button(label, key="exp_import"):
        try:
            added = store().add_sessions([as_fields(s) for s in read.sessions], profile())
        except Exception as exc:
            st.error(f"Nothing was imported: {exc}")
            return
        st.session_state.exp_table_version += 1
        st.session_state.exp_upload_version += 1
        where = "" if store().persistent else f" {NOT_IN_FILE}"
        skipped = f"; {len(read.problems)} bad rows left out" if read.problems else ""
        st.session_state["exp_imported"] = (
            f"{added} added, {good - added} already in your log{skipped}.{where}"
        )
        st.rerun()


st.title("Experiment log")
if "exp_imported" in st.session_state:  # said once, after the rerun that shows the new rows
    st.success(st.session_state.pop("exp_imported"))
st.write(
    "Try both lanes for a week and let the numbers decide. Log every block of work: micro-tasks "
    "(small paid tasks) and freelance (client work). Log unpaid time too, such as searching for "
    "tasks or writing proposals, with $0 earned: it counts as time and lowers cash per hour."
)
progress_slot = st.empty()  # filled once this run's new session is in the log
log_form()
frame, sessions = logged()
result = ex.summarize(sessions, today=dt.date.today())
p = result.progress
progress_slot.progress(min(p.day, p.of) / p.of, text=p.text)
if not sessions and not frame.empty:  # a stored row the log refuses (e.g. dated ahead): fix it
    st.caption("Correct or delete the row named above in the table, then press Save changes.")
    edit_table(frame)
elif sessions:
    edit_table(frame)
    summary(result)
    flip_view(result)
    fuel_view(sessions)
    memo(result)
    link("pages/readiness.py", "Switch readiness: use these numbers", ":material/traffic:")
else:
    st.info("No sessions yet. Log your first one above, or import a CSV below.")
csv_tools(sessions)
