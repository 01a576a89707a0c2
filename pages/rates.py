"""Rate calculator: freelance break-even, micro-task effective rate, and the two side by side."""

import pandas as pd
import streamlit as st

from gigcore.checks import limit
from gigcore.params import load_params
from gigcore.rates import (
    HOURS_PER_WEEK_MAX,
    HOURS_RANGE,
    SHARE_MAX,
    WEEKS_OFF_MAX,
    FreelanceInputs,
    MicrotaskInputs,
    calculate,
    scenario_rows,
)
from gigcore.tax import (
    FILING_STATUS_LABELS,
    FILING_STATUSES,
    quarterly_schedule,
    state_rate_max,
)
from ui import charts, urlstate
from ui.session import guard, profile, save, store
from ui.shell import hold_widget_values, remember_widget_values
from ui.text import md

P = load_params("rates")
prefill = st.session_state.get("prefill_rates", {})
prefill_sources = st.session_state.get("prefill_sources", {})  # where each prefill came from
EXAMPLE = {"target_net_income": 40_000.0, "annual_expenses": 3_000.0}  # examples, said so
PREFILL_NAMES = {"hours_per_week": "Working hours per week", "weeks_off": "Weeks off"}
MODELS = {"us_2026": "United States, 2026", "flat": "Another country: a flat rate"}
YEAR_MAX = limit("money_per_year_max")  # every amount field stops where the core does
SHARE_HI = round(100 * SHARE_MAX)  # shares stop at 99%: 100% leaves nothing to bill or keep


def pct(label: str, key: str, default: float, help: str, hi: int = SHARE_HI) -> float:
    """A 0-99% slider returned as a fraction."""
    start = min(round(100 * prefill.get(key, default)), hi)
    return st.slider(label, 0, hi, start, format="%d%%", help=help, key=f"rates_{key}") / 100


URL_INPUTS = {  # kept in the URL, so a reload keeps them and a link shares the scenario
    "rates_target": (0.0, YEAR_MAX),
    "rates_expenses": (0.0, YEAR_MAX),
    "rates_hours": HOURS_RANGE,
    "rates_weeks_off": (0, WEEKS_OFF_MAX),
    **{
        f"rates_{k}": (0, SHARE_HI)
        for k in (
            "non_billable_share",
            "platform_fee",
            "income_tax_rate",
            "unpaid_share",
            "rejection_rate",
            "micro_fee",
        )
    },
    "rates_margin": (0, 50),
    "rates_tax_model": tuple(MODELS),
    "rates_filing_status": tuple(FILING_STATUSES),
    **dict.fromkeys(("rates_wages", "rates_health", "rates_retirement"), (0.0, YEAR_MAX)),
    "rates_state": (0.0, 100 * state_rate_max()),
    "rates_sstb": bool,
    "rates_se": bool,
    "rates_pay": (0.0, limit("pay_per_task_max")),
    "rates_minutes": (0.1, limit("minutes_per_task_max")),
    "rates_daily": (0.0, YEAR_MAX),
}
urlstate.restore(URL_INPUTS)

st.title("Rate calculator")
st.write(
    "What hourly rate do you need to bill as a freelancer to keep your target after tax, fees "
    "and costs, and what do micro-tasks really pay once the unpaid time is counted? Move the "
    "inputs and watch the numbers change."
)


DETAILS = (  # the sections below the numbers, one shown at a time
    "Where the money goes",
    "Tax to set aside",
    "What moves your rate",
    "Micro-tasks or freelance",
)


