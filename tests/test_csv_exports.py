"""Every CSV the app writes: no cell a spreadsheet would run, and export then import round-trips.

The exports are the experiment log (`gigcore.experiment.to_csv`, imported back by `from_csv`) and
the full history (`gigcore.history.write_history_csv` / `export_csv`, read back by
`read_history_csv`). Cells starting with `= + - @`, a tab or a carriage return are formula
injection (OWASP); they are quoted with an apostrophe on export and the apostrophe is taken off
on import. (The tax plan's CSV in `gigcore/tax.py` holds only dates, fixed words and numbers.)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile

from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore import csvsafe
from gigcore import experiment as ex
from gigcore import history as hist
from gigcore.store import open_store

ATTACKS = [
    '=HYPERLINK("http://evil","click me")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd",
    "@SUM(A1)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
    "''+twice",
]
FORMULA = tuple(csvsafe.FORMULA_START)
tricky = st.one_of(
    st.sampled_from(ATTACKS),
    st.text(alphabet=st.sampled_from("=+-@\t\r' ,\"x1\n"), max_size=12),
    st.text(max_size=40),
)


def cells(text: str) -> list[str]:
    return [c for row in csv.reader(io.StringIO(text, newline="")) for c in row]


def assert_safe(text: str) -> None:
    bad = [c for c in cells(text) if c.startswith(FORMULA)]
    assert bad == [], bad


@given(tricky)
def test_cell_then_uncell_is_identity_and_never_a_formula(value):
    safe = csvsafe.cell(value)
    assert not safe.startswith(FORMULA)
    assert csvsafe.uncell(safe) == value


sessions = st.builds(
    ex.WorkSession,
    lane=st.sampled_from(ex.LANES),
    minutes=st.integers(1, 600).map(float),
    earned=st.floats(0, 1000, allow_nan=False).map(lambda x: round(x, 2)),
    stress=st.integers(1, 5),
    joy=st.integers(1, 5),
    day=st.dates(dt.date(2020, 1, 1), dt.date.today()),  # a session is never dated ahead
    note=tricky.map(lambda t: t[:200]),
)


@settings(max_examples=80, deadline=None)
@given(st.lists(sessions, min_size=1, max_size=8))
def test_experiment_log_export_is_safe_and_imports_back_the_same(log):
    text = ex.to_csv(log)
    assert_safe(text)
    assert ex.from_csv(text) == log


def test_the_issues_attacks_come_out_quoted_and_go_back_in():
    log = [ex.WorkSession("micro", 30, 1.0, 2, 3, dt.date(2026, 11, 2), a) for a in ATTACKS]
    text = ex.to_csv(log)
    notes = [row["note"] for row in csv.DictReader(io.StringIO(text))]
    assert notes[:4] == ["'" + a for a in ATTACKS[:4]]
    assert notes[4] == "'=1+1"  # the tab was tidied away by WorkSession, the formula is quoted
    assert ex.from_csv(text) == log


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | tricky,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(tricky, inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=30, deadline=None)
@given(
    st.lists(
        st.tuples(
            tricky.filter(str.strip),
            st.dictionaries(tricky, json_values, max_size=3),
            st.dictionaries(tricky, json_values, max_size=3),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_history_export_is_safe_and_reads_back(rows):
    s = open_store(":memory:")
    try:
        for tool, inputs, result in rows:
            s.record(tool, inputs, result)
        out = io.StringIO()
        assert hist.write_history_csv(s.iter_history(chunk=2), out) == len(rows)
        text = out.getvalue()
        assert_safe(text)
        back = hist.read_history_csv(text)
        want = s.history()
        assert [r["id"] for r in back] == list(want["id"])
        assert [(r["tool"], r["inputs"], r["result"]) for r in back] == [
            (r.tool, r.inputs, r.result) for r in want.itertuples()
        ]
        assert [r["created_at"] for r in back] == [t.to_pydatetime() for t in want["created_at"]]
        small = hist.export_csv(want)  # the in-memory form gives the same file
        assert small == text
    finally:
        s.close()


def test_large_exports_come_zipped_with_the_same_csv(tmp_path):
    s = open_store(":memory:")
    for k in range(50):
        s.record("=rates", {"k": k}, {"note": "@x" * 50})
    seen = []
    target, rows = hist.export_file(s.iter_history(chunk=7), tmp_path, seen.append, zip_above=100)
    assert target.suffix == ".zip" and rows == 50 and seen[-1] == 50 and len(seen) == 8
    with zipfile.ZipFile(target) as archive:
        text = archive.read("gig-path-history.csv").decode()
    assert_safe(text)
    assert [r["tool"] for r in hist.read_history_csv(text)] == ["=rates"] * 50
    s.close()
