"""Quiz: question bank checks, scoring arithmetic, personas reaching each path, properties.

Arithmetic reminder (see gigcore/quiz.py): lean = sum of chosen options' weights / sum of the
answered questions' reach (largest |total weight| any of their options has); share =
(1 + lean) / 2, raised to an answer's floor, kept in [0.1, 0.9], rounded to 0.1; micro path at
>= 0.7, freelance at <= 0.3. Total reach of the bank is 27.5 (ten questions of reach 2,
`irregular` 3, `variety`, `portfolio` and `repetition` 1.5 each).
"""

from __future__ import annotations

import datetime as dt
import json
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import FREELANCE, MICRO, MIXED

from gigcore.params import load_data, load_params
from gigcore.quiz import (
    AXES,
    PATHS,
    changes_since,
    load_questions,
    plan_markdown,
    score,
)

QUESTIONS = load_questions()
DOC = load_data("quiz")
P = {k: p.value for k, p in load_params("quiz").items()}


# --- the data file ---------------------------------------------------------------------------


def test_bank_size_and_axis_coverage():
    assert len(QUESTIONS) >= 12
    for axis in AXES:
        assert sum(axis in q.axes for q in QUESTIONS) >= 4, axis


def test_issue_decision_factors_are_all_asked():
    factors = " ".join(q.factor.lower() for q in QUESTIONS)
    for words in (
        "how soon cash", "marketable skill", "client communication", "small pockets",
        "horizon", "irregular income", "savings runway", "selling and rejection",
        "variety vs depth", "portfolio",
    ):  # fmt: skip
        assert words in factors, words


def test_ids_unique():
    assert len({q.id for q in QUESTIONS}) == len(QUESTIONS)
    for q in QUESTIONS:
        assert len({o.id for o in q.options}) == len(q.options), q.id


def test_raw_weights_valid_and_options_complete():
    limit = P["weight_limit"]
    for q in DOC["questions"]:
        assert q["factor"].endswith(".") and q["help"].endswith("."), q["id"]
        for o in q["options"]:
            assert o["text"].strip(), (q["id"], o["id"])
            assert o["reason"].strip().endswith("."), (q["id"], o["id"])
            assert set(o["weights"]) <= set(AXES), (q["id"], o["id"])
            assert all(abs(w) <= limit for w in o["weights"].values()), (q["id"], o["id"])
            assert 0 <= o.get("min_micro_share", 0) <= P["share_max"]


def test_options_are_ordered_along_their_scale():
    """Neighbours are 'the nearest different answer' for the close-call check."""
    for q in QUESTIONS:
        leans = [o.lean for o in q.options]
        assert leans == sorted(leans, reverse=True) or leans == sorted(leans), q.id


def test_axis_texts_and_thresholds():
    assert all(DOC["axes"][a]["description"].endswith(".") for a in AXES)
    assert P["freelance_path_max_share"] < P["micro_path_min_share"]
    assert P["share_min"] < P["freelance_path_max_share"] < P["micro_path_min_share"]
    assert P["micro_path_min_share"] < P["share_max"]
    assert P["confidence_medium"] < P["confidence_high"]


def test_playbook_texts_sourced_dated_and_fillable():
    book = DOC["playbook"]
    assert [d["day"] for d in book["days"]] == list(range(1, 8))
    parts = [*book["days"], book["flip_rule"], *(book["goals"][p] for p in PATHS)]
    fields = {"micro_minutes", "freelance_minutes", "flip_weeks", "flip_step_pct", "micro_floor"}
    options = {q["id"]: {o["id"] for o in q["options"]} for q in DOC["questions"]}
    for day in book["days"]:
        for variant in day.get("variants", []):
            assert variant["when"] and ({"freelance", "micro"} & set(variant))
            for qid, chosen in variant["when"].items():
                assert set(chosen) <= options[qid], (qid, chosen)  # real answers only
            parts.append({**variant, "source": day["source"], "as_of": day["as_of"]})
    for part in parts:
        assert part["source"] == "seed text" or part["source"].startswith("https://")
        assert isinstance(part["as_of"], dt.date)
        for text in (part.get(k) for k in ("text", "freelance", "micro") if k in part):
            assert text.endswith(".")
            names = {n for _, n, _, _ in string.Formatter().parse(text) if n}
            assert names <= fields, names


# --- scoring arithmetic ------------------------------------------------------------------------