def money_view(q, model: str) -> None:
    """Where each year's billing goes; under the US model the return, line by line, on demand."""
    parts = [
        ("Take-home", q.take_home),
        ("Federal income tax", q.income_tax)
        if model == "us_2026"
        else ("Income tax", q.income_tax),
        ("Self-employment tax", q.se_tax),
        ("Additional Medicare Tax", q.additional_medicare_tax),
        ("State income tax", q.state_tax),
        ("Health premiums", q.health_insurance),
        ("Retirement saving", q.retirement),
        ("Business costs", q.expenses),
        ("Platform fees", q.platform_fees),
    ]
    money = pd.DataFrame(
        [
            (f"{name} ({amount / q.gross_revenue:.0%})", amount)
            for name, amount in parts
            if amount > 0.005 or name == "Take-home"
        ],
        columns=["part", "amount"],
    )
    charts.show(
        charts.bars(
            money,
            "part",
            "amount",
            "Where each year's billing goes",  # a fixed title: the chart keeps its view
            "$ per year",
            fmt="$,.0f",
        )
    )
    if q.bill is None:
        return
    bill = q.bill
    # on demand: the table is built and sent only while the expander is open
    full_return = st.expander(
        "Your 2026 federal return, line by line", key="rates_return", on_change="rerun"
    )
    if not full_return.open:
        return
    with full_return:
        lines = [
            ("Schedule C profit", bill.household.se_profit),
            ("Net earnings from self-employment (92.35%)", bill.net_earnings),
            ("Self-employment tax (Schedule SE)", bill.se_tax),
            ("Additional Medicare Tax (Form 8959)", bill.additional_medicare_tax),
            ("Deductible half of SE tax", -bill.se_tax_deduction),
            ("Self-employed health insurance deduction", -bill.health_insurance_deduction),
            ("Retirement plan deduction", -bill.retirement_deduction),
            ("Adjusted gross income (with any wages)", bill.agi),
            ("Standard deduction", -bill.standard_deduction),
            ("Qualified business income", bill.qualified_business_income),
            ("QBI deduction (section 199A)", -bill.qbi_deduction),
            ("Taxable income", bill.taxable_income),
            (f"Income tax before credits (top bracket {bill.top_rate:.0%})", bill.income_tax),
            ("State income tax", bill.state_tax),
            ("All taxes on the return", bill.total),
        ]
        st.dataframe(
            pd.DataFrame(
                [(name, f"-${-v:,.2f}" if v < 0 else f"${v:,.2f}") for name, v in lines],
                columns=["line", "amount"],
            ),
            hide_index=True,
            width="stretch",
        )
        if bill.household.wages:
            st.caption(
                "The return includes your wages; the chart above charges the business only "
                "the tax it adds to what the wages alone would owe."
            )


def tax_view(q, plan) -> None:
    """What to set aside from each payout; under the US model the quarterly schedule."""
    st.markdown(
        md(
            f"Put **{q.set_aside_share:.1%} of every payout** aside for tax: "
            f"${q.taxes:,.0f} of the ${q.gross_revenue - q.platform_fees:,.0f} a year you are paid "
            "after platform fees."
        )
    )
    if plan is not None:
        st.markdown("**Estimated tax for 2026, paid each quarter**")
        last_col, agi_col = st.columns(2)
        last_tax = last_col.number_input(
            "Last year's total tax ($, 2025 Form 1040 line 24), optional",
            value=0.0,
            min_value=0.0,
            max_value=YEAR_MAX,
            step=500.0,
            key="rates_last_tax",
            help="For the safe harbor: paying 100% of it (110% above $150,000 of AGI) avoids the "
            "penalty. Leave at 0 if you did not file or do not know.",
        )
        last_agi = agi_col.number_input(
            "Last year's AGI ($, line 11)",
            value=0.0,
            min_value=0.0,
            max_value=YEAR_MAX,
            step=1_000.0,
            key="rates_last_agi",
        )
        if last_tax:
            plan = guard(quarterly_schedule, q.bill, plan.withholding, last_tax, last_agi) or plan
        table = pd.DataFrame(
            [
                (
                    f"{i.due:%b %d, %Y}",
                    f"${i.amount:,.2f}",
                    f"${i.safe_harbor:,.2f}",
                    i.period,
                )
                for i in plan.installments
            ],
            columns=["Due", "Pay (whole tax)", "Safe-harbor minimum", "Covers"],
        )
        st.dataframe(table, hide_index=True, width="stretch")
        withheld = (
            f" Your wages are assumed to have ${plan.withholding:,.0f} withheld, the tax on them "
            "alone."
            if plan.withholding
            else ""
        )
        st.caption(md(plan.rule + withheld))
        if plan.state_tax:
            st.caption(
                md(
                    f"State income tax (${q.state_tax:,.0f} a year from the business) is paid to "
                    "your state on its own schedule."
                )
            )
        csv_col, md_col = st.columns(2)  # keys outside "rates_": the shell writes those back
        csv_col.download_button(
            "Download the schedule (CSV)",
            plan.to_csv(),
            file_name="estimated-tax-2026.csv",
            mime="text/csv",
            key="taxplan_csv",
        )
        md_col.download_button(
            "Download the schedule (Markdown)",
            plan.to_markdown(),
            file_name="estimated-tax-2026.md",
            mime="text/markdown",
            key="taxplan_md",
        )
    else:
        st.caption(
            "Pay it to your tax office on its own schedule. Under the United States model this "
            "section has the 2026 quarterly schedule."
        )


