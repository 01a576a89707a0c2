"""Which path fits me: micro-tasks, freelancing or a split, why, and a first week to try."""

import pandas as pd
import streamlit as st

from gigcore import fuel
from gigcore.params import value
from gigcore.quiz import (
    answer_effects,
    axis_titles,
    changes_since,
    load_questions,
    path_title,
    plan_markdown,
    score,
    split_words,
)
from ui import charts
from ui.nav import link
from ui.session import NOT_IN_FILE, SAVED, guard, profile, save, saved_to_file, store
from ui.text import md

QUESTIONS = load_questions()
AXES = axis_titles()
SPLIT_STEP = round(100 * value("quiz", "split_step"))
TOPIC = {q.id: q.factor.rstrip(".") for q in QUESTIONS}
RESULT_KEY = "quiz_last"


def previous_quiz() -> dict | None:
    """This profile's last saved quiz (inputs and result), or None."""
    try:
        rows = store().history(profile(), tool="quiz", limit=1)
    except Exception:  # history unreadable: the quiz still works
        return None
    return None if rows.empty else rows.iloc[0].to_dict()


def take_quiz(answers: dict[str, str]):
    """Score, compare with the last saved quiz, save, and hand numbers to the other tools;
    return the result (None when the answers were refused)."""
    result = guard(score, answers)
    if result is None:
        return None
    last = previous_quiz()
    changes = []
    if last is not None:
        changes = changes_since(last["inputs"].get("answers", {}), last["result"], result, answers)
        changes.insert(0, f"Since your last quiz on {last['created_at']:%Y-%m-%d %H:%M}:")
    rid = save("quiz", {"answers": answers}, result.to_dict(), toast=False)  # the dialog says it
    where = (SAVED if saved_to_file() else NOT_IN_FILE) if rid is not None else ""
    for key, values in (
        ("prefill_rates", result.prefill_rates),
        ("prefill_experiment", result.prefill_experiment),
        ("prefill_sources", result.prefill_sources),
    ):
        st.session_state[key] = {**st.session_state.get(key, {}), **values}
    st.session_state[RESULT_KEY] = {"result": result, "changes": changes, "saved": where}
    return result


st.title("Which path fits me?")
st.write(
    "Micro-tasks (small paid tasks such as surveys, labelling or app tests) pay fast but little. "
    "Freelancing (selling a skill to clients) pays more per hour but takes time to start. "
    f"Answer the {len(QUESTIONS)} questions below for a suggested split of your working time, "
    "the reasons behind it, and a first week to test it. Skip any question you can't answer: "
    "the result then says how sure it is."
)

with st.form("quiz_form"):
    for n, q in enumerate(QUESTIONS, 1):
        texts = {o.id: o.text for o in q.options}
        st.radio(
            f"**{n}. {md(q.text)}**",
            list(texts),
            format_func=texts.get,
            index=None,
            key=f"quiz_{q.id}",
            help=md(q.help),
        )
    submitted = st.form_submit_button("Show my path", type="primary")


@st.dialog("Your path")
def headline(result) -> None:
    """The answer in a box that opens where the person is on the page."""
    st.subheader(result.title)
    st.markdown(md(result.summary))
    st.markdown("\n".join(f"- {md(reason)}" for reason in result.reasons[:3]))
    saved = st.session_state.get(RESULT_KEY, {}).get("saved")
    st.caption(
        "The full result, the chart and your first week are below the questions."
        + (f" {saved}" if saved else "")
    )


if submitted:
    chosen = {q.id: st.session_state.get(f"quiz_{q.id}") for q in QUESTIONS}
    fresh = take_quiz({k: v for k, v in chosen.items() if v is not None})
    if fresh is not None:
        headline(fresh)

shown = st.session_state.get(RESULT_KEY)
if shown is None:
    st.stop()
result = shown["result"]
micro_pct = round(100 * result.micro_share)

st.divider()
st.header(f"Your path: {result.title}")
st.markdown(f"**{result.summary}**")
left, mid = st.columns(2)
left.metric("Time on micro-tasks", f"{micro_pct}%")
mid.metric("Time on freelance work", f"{100 - micro_pct}%")
(st.success if result.confidence_label == "high" else st.warning)(md(result.confidence_note))
if shown["changes"]:
    first, *rest = shown["changes"]
    st.info("\n".join([md(first), *(f"- {md(line)}" for line in rest)]))

