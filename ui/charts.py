"""Altair chart builders: one per chart kind, fed with gigcore's numbers."""

from __future__ import annotations

import altair as alt
import pandas as pd

MONEY = "$,.2f"


def bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    value_title: str,
    muted: str | None = None,
    fmt: str = MONEY,
) -> alt.LayerChart:
    """Labelled horizontal bars of `value` per `category`; rows where column `muted` is true
    (reference values) are drawn grey."""
    base = alt.Chart(frame, title=title).encode(
        y=alt.Y(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelLimit=170)),
        x=alt.X(
            f"{value}:Q",
            title=value_title,
            axis=alt.Axis(format=fmt.replace(".2f", ".0f"), tickCount=5),
            scale=alt.Scale(domain=[0, 1.2 * float(frame[value].max() or 1)], nice=False),
        ),
        tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format=fmt)],
    )
    paint = (
        alt.condition(f"datum.{muted}", alt.value("#aab5b0"), alt.value("#1f6f5c"))
        if muted
        else alt.value("#1f6f5c")
    )
    chart = base.mark_bar(cornerRadiusEnd=3).encode(color=paint)
    labels = base.mark_text(align="left", dx=4).encode(text=alt.Text(f"{value}:Q", format=fmt))
    return alt.layer(chart, labels).properties(height=alt.Step(30))


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
) -> alt.LayerChart:
    """A line of `y` against `x` (optionally one per `series`), with an optional marked point."""
    enc = {
        "x": alt.X(f"{x}:Q", title=x_title),
        "y": alt.Y(f"{y}:Q", title=y_title, axis=alt.Axis(format=y_fmt.replace(".2f", ".0f"))),
        "tooltip": [alt.Tooltip(f"{x}:Q"), alt.Tooltip(f"{y}:Q", format=y_fmt)],
    }
    if series:
        enc["color"] = alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom"))
    layers = [alt.Chart(frame, title=title).mark_line(strokeWidth=2.5).encode(**enc)]
    if marker:
        point = pd.DataFrame([marker])
        layers.append(
            alt.Chart(point).mark_point(size=120, filled=True, color="#b54a2c")
            .encode(x=f"{x}:Q", y=f"{y}:Q", tooltip=[alt.Tooltip(f"{y}:Q", format=y_fmt)])
        )
    return alt.layer(*layers).properties(height=280)


def timeline(frame: pd.DataFrame, when: str, value: str, series: str, title: str,
             y_title: str) -> alt.Chart:
    """Points joined by lines over time, one colour per series (history trends)."""
    return (
        alt.Chart(frame, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X(f"{when}:T", title=None),
            y=alt.Y(f"{value}:Q", title=y_title),
            color=alt.Color(f"{series}:N", title=None, legend=alt.Legend(orient="bottom")),
            tooltip=[f"{series}:N", alt.Tooltip(f"{when}:T", format="%Y-%m-%d %H:%M"),
                     alt.Tooltip(f"{value}:Q", format=",.2f")],
        )
        .properties(height=240)
    )


def diverging_bars(
    frame: pd.DataFrame,
    category: str,
    value: str,
    title: str,
    left: str,
    right: str,
    limit: float = 100,
) -> alt.LayerChart:
    """Horizontal bars from a centre line in [-limit, limit]; `left`/`right` name each side."""
    height = max(80, 44 * len(frame))
    scale = alt.Scale(domain=[-limit, limit])
    base = alt.Chart(frame, title=title).encode(
        y=alt.Y(f"{category}:N", title=None, sort=None, axis=alt.Axis(labelLimit=160)),
        x=alt.X(f"{value}:Q", scale=scale, title=f"← {left}  |  {right} →",
                axis=alt.Axis(values=[-limit, 0, limit], labelExpr="abs(datum.value)")),
        tooltip=[alt.Tooltip(f"{category}:N"), alt.Tooltip(f"{value}:Q", format="+.0f")],
    )
    side = alt.condition(f"datum['{value}'] >= 0", alt.value("#1f6f5c"), alt.value("#b5742c"))
    bars_ = base.mark_bar(cornerRadius=3).encode(color=side)
    zero = alt.Chart(pd.DataFrame({"x": [0]})).mark_rule(color="#1b1f1d").encode(x="x:Q")
    return alt.layer(bars_, zero).properties(height=height)


STATUS_COLORS = {"green": "#2e8b57", "amber": "#d9962b", "red": "#c0392b"}


def status_stack(frame: pd.DataFrame, when: str, count: str, status: str,
                 title: str) -> alt.Chart:
    """Stacked bars of green/amber/red counts per `when` label, in the data's order."""
    order = list(STATUS_COLORS)
    return (
        alt.Chart(frame, title=title)
        .transform_calculate(rank=f"indexof({order!r}, datum['{status}'])")
        .mark_bar()
        .encode(
            x=alt.X(f"{when}:O", title=None, sort=None, axis=alt.Axis(labelAngle=0)),
            y=alt.Y(f"{count}:Q", title="Signals", stack="zero"),
            color=alt.Color(
                f"{status}:N",
                title=None,
                sort=order,
                legend=alt.Legend(orient="bottom"),
                scale=alt.Scale(domain=order, range=list(STATUS_COLORS.values())),
            ),
            order=alt.Order("rank:Q"),
            tooltip=[f"{when}:O", f"{status}:N", f"{count}:Q"],
        )
        .properties(height=240)
    )
