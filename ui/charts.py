"""Chart builders, one per chart kind, fed with gigcore's numbers.

Each builder returns a Vega-Lite spec (a plain dict, the grammar Altair writes) and `show` draws it.
Writing the spec directly keeps a page's rerun fast: building and checking the same charts through
Altair took most of the rate calculator's rerun time.
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

MONEY = "$,.2f"
GREEN, GREY, RUST, INK = "#1f6f5c", "#aab5b0", "#b54a2c", "#1b1f1d"
STATUS_COLORS = {"green": "#2e8b57", "amber": "#d9962b", "red": "#c0392b"}
Spec = dict


def _values(frame: pd.DataFrame) -> dict:
    """Inline data with dates as ISO text (JSON has no date type)."""
    rows = frame.to_dict("records")
    for row in rows:
        for key, value in row.items():
            if isinstance(value, dt.date | pd.Timestamp):
                row[key] = value.isoformat()
    return {"values": rows}


def _field(name: str, kind: str, **extra) -> dict:
    return {"field": name, "type": kind, **extra}


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
    top = 1.2 * float(frame[value].max() or 1)
    color = (
        {"condition": {"test": f"datum['{muted}']", "value": GREY}, "value": GREEN}
        if muted
        else {"value": GREEN}
    )
    return {
        "title": title,
        "data": _values(frame),
        "height": {"step": 30},
        "encoding": {
            "y": _field(category, "nominal", title=None, sort=None, axis={"labelLimit": 170}),
            "x": _field(
                value,
                "quantitative",
                title=value_title,
                axis={"format": fmt.replace(".2f", ".0f"), "tickCount": 5},
                scale={"domain": [0, top], "nice": False},
            ),
            "tooltip": [_field(category, "nominal"), _field(value, "quantitative", format=fmt)],
        },
        "layer": [
            {"mark": {"type": "bar", "cornerRadiusEnd": 3}, "encoding": {"color": color}},
            {
                "mark": {"type": "text", "align": "left", "dx": 4},
                "encoding": {"text": _field(value, "quantitative", format=fmt)},
            },
        ],
    }


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
    x_enc = _field(x, "quantitative", title=x_title)
    y_enc = _field(y, "quantitative", title=y_title, axis={"format": y_fmt.replace(".2f", ".0f")})
    line = {
        "data": _values(frame),
        "mark": {"type": "line", "strokeWidth": 2.5},
        "encoding": {
            "x": x_enc,
            "y": y_enc,
            "tooltip": [_field(x, "quantitative"), _field(y, "quantitative", format=y_fmt)],
        },
    }
    if series:
        line["encoding"]["color"] = _field(
            series, "nominal", title=None, legend={"orient": "bottom"}
        )
    layers = [line]
    if marker:
        layers.append(
            {
                "data": {"values": [marker]},
                "mark": {"type": "point", "size": 120, "filled": True, "color": RUST},
                "encoding": {
                    "x": _field(x, "quantitative"),
                    "y": _field(y, "quantitative"),
                    "tooltip": [_field(y, "quantitative", format=y_fmt)],
                },
            }
        )
    return {"title": title, "height": 280, "layer": layers}


def timeline(
    frame: pd.DataFrame, when: str, value: str, series: str, title: str, y_title: str
) -> Spec:
    """Points joined by lines over time, one colour per series (history trends)."""
    return {
        "title": title,
        "data": _values(frame),
        "height": 240,
        "mark": {"type": "line", "point": True},
        "encoding": {
            "x": _field(when, "temporal", title=None, axis={"format": "%d %b", "tickCount": 5}),
            "y": _field(value, "quantitative", title=y_title),
            "color": _field(series, "nominal", title=None, legend=None),
            "tooltip": [
                _field(series, "nominal"),
                _field(when, "temporal", format="%Y-%m-%d %H:%M"),
                _field(value, "quantitative", format=",.2f"),
            ],
        },
    }


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
    side = {"condition": {"test": f"datum['{value}'] >= 0", "value": GREEN}, "value": "#b5742c"}
    return {
        "title": title,
        "height": max(80, 44 * len(frame)),
        "layer": [
            {
                "data": _values(frame),
                "mark": {"type": "bar", "cornerRadius": 3},
                "encoding": {
                    "y": _field(
                        category, "nominal", title=None, sort=None, axis={"labelLimit": 160}
                    ),
                    "x": _field(
                        value,
                        "quantitative",
                        scale={"domain": [-limit, limit]},
                        title=f"← {left}  |  {right} →",
                        axis={"values": [-limit, 0, limit], "labelExpr": "abs(datum.value)"},
                    ),
                    "color": side,
                    "tooltip": [
                        _field(category, "nominal"),
                        _field(value, "quantitative", format="+.0f"),
                    ],
                },
            },
            {
                "data": {"values": [{"x": 0}]},
                "mark": {"type": "rule", "color": INK},
                "encoding": {"x": _field("x", "quantitative")},
            },
        ],
    }


def status_stack(frame: pd.DataFrame, when: str, count: str, status: str, title: str) -> Spec:
    """Stacked bars of green/amber/red counts per `when` label, in the data's order."""
    order = list(STATUS_COLORS)
    return {
        "title": title,
        "data": _values(frame),
        "height": 240,
        "transform": [{"calculate": f"indexof({order!r}, datum['{status}'])", "as": "rank"}],
        "mark": "bar",
        "encoding": {
            "x": _field(when, "ordinal", title=None, sort=None, axis={"labelAngle": 0}),
            "y": _field(count, "quantitative", title="Signals", stack="zero"),
            "color": _field(
                status,
                "nominal",
                title=None,
                sort=order,
                legend={"orient": "bottom"},
                scale={"domain": order, "range": list(STATUS_COLORS.values())},
            ),
            "order": _field("rank", "quantitative"),
            "tooltip": [
                _field(when, "ordinal"),
                _field(status, "nominal"),
                _field(count, "quantitative"),
            ],
        },
    }


def show(spec: Spec, **kwargs) -> None:
    """Draw a chart built here, as wide as its column."""
    import streamlit as st

    st.vega_lite_chart(spec, width="stretch", **kwargs)