def test_two_answers_arithmetic():
    # quarter: money -1; paid_before: money -2; reach 2 + 2 = 4.
    # lean = -3/4 -> share (1 - 0.75)/2 = 0.125 -> rounded 0.1 -> freelance.
    r = score({"cash_soon": "quarter", "skill": "paid_before"})
    assert r.micro_share == pytest.approx(0.1)
    assert r.path == "freelance"
    assert r.axes["money"] == pytest.approx(-0.75)  # -3 of a possible 4 on money
    assert r.axis_answered == {"money": 2, "time": 0, "sanity": 0}
    assert r.answered == 2 and r.total == len(QUESTIONS)


def test_cash_floor_keeps_micro_share_and_says_so():
    # two_weeks +2, paid_before -2, enjoy -2: lean -2/6 -> share 1/3 = 0.333;
    # two_weeks sets a floor of 0.4 -> share 0.4 -> hybrid.
    r = score({"cash_soon": "two_weeks", "skill": "paid_before", "client_talk": "enjoy"})
    assert r.micro_share == pytest.approx(0.4)
    assert r.path == "hybrid"
    assert "at least 40%" in r.reasons[0] and "two weeks" in r.reasons[0]


def test_micro_persona():
    # weights: 2+2+2+2+1+(1+1)+(2+1)+2+2+1.5+1+2+1+1.5 = 25 of 27.5 -> lean 0.909,
    # share 0.955 -> capped at 0.9 -> micro.
    r = score(MICRO)
    assert r.path == "micro" and r.micro_share == pytest.approx(0.9)
    assert r.confidence_label == "high" and not r.close_call
    assert all(v > 0 for v in r.axes.values())


def test_freelance_persona():
    # weights: -2*10 (cash, skill, talk, blocks, hours, horizon, irregular, runway, selling,
    # rate) - 1.5*3 (variety, portfolio, repetition) - 1 (deadlines) = -25.5 of 27.5
    # -> lean -0.927, share 0.036 -> raised to 0.1 -> freelance.
    r = score(FREELANCE)
    assert r.path == "freelance" and r.micro_share == pytest.approx(0.1)
    assert all(v < 0 for v in r.axes.values())


def test_mixed_persona():
    # 1 -1 +1 +0 -1 -0.5 +1 +1 +1 +0 -0.5 +0.5 -1 +0.5 = 2 of 27.5 -> lean 0.0727,
    # share 0.536 -> 0.5 -> hybrid 50/50.
    r = score(MIXED)
    assert r.path == "hybrid" and r.micro_share == pytest.approx(0.5)
    assert "50" in r.summary


def test_close_call_lowers_confidence_and_says_which_answer():
    # MIXED + selling avoid (+1), client dread (+1), repetition calming (+1), variety (+1.5),
    # hours 5-10 (+1.5), rate any (+2): 2 + 8 = 10 -> lean 0.364, share 0.682 -> 0.7 micro.
    # Neighbour "At least minimum wage" (-1 instead of +1): 8 -> share 0.645 -> 0.6 hybrid.
    answers = MIXED | dict(
        selling="avoid", client_talk="dread", repetition="calming", variety="variety",
        hours="from_5_to_10", rate_need="any",
    )  # fmt: skip
    r = score(answers)
    assert r.path == "micro" and r.micro_share == pytest.approx(0.7)
    assert r.close_call and r.confidence == pytest.approx(1.0)
    assert r.confidence_label == "medium"  # full coverage is "high", one level down
    assert "close call" in r.confidence_note and "would make it a hybrid split" in r.confidence_note
    assert score(answers | {"rate_need": "min_wage"}).path == "hybrid"


def test_partial_answers_lower_confidence_in_words():
    full = score(MIXED)
    part = score({"cash_soon": "month", "skill": "unpaid"})
    assert part.confidence < full.confidence == pytest.approx(1.0)
    assert part.confidence == pytest.approx(4 / 27.5, abs=1e-6)  # reach 2 + 2 of 27.5
    assert part.confidence_label == "low"
    assert "2 of 14" in part.confidence_note and "unanswered" in part.confidence_note


def test_unanswered_none_values_are_skipped():
    assert score({"cash_soon": "month", "skill": None}).answered == 1


@pytest.mark.parametrize(
    "answers, message",
    [
        ({"nope": "x"}, "unknown question"),
        ({"cash_soon": "tomorrow"}, "no option 'tomorrow'"),
        ({}, "answer at least one question"),
        ({"cash_soon": None}, "answer at least one question"),
        (["cash_soon"], "must map"),
    ],
)
def test_invalid_answers_raise(answers, message):
    with pytest.raises(ValueError, match=message):
        score(answers)


