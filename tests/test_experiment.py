"""Experiment log: cash per hour with unpaid time, weighted stress/joy, days, progress, CSV."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.experiment import (
    WorkSession,
    billable_hours_per_week,
    from_csv,
    from_records,
    monthly_earnings,
    summarize,
    to_csv,
)

D1 = dt.date(2026, 11, 20)
D2 = dt.date(2026, 11, 21)


def test_unpaid_sessions_lower_cash_per_hour():
    paid = WorkSession(lane="micro", minutes=60, earned=6.0, stress=2, joy=3)
    # $6 in 1 h = $6.00/h.
    assert summarize([paid]).lanes["micro"].cash_per_hour == pytest.approx(6.0)
    searching = WorkSession(lane="micro", minutes=60, earned=0, stress=3, joy=1)
    e = summarize([paid, searching]).lanes["micro"]
    # $6 over 1 h paid + 1 h searching = $3.00/h; half the time unpaid.
    assert e.cash_per_hour == pytest.approx(3.0)
    assert e.hours == pytest.approx(2.0)
    assert e.unpaid_hours == pytest.approx(1.0)
    assert e.unpaid_share == pytest.approx(0.5)


def test_stress_and_joy_are_weighted_by_time():
    a = WorkSession(lane="freelance", minutes=30, earned=20, stress=2, joy=5)
    b = WorkSession(lane="freelance", minutes=90, earned=40, stress=5, joy=1)
    lane = summarize([a, b]).lanes["freelance"]
    # stress (2*30 + 5*90) / 120 = 510/120 = 4.25 (a plain mean would say 3.5);
    # joy (5*30 + 1*90) / 120 = 240/120 = 2.0.
    assert lane.stress == pytest.approx(4.25)
    assert lane.joy == pytest.approx(2.0)
    # $60 over 2 h = $30/h.
    assert lane.cash_per_hour == pytest.approx(30.0)


def week() -> list[WorkSession]:
    return [
        WorkSession("micro", 60, 6, 2, 3, D1),
        WorkSession("micro", 30, 0, 3, 2, D1),  # searching for tasks
        WorkSession("freelance", 120, 50, 4, 4, D1),
        WorkSession("freelance", 60, 0, 3, 2, D2),  # proposals
        WorkSession("micro", 60, 8, 2, 3, D2),
    ]


def test_days_and_who_won():
    e = summarize(week(), today=dt.date(2026, 11, 22))
    day1, day2 = e.days
    # day 1: micro $6 / 1.5 h = $4.00/h; freelance $50 / 2 h = $25.00/h -> freelance.
    assert day1.lanes["micro"].cash_per_hour == pytest.approx(4.0)
    assert day1.winner == "freelance"
    assert "$25.00/h against $4.00/h" in day1.verdict
    # micro stress (2*60 + 3*30)/90 = 2.33 is calmer than freelance 4.
    assert "Micro-tasks felt calmer" in day1.verdict
    # day 2: micro $8/h; freelance $0 over 1 h of proposals -> micro.
    assert day2.winner == "micro"
    # overall: micro $14 / 2.5 h = $5.60/h; freelance $50 / 3 h = $16.67/h.
    assert e.lanes["micro"].cash_per_hour == pytest.approx(5.6)
    assert e.lanes["freelance"].cash_per_hour == pytest.approx(50 / 3)
    assert e.winner == "freelance"


def test_tie_and_single_lane_have_no_winner():
    tie = summarize(
        [WorkSession("micro", 60, 10, 2, 2, D1), WorkSession("freelance", 30, 5, 2, 2, D1)]
    )
    # $10/1 h = $5/0.5 h = $10/h each.
    assert tie.winner is None and "tie" in tie.verdict.lower()
    one = summarize([WorkSession("micro", 60, 10, 2, 2, D1)])
    assert one.winner is None and one.days[0].winner is None
    assert "freelance" not in one.lanes


def test_progress_counts_from_the_first_logged_day():
    e = summarize(week(), today=dt.date(2026, 11, 22))
    # Nov 20 is day 1, so Nov 22 is day 3; two distinct days logged.
    assert (e.progress.day, e.progress.of, e.progress.days_logged) == (3, 7, 2)
    assert e.progress.text.startswith("Day 3 of 7")
    assert not e.progress.complete
    # Nov 27 is day 8: the 7 days are over.
    assert summarize(week(), today=dt.date(2026, 11, 27)).progress.complete
    empty = summarize([])
    assert empty.progress.day == 0 and empty.lanes == {} and "Not started" in empty.progress.text


def test_memo_is_markdown_with_numbers_and_next_step():
    memo = summarize(week(), today=dt.date(2026, 11, 22)).memo
    assert memo.startswith("# ")
    assert "| Micro-tasks | 2.5 | 0.5 | $14.00 | $5.60 | 2.2 | 2.8 |" in memo
    assert "Only day 3 of 7" in memo
    assert "switch-readiness check" in memo


def test_notes_never_reach_the_memo():
    s = WorkSession("micro", 10, 1, 1, 1, D1, note="<script>alert(1)</script>")
    assert "script" not in summarize([s]).memo


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"lane": "job"}, "lane must be 'micro' or 'freelance'"),
        ({"minutes": 0}, "minutes must be at least 1"),
        ({"minutes": 0.5}, "minutes must be at least 1"),
        ({"earned": 2_000_000}, "at most 1,000,000"),
        ({"minutes": 2000}, "at most 1440"),
        ({"minutes": math.nan}, "finite"),
        ({"earned": -1}, "cannot be negative"),
        ({"earned": math.inf}, "finite"),
        ({"stress": 6}, "stress must be from 1 to 5"),
        ({"joy": 0}, "joy must be from 1 to 5"),
        ({"joy": 2.5}, "whole number"),
        ({"stress": True}, "whole number"),
        ({"day": "2026-11-20"}, "day must be a date"),
        ({"note": "x" * 501}, "longer than 500"),
    ],
)
def test_bad_sessions_raise(fields, message):
    base = {"lane": "micro", "minutes": 30, "earned": 3, "stress": 2, "joy": 3}
    with pytest.raises(ValueError, match=message):
        WorkSession(**(base | fields))


def test_readiness_prefill_from_the_log():
    log = [
        WorkSession("freelance", 600, 400, 3, 3, dt.date(2026, 9, 10)),
        WorkSession("freelance", 300, 0, 3, 3, dt.date(2026, 10, 2)),
        WorkSession("freelance", 120, 150, 3, 3, dt.date(2026, 11, 3)),
        WorkSession("micro", 120, 15, 3, 3, dt.date(2026, 11, 3)),
    ]
    months = monthly_earnings(log, today=dt.date(2026, 11, 23))
    assert [(m.month.month, m.earned, m.sessions) for m in months] == [
        (9, 400, 1),
        (10, 0, 1),
        (11, 150, 1),
    ]
    # paid freelance: 600 + 120 min = 12 h between Sep 10 and Nov 3 (55 days = 7.86 weeks).
    assert billable_hours_per_week(log) == pytest.approx(12 / (55 / 7))
    # one paid day counts as one week, not a fraction of it: 2 h in a week = 2 h/week.
    assert billable_hours_per_week(log[2:]) == pytest.approx(2.0)
    assert billable_hours_per_week(log[3:]) is None


def test_csv_round_trip_and_store_rows():
    sessions = [*week(), WorkSession("micro", 12.5, 1.25, 1, 5, D2, note='said "hi", then, left')]
    text = to_csv(sessions)
    assert text.splitlines()[0] == "day,lane,minutes,earned,stress,joy,note"
    assert from_csv(text) == sessions
    rows = [{"id": i, **s.__dict__} for i, s in enumerate(sessions)]
    assert from_records(rows) == sessions


def test_export_refuses_undated_sessions_it_could_not_import_back():
    undated = WorkSession("micro", 30, 3, 2, 3)
    with pytest.raises(ValueError, match="session\\(s\\) 2 have no day; give every session a date"):
        to_csv([WorkSession("micro", 30, 3, 2, 3, D1), undated])


@pytest.mark.parametrize(
    ("records", "message"),
    [
        ([{}], "record 1 lacks the field\\(s\\) lane, minutes, earned, stress, joy"),
        ([{"lane": "micro", "minutes": 5, "earned": 0, "stress": 1}], "record 1 lacks .* joy"),
        ([None], "record 1 must be a dictionary"),
    ],
)
def test_records_with_missing_fields_are_named(records, message):
    with pytest.raises(ValueError, match=message):
        from_records(records)


def test_csv_import_accepts_bom_blank_lines_and_any_column_order():
    text = "\ufeffNote,Joy,Stress,Earned,Minutes,Lane,Day\n\nhi,3,2,6,60,Micro,2026-11-20\n"
    assert from_csv(text) == [WorkSession("micro", 60, 6, 2, 3, D1, note="hi")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        (
            "day,lane,minutes\n",
            "row 1 \\(the header\\): missing column\\(s\\): earned, stress, joy",
        ),
        ("day,lane,minutes,earned,stress,joy,mood\n", "unknown column\\(s\\): mood"),
        ("day,lane,lane,minutes,earned,stress,joy\n", "named twice: lane"),
        ("day,lane,minutes,earned,stress,joy\n", "no sessions"),
        (
            "day,lane,minutes,earned,stress,joy\n"
            "2026-11-20,micro,60,6,2,3\n"
            "2026-11-20,micro,sixty,6,2,3\n"
            "20/11/2026,micro,60,6,2,3\n"
            "2026-11-20,micro,60,6,9,3\n"
            "2026-11-20,micro,60,6,2,3,extra\n",
            "row 3: minutes must be a plain number.*row 4: day must be a date written YYYY-MM-DD"
            ".*row 5: stress must be from 1 to 5.*row 6: more cells than columns",
        ),
    ],
)
def test_csv_import_is_strict_with_row_numbers(text, message):
    with pytest.raises(ValueError, match=message):
        from_csv(text)


def test_notes_become_one_line_and_broken_csv_is_a_value_error():
    assert WorkSession("micro", 5, 0, 1, 1, note=" wrote\r\n 3  proposals ").note == (
        "wrote 3 proposals"
    )
    huge = "x" * 200_000  # above the csv module's field size limit
    with pytest.raises(ValueError, match="row 2: not readable as CSV"):
        from_csv(f'day,lane,minutes,earned,stress,joy,note\n2026-11-20,micro,60,6,2,3,"{huge}"\n')


def test_csv_import_caps_the_number_of_errors_shown():
    rows = "".join("2026-11-20,micro,0,1,2,3\n" for _ in range(8))
    with pytest.raises(ValueError, match="and 3 more bad rows"):
        from_csv("day,lane,minutes,earned,stress,joy\n" + rows)


sessions_strategy = st.lists(
    st.builds(
        WorkSession,
        lane=st.sampled_from(["micro", "freelance"]),
        minutes=st.floats(1, 1440),
        earned=st.one_of(st.just(0.0), st.floats(0, 10_000)),
        stress=st.integers(1, 5),
        joy=st.integers(1, 5),
        day=st.dates(dt.date(2026, 1, 1), dt.date.today()),  # no future work
        note=st.text(max_size=40).map(lambda t: " ".join(t.split())),
    ),
    max_size=25,
)


@settings(max_examples=80, deadline=None)
@given(sessions_strategy)
def test_summaries_are_finite_and_bounded(sessions):
    e = summarize(sessions, today=dt.date(2027, 1, 1))
    for group in [e.lanes, *(d.lanes for d in e.days)]:
        for lane in group.values():
            for number in (lane.hours, lane.earned, lane.cash_per_hour, lane.stress, lane.joy):
                assert math.isfinite(number)
            assert lane.cash_per_hour >= 0
            assert 1 - 1e-9 <= lane.stress <= 5 + 1e-9 and 1 - 1e-9 <= lane.joy <= 5 + 1e-9
            assert 0 <= lane.unpaid_hours <= lane.hours + 1e-9
    assert sum(x.sessions for x in e.lanes.values()) == len(sessions)


@settings(max_examples=60, deadline=None)
@given(sessions_strategy.filter(bool))
def test_csv_round_trip_property(sessions):
    assert from_csv(to_csv(sessions)) == sessions


@settings(max_examples=60, deadline=None)
@given(sessions_strategy.filter(bool), st.floats(1, 600))
def test_adding_unpaid_time_never_raises_cash_per_hour(sessions, minutes):
    before = summarize(sessions).lanes
    lane = sessions[0].lane
    after = summarize([*sessions, WorkSession(lane, minutes, 0, 3, 3, D1)]).lanes
    assert after[lane].cash_per_hour <= before[lane].cash_per_hour + 1e-9


# -- the flip -----------------------------------------------------------------------------------
def both(day: int, micro: float, freelance: float) -> list[WorkSession]:
    """One hour of each lane on 2026-11-`day`: cash per hour equals the money earned."""
    on = dt.date(2026, 11, day)
    return [
        WorkSession("micro", 60, micro, 3, 3, on),
        WorkSession("freelance", 60, freelance, 3, 3, on),
    ]


def test_flip_counts_days_freelance_won_out_of_days_both_lanes_were_logged():
    sessions = [
        *both(1, 6, 20),  # freelance 20 $/h beats 6: a win
        *both(2, 6, 20),
        *both(3, 6, 20),
        *both(4, 6, 20),
        *both(5, 8, 8),  # a tie is not a win
        WorkSession("freelance", 60, 90, 3, 3, dt.date(2026, 11, 6)),  # one lane only: not counted
    ]
    f = summarize(sessions).flip
    # 4 wins of 5 compared days = 80%, the share needed, over the 5 days needed: ready.
    assert (f.freelance_days, f.compared_days, f.ready) == (4, 5, True)
    assert f.share == pytest.approx(0.8) and (f.days_won, f.days_compared) == (4, 5)
    assert "4 of the 5 days" in f.sentence and "Time to flip" in f.sentence
    assert "**The flip.**" in summarize(sessions).memo


def test_flip_not_ready_with_too_few_days_or_too_few_wins():
    few = summarize([*both(1, 6, 20), *both(2, 6, 20), *both(3, 6, 20)]).flip
    # 3 of 3 won, but 3 < 5 days compared: judged later.
    assert (few.freelance_days, few.compared_days, few.ready) == (3, 3, False)
    assert "judged after 5 such days" in few.sentence
    assert few.days_needed == 4  # ceil(0.8 x max(3, 5)) = 4
    wins_then_losses = [s for d in (1, 2, 3) for s in both(d, 6, 20)]
    wins_then_losses += [s for d in (4, 5, 6) for s in both(d, 10, 7)]
    mixed = summarize(wins_then_losses).flip
    # 3 wins of 6 = 50% < 80%: 0.8 x 6 = 4.8 -> 5 wins needed.
    assert (mixed.freelance_days, mixed.compared_days, mixed.ready) == (3, 6, False)
    assert "5 of 6" in mixed.sentence


def test_flip_with_nothing_compared():
    f = summarize([WorkSession("micro", 60, 6, 3, 3, D1)]).flip
    assert (f.freelance_days, f.compared_days, f.ready, f.share) == (0, 0, False, 0.0)
    assert "**The flip.**" not in summarize([]).memo


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.integers(0, 50)), min_size=0, max_size=12))
def test_flip_ready_follows_the_sourced_threshold(days):
    sessions = [s for n, (m, f) in enumerate(days, start=1) for s in both(n, m, f)]
    flip = summarize(sessions).flip
    wins = sum(f > m for m, f in days)
    assert flip.freelance_days == wins and flip.compared_days == len(days)
    assert flip.ready == (len(days) >= 5 and wins >= math.ceil(0.8 * len(days) - 1e-9))


def test_progress_counts_one_day_in_the_singular():
    day = dt.date(2026, 11, 20)
    one = summarize([WorkSession("micro", 30, 3.0, 2, 3, day=day)], today=day)
    assert one.progress.text == "Day 1 of 7 (1 day logged)"
    two = summarize(
        [WorkSession("micro", 30, 3.0, 2, 3, day=day + dt.timedelta(days=d)) for d in (0, 1)],
        today=day + dt.timedelta(days=1),
    )
    assert two.progress.text == "Day 2 of 7 (2 days logged)"