def drivers_view(result, hours: float) -> None:
    """The break-even rate by working hours, and which input moves it most."""
    q = result.quote
    curve_col, sens_col = st.columns(2, gap="large")
    with curve_col:
        curve = pd.DataFrame(result.curve, columns=["hours", "rate"])
        charts.show(
            charts.curve(
                curve,
                "hours",
                "rate",
                "Break-even rate by working hours per week",
                "Working hours per week",
                "Break-even $/h",
                marker={"hours": hours, "rate": q.hourly_rate},
            )
        )
    with sens_col:
        sens = pd.DataFrame(
            [
                (s.label, s.swing, f"{s.low_value:,.2f} to {s.high_value:,.2f}")
                for s in result.sensitivity
                if s.low_value != s.high_value  # an input at 0 has no 10% to move by
            ],
            columns=["input", "swing", "range"],
        )
        step = P["sensitivity_step"].value
        charts.show(
            charts.bars(
                sens,
                "input",
                "swing",
                "Which input moves your rate most",
                f"$/h spread (±{step:.0%}, shares ±{100 * step:.0f} pts)",
            )
        )
        for s in result.sensitivity:
            if s.problem:
                st.caption(md(f"{s.label}: part of its range cannot be computed ({s.problem})."))


def paths_view(result, model: str, target: float, weeks_off: float, daily: float) -> None:
    """Freelancing and micro-tasks per hour of all working time, before and after tax."""
    q, c = result.quote, result.comparison
    after = pd.DataFrame(
        [
            ("Freelance at break-even: you keep", max(0.0, c.freelance_after_tax_per_hour)),
            ("Micro-tasks: you keep", max(0.0, c.micro_after_tax_per_hour)),
        ],
        columns=["path", "per_hour"],
    )
    both_after, both_before = st.columns(2, gap="large")
    with both_after:
        charts.show(
            charts.bars(
                after,
                "path",
                "per_hour",
                "After tax, per hour of all working time",
                "$ kept per hour worked",
            )
        )
        who = "the same household and tax" if model == "us_2026" else "the same tax rate"
        extra = " (premiums and retirement saving paid from it too)" if model == "us_2026" else ""
        st.caption(
            md(
                "Micro-task pay is self-employment income too: a year of micro-tasks over the "
                f"same {q.working_hours:,.0f} working hours keeps "
                f"${c.micro_after_tax_per_hour:,.2f}/h under {who}{extra}."
            )
        )
    with both_before:
        paths = pd.DataFrame(
            [
                ("Freelance: you need", c.freelance_needed_per_hour, False),
                ("Micro-tasks: you get", c.micro_per_hour, False),
                *[
                    (P[k].title, P[k].value, True)
                    for k in (
                        "prolific_recommended",
                        "prolific_minimum",
                        "federal_minimum_wage",
                        "median_wage_unpaid_counted",
                    )
                ],
            ],
            columns=["path", "per_hour", "reference"],
        )
        charts.show(
            charts.bars(
                paths,
                "path",
                "per_hour",
                "Before tax, per hour of all working time",
                "$ per hour worked (billable or not)",
                muted="reference",
            )
        )
        st.caption("Grey: reference rates, with their sources in the app's data files.")
    hours_text = (
        "can never reach it (they pay nothing)"
        if c.micro_hours_per_week_for_target is None
        else f"would need **{c.micro_hours_per_week_for_target:,.0f} hours a week**"
        + (
            f", more than the {HOURS_PER_WEEK_MAX} hours a week has: out of reach"
            if c.micro_hours_per_week_for_target > HOURS_PER_WEEK_MAX
            else ""
        )
    )
    st.markdown(
        md(
            f"To keep ${target:,.0f} a year, freelancing needs "
            f"${c.freelance_needed_per_hour:,.2f} of pre-tax profit per hour worked. At "
            f"${c.micro_per_hour:,.2f}/h, micro-tasks {hours_text} over the same "
            f"{52 - weeks_off} working weeks."
        )
    )
    if result.tasks_per_day is not None:
        st.markdown(
            md(
                f"For ${daily:,.0f} a day from micro-tasks: **{result.tasks_per_day:,.0f} tasks** "
                f"(about {result.micro_hours_per_day:,.1f} hours including unpaid time)."
            )
        )


