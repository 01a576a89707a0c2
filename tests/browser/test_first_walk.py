"""Real browser, as a first-time user on a phone and a desktop: inputs survive a reload (they
live in the URL), the rate stays in view while a slider moves, the reply's copy button shows,
and the quiz dialog is not covered by a toast."""

from __future__ import annotations

import pytest
from browser_helpers import DESKTOP, IDLE, PHONE, open_app, settle

pytestmark = pytest.mark.browser
RATE = "[data-testid='stMetricValue']"


def in_view(page, locator) -> bool:
    box = locator.bounding_box()
    return (
        box is not None
        and box["y"] >= 0
        and box["y"] + box["height"] <= page.viewport_size["height"]
    )


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_rate_inputs_survive_a_reload_and_the_link_shares_them(app, new_page, viewport):
    page = new_page(viewport)
    open_app(page, f"{app.url}/rates")
    slider = page.get_by_role("slider").nth(1)  # weeks off
    slider.scroll_into_view_if_needed()
    slider.focus()
    for _ in range(3):
        slider.press("ArrowRight")
    settle(page)
    changed = page.locator(RATE).first.inner_text()
    assert "rates_weeks_off=9" in page.url
    sticky = page.locator(".st-key-rates_sticky")
    assert in_view(page, sticky) and changed in sticky.inner_text()  # the rate stays in view
    page.reload()
    page.wait_for_selector(IDLE, state="attached")
    settle(page, 800)
    assert page.locator(RATE).first.inner_text() == changed
    other = new_page(viewport)  # someone the link was sent to
    open_app(other, page.url)
    assert other.locator(RATE).first.inner_text() == changed


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_a_typed_amount_counts_before_and_after_a_slider_moves(app, new_page, viewport):
    # the amounts are typed outside the slider's fragment: a slider move must neither redraw
    # nor undo them, and a typed amount after a slider move must not be undone either
    page = new_page(viewport)
    open_app(page, f"{app.url}/rates")
    slider = page.get_by_role("slider").first  # working hours
    slider.scroll_into_view_if_needed()
    slider.focus()
    slider.press("ArrowLeft")
    settle(page)
    moved = page.locator(RATE).first.inner_text()
    field = page.get_by_label("Take-home you want per year ($, after tax and costs)")
    field.fill("50000")
    field.press("Enter")
    settle(page)
    typed = page.locator(RATE).first.inner_text()
    assert typed != moved and "rates_target=50000" in page.url
    slider.focus()
    slider.press("ArrowRight")
    settle(page)
    assert page.locator(RATE).first.inner_text() not in (typed, moved)
    assert field.input_value() == "50000.00"
    open_app(page, f"{app.url}/readiness")  # the same on the readiness check
    share = page.locator(".st-key-rd_share").get_by_role("slider")
    share.focus()
    share.press("ArrowRight")
    settle(page)
    savings = page.get_by_label("Savings ($)", exact=True)
    savings.fill("30000")
    savings.press("Enter")
    settle(page)
    assert "10.0 months" in page.locator(".st-key-rd_signals").inner_text()


def test_the_reply_copy_button_shows_without_hover(app, new_page):
    page = new_page(PHONE)
    open_app(page, f"{app.url}/audit")
    page.get_by_label("Gig description").fill("Logo for a bakery by Friday, $200 through escrow.")
    page.get_by_role("button", name="Audit this gig").click()
    settle(page, 1000)
    button = page.locator("[data-testid='stCode'] button[aria-label='Copy to clipboard']").first
    button.scroll_into_view_if_needed()
    page.mouse.move(0, 0)  # nothing hovers the reply
    opacity = button.evaluate(
        "b => { let o = 1; for (let n = b; n; n = n.parentElement) "
        "o *= parseFloat(getComputedStyle(n).opacity); return o; }"
    )
    assert opacity == 1


def test_the_quiz_dialog_title_is_not_under_a_toast(app, new_page):
    page = new_page(PHONE)
    open_app(page, f"{app.url}/quiz")
    for radio in page.locator("[data-testid='stRadio']").all():
        radio.locator("label").nth(1).click()
    page.get_by_role("button", name="Show my path").click()
    settle(page, 1000)
    dialog = page.get_by_role("dialog")
    assert dialog.get_by_text("Your path").first.is_visible()
    assert "Saved to your history." in dialog.inner_text()
    assert page.locator("[data-testid='stToast']").count() == 0
