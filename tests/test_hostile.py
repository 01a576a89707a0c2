"""Hostile input at every gigcore entry point: only ValueError for bad input, finite numbers out.

Each property feeds a public function values a page, the CLI or a CSV file could hand it. In half
of the examples every value has the declared kind (numbers may be NaN, infinite, huge, negative or
out of range; text may be anything): the function must return a result whose every number is
finite, or raise ValueError with a message. In the other half values of the wrong kind appear
too (None, bytes, lists, dates where a number belongs): TypeError and AttributeError are then
also accepted, as Python's own answers to a wrong kind, but nothing else (no KeyError,
ZeroDivisionError, database error, ...). Inputs that once broke that contract are kept in
`FIXED_GAPS` as regression tests.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from collections.abc import Callable, Mapping

import pandas as pd
import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from gigcore import audit, experiment, history, quiz, rates, readiness, tax
from gigcore.store import open_store

EXAMPLES = 150
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
SQL = "'; DROP TABLE records; --"
wrong_kind = st.one_of(
    st.none(),
    st.binary(max_size=8),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.dates(),
    st.text(max_size=10),
)


class Gen:
    """Draws the values of one example in one mode: "calm" (numbers in a plausible range, so
    results get checked), "bad" (the right kind, any value) or "wild" (wrong kinds too)."""

    def __init__(self, data, mode: str):
        self.data, self.mode, self.wild = data, mode, mode == "wild"

    def __repr__(self) -> str:
        return f"Gen({self.mode})"

    def draw(self, strategy):
        if self.wild:
            strategy = st.one_of(strategy, wrong_kind)
        return self.data.draw(strategy)

    def number(self, low: float, high: float, calm: tuple[float, float] | None = None):
        """A number in [low, high] (in `calm` mode: in the `calm` range if given), or worse."""
        if self.mode == "calm":
            lo, hi = calm or (low, high)
            return self.data.draw(st.floats(lo, hi))
        plausible = st.one_of(st.floats(low, high), st.integers(int(low), int(high)))
        return self.draw(
            st.one_of(
                plausible,
                st.floats(allow_nan=True, allow_infinity=True),
                st.integers(-(10**30), 10**30),
            )
        )

    def share(self):
        return self.number(0, 0.95) if self.mode == "calm" else self.number(-0.5, 1.5)

    def flag(self):
        return self.draw(st.booleans())

    def text(self, max_size: int = 40):
        return self.draw(st.one_of(st.text(max_size=max_size), st.just(SQL)))

    def choice(self, values):
        return self.draw(st.one_of(st.sampled_from(list(values)), st.text(max_size=8)))


def finite(value: object, where: str = "result") -> None:
    """Every float reachable from `value` is finite."""
    if isinstance(value, float):
        assert math.isfinite(value), f"{where} = {value}"
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            finite(getattr(value, field.name), f"{where}.{field.name}")
    elif isinstance(value, Mapping):
        for key, item in value.items():
            finite(item, f"{where}[{key!r}]")
    elif isinstance(value, list | tuple | set | frozenset):
        for n, item in enumerate(value):
            finite(item, f"{where}[{n}]")


def outcome(g: Gen, fn: Callable, *args, **kwargs) -> object | None:
    """Call `fn`: a result (checked finite), or None after an accepted error; else fail."""
    accepted = (ValueError, TypeError, AttributeError) if g.wild else ValueError
    name = getattr(fn, "__name__", "call")
    try:
        result = fn(*args, **kwargs)
    except accepted as exc:
        assert str(exc).strip(), "an error must say what to fix"
        event(f"{name}: {type(exc).__name__}")
        return None
    finite(result)
    event(f"{name}: result")
    return result


examples = st.builds(Gen, st.data(), st.sampled_from(["calm", "bad", "wild"]))


def freelance(g: Gen) -> rates.FreelanceInputs:
    return rates.FreelanceInputs(
        g.number(-1e6, 1e7, (0, 1e6)),
        g.number(-1e5, 1e6, (0, 1e5)),
        g.number(-10, 200, (5, 80)),
        g.number(-5, 60, (0, 20)),
        g.share(),
        g.share(),
        g.share(),
        g.flag(),
    )


def micro(g: Gen) -> rates.MicrotaskInputs:
    return rates.MicrotaskInputs(
        g.number(-1, 50, (0.01, 20)),
        g.number(-1, 120, (0.5, 60)),
        g.share(),
        g.share(),
        g.share(),
    )


@SETTINGS
@given(examples)
def test_rates(g):
    f, m = freelance(g), micro(g)
    quote = outcome(g, rates.freelance_rate, f)
    if quote is not None:
        assert quote.hourly_rate >= 0 and quote.billable_hours > 0
        outcome(g, rates.walk_away_rate, quote, g.number(-1, 2))
        outcome(g, rates.sensitivity, f)
        outcome(g, rates.sweep, f, g.choice(["hours_per_week", "non_billable_share"]))
    outcome(g, rates.microtask_rate, m)
    outcome(g, rates.compare, f, m)
    outcome(g, rates.scenario, f, m, margin=g.number(-1, 2), daily_target=g.number(-10, 1e3))


@SETTINGS
@given(examples)
def test_tax(g):
    amount = g.number(-1e9, 1e9)
    outcome(g, tax.se_tax_parts, amount)
    rate = g.number(0, 0.99)  # bad mode: NaN, 100% and more, negative
    outcome(g, tax.tax_bill, amount, rate, g.flag())
    outcome(g, tax.profit_for_net, amount, rate, g.flag())


QUESTIONS = quiz.load_questions()
QUESTION_IDS = [q.id for q in QUESTIONS]
OPTION_IDS = [o.id for q in QUESTIONS for o in q.options]


@SETTINGS
@given(examples)
def test_quiz(g):
    valid = st.fixed_dictionaries(
        {}, optional={q.id: st.sampled_from([o.id for o in q.options]) for q in QUESTIONS}
    )
    answers = (
        g.data.draw(valid)
        if g.mode == "calm"
        else g.draw(
            st.dictionaries(
                st.one_of(st.sampled_from(QUESTION_IDS), st.text(max_size=5)),
                st.one_of(st.sampled_from(OPTION_IDS), st.text(max_size=5), st.just(SQL)),
                max_size=len(QUESTIONS) + 2,
            )
        )
    )
    result = outcome(g, quiz.score, answers)
    if result is not None:
        assert 0 <= result.micro_share <= 1 and result.path in quiz.PATHS
        outcome(g, quiz.plan_markdown, result)
        outcome(g, quiz.changes_since, answers, result.to_dict(), result, answers)
        outcome(g, quiz.split_words, g.number(0, 1))
        assert quiz.path_title(result.path)
    outcome(g, quiz.path_title, g.choice(quiz.PATHS))


@SETTINGS
@given(examples)
def test_audit(g):
    text = g.draw(
        st.one_of(
            st.text(max_size=300),
            st.lists(
                st.sampled_from(
                    [
                        "<script>alert(1)</script>",
                        "$500/day",
                        "pay a fee",
                        "Telegram",
                        "gift card",
                        "\x00",
                        "\u202e",
                        "💸",
                        "$",
                        "per hour",
                        "1e309",
                        "$1e309/hour",
                        SQL,
                    ]
                ),
                max_size=12,
            ).map(" ".join),
        )
    )
    client = (
        audit.ClientChecks(g.flag(), g.number(-5, 500), g.share(), g.number(-5, 5000))
        if g.data.draw(st.booleans())
        else None
    )
    report = outcome(
        g,
        audit.audit_text,
        text,
        g.number(-10, 500),
        budget=g.number(-10, 1e5),
        hours=g.number(-10, 1e3),
        platform=g.text(20),
        client=client,
        use_model=False,
    )
    if report is not None:
        assert 0 <= report.score <= 100 and report.level in audit.LEVELS
        for flag in report.flags:
            assert all(0 <= a <= b <= len(text) for a, b in flag.evidence)


@SETTINGS
@given(examples)
def test_readiness(g):
    months = (
        st.lists(st.floats(0, 1e5), min_size=3, max_size=3)
        if g.mode == "calm"
        else (
            st.lists(
                st.floats(allow_nan=True, allow_infinity=True) | st.integers(-1, 10**6), max_size=5
            )
        )
    )
    inputs = readiness.ReadinessInputs(
        g.draw(months),
        g.number(-1e3, 1e5, (1, 1e5)),
        g.number(-1e4, 1e6, (0, 1e6)),
        g.number(-10, 100, (0, 80)),
        g.data.draw(st.integers(0, 30)),
        g.share(),
        g.choice(["held", "lost_clients", "not_tried"]),
        g.flag(),
    )
    result = outcome(g, readiness.check, inputs)
    if result is not None:
        assert result.verdict in ("not_yet", "almost", "ready")
        outcome(
            g,
            readiness.what_if,
            inputs,
            g.number(-1e4, 1e4),
            g.number(-1e5, 1e5),
            g.number(-40, 40),
        )
        outcome(g, readiness.action_plan, result, dt.date(2026, 11, 2))


def work_session(g: Gen):
    return outcome(
        g,
        experiment.WorkSession,
        g.choice(experiment.LANES),
        g.number(-10, 1000),
        g.number(-10, 500),
        g.number(-1, 7),
        g.number(-1, 7),
        g.draw(st.one_of(st.none(), st.dates())),
        g.text(),
    )


@SETTINGS
@given(examples)
def test_experiment(g):
    sessions = [s for s in (work_session(g) for _ in range(g.data.draw(st.integers(0, 6)))) if s]
    summary = outcome(g, experiment.summarize, sessions, today=dt.date(2026, 11, 9))
    if summary is not None:
        for lane in summary.lanes.values():
            assert lane.cash_per_hour >= 0 and 1 <= lane.stress <= 5 and 1 <= lane.joy <= 5
    outcome(g, experiment.monthly_earnings, sessions, dt.date(2026, 11, 9))
    outcome(g, experiment.billable_hours_per_week, sessions)
    exported = outcome(g, experiment.to_csv, sessions)
    if exported is not None and sessions:  # undated sessions are refused: the log needs days
        assert experiment.from_csv(exported) == sessions  # export, import: same


CSV_CELLS = st.one_of(
    st.text(max_size=8),
    st.sampled_from(["micro", "freelance", "2026-11-02", "60", "nan", "-1", "1e309", SQL]),
)


@SETTINGS
@given(examples)
def test_experiment_imports(g):
    rows = g.data.draw(
        st.lists(st.lists(CSV_CELLS, min_size=1, max_size=8).map(",".join), max_size=6)
    )
    header = g.data.draw(st.sampled_from([",".join(experiment.CSV_COLUMNS), "", "a,b"]))
    outcome(g, experiment.from_csv, "\n".join([header, *rows]))
    outcome(g, experiment.from_csv, g.text(200))
    record = {k: g.draw(CSV_CELLS) for k in experiment.CSV_COLUMNS}  # every column present
    outcome(g, experiment.from_records, [record])
    partial = g.data.draw(st.sets(st.sampled_from(experiment.CSV_COLUMNS)))
    outcome(g, experiment.from_records, [{k: record[k] for k in partial}])


@SETTINGS
@given(examples)
def test_history_headlines(g):
    tool = g.choice(["rates", "quiz", "audit", "readiness"])
    result = {
        k: g.draw(
            st.one_of(st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=5))
        )  # what a stored result can hold
        for k in ("hourly_rate", "score", "level", "path", "verdict", "micro_share")
    }
    outcome(g, history.headline, tool, result)
    frame = pd.DataFrame(
        [(1, tool, pd.Timestamp("2026-11-02"), {}, result)],
        columns=["id", "tool", "created_at", "inputs", "result"],
    )
    outcome(g, history.overview, frame)
    outcome(g, history.export_csv, frame)


STORE = open_store(":memory:")


@settings(max_examples=60, deadline=None)
@given(examples)
def test_store(g):
    profile = g.draw(st.one_of(st.text(min_size=1, max_size=30), st.just(SQL)))
    values = g.draw(
        st.dictionaries(
            st.text(max_size=5),
            st.one_of(
                st.floats(allow_nan=True, allow_infinity=True),
                st.text(max_size=5),
                st.integers(-(10**30), 10**30),
                st.none(),
            ),
            max_size=3,
        )
    )
    rid = outcome(g, STORE.record, g.text(20) or "rates", values, values, profile=profile)
    if rid is not None:
        assert STORE.get(rid, profile=profile)["inputs"] is not None
    limit = g.draw(st.one_of(st.none(), st.integers(-(10**20), 10**20), st.booleans()))
    outcome(g, STORE.history, profile, limit=limit)
    key = g.draw(st.one_of(st.none(), st.text(max_size=10)))
    outcome(g, STORE.set_setting, key, values, profile=profile)
    outcome(g, STORE.get_setting, key, None, profile=profile)
    score = st.one_of(
        st.integers(1, 5),
        st.integers(-(2**40), 2**40),
        st.floats(allow_nan=True, allow_infinity=True),
        st.booleans(),
    )
    fields = {
        "lane": g.draw(
            st.one_of(st.sampled_from(experiment.LANES), st.text(max_size=8), st.none())
        ),
        "day": g.draw(
            st.one_of(st.dates(), st.none(), st.text(max_size=12), st.just("2026-11-02"))
        ),
        "minutes": g.number(-10, 600),
        "earned": g.number(-10, 600),
        "stress": g.draw(score),
        "joy": g.draw(score),
        "note": g.text(),
    }
    sid = outcome(g, STORE.add_session, profile, **fields)
    if sid is not None:
        outcome(g, STORE.update_session, sid, profile, minutes=g.number(-10, 600))
        assert STORE.delete_session(sid, profile)
    outcome(g, STORE.sessions, profile)
    outcome(g, STORE.delete_profile, profile)


def _store_call(method: str, *args, **kwargs):
    s = open_store(":memory:")
    try:
        return getattr(s, method)(*args, **kwargs)
    finally:
        s.close()


FIXED_GAPS = {  # input -> what it did before it raised ValueError (kept as regressions)
    "se_tax_inf": (lambda: tax.se_tax_parts(math.inf), "returned (inf, inf)"),
    "tax_bill_nan_rate": (lambda: tax.tax_bill(1000.0, math.nan, False), "income_tax was nan"),
    "profit_for_net_rate_1": (lambda: tax.profit_for_net(1000.0, 1.0, True), "ZeroDivisionError"),
    "path_title_unknown": (lambda: quiz.path_title("x"), "KeyError"),
    "from_records_missing_lane": (lambda: experiment.from_records([{}]), "KeyError"),
    "store_day_text": (
        lambda: _store_call(
            "add_session", "p", lane="micro", day="garbage", minutes=1, earned=1, stress=1, joy=1
        ),
        "duckdb ConversionException",
    ),
    "store_day_none": (
        lambda: _store_call(
            "add_session", "p", lane="micro", day=None, minutes=1, earned=1, stress=1, joy=1
        ),
        "duckdb ConstraintException",
    ),
    "store_stress_inf": (
        lambda: _store_call(
            "add_session",
            "p",
            lane="micro",
            day=dt.date(2026, 11, 2),
            minutes=1,
            earned=1,
            stress=math.inf,
            joy=1,
        ),
        "OverflowError",
    ),
    "store_stress_huge": (
        lambda: _store_call(
            "add_session",
            "p",
            lane="micro",
            day=dt.date(2026, 11, 2),
            minutes=1,
            earned=1,
            stress=2**31,
            joy=1,
        ),
        "duckdb ConversionException",
    ),
    "experiment_subnormal_minutes": (
        lambda: experiment.summarize([experiment.WorkSession("micro", 1e-308, 1.0, 1, 1)]),
        "cash_per_hour was inf",
    ),
    "store_negative_limit": (lambda: _store_call("history", "p", limit=-1), "BinderException"),
    "store_lane_none": (
        lambda: _store_call(
            "add_session",
            "p",
            lane=None,
            day=dt.date(2026, 11, 2),
            minutes=1,
            earned=1,
            stress=1,
            joy=1,
        ),
        "duckdb ConstraintException",
    ),
    "store_setting_key_none": (
        lambda: _store_call("set_setting", None, 1, "p"),
        "ConstraintException",
    ),
    "store_get_setting_key_none": (lambda: _store_call("get_setting", None), "gave the default"),
    "experiment_export_undated": (
        lambda: experiment.to_csv([experiment.WorkSession("micro", 5, 1.0, 1, 1)]),
        "exported a file from_csv refused",
    ),
    "experiment_huge_earned": (
        lambda: experiment.summarize([experiment.WorkSession("micro", 1, 1e308, 1, 1)]),
        "cash_per_hour was inf",
    ),
    "profit_for_net_huge": (lambda: tax.profit_for_net(1e308, 0.999, False), "returned inf"),
}


@pytest.mark.parametrize("case", sorted(FIXED_GAPS))
def test_former_gaps_raise_value_error(case):
    call, _before = FIXED_GAPS[case]
    with pytest.raises(ValueError) as info:
        call()
    assert str(info.value).strip(), "an error must say what to fix"