LAST = "_rates_last_scenario"  # the calculator's latest numbers (None while an input is refused)
HOUSEHOLD_DEFAULTS = dict(  # the US household of a first visit (the inputs' own defaults)
    filing_status="single",
    wages=0.0,
    health_insurance=0.0,
    retirement=0.0,
    state_income_tax_rate=0.0,
    specified_service=False,
)
HOUSEHOLD_KEYS = {  # widget key -> household field (the state rate's widget is in percent)
    "rates_filing_status": "filing_status",
    "rates_wages": "wages",
    "rates_health": "health_insurance",
    "rates_retirement": "retirement",
    "rates_state": "state_income_tax_rate",
    "rates_sstb": "specified_service",
}

HELD = ("rates_last_tax", "rates_last_agi")  # drawn only while the tax section is shown
LIVE = (  # the calculator fragment's own inputs (the typed amounts are drawn outside it)
    *(f"rates_{k}" for k in ("hours", "weeks_off", "margin", "se", "details", "return")),
    *(f"rates_{k}" for k in ("non_billable_share", "platform_fee", "income_tax_rate")),
    *(f"rates_{k}" for k in ("unpaid_share", "rejection_rate", "micro_fee")),
    *HELD,
)


def household_now() -> dict:
    """The household as its inputs last left it (the defaults where never set)."""
    us = dict(HOUSEHOLD_DEFAULTS)
    for key, field in HOUSEHOLD_KEYS.items():
        if key in st.session_state:
            value = st.session_state[key]
            us[field] = value / 100 if key == "rates_state" else value
    return us


def household_summary(us: dict) -> str:
    """The household in a few words, for the line above its (closed) inputs."""

    def money(value: float, what: str) -> str:
        return f"${value:,.0f} {what}" if value else f"no {what}"

    parts = [
        FILING_STATUS_LABELS[us["filing_status"]].lower(),
        money(us["wages"], "other wages"),
        money(us["health_insurance"], "health premiums"),
        money(us["retirement"], "retirement saving"),
        f"{us['state_income_tax_rate']:.1%} state income tax"
        if us["state_income_tax_rate"]
        else "no state income tax",
    ]
    if us["specified_service"]:
        parts.append("a specified service")
    return "Your household: " + ", ".join(parts) + "."


