"""Every chart template is valid Vega-Lite, as filled on a rerun (schema shipped with Altair)."""

from __future__ import annotations

import json
from pathlib import Path

import altair as alt
import jsonschema
import pandas as pd
import pytest

from ui import charts

SCHEMA_FILE = Path(alt.__file__).parent / "vegalite" / "v6" / "schema" / "vega-lite-schema.json"


@pytest.fixture(scope="module")
def validator():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    return jsonschema.Draft7Validator(schema)


def _valid(validator, spec: dict) -> None:
    errors = sorted(validator.iter_errors(spec), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message[:300]}" for e in errors[:5])


@pytest.mark.parametrize("kind", sorted(charts.templates()))
def test_every_template_is_valid_vega_lite(validator, kind):
    _valid(validator, charts.templates()[kind])


def _json(frame: pd.DataFrame) -> list[dict]:
    """Rows as the browser gets them (JSON values; dates as text)."""
    return json.loads(frame.to_json(orient="records", date_format="iso"))


FRAMES = {
    "bars": pd.DataFrame({"part": ["Take-home (60%)", "Tax (20%)"], "amount": [60.0, 20.0]}),
    "curve": pd.DataFrame({"hours": [10, 20, 30], "rate": [90.0, 50.0, 35.0]}),
}


def test_filled_charts_are_valid_and_only_title_and_data_change(validator):
    one = charts.bars(FRAMES["bars"], "part", "amount", "Where the money goes", "$ per year")
    two = charts.bars(FRAMES["bars"] * 1, "part", "amount", "Where the money goes", "$ per year")
    assert one.keys() - {"datasets"} == two.keys() - {"datasets"}
    assert {k: v for k, v in one.items() if k != "datasets"} == {
        k: v for k, v in two.items() if k != "datasets"
    }
    assert one["datasets"]["table"] is FRAMES["bars"]  # the frame itself: Streamlit sends Arrow
    _valid(validator, one | {"datasets": {"table": _json(FRAMES["bars"])}})
    marked = charts.curve(
        FRAMES["curve"], "hours", "rate", "Rate by hours", "Hours", "$/h", marker={"hours": 20}
    )
    assert marked["datasets"]["marker"] == [{"hours": 20}]
    _valid(validator, marked | {"datasets": {"table": _json(FRAMES["curve"]), "marker": []}})


def test_templates_are_built_once_per_kind_and_options():
    charts.bars(FRAMES["bars"], "part", "amount", "A", "$")
    before = charts.bars_template.cache_info()
    charts.bars(FRAMES["bars"], "part", "amount", "B", "$")
    after = charts.bars_template.cache_info()
    assert after.misses == before.misses and after.hits == before.hits + 1


def test_a_filled_chart_never_changes_its_template():
    template = charts.bars_template("part", "amount", "$ per year")
    frozen = json.dumps(template, sort_keys=True)
    charts.bars(FRAMES["bars"], "part", "amount", "Changed title", "$ per year")
    assert json.dumps(template, sort_keys=True) == frozen


def test_long_titles_wrap_instead_of_being_cut():
    spec = charts.timeline(
        pd.DataFrame({"when": pd.to_datetime(["2026-01-01"]), "value": [1.0], "tool": ["x"]}),
        "when",
        "value",
        "tool",
        "Readiness signals in the green, over your saved checks",
        "Signals",
    )
    lines = spec["title"]["text"]
    assert isinstance(lines, list) and all(len(line) <= charts.TITLE_CHARS for line in lines)
    assert " ".join(lines) == "Readiness signals in the green, over your saved checks"


def test_points_for_separate_things_and_percent_axes():
    points = charts.timeline_template("when", "value", "tool", "Score", joined=False)
    assert points["mark"]["type"] == "circle"
    line = charts.timeline_template("when", "value", "tool", "Rate")
    assert line["mark"]["type"] == "line"
    share = charts.timeline_template("when", "value", "tool", "Share", fmt=".0%")
    assert share["encoding"]["y"]["axis"]["format"] == ".0%"


def test_the_schema_check_does_reject_a_broken_spec(validator):
    broken = dict(charts.templates()["bars"]) | {"mark": "no-such-mark"}
    assert list(validator.iter_errors(broken))


def test_a_first_visit_home_page_loads_neither_pandas_nor_altair():
    """The modules a first visit's home page imports leave pandas and Altair for the pages that
    draw something (the cold start of `bench/cold_start.py`)."""
    import subprocess
    import sys

    code = (
        "import sys, ui.charts, ui.shell, ui.nav, gigcore.history; "
        "print(sorted({'pandas', 'altair'} & set(sys.modules)))"
    )
    root = Path(__file__).resolve().parents[1]
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=root, capture_output=True, text=True, check=True
    )
    assert out.stdout.strip() == "[]"
