"""Switch-readiness: every threshold from both sides, the verdict rule, gaps, plan, bad input."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import replace

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.params import load_params
from gigcore.readiness import (
    CORE,
    PRICE_OPTIONS,
    SIGNAL_IDS,
    VERDICTS,
    ReadinessInputs,
    action_plan,
    check,
    plan_markdown,
    prefill,
    what_if,
)

# Expenses of $1,000 a month keep the arithmetic readable. Everything green:
# coverage 1000/1000 = 100%, runway 10000/1000 = 10 months, 25 h/week, 3 repeat clients,
# biggest client 20%, price rise held, productized offer.
ALL_GREEN = ReadinessInputs(
    monthly_revenue=[1000, 1000, 1000],
    monthly_expenses=1000,
    savings=10_000,
    billable_hours_per_week=25,
    repeat_clients=3,
    largest_client_share=0.20,
    price_increase="held",
    productized_offer=True,
)


def status_of(signal_id: str, **changes) -> str:
    return check(replace(ALL_GREEN, **changes)).signal(signal_id).status


# (signal, change to ALL_GREEN, expected status, arithmetic)
THRESHOLD_CASES = [
    ("revenue_coverage", {"monthly_revenue": [800, 800, 800]}, "green", "800/1000 = 80%: green"),
    ("revenue_coverage", {"monthly_revenue": [700, 800, 900]}, "green", "avg 800 = 80%"),
    ("revenue_coverage", {"monthly_revenue": [0, 0, 2400]}, "green", "avg 2400/3 = 800"),
    ("revenue_coverage", {"monthly_revenue": [799.99] * 3}, "amber", "79.999% < 80%"),
    ("revenue_coverage", {"monthly_revenue": [600, 600, 600]}, "amber", "60% inclusive amber"),
    ("revenue_coverage", {"monthly_revenue": [599.99] * 3}, "red", "59.999% < 60%"),
    ("revenue_coverage", {"monthly_revenue": [0, 0, 0]}, "red", "0%"),
    ("runway", {"savings": 6000}, "green", "6000/1000 = 6 months"),
    ("runway", {"savings": 5999}, "amber", "5.999 months"),
    ("runway", {"savings": 3000}, "amber", "3 months inclusive amber"),
    ("runway", {"savings": 2999}, "red", "2.999 months"),
    ("runway", {"savings": 0}, "red", "0 months"),
    ("utilization", {"billable_hours_per_week": 20}, "green", "20 h"),
    ("utilization", {"billable_hours_per_week": 19.9}, "amber", "19.9 h"),
    ("utilization", {"billable_hours_per_week": 10}, "amber", "10 h inclusive amber"),
    ("utilization", {"billable_hours_per_week": 9.9}, "red", "9.9 h"),
    ("repeat_clients", {"repeat_clients": 2}, "green", ">= 2"),
    ("repeat_clients", {"repeat_clients": 1}, "amber", "1"),
    ("repeat_clients", {"repeat_clients": 0}, "red", "0"),
    ("client_concentration", {"largest_client_share": 0.2499}, "green", "24.99% < 25%"),
    ("client_concentration", {"largest_client_share": 0.25}, "amber", "25% is not < 25%"),
    ("client_concentration", {"largest_client_share": 0.40}, "amber", "40% inclusive amber"),
    ("client_concentration", {"largest_client_share": 0.4001}, "red", "40.01% > 40%"),
    ("client_concentration", {"largest_client_share": 1.0}, "red", "one client only"),
    ("client_concentration", {"largest_client_share": 0.0}, "green", "0%"),
    ("pricing_power", {"price_increase": "held"}, "green", "held"),
    ("pricing_power", {"price_increase": "not_tried"}, "amber", "not tried"),
    ("pricing_power", {"price_increase": "lost_clients"}, "red", "lost clients"),
    ("productized_offer", {"productized_offer": True}, "green", "yes"),
    ("productized_offer", {"productized_offer": False}, "amber", "no"),
]


@pytest.mark.parametrize(("signal_id", "changes", "expected", "why"), THRESHOLD_CASES)
def test_status_at_and_around_each_threshold(signal_id, changes, expected, why):
    assert status_of(signal_id, **changes) == expected, why


def test_float_dust_does_not_move_a_boundary():
    # 2400.1 + 2399.9 + 2400 = 7200 (up to float rounding); 7200/3 / 3000 = 80% exactly: green.
    inputs = replace(ALL_GREEN, monthly_revenue=[2400.1, 2399.9, 2400], monthly_expenses=3000)
    inputs = replace(inputs, savings=30_000)
    assert check(inputs).signal("revenue_coverage").status == "green"
    # 0.1 + 0.2 = 0.30000000000000004 months of expenses below 6: savings 6 * 0.3 = 1.8.
    assert status_of("runway", monthly_expenses=0.1 + 0.2, savings=1.8) == "green"


VERDICT_CASES = [
    ({}, "ready", "all green"),
    ({"monthly_revenue": [500] * 3}, "not_yet", "coverage 50% red (core)"),
    ({"savings": 2000}, "not_yet", "runway 2 months red (core)"),
    ({"billable_hours_per_week": 5}, "not_yet", "5 h red (core)"),
    ({"savings": 4000}, "almost", "runway 4 months amber: core not all green"),
    ({"monthly_revenue": [700] * 3}, "almost", "coverage 70% amber"),
    ({"billable_hours_per_week": 15}, "almost", "15 h amber"),
    ({"repeat_clients": 0}, "almost", "core green but a non-core signal red"),
    ({"largest_client_share": 0.6}, "almost", "concentration red"),
    ({"price_increase": "lost_clients"}, "almost", "pricing red"),
    ({"productized_offer": False}, "ready", "amber non-core does not block ready"),
    (
        {"repeat_clients": 1, "largest_client_share": 0.3, "price_increase": "not_tried"},
        "ready",
        "core green, non-core all amber: ready",
    ),
    ({"savings": 1000, "repeat_clients": 0}, "not_yet", "core red wins over everything"),
]


@pytest.mark.parametrize(("changes", "expected", "why"), VERDICT_CASES)
def test_verdict_rule(changes, expected, why):
    assert check(replace(ALL_GREEN, **changes)).verdict == expected, why


def test_design_example():
    # avg (2400 + 2900 + 3100) / 3 = 2800; 2800 / 3000 = 93% green; runway 12000/3000 = 4 amber;
    # 22 h green; 2 repeat green; 35% amber; held green; productized green -> almost.
    k = check(ReadinessInputs([2400, 2900, 3100], 3000, 12_000, 22, 2, 0.35, "held", True))
    assert k.verdict == "almost"
    assert [s.id for s in k.signals] == list(SIGNAL_IDS)
    assert {s.id: s.status for s in k.signals} == {
        "revenue_coverage": "green",
        "runway": "amber",
        "utilization": "green",
        "repeat_clients": "green",
        "client_concentration": "amber",
        "pricing_power": "green",
        "productized_offer": "green",
    }
    runway = k.signal("runway")
    assert runway.value == pytest.approx(4.0)
    # 6 - 4 = 2.0 months; 2 * 3000 = $6,000.
    assert runway.gap == "2.0 more months of savings ($6,000)"
    assert k.next_verdict == "ready"
    assert k.next_steps == ["Savings runway: 2.0 more months of savings ($6,000)"]


def test_gaps_name_amber_and_green_amounts_when_red():
    # avg 1780 of 3000 = 59.3% red; amber at 0.6 * 3000 = 1800 -> $20; green 2400 -> $620.
    k = check(replace(ALL_GREEN, monthly_revenue=[1780] * 3, monthly_expenses=3000, savings=30_000))
    s = k.signal("revenue_coverage")
    assert s.status == "red"
    assert "$20 more average monthly revenue" in s.gap
    assert "$620 more average monthly revenue" in s.gap
    assert k.verdict == "not_yet"
    assert k.next_steps == [
        "Revenue coverage: $20 more average monthly revenue (to 60% of expenses)"
    ]


def test_green_signal_has_no_gap_but_says_how_to_keep_it():
    for s in check(ALL_GREEN).signals:
        assert s.gap == "" and s.flip and s.title


def test_revenue_gap_is_the_exact_dollar_that_flips_it():
    # avg (2000 + 2200 + 2200) / 3 = 2133.33; green needs 2400 -> 266.67, rounded up to $267.
    base = replace(
        ALL_GREEN, monthly_revenue=[2000, 2200, 2200], monthly_expenses=3000, savings=30_000
    )
    assert check(base).signal("revenue_coverage").gap.startswith("$267 more")
    assert what_if(base, extra_revenue=267).after.signal("revenue_coverage").status == "green"
    assert what_if(base, extra_revenue=266).after.signal("revenue_coverage").status == "amber"


def test_hours_and_repeat_gaps():
    # 8 h: amber at 10 -> 2 more; green at 20 -> 12 more.
    k = check(replace(ALL_GREEN, billable_hours_per_week=8, repeat_clients=0))
    assert k.signal("utilization").gap == (
        "2 more billable hours a week for amber; 12 more billable hours a week for green"
    )
    assert k.signal("repeat_clients").gap == (
        "1 more repeat or referral client for amber; 2 more repeat or referral clients for green"
    )
    assert what_if(replace(ALL_GREEN, billable_hours_per_week=8), extra_hours=12).after.verdict == (
        "ready"
    )


def test_concentration_gap_in_other_clients_revenue():
    # avg 2800, biggest client 35% = $980. Under 25% needs 980 / (2800 + X) < 0.25,
    # X > 1120, so $1,121. At X = 1120 the share is 980 / 3920 = 25% exactly: still amber.
    base = ReadinessInputs([2800] * 3, 3000, 30_000, 22, 2, 0.35, "held", True)
    assert (
        "about $1,121 more a month from other clients"
        in check(base).signal("client_concentration").gap
    )
    green = replace(base, monthly_revenue=[3921] * 3, largest_client_share=980 / 3921)
    amber = replace(base, monthly_revenue=[3920] * 3, largest_client_share=980 / 3920)
    assert check(green).signal("client_concentration").status == "green"
    assert check(amber).signal("client_concentration").status == "amber"
    # red at 50% of 1500 = 750: at most 40% needs 750 / (1500 + X) <= 0.4 -> X >= 375.
    red = check(replace(base, monthly_revenue=[1500] * 3, largest_client_share=0.5))
    assert (
        "about $375 more a month from other clients for amber"
        in red.signal("client_concentration").gap
    )


BAD_INPUTS = [
    ({"monthly_expenses": 0}, "monthly expenses must be above 0"),
    ({"monthly_expenses": -10}, "monthly expenses must be above 0"),
    ({"monthly_revenue": [100, -1, 100]}, "revenue of month 2 cannot be below 0"),
    ({"monthly_revenue": [100, 100]}, "exactly 3 months"),
    ({"monthly_revenue": [1, 2, 3, 4]}, "exactly 3 months"),
    ({"monthly_revenue": "100"}, "list of the last 3 months"),
    ({"monthly_revenue": [100, math.nan, 100]}, "finite"),
    ({"savings": -5}, "savings cannot be below 0"),
    ({"savings": math.inf}, "finite"),
    ({"largest_client_share": 35}, "0.35 means 35%"),
    ({"largest_client_share": 1.2}, "between 0 and 1"),
    ({"largest_client_share": -0.1}, "cannot be below 0"),
    ({"price_increase": "maybe"}, "price increase must be one of held, not_tried, lost_clients"),
    ({"repeat_clients": 1.5}, "whole number"),
    ({"billable_hours_per_week": 200}, "cannot be above 168"),
    ({"productized_offer": "yes"}, "True \\(yes\\) or False \\(no\\)"),
]


@pytest.mark.parametrize(("changes", "message"), BAD_INPUTS)
def test_bad_input_raises_a_clear_value_error(changes, message):
    with pytest.raises(ValueError, match=message):
        check(replace(ALL_GREEN, **changes))


def test_plan_is_dated_from_the_start_day():
    k = check(replace(ALL_GREEN, savings=1000, productized_offer=False, price_increase="not_tried"))
    assert k.verdict == "not_yet"
    plan = action_plan(k, dt.date(2026, 12, 1))
    by_id = {s.id: s for s in plan}
    # productize days 0-6, systemize days 7-13, sprint weeks from day 14, recheck on day 14+42.
    assert (by_id["productize"].start, by_id["productize"].due) == (
        dt.date(2026, 12, 1),
        dt.date(2026, 12, 7),
    )
    assert by_id["systemize"].start == dt.date(2026, 12, 8)
    assert by_id["sprint_1"].start == dt.date(2026, 12, 15)
    assert by_id["sprint_6"].due == dt.date(2027, 1, 25)
    assert by_id["recheck"].start == dt.date(2027, 1, 26)
    assert [f"sprint_{w}" in by_id for w in range(1, 7)] == [True] * 6
    # savings 1000 of 1000/month: green at 6 months needs $5,000 more.
    assert "5.0 more months of savings ($5,000)" in by_id["runway"].detail
    assert "10 pitches" in by_id["sprint_1"].detail
    assert "price" in by_id
    assert [s.start for s in plan] == sorted(s.start for s in plan)


def test_plan_skips_what_is_already_green_and_is_empty_when_ready():
    almost = check(replace(ALL_GREEN, savings=4000))
    ids = {s.id for s in action_plan(almost, dt.date(2026, 1, 1))}
    assert "productize" not in ids and "price" not in ids and "runway" in ids
    assert action_plan(check(ALL_GREEN), dt.date(2026, 1, 1)) == []


def test_what_if_lists_moved_signals():
    w = what_if(replace(ALL_GREEN, savings=4000), extra_savings=2000)
    # 4000 + 2000 = 6000 = 6 months: amber -> green, verdict almost -> ready.
    assert w.moved == [("runway", "amber", "green")]
    assert w.flips_verdict and w.after.verdict == "ready"


def test_thresholds_are_sourced_data_in_a_sane_order():
    p = load_params("readiness")
    for sid in ("revenue_coverage", "runway", "utilization", "repeat_clients"):
        assert p[f"{sid}_green"].value > p[f"{sid}_amber"].value
    assert p["client_concentration_green"].value < p["client_concentration_amber"].value
    for param in p.values():
        assert param.source and param.as_of
        if param.name.endswith(("_green", "_amber")):
            assert param.min is not None and param.max is not None


money = st.floats(0, 50_000, allow_nan=False)
inputs_strategy = st.builds(
    ReadinessInputs,
    monthly_revenue=st.lists(money, min_size=3, max_size=3),
    monthly_expenses=st.floats(1, 20_000),
    savings=money,
    billable_hours_per_week=st.floats(0, 80),
    repeat_clients=st.integers(0, 10),
    largest_client_share=st.floats(0, 1),
    price_increase=st.sampled_from(PRICE_OPTIONS),
    productized_offer=st.booleans(),
)
RANK = {"red": 0, "amber": 1, "green": 2}
VERDICT_RANK = {"not_yet": 0, "almost": 1, "ready": 2}


@settings(max_examples=150, deadline=None)
@given(inputs_strategy, st.floats(0, 100_000))
def test_more_savings_never_worsens_runway_or_verdict(inputs, extra):
    w = what_if(inputs, extra_savings=extra)
    assert RANK[w.after.signal("runway").status] >= RANK[w.before.signal("runway").status]
    assert VERDICT_RANK[w.after.verdict] >= VERDICT_RANK[w.before.verdict]


@settings(max_examples=150, deadline=None)
@given(inputs_strategy)
def test_every_signal_is_consistent(inputs):
    k = check(inputs)
    assert [s.id for s in k.signals] == list(SIGNAL_IDS)
    for s in k.signals:
        assert s.status in RANK
        assert (s.gap == "") == (s.status == "green")
        assert (s.to_amber != "") == (
            s.status == "red" and s.id not in ("pricing_power", "productized_offer")
        )
    assert k.verdict in VERDICTS
    core_red = any(k.signal(c).status == "red" for c in CORE)
    assert (k.verdict == "not_yet") == core_red
    assert (k.verdict == "ready") == (
        all(k.signal(c).status == "green" for c in CORE)
        and all(s.status != "red" for s in k.signals)
    )


def test_prefill_prefers_the_log_then_the_saved_check_then_the_example():
    example = prefill(None)
    assert example.values["monthly_revenue"] == [2400, 2900, 3100]
    assert set(example.sources.values()) == {"example numbers: replace them with yours"}
    saved = {**ALL_GREEN.as_dict(), "savings": 7777.0}
    merged = prefill(saved, "2026-11-01", [("Aug", None), ("Sep", 500.0), ("Oct", 0.0)], 12.345)
    # Sep and Oct come from the log (0 earned is still data); Aug keeps the saved 1000.
    assert merged.values["monthly_revenue"] == [1000.0, 500.0, 0.0]
    assert merged.values["billable_hours_per_week"] == 12.3
    assert merged.values["savings"] == 7777.0
    assert "experiment log for Sep, Oct" in merged.sources["monthly_revenue"]
    assert "last saved check (2026-11-01)" in merged.sources["monthly_revenue"]
    assert merged.sources["savings"] == "your last saved check (2026-11-01)"
    broken = prefill({**saved, "price_increase": "maybe"}, "2026-11-01")
    assert broken.values == example.values  # an unusable saved check falls back to the example
    untouched = prefill(saved, "", [("Aug", None), ("Sep", None), ("Oct", None)], None)
    assert untouched.values["monthly_revenue"] == [1000, 1000, 1000]


def test_record_and_plan_markdown():
    k = check(replace(ALL_GREEN, savings=4000, productized_offer=False))
    rec = k.record()
    # runway 4 months amber, productized no amber, five others green.
    assert (rec["green_signals"], rec["amber_signals"], rec["red_signals"]) == (5, 2, 0)
    assert rec["verdict"] == "almost" and rec["signals"]["runway"]["status"] == "amber"
    text = plan_markdown(action_plan(k, dt.date(2026, 12, 1)), k.title)
    assert text.startswith("# My switching plan (readiness today: Almost)")
    assert "- [ ] **Productize one service** (Tue 01 Dec 2026 to Mon 07 Dec 2026)" in text


@pytest.mark.parametrize("huge", [2e15, 1e308])
def test_amounts_above_the_documented_maximum_are_refused(huge):
    base = ReadinessInputs([2400, 2900, 3100], 3000, 12000, 22, 2, 0.35, "held", True)
    for field, message in (
        ("monthly_expenses", "monthly expenses cannot be above 10,000,000"),
        ("savings", "savings cannot be above 10,000,000,000"),
        ("monthly_revenue", "revenue of month 1 cannot be above 10,000,000"),
    ):
        value = [huge, 1, 1] if field == "monthly_revenue" else huge
        with pytest.raises(ValueError, match=message):
            check(replace(base, **{field: value}))
    with pytest.raises(ValueError, match="finite number"):  # not an OverflowError
        check(replace(base, monthly_expenses=10**400))


def test_errors_name_the_month_as_the_form_shows_it():
    base = ReadinessInputs([2400, -5, 3100], 3000, 12000, 22, 2, 0.35, "held", True)
    with pytest.raises(ValueError, match="revenue of Sep 2026 cannot be below 0"):
        check(replace(base, month_labels=["Aug 2026", "Sep 2026", "Oct 2026"]))
    assert "month_labels" not in replace(base, monthly_revenue=[1, 2, 3]).as_dict()


def test_what_if_ranges_keep_the_changed_inputs_valid():
    from gigcore.readiness import what_if_ranges

    base = ReadinessInputs([2400, 2900, 3100], 10_000_000, 9_999_000_000, 150, 2, 0.35,
                           "held", True)  # fmt: skip
    top = what_if_ranges(base)
    assert top.extra_savings == 1_000_000 and top.extra_hours == 18
    assert what_if(base, top.extra_revenue, top.extra_savings, top.extra_hours).after
    small = what_if_ranges(ReadinessInputs([0, 0, 0], 3000, 0, 0, 0, 0, "held", False))
    assert (small.extra_revenue, small.extra_savings, small.extra_hours) == (6000, 24000, 40)