def household_inputs() -> dict:
    """The US household: a line that says what it is now, and its inputs on demand (drawn only
    while their expander is open; their values are kept meanwhile)."""
    us = household_now()
    st.caption(
        "The 2026 federal return: self-employment tax, Additional Medicare Tax, the QBI "
        "deduction, the standard deduction and the brackets (before credits), from "
        "Rev. Proc. 2025-32 and the SSA; plus a flat state rate. " + md(household_summary(us))
    )
    box = st.expander(
        "Change the household: filing status, wages, premiums, retirement, state tax",
        key="rates_household",
        on_change="rerun",
    )
    if not box.open:
        return us
    with box:
        status_col, wages_col = st.columns(2)
        us["filing_status"] = status_col.selectbox(
            "Filing status",
            FILING_STATUSES,
            format_func=FILING_STATUS_LABELS.get,
            key="rates_filing_status",
        )
        us["wages"] = wages_col.number_input(
            "Other wages this year ($, W-2)",
            value=0.0,
            min_value=0.0,
            max_value=YEAR_MAX,
            step=1_000.0,
            key="rates_wages",
            help="A job's wages use up the Social Security wage base and the 0.9% threshold "
            "first; the tax on them is not charged to the business.",
        )
        health_col, plan_col = st.columns(2)
        us["health_insurance"] = health_col.number_input(
            "Health premiums you pay ($/yr)",
            value=0.0,
            min_value=0.0,
            max_value=YEAR_MAX,
            step=500.0,
            key="rates_health",
            help="Self-employed health insurance is deducted from income (not from SE tax), "
            "up to the business's earned income; not for months an employer plan was open "
            "to you. It is paid from your take-home, so it raises the rate.",
        )
        us["retirement"] = plan_col.number_input(
            "Retirement saving ($/yr, SEP-IRA or solo 401(k))",
            value=0.0,
            min_value=0.0,
            max_value=YEAR_MAX,
            step=500.0,
            key="rates_retirement",
            help="Deducted from income and from QBI; kept out of your take-home. A SEP allows "
            "about 20% of profit less half the SE tax; a solo 401(k) adds up to $24,500 of "
            "your own deferral (2026).",
        )
        us["state_income_tax_rate"] = (
            st.number_input(
                "State income-tax rate (%, a flat share of AGI)",
                value=0.0,
                min_value=0.0,
                max_value=100 * state_rate_max(),
                step=0.1,
                format="%.1f",
                key="rates_state",
                help="0% in states without an income tax (Texas, Florida, Washington...). "
                "Your state's effective rate on AGI, not its top bracket.",
            )
            / 100
        )
        us["specified_service"] = st.checkbox(
            "My work is a specified service (consulting, law, accounting, health, finance, "
            "performing arts)",
            key="rates_sstb",
            help="Only matters above about $201,750 of taxable income ($403,500 joint): a "
            "specified service then loses its QBI deduction twice as fast, and all of it "
            "above $276,750 ($553,500 joint).",
        )
    return us


