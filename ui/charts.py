"""Chart builders, one per chart kind, fed with gigcore's numbers.

Every chart is authored with Altair. Building and compiling an Altair chart costs tens of
milliseconds, so each kind is built once per set of options, as a template over the named
dataset `table` (and `marker` for a curve's marked point), compiled to a Vega-Lite dict and
cached; a rerun only copies that dict and swaps in the title and the data. The spec sent to the
browser is then the same from one rerun to the next whenever the title is, so Streamlit's chart
keeps its view and only its data changes. `TEMPLATES` lists one template of every kind for the
tests, which check each against the Vega-Lite schema that Altair ships.

Altair is imported on first use, so a page without charts (and a cold start) does not pay for it.
"""

from __future__ import annotations

import functools
import textwrap
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # frames come in from the pages; this module never builds one
    import pandas as pd

MONEY = "$,.2f"
GREEN, GREY, RUST, INK, AMBER = "#1f6f5c", "#aab5b0", "#b54a2c", "#1b1f1d", "#b5742c"
STATUS_COLORS = {"green": "#2e8b57", "amber": "#d9962b", "red": "#c0392b"}
DATA, MARKER = "table", "marker"  # the named datasets templates read
TITLE_CHARS = 38  # a title longer than this is wrapped onto lines (a half-width column fits it)
BAR_STEP = 30  # pixels per bar
Spec = dict


def _alt():
    import altair as alt

    return alt


def _axis_format(fmt: str) -> str:
    return fmt.replace(".2f", ".0f")


def _finish(chart, height: int | None = None) -> Spec:
    """Compile a template (no validation at run time: the tests validate every template)."""
    alt = _alt()
    if height is not None:
        chart = chart.properties(height=height)
    chart = chart.properties(autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    chart = chart.configure_title(anchor="start", fontSize=14, limit=0)
    spec = chart.to_dict(validate=False)
    spec.pop("title", None)
    return spec


def _title_lines(title: str) -> str | list[str]:
    """A title on as many lines as it needs, so a narrow column never cuts it off."""
    lines = textwrap.wrap(title, TITLE_CHARS) or [""]
    return lines[0] if len(lines) == 1 else lines


def fill(template: Spec, title: str, **datasets: pd.DataFrame | list[dict]) -> Spec:
    """A chart from its template: the title and the named datasets swapped in."""
    spec = dict(template)
    if title:
        spec["title"] = {"text": _title_lines(title), "anchor": "start"}
    spec["datasets"] = dict(datasets)
    return spec


# -- bars -------------------------------------------------------------------------------------
@functools.cache
def bars_template(
    category: str, value: str, value_title: str, muted: str | None = None, fmt: str = MONEY
) -> Spec:
    alt = _alt()
    base = alt.Chart(alt.NamedData(name=DATA))
    y = alt.Y(field=category, type="nominal", title=None, sort=None, axis=alt.Axis(labelLimit=170))
    x = alt.X(
        field=value,
        type="quantitative",
        title=value_title,
        axis=alt.Axis(format=_axis_format(fmt), tickCount=5),
        scale=alt.Scale(zero=True, nice=False),
    )
    color = (
        alt.condition(f"datum['{muted}']", alt.value(GREY), alt.value(GREEN))
        if muted
        else alt.value(GREEN)
    )
    tooltip = [
        alt.Tooltip(field=category, type="nominal"),
        alt.Tooltip(field=value, type="quantitative", format=fmt),
    ]
    bar = base.mark_bar(cornerRadiusEnd=3).encode(y=y, x=x, color=color, tooltip=tooltip)
    label = base.mark_text(align="left", dx=4, color=INK).encode(
        y=y, x=x, text=alt.Text(field=value, type="quantitative", format=fmt)
    )
    # Room for the labels: an invisible point at 1.2x each value widens the shared x scale.
    room = (
        base.transform_calculate(_room=f"1.2 * datum['{value}']")
        .mark_point(opacity=0)
        .encode(y=y, x=alt.X(field="_room", type="quantitative"))
    )
    return _finish(alt.layer(bar, label, room).properties(height=alt.Step(BAR_STEP)))


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_title: str,
    muted: str | None = None,
    fmt: str = MONEY,
) -> Spec:
    """Labelled horizontal bars of `value` per `category`; rows where column `muted` is true
    (reference values) are drawn grey."""
    return fill(bars_template(category, value, value_title, muted, fmt), title, table=frame)