def test_every_question_can_move_the_result():
    for q in QUESTIONS:
        outcomes = set()
        for opt in q.options:
            r = score(MIXED | {q.id: opt.id})
            outcomes.add((r.micro_share, tuple(round(v, 6) for v in r.axes.values())))
        assert len(outcomes) > 1, q.id


def test_contributions_match_rescoring():
    r = score(MIXED)
    assert len(r.contributions) == len(QUESTIONS)
    for c in r.contributions:
        chosen = [a for a in c.alternatives if a.chosen]
        assert len(chosen) == 1 and chosen[0].micro_share == r.micro_share
    runway = next(c for c in r.contributions if c.question_id == "runway")
    for alt in runway.alternatives:
        again = score(MIXED | {"runway": alt.option_id})
        assert (alt.micro_share, alt.path) == (again.micro_share, again.path)
    # runway from_1_to_3 pushes +1: without it, 1 of 25.5 -> share 0.5196;
    # with it, 2 of 27.5 -> 0.5364; push = +0.0168 toward micro-tasks.
    assert runway.push == pytest.approx(0.53636 - 0.51961, abs=1e-4)


def test_unanswered_question_shows_what_each_answer_would_do():
    r = score({"cash_soon": "month"})
    skill = next(c for c in r.contributions if c.question_id == "skill")
    assert skill.answer is None and skill.push == 0
    # month +1 with paid_before -2: lean -1/4 -> share 0.375 -> 0.4 hybrid.
    paid = next(a for a in skill.alternatives if a.option_id == "paid_before")
    assert (paid.micro_share, paid.path) == (pytest.approx(0.4), "hybrid")


def test_reasons_quote_answers_strongest_first():
    r = score({"variety": "mix", "time_shape": "pockets"})
    assert r.reasons[0].startswith("Your time comes in 15-30 minute pockets")
    assert "mix of small tasks" in r.reasons[1]


def test_plan_for_micro_persona():
    # pockets -> 30-minute sessions; share 0.9 -> 27 min -> 25 (5-min steps), capped at
    # 30 - 10 so the freelance move keeps its 10-minute minimum: 20 + 10.
    plan = score(MICRO).plan
    assert (plan.session_minutes, plan.micro_minutes, plan.freelance_minutes) == (30, 20, 10)
    assert len(plan.days) == 7 and "(10 min)" in plan.days[0].freelance_move
    assert "2 weeks in a row" in plan.flip_rule and "10 points" in plan.flip_rule
    assert "90" in plan.goal_90_days


def test_plan_for_freelance_persona():
    # blocks -> 150-minute sessions; share 0.1 -> 15 min micro sprint, 135 min freelance.
    r = score(FREELANCE)
    assert (r.plan.micro_minutes, r.plan.freelance_minutes) == (15, 135)
    assert "three paying clients" in r.plan.goal_90_days


def test_prefill_only_where_answers_imply_it():
    r = score(FREELANCE)
    assert r.prefill_rates == {"hours_per_week": 30}
    assert r.prefill_experiment["session_minutes"] == 150
    assert r.prefill_experiment["micro_share"] == pytest.approx(0.1)
    assert score({"cash_soon": "month"}).prefill_rates == {}


def test_to_dict_is_storable(store):
    r = score(MIXED)
    rid = store.record("quiz", {"answers": MIXED}, r.to_dict())
    back = store.get(rid)["result"]
    assert back["path"] == "hybrid" and back["micro_share"] == pytest.approx(0.5)
    assert len(back["contributions"]) == len(QUESTIONS)
    json.dumps(r.to_dict(), allow_nan=False)


def test_plan_markdown():
    text = plan_markdown(score(MIXED))
    assert text.startswith("# Which path fits me: A hybrid split")
    assert text.count("\n| ") == 1 + 7  # header row + 7 days (the separator starts "|---")
    assert "## 90-day goal" in text and "## When to move the split" in text


def test_changes_since():
    before = score(MIXED)
    same = changes_since(MIXED, before.to_dict(), before, MIXED)
    assert same == [
        "Same result as last time: a hybrid split (50/50 micro-tasks/freelance).",
        "Your answers are the same as last time.",
    ]
    # runway 1-3 months (+1) -> less than a month (+2): 3 of 27.5 -> share 0.555 -> 0.6.
    after_answers = MIXED | {"runway": "under_1"}
    after = score(after_answers)
    saved_answers = MIXED | {"retired_question": "x"}  # a question the bank no longer has
    lines = changes_since(saved_answers, before.to_dict(), after, after_answers)
    assert lines == [
        "Last time: a hybrid split (50/50 micro-tasks/freelance). "
        "Now: a hybrid split (60/40 micro-tasks/freelance).",
        '"If all income stopped today, how long would your savings cover your basic costs?": '
        "1 to 3 months → Less than a month.",
    ]


