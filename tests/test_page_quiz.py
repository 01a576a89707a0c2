"""AppTest for the quiz page, run on its own (no app.py), against a temporary history file."""

from __future__ import annotations

import pytest
from support import MICRO, MIXED, page

from gigcore.quiz import load_questions
from gigcore.store import open_store

QUESTIONS = load_questions()


def answer(at, answers: dict[str, str]):
    for qid, oid in answers.items():
        at.radio(key=f"quiz_{qid}").set_value(oid)
    at.button[0].click()
    return at.run()


def texts(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def saved_quizzes(db_path) -> int:
    s = open_store(db_path)
    try:
        return len(s.history(tool="quiz"))
    finally:
        s.close()


def test_renders_every_question_unanswered(app_db):
    at = page("quiz").run()
    assert not at.exception
    assert len(at.radio) == len(QUESTIONS)
    assert all(r.value is None for r in at.radio)
    assert not at.header  # no result before submitting


def test_answer_all_and_submit_shows_path_reasons_and_plan(app_db):
    at = answer(page("quiz").run(), MICRO)
    assert not at.exception
    assert at.header[0].value == "Your path: Micro-tasks first"
    body = texts(at)
    # the strongest reasons, in the person's own terms
    assert "less than a month of savings" in body and "cash within two weeks" in body
    assert "**Day 7**" in body and "90-day goal" in body
    assert [m.value for m in at.metric][:2] == ["90%", "10%"]
    assert at.success[0].value.startswith("Confidence is high")
    assert len(at.get("vega_lite_chart")) == 1
    assert saved_quizzes(app_db) == 1
    assert at.session_state["prefill_rates"]["hours_per_week"] == 4
    assert at.session_state["prefill_experiment"]["micro_share"] == pytest.approx(0.9)


def test_submit_without_answers_asks_for_one(app_db):
    at = page("quiz").run()
    at.button[0].click()
    at.run()
    assert not at.exception
    assert "answer at least one question" in at.error[0].value
    assert not at.header
    assert saved_quizzes(app_db) == 0


def test_partial_answers_say_confidence_is_low(app_db):
    at = answer(page("quiz").run(), {"cash_soon": "month", "skill": "unpaid"})
    assert not at.exception
    assert at.warning[0].value.startswith("Confidence is low. You answered 2 of 14")


def test_retake_shows_what_changed(app_db):
    at = answer(page("quiz").run(), MICRO)
    at = answer(at, {"skill": "paid_before", "client_talk": "enjoy"})
    assert not at.exception
    change = at.info[0].value
    assert change.startswith("Since your last quiz on")
    assert "Not yet → Yes, and people have paid me for it" in change
    assert saved_quizzes(app_db) == 2


def test_what_if_table_follows_the_chosen_question(app_db):
    at = answer(page("quiz").run(), MIXED)
    runway = next(q for q in QUESTIONS if q.id == "runway")
    at.selectbox(key="quiz_whatif").set_value(runway.text).run()
    assert not at.exception
    table = at.table[1].value  # static tables: no empty row, wrapped at phone width
    assert list(table["If you answered"])[1] == "1 to 3 months (your answer)"
    # the mixed persona's weights sum to 2 of 27.5 (share 0.536 -> 50/50); runway "less than a
    # month" adds 1 more (3 -> 0.555 -> 60/40), "3 to 6" gives 0 and "over 6" -1 (both 50/50).
    assert list(table["Split (micro/freelance)"]) == ["60/40", "50/50", "50/50", "50/50"]


def test_what_if_says_which_answers_move_a_split_at_its_bound(app_db):
    from support import FREELANCE

    at = answer(page("quiz").run(), FREELANCE)  # the designer: 10/90, at the bound
    table = at.table[0].value
    column = next(c for c in table.columns if c.startswith("Split with another answer"))
    assert "now 10/90" in column
    words = list(table[column])
    assert len(words) == len(QUESTIONS) and words[-1]  # every answer, no empty last row
    assert words[0] == "10/90 to 50/50"  # the strongest answer; was "no change" for all 14
    assert words.count("no other answer changes it") < len(words)


def test_prefilled_rates_say_where_they_come_from(app_db):
    at = answer(page("quiz").run(), MICRO)
    sources = at.session_state["prefill_sources"]
    assert sources["hours_per_week"].startswith('your quiz answer "')
    rates = page("rates")
    rates.session_state["prefill_rates"] = at.session_state["prefill_rates"]
    rates.session_state["prefill_sources"] = sources
    rates.run()
    shown = "\n".join(c.value for c in rates.caption)
    assert "Working hours per week: 4, from your quiz answer" in shown
    assert "example" in shown.lower() and "$40,000" in shown  # the example take-home says so


def test_the_result_dialog_is_not_covered_by_a_toast(app_db):
    at = answer(page("quiz").run(), MICRO)
    assert not at.toast  # on a phone a toast hid the dialog's title and close button
    assert any("Saved to your history." in c.value for c in at.caption)  # said in the dialog
    assert saved_quizzes(app_db) == 1