# -- curve ------------------------------------------------------------------------------------
@functools.cache
def curve_template(
    x: str,
    y: str,
    x_title: str,
    y_title: str,
    series: str | None = None,
    marker: bool = False,
    y_fmt: str = MONEY,
) -> Spec:
    alt = _alt()
    x_enc = alt.X(field=x, type="quantitative", title=x_title)
    y_enc = alt.Y(
        field=y, type="quantitative", title=y_title, axis=alt.Axis(format=_axis_format(y_fmt))
    )
    style = {"strokeWidth": 2.5} if series else {"strokeWidth": 2.5, "color": GREEN}
    line = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_line(**style)
        .encode(
            x=x_enc,
            y=y_enc,
            tooltip=[
                alt.Tooltip(field=x, type="quantitative"),
                alt.Tooltip(field=y, type="quantitative", format=y_fmt),
            ],
        )
    )
    if series:
        line = line.encode(
            color=alt.Color(
                field=series, type="nominal", title=None, legend=alt.Legend(orient="bottom")
            )
        )
    layers = [line]
    if marker:
        layers.append(
            alt.Chart(alt.NamedData(name=MARKER))
            .mark_point(size=120, filled=True, color=RUST, opacity=1)
            .encode(
                x=alt.X(field=x, type="quantitative"),
                y=alt.Y(field=y, type="quantitative"),
                tooltip=[alt.Tooltip(field=y, type="quantitative", format=y_fmt)],
            )
        )
    return _finish(alt.layer(*layers), height=280)


def curve(
    frame: pd.DataFrame,
    x: str,
    y: str,
    title: str,
    x_title: str,
    y_title: str,
    series: str | None = None,
    marker: dict | None = None,
    y_fmt: str = MONEY,
) -> Spec:
    """A line of `y` against `x` (optionally one per `series`), with an optional marked point."""
    template = curve_template(x, y, x_title, y_title, series, marker is not None, y_fmt)
    if marker is None:
        return fill(template, title, table=frame)
    return fill(template, title, table=frame, marker=[marker])


# -- timeline ---------------------------------------------------------------------------------
@functools.cache
def timeline_template(
    when: str, value: str, series: str, y_title: str, joined: bool = True, fmt: str = ",.2f"
) -> Spec:
    """Over time, one colour per series; `joined` draws a line through the points (a trend of
    one thing), otherwise points alone (separate things, such as different gigs)."""
    alt = _alt()
    mark = (
        alt.Chart(alt.NamedData(name=DATA)).mark_line(point=True)
        if joined
        else alt.Chart(alt.NamedData(name=DATA)).mark_circle(size=60, opacity=0.8)
    )
    chart = mark.encode(
        x=alt.X(
            field=when, type="temporal", title=None, axis=alt.Axis(format="%d %b", tickCount=5)
        ),
        y=alt.Y(
            field=value,
            type="quantitative",
            title=y_title,
            axis=alt.Axis(format=fmt.replace(",.2f", ",.0f")),
        ),
        color=alt.Color(field=series, type="nominal", title=None, legend=None),
        tooltip=[
            alt.Tooltip(field=series, type="nominal"),
            alt.Tooltip(field=when, type="temporal", format="%Y-%m-%d %H:%M"),
            alt.Tooltip(field=value, type="quantitative", format=fmt),
        ],
    )
    return _finish(chart, height=240)


def timeline(
    frame: pd.DataFrame,
    when: str,
    value: str,
    series: str,
    title: str,
    y_title: str,
    joined: bool = True,
    fmt: str = ",.2f",
) -> Spec:
    """Points over time, one colour per series, joined by lines only when `joined`."""
    template = timeline_template(when, value, series, y_title, joined, fmt)
    return fill(template, title, table=frame[[when, value, series]])