# --- properties ----------------------------------------------------------------------------------

partial_answers = st.fixed_dictionaries(
    {},
    optional={q.id: st.sampled_from([o.id for o in q.options]) for q in QUESTIONS},
).filter(bool)


@settings(max_examples=60, deadline=None)
@given(partial_answers)
def test_any_partial_answer_set_gives_a_valid_result(answers):
    r = score(answers)
    assert 0 <= r.micro_share <= 1 and r.path in PATHS
    if r.micro_share >= P["micro_path_min_share"]:
        assert r.path == "micro"
    elif r.micro_share <= P["freelance_path_max_share"]:
        assert r.path == "freelance"
    assert all(-1 <= v <= 1 for v in r.axes.values())
    assert 0 < r.confidence <= 1 and r.answered == len(answers)
    assert len(r.reasons) == len(answers)
    assert r.plan.micro_minutes + r.plan.freelance_minutes == r.plan.session_minutes


# --- exact ties: one declared rule, toward an even split ------------------------------------------


@pytest.mark.parametrize(
    ("answers", "share", "split", "path"),
    [
        # each pair's weights sum to a lean of exactly +0.3 / -0.3 / +0.5 / -0.5 of their reach,
        # so the share (1 + lean) / 2 lands exactly between two 10% splits
        ({"hours": "from_5_to_10", "irregular": "stressful"}, 0.65, 0.6, "hybrid"),
        ({"hours": "from_5_to_10", "irregular": "normal"}, 0.35, 0.4, "hybrid"),
        ({"cash_soon": "month", "skill": "learning"}, 0.75, 0.7, "micro"),
        ({"cash_soon": "quarter", "skill": "unpaid"}, 0.25, 0.3, "freelance"),
    ],
)
def test_exact_ties_round_toward_an_even_split(answers, share, split, path):
    # before: 0.65 / 0.1 = 6.4999... in floats gave 0.6 (hybrid) but 0.35 gave 0.3 (freelance)
    from gigcore.quiz import _bank, _chosen, _core

    bank = _bank()
    assert _core(bank, _chosen(bank, answers)).share == share  # a true tie
    r = score(answers)
    assert (r.micro_share, r.path) == (split, path)


def test_round_step_rule():
    from fractions import Fraction as F

    from gigcore.quiz import _round_step

    tenth = F(1, 10)
    assert _round_step(F(65, 100), tenth) == F(6, 10)  # tie: toward 1/2
    assert _round_step(F(35, 100), tenth) == F(4, 10)
    assert _round_step(F(95, 100), tenth) == F(9, 10)
    assert _round_step(F(5, 100), tenth) == F(1, 10)
    assert _round_step(F(651, 1000), tenth) == F(7, 10)  # not a tie: nearest
    assert _round_step(F(1, 2), F(1, 5)) == F(2, 5)  # equally near 1/2 both ways: the lower


def test_the_first_week_is_tailored_to_skill_clients_hours_and_urgency():
    student = score(MICRO).plan  # no skill, dreads clients, under 5 hours, cash in two weeks
    designer = score(FREELANCE).plan  # paid before, enjoys clients, over 20 hours, no rush
    moves = [
        (a.freelance_move, b.freelance_move)
        for a, b in zip(student.days, designer.days, strict=True)
    ]
    assert sum(a != b for a, b in moves) >= 5  # not the same text with other minutes
    assert "Pick the one skill" in student.days[0].freelance_move
    assert "who paid you" in designer.days[0].freelance_move
    assert "two micro-task platforms that pay out within days" in student.days[0].micro_sprint
    assert "one more pitch" in student.days[5].freelance_move  # under 5 hours a week
    nervous = score({**FREELANCE, "client_talk": "dread"}).plan
    assert "no calls needed" in nervous.days[3].freelance_move


def test_micro_tasks_are_measured_against_a_micro_task_floor():
    for persona in (MICRO, MIXED, FREELANCE):
        day4 = score(persona).plan.days[3].micro_sprint
        assert "less than $8 an hour" in day4 and "walk-away" not in day4