def amounts() -> dict:
    """The amounts a person types and where they pay tax. Outside the calculator: a typed
    amount reruns the page, and a slider move does not redraw these fields."""
    hold_widget_values(*HOUSEHOLD_KEYS)  # drawn only while their expander is open
    left, right = st.columns(2, gap="large")
    with left:
        st.subheader("Freelance break-even")
        target = st.number_input(
            "Take-home you want per year ($, after tax and costs)",
            value=float(prefill.get("target_net_income", EXAMPLE["target_net_income"])),
            min_value=0.0,
            max_value=YEAR_MAX,
            step=1_000.0,
            key="rates_target",
        )
        expenses = st.number_input(
            "Business costs per year ($: software, equipment, insurance)",
            value=float(prefill.get("annual_expenses", EXAMPLE["annual_expenses"])),
            min_value=0.0,
            max_value=YEAR_MAX,
            step=100.0,
            key="rates_expenses",
        )
        examples = [
            f"${v:,.0f} {name}"
            for (key, v), name, now in zip(
                EXAMPLE.items(), ("take-home", "business costs"), (target, expenses), strict=True
            )
            if key not in prefill and now == v
        ]
        if examples:
            st.caption(md(f"Example values: {' and '.join(examples)}. Put in your own."))
        model = st.radio(
            "Where you pay tax",
            list(MODELS),
            format_func=MODELS.get,
            key="rates_tax_model",
            horizontal=True,
        )
        us = household_inputs() if model == "us_2026" else dict(HOUSEHOLD_DEFAULTS)
    with right:
        st.subheader("Micro-task effective rate")
        pay = st.number_input(
            "Pay per task ($)",
            value=0.50,
            min_value=0.0,
            max_value=limit("pay_per_task_max"),
            step=0.05,
            key="rates_pay",
        )
        minutes = st.number_input(
            "Minutes per task",
            value=3.0,
            min_value=0.1,
            max_value=limit("minutes_per_task_max"),
            step=0.5,
            key="rates_minutes",
            help="From 0.1 to 1,440 (a day).",
        )
        daily = st.number_input(
            "Daily earnings target from micro-tasks ($)",
            value=30.0,
            min_value=0.0,
            max_value=YEAR_MAX,
            step=5.0,
            key="rates_daily",
        )
    return dict(
        target=target, expenses=expenses, model=model, us=us, pay=pay, minutes=minutes, daily=daily
    )


