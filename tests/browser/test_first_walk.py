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