st.subheader("Why")
TOP_REASONS = 5
st.markdown("\n".join(f"- {md(reason)}" for reason in result.reasons[:TOP_REASONS]))
if len(result.reasons) > TOP_REASONS:
    with st.expander(f"{len(result.reasons) - TOP_REASONS} more reasons, weaker ones last"):
        st.markdown("\n".join(f"- {md(reason)}" for reason in result.reasons[TOP_REASONS:]))

st.subheader("Where each part of your life points")
axes = pd.DataFrame(
    {
        "axis": [
            AXES[a][0] + ("" if result.axis_answered[a] else " (not answered)") for a in result.axes
        ],
        "lean": [round(100 * v) for v in result.axes.values()],
    }
)
charts.show(
    charts.diverging_bars(axes, "axis", "lean", "", "freelancing", "micro-tasks"),
)
st.caption(
    " ".join(f"**{title}**: {desc}" for title, desc in AXES.values())
    + " A bar to the right means your answers on that axis point to micro-tasks, to the left to "
    "freelancing; 100 is as far as the answers can go."
)

st.subheader("What if I answered differently?")
st.caption(
    "For each of your answers, the split (micro-tasks/freelance, in % of your time) that the "
    "other answers to that question would give, with all your other answers kept; the "
    "questions that can move it most come first."
)
effects = answer_effects(result)
st.table(  # a static table: wraps on a phone, no empty row at the end
    pd.DataFrame(
        {
            "About": [TOPIC[e.question_id] for e in effects],
            "Your answer": [e.answer for e in effects],
            f"Split with another answer (now {split_words(result.micro_share, short=True)})": [
                e.words for e in effects
            ],
        }
    ),
    hide_index=True,
)
by_text = {c.question: c for c in result.contributions}
pick = st.selectbox("Try another answer to", list(by_text), key="quiz_whatif")
options = by_text[pick].alternatives
st.caption(
    f"Each row keeps all your other answers. Splits are rounded to the nearest {SPLIT_STEP} "
    "points, so a small push may leave the split where it is."
)
st.table(
    pd.DataFrame(
        {
            "If you answered": [a.text + (" (your answer)" if a.chosen else "") for a in options],
            "Split (micro/freelance)": [split_words(a.micro_share, short=True) for a in options],
            "Path": [path_title(a.path) for a in options],
        }
    ),
    hide_index=True,
)

plan = result.plan
st.subheader("Your first 7 days")
st.write(
    f"Each day, one session of about {plan.session_minutes} minutes: a freelance move "
    f"({plan.freelance_minutes} min) and a micro-task sprint ({plan.micro_minutes} min). "
    "Log both in the experiment log so the numbers decide, not the mood."
)
for d in plan.days:
    st.markdown(
        f"**Day {d.day}**  \n*Freelance move:* {md(d.freelance_move)}  \n"
        f"*Micro-task sprint:* {md(d.micro_sprint)}"
    )
st.markdown(f"**90-day goal.** {md(plan.goal_90_days)}")
st.markdown(f"**When to move the split.** {md(plan.flip_rule)}")
st.download_button(
    "Download my plan (Markdown)",
    plan_markdown(result),
    file_name="gig-path-first-week.md",
    mime="text/markdown",
)

hours = result.prefill_rates.get("hours_per_week")
if hours and result.micro_share > 0:
    st.subheader("Micro-task money as fuel")
    median = value("rates", "median_wage_unpaid_counted")
    weekly = hours * result.micro_share * median
    f = guard(fuel.micro_fuel, weekly)
    if f is not None:
        st.write(
            md(
                f"About {hours * result.micro_share:.1f} of your {hours:g} hours a week on "
                f"micro-tasks at the research median of ${median:.2f}/h (unpaid time counted) is "
                f"about ${weekly:,.2f} a week. {f.sentence} Log real sessions for your own figure."
            )
        )

st.subheader("Next steps")
st.caption("These tools open with numbers from your answers filled in where the quiz knows them.")
link(
    "pages/rates.py",
    "Rate calculator: what freelancing must pay you per hour",
    ":material/calculate:",
)
link(
    "pages/experiment.py",
    "Experiment log: run the 7-day split and compare cash per hour",
    ":material/edit_note:",
)