@st.fragment
def calculator(typed: dict) -> None:
    """The sliders and every number drawn from them and from the typed amounts (`amounts`).
    Moving a slider reruns only this part: not the shell, the page header, the typed amounts
    or the saved scenarios below (history queries)."""
    hold_widget_values(*HELD)  # inputs of a section not shown keep their values
    model = typed["model"]
    sticky = st.container(key="rates_sticky")  # the result in one line, in view (ui/style.py)
    headline = st.container(horizontal=True)  # the numbers, once the sliders below are read

    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("**Freelance: your time, fees and margin**")
        for key, source in prefill_sources.items():
            if key in prefill and key in PREFILL_NAMES:
                st.caption(
                    f"{PREFILL_NAMES[key]}: {prefill[key]:g}, from {source}. Change it if not."
                )
        hours = st.slider(
            "Working hours per week (all work, billable or not)",
            *HOURS_RANGE,
            min(max(int(prefill.get("hours_per_week", P["hours_per_week"].value)), 1), 80),
            key="rates_hours",
        )
        weeks_off = st.slider(
            "Weeks off per year (vacation, holidays, sick)",
            0,
            WEEKS_OFF_MAX,
            int(P["weeks_off"].value),
            key="rates_weeks_off",
            help="At most 51: at least one week is left to bill.",
        )
        non_billable = pct(
            "Non-billable share of your time",
            "non_billable_share",
            P["non_billable_share"].value,
            P["non_billable_share"].description,
        )
        fee = pct(
            "Platform fee (share of what you bill)",
            "platform_fee",
            0.10,
            "For example 10% on Upwork-style marketplaces; 0% for direct clients.",
        )
        tax_rate, se_tax = 0.0, False
        if model != "us_2026":
            tax_rate = pct(
                "Effective income-tax rate on profit",
                "income_tax_rate",
                0.15,
                "Your whole year's income tax divided by your profit (less half of any US SE tax "
                "below): your average rate, not your top bracket.",
            )
            se_tax = st.toggle(
                "Add US self-employment tax (2026)",
                value=False,
                key="rates_se",
                help="15.3% on 92.35% of profit, Social Security part capped at $184,500.",
            )
        margin = pct(
            "Safety margin on your walk-away rate",
            "margin",
            0.10,
            "Buffer above break-even for slow months and surprises.",
            hi=50,
        )

    with right:
        st.markdown("**Micro-tasks: unpaid time and fees**")
        unpaid = pct(
            "Unpaid share of all your time",
            "unpaid_share",
            P["unpaid_share"].value,
            P["unpaid_share"].description + " " + P["unpaid_share"].source,
        )
        rejected = pct(
            "Rejected (unpaid) submissions",
            "rejection_rate",
            0.02,
            "Share of submitted tasks that are not paid.",
        )
        micro_fee = pct(
            "Fee taken from task pay", "micro_fee", 0.0, "Withdrawal or service fee, if any."
        )

    remember_widget_values(*LIVE)
    urlstate.keep(URL_INPUTS)  # a reload keeps the inputs, a link shares them
    freelance = FreelanceInputs(
        typed["target"],
        typed["expenses"],
        hours,
        weeks_off,
        non_billable,
        tax_rate,
        fee,
        se_tax,
        tax_model=model,
        **typed["us"],
    )
    view = calculate(
        freelance,
        MicrotaskInputs(typed["pay"], typed["minutes"], unpaid, rejected, micro_fee),
        margin=margin,
        daily_target=typed["daily"],
    )
    # notes go at the end of each column, below its sliders (no placeholder element to redraw)
    for group, problem in view.errors.items():  # beside the inputs it is about
        where = left if group == "freelance" else right
        where.error(f"Please check your input: {problem}", icon=":material/warning:")
    result = view.scenario
    st.session_state[LAST] = result  # for the buttons below the calculator
    if result is None:  # what does not depend on the refused input stays
        if view.quote is not None:
            headline.metric("Break-even rate", f"${view.quote.hourly_rate:,.2f}/h", border=True)
        if view.micro_quote is not None:
            headline.metric(
                "Micro-tasks pay", f"${view.micro_quote.effective_hourly_rate:,.2f}/h", border=True
            )
        sticky.caption("Fix the input marked below to see everything else.")
        return

    q, m, c = result.quote, result.micro_quote, result.comparison
    sticky.markdown(
        md(
            f"**Break-even ${q.hourly_rate:,.2f}/h** · walk-away ${result.walk_away:,.2f}/h · "
            f"micro-tasks pay ${m.effective_hourly_rate:,.2f}/h"
        )
    )
    headline.metric("Break-even rate", f"${q.hourly_rate:,.2f}/h", border=True)
    headline.metric("Revenue needed/yr", f"${q.gross_revenue:,.0f}", border=True)
    headline.metric(
        "Set aside for tax",
        f"{q.set_aside_share:.1%}",
        help="Of every payout (what you bill less platform fees), for this year's taxes.",
        border=True,
    )
    headline.metric(
        "Micro-tasks pay",
        f"${m.effective_hourly_rate:,.2f}/h",
        help=f"${m.paid_time_hourly_rate:,.2f}/h while a task is open; less once unpaid time "
        f"counts. After tax: ${c.micro_after_tax_per_hour:,.2f}/h.",
        border=True,
    )

    typical = (P["billable_hours_low"].value, P["billable_hours_high"].value)
    hours_line = (
        f"Over {q.billable_hours:,.0f} billable hours a year (of {q.working_hours:,.0f} working "
        f"hours); full-time freelancers usually bill {typical[0]:,.0f}-{typical[1]:,.0f}."
    )
    walk_away = md(  # beside the margin slider that sets it
        f"Walk-away rate: break-even ${q.hourly_rate:,.2f}/h plus a {margin:.0%} margin = "
        f"**${result.walk_away:,.2f}/h**."
    )
    if typical[0] <= q.billable_hours <= typical[1]:
        left.caption(f"{hours_line}  \n{walk_away}")
    else:
        left.info(f"{hours_line} Check hours, weeks off and non-billable time.\n\n{walk_away}")

    # One section at a time, on demand: a section nobody opened is not computed or drawn.
    shown = st.segmented_control(
        "More about these numbers", DETAILS, key="rates_details", width="stretch"
    )
    views = {
        DETAILS[0]: lambda: money_view(q, model),
        DETAILS[1]: lambda: tax_view(q, result.estimated_tax),
        DETAILS[2]: lambda: drivers_view(result, hours),
        DETAILS[3]: lambda: paths_view(result, model, typed["target"], weeks_off, typed["daily"]),
    }
    if shown in views:
        views[shown]()