# -- diverging bars ---------------------------------------------------------------------------
@functools.cache
def diverging_template(category: str, value: str, left: str, right: str, limit: float) -> Spec:
    alt = _alt()
    bars_ = (
        alt.Chart(alt.NamedData(name=DATA))
        .mark_bar(cornerRadius=3)
        .encode(
            y=alt.Y(
                field=category,
                type="nominal",
                title=None,
                sort=None,
                axis=alt.Axis(labelLimit=160),
            ),
            x=alt.X(
                field=value,
                type="quantitative",
                scale=alt.Scale(domain=[-limit, limit]),
                title=f"← {left}  |  {right} →",
                axis=alt.Axis(values=[-limit, 0, limit], labelExpr="abs(datum.value)"),
            ),
            color=alt.condition(f"datum['{value}'] >= 0", alt.value(GREEN), alt.value(AMBER)),
            tooltip=[
                alt.Tooltip(field=category, type="nominal"),
                alt.Tooltip(field=value, type="quantitative", format="+.0f"),
            ],
        )
    )
    centre = alt.Chart().mark_rule(color=INK).encode(x=alt.datum(0))
    return _finish(alt.layer(bars_, centre).properties(height=alt.Step(44)))


def diverging_bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    left: str,
    right: str,
    limit: float = 100,
) -> Spec:
    """Horizontal bars from a centre line in [-limit, limit]; `left`/`right` name each side."""
    return fill(diverging_template(category, value, left, right, limit), title, table=frame)


# -- status stack -----------------------------------------------------------------------------
@functools.cache
def status_template(when: str, count: str, status: str, label_angle: int = 0) -> Spec:
    alt = _alt()
    order = list(STATUS_COLORS)
    chart = (
        alt.Chart(alt.NamedData(name=DATA))
        .transform_calculate(rank=f"indexof({order!r}, datum['{status}'])")
        .mark_bar()
        .encode(
            x=alt.X(
                field=when,
                type="ordinal",
                title=None,
                sort=None,
                axis=alt.Axis(labelAngle=label_angle, labelOverlap=False),
            ),
            y=alt.Y(field=count, type="quantitative", title="Signals", stack="zero"),
            color=alt.Color(
                field=status,
                type="nominal",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=order, range=list(STATUS_COLORS.values())),
            ),
            order=alt.Order(field="rank", type="quantitative"),
            tooltip=[
                alt.Tooltip(field=when, type="ordinal"),
                alt.Tooltip(field=status, type="nominal"),
                alt.Tooltip(field=count, type="quantitative"),
            ],
        )
    )
    return _finish(chart, height=240)


def status_stack(
    frame: pd.DataFrame, when: str, count: str, status: str, title: str, label_angle: int = 0
) -> Spec:
    """Stacked bars of green/amber/red counts per `when` label, in the data's order; every
    label is drawn (turn them by `label_angle` degrees when there are many)."""
    return fill(status_template(when, count, status, label_angle), title, table=frame)


# One template of every kind and option the pages use, for the schema tests.
def templates() -> dict[str, Spec]:
    return {
        "bars": bars_template("part", "amount", "$ per year"),
        "bars_muted": bars_template("path", "per_hour", "$ per hour", muted="reference"),
        "bars_score": bars_template("what", "value", "Score", fmt=".1f"),
        "curve": curve_template("hours", "rate", "Hours", "Rate", marker=True),
        "curve_series": curve_template("hours", "rate", "Hours", "Rate", series="lane"),
        "timeline": timeline_template("when", "value", "tool", "Rate"),
        "timeline_points": timeline_template("when", "value", "tool", "Score", joined=False),
        "timeline_percent": timeline_template("when", "value", "tool", "Share", fmt=".0%"),
        "diverging": diverging_template("axis", "lean", "freelancing", "micro-tasks", 100),
        "status": status_template("saved", "signals", "status"),
        "status_turned": status_template("saved", "signals", "status", label_angle=-90),
    }


def show(spec: Spec, key: str | None = None) -> None:
    """Draw a chart built here, as wide as its column and as tall as its spec."""
    import streamlit as st

    st.vega_lite_chart(spec, width="stretch", key=key)
