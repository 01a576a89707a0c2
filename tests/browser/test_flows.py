"""Real browser: the flows a person clicks through, on the app as `streamlit run` serves it."""

from __future__ import annotations

import re

import pytest
from browser_helpers import keep_screenshot, no_exception, open_app, settle
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

HOSTILE_GIG = (
    "URGENT!! Earn $500/day, no experience needed, only 30 minutes a day. "
    "<script>window.__pwned = 1</script>"
    '<img src=x onerror="window.__pwned = 2">'
    "Pay a $50 registration fee for your starter kit, then message me on Telegram. "
    "Send your bank login so I can deposit your salary."
)


def metric_value(page, label: str) -> str:
    """The shown value of the `st.metric` whose label contains `label`."""
    metric = page.locator("[data-testid='stMetric']", has_text=label)
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def money(text: str) -> float:
    return float(re.sub(r"[^0-9.]", "", text))


def slide_and_read(page, label: str, key: str, presses: int, metric: str) -> str:
    """Move slider `label` with the keyboard, as a person can; wait for `metric` to change."""
    from playwright.sync_api import expect  # imported here: the suite skips without it

    before = metric_value(page, metric)
    thumb = page.locator("[data-testid='stSlider']", has_text=label).get_by_role("slider")
    thumb.focus()
    for _ in range(presses):
        thumb.press(key)
    value = page.locator("[data-testid='stMetric']", has_text=metric).locator(
        "[data-testid='stMetricValue']"
    )
    expect(value).not_to_have_text(before)
    settle(page)
    return metric_value(page, metric)


def test_sliding_hours_moves_the_break_even_rate(app, page):
    open_app(page, f"{app.url}/rates")
    hours = "Working hours per week"
    before = money(metric_value(page, "Break-even"))
    fewer_hours = money(slide_and_read(page, hours, "ArrowLeft", 5, "Break-even"))
    # the same yearly money over fewer billable hours needs a higher hourly rate
    assert fewer_hours > before
    more_hours = money(slide_and_read(page, hours, "ArrowRight", 10, "Break-even"))
    assert more_hours < before
    no_exception(page)


def test_quiz_answers_give_a_path(app, page):
    open_app(page, f"{app.url}/quiz")
    form = page.locator("[data-testid='stForm']")
    groups = form.locator("[data-testid='stRadio']")
    assert groups.count() >= 5
    for n in range(groups.count()):
        groups.nth(n).locator("[data-testid='stRadioOption']").first.click()
    form.get_by_role("button", name="Show my path").click()
    settle(page)
    heading = page.locator("h2", has_text="Your path:")
    heading.wait_for()
    assert re.search(r"Your path: \S", heading.inner_text())
    micro = metric_value(page, "micro-tasks")
    freelance = metric_value(page, "freelance work")
    shares = [int(re.match(r"(\d+)%", text).group(1)) for text in (micro, freelance)]
    assert sum(shares) == 100  # the split of working time adds up
    no_exception(page)
    keep_screenshot(page, "flow-quiz-result")


def test_pasted_script_is_shown_as_text_and_never_runs(app, page):
    open_app(page, f"{app.url}/audit")
    page.evaluate("() => { window.__pwned = undefined; }")
    box = page.get_by_label(re.compile("Gig description"))
    box.fill(HOSTILE_GIG)
    page.get_by_role("button", name="Audit this gig").click()
    settle(page)
    page.get_by_text("Risk score").first.wait_for()
    assert int(metric_value(page, "Red flags")) >= 3
    expanders = page.locator("[data-testid='stExpander'] summary").all_inner_texts()
    assert any("stop sign" in text for text in expanders), expanders
    main = page.locator("[data-testid='stMain']")
    assert "<script>" in main.inner_text()  # the tag is on screen as text
    assert page.evaluate("() => window.__pwned") is None
    assert main.locator("script, img[src='x']").count() == 0  # nothing injected into the DOM
    no_exception(page)
    keep_screenshot(page, "flow-audit-hostile")


def test_readiness_check_gives_a_verdict_and_saves(app, page):
    open_app(page, f"{app.url}/readiness")
    savings = page.get_by_label("Savings ($)", exact=True)
    savings.fill("0")
    savings.press("Enter")
    settle(page)
    shown = page.locator("[data-testid='stMain']").inner_text()
    # no savings at all: a runway of 0 months is red, and a red core signal means "not yet"
    assert re.search(r"Savings runway\s+red\s+0(\.0)? months", shown), shown[:3000]
    assert re.search(r"Not yet\b", shown)
    page.get_by_role("button", name="Save this check to my history").click()
    settle(page)
    no_exception(page)
    keep_screenshot(page, "flow-readiness")


def test_logged_session_is_on_home_after_a_reload(app, page):
    open_app(page, f"{app.url}/experiment")
    form = page.locator("[data-testid='stForm']")
    form.get_by_label("Minutes worked", exact=True).fill("45")
    form.get_by_label("Money earned ($)", exact=True).fill("12.34")
    form.get_by_label("Note (optional)", exact=True).fill("browser test <b>not bold</b>")
    form.get_by_role("button", name="Log session").click()
    settle(page)
    page.get_by_text("Logged 45 min").wait_for()
    # 45 min = 0.75 h; $12.34 / 0.75 h = $16.45 per hour
    assert "$16.45/h" in page.locator("[data-testid='stMain']").inner_text()
    page.reload()
    page.locator("h1").first.wait_for()
    settle(page)
    shown = page.locator("[data-testid='stMain']").inner_text()
    assert "$12.34 earned" in shown and "$16.45/h" in shown
    keep_screenshot(page, "flow-experiment-after-reload")
    page.locator("[data-testid='stSidebarNavLink']", has_text="Home").click()
    settle(page)
    page.reload()
    page.locator("h1").first.wait_for()
    settle(page)
    history = page.locator("[data-testid='stDataFrame']").first
    history.wait_for()
    # the grid fills its accessible table after it is drawn: wait for the row, do not race it
    expect(history).to_contain_text("session: 45 min, $12.34")
    no_exception(page)


def test_saved_result_is_on_home_after_reload(app, page):
    open_app(page, f"{app.url}/rates")
    page.get_by_role("button", name="Save this scenario to history").click()
    settle(page)
    rate = metric_value(page, "Break-even")
    open_app(page, app.url)
    page.reload()
    page.locator("h1").first.wait_for()
    settle(page)
    history = page.locator("[data-testid='stDataFrame']").first
    # the grid's accessible table is filled after the grid draws: wait for it, do not race it
    expect(history).to_contain_text("Rate calculator", timeout=60_000)
    expect(history).to_contain_text(rate.split("/")[0], timeout=60_000)
    no_exception(page)
    keep_screenshot(page, "flow-home-history")