def walk_away_actions() -> None:
    """Keep the walk-away rate for the audit, or the whole scenario in history. Outside the
    calculator, so a slider move does not redraw them; a click runs the whole page, the
    calculator first, so they act on the numbers shown."""
    result = st.session_state.get(LAST)
    st.markdown(  # constant text: the numbers are in the calculator, beside the margin slider
        "### Your walk-away rate\n\nThe lowest rate to accept: your break-even rate plus the "
        "safety margin you set above. The gig audit compares offers against it."
    )
    col1, col2 = st.columns(2)
    if col1.button("Use as my walk-away rate", type="primary"):
        if result is None:
            st.warning("Fix the input marked above first: there is no walk-away rate to keep.")
        else:
            try:
                store().set_setting("walk_away_rate", result.walk_away, profile=profile())
                st.success(
                    md(f"Saved: the audit will flag offers below ${result.walk_away:,.2f}/h.")
                )
            except Exception as exc:
                st.warning(f"Could not save the walk-away rate: {exc}")
    scenario_name = col2.text_input(
        "Name for this scenario (optional)",
        max_chars=60,
        placeholder="e.g. 30 h a week, US",
        key="rates_scenario_name",
    )
    if col2.button("Save this scenario to history"):
        if result is None:
            st.warning("Fix the input marked above first: this scenario has no result to save.")
        else:
            named = {**result.inputs_dict(), "name": scenario_name.strip()}
            save("rates", named, result.result_dict())  # the saved scenarios below list it


def saved_scenarios() -> None:
    """Compare and delete saved scenarios (only on a full run of the page)."""
    saved = store().history(profile(), tool="rates", limit=50)

    def scenario_label(row) -> str:
        name = (row.inputs.get("name") or "").strip() or "Unnamed"
        return f"{name} · {row.created_at:%d %b %H:%M} · ${row.result['hourly_rate']:,.2f}/h"

    labels = {row.id: scenario_label(row) for row in saved.itertuples()}
    if len(saved) >= 2:
        st.subheader("Compare two saved scenarios")
        first, second = st.columns(2)
        a_id = first.selectbox("First", list(labels), format_func=labels.get, index=1)
        b_id = second.selectbox("Second", list(labels), format_func=labels.get, index=0)
        by_id = saved.set_index("id")
        a_row, b_row = by_id.loc[a_id], by_id.loc[b_id]
        rows = scenario_rows({**a_row.inputs, **a_row.result}, {**b_row.inputs, **b_row.result})
        if rows:
            st.table(  # static: wraps at phone width instead of cutting columns off
                pd.DataFrame(rows, columns=["", "First", "Second", "Second less first"]),
                hide_index=True,
            )
        else:
            st.caption("The two scenarios have the same inputs and results.")
    if labels:
        with st.expander(f"Delete a saved scenario ({len(labels)} saved)"):
            gone = st.selectbox(
                "Scenario to delete",
                list(labels),
                format_func=labels.get,
                key="scenario_delete_pick",
            )
            if st.button("Delete this scenario", key="scenario_delete"):
                try:
                    store().delete_record(int(gone), profile())
                except ValueError as exc:
                    st.error(f"Not deleted: {exc}")
                else:
                    st.session_state["scenario_deleted"] = labels[gone]
                    st.rerun()
    if "scenario_deleted" in st.session_state:
        st.success(md(f"Deleted the scenario {st.session_state.pop('scenario_deleted')}."))


calculator(amounts())
walk_away_actions()
saved_scenarios()
