"""AppTest: the gig audit page audits pasted text, shows flags and a reply, keeps HTML as text."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from support import page

import gigcore.audit.core as audit_module
from gigcore.store import open_store

RISKY = (
    "URGENT! Pay a $50 registration fee, then text me on WhatsApp: +1 555 0100. "
    "<script>alert('x')</script> Also send your 2FA code."
)


@pytest.fixture(autouse=True)
def rules_only(monkeypatch):
    """The learned signal is built in parallel; these tests check the page with the rules."""
    monkeypatch.setattr(audit_module, "scam_model", None)


def run_audit(at, text: str, **fields):
    at.text_area(key="audit_text").set_value(text)
    for key, value in fields.items():
        getattr(at, "checkbox" if key == "audit_keep_text" else "number_input")(key=key).set_value(
            value
        )
    return at.button[0].click().run()


def all_markdown(at) -> str:
    return "\n".join(m.value for m in at.markdown)


def test_page_renders_the_form(app_db):
    at = page("audit").run()
    assert not at.exception
    assert not at.text_area(key="audit_text").max_chars  # a longer paste is refused, not cut
    assert at.button[0].label == "Audit this gig"


@pytest.mark.parametrize(
    ("text", "message"),
    [("   ", "paste a gig description first"), ("x" * 1_000_001, "reads at most 1,000,000")],
)
def test_empty_or_oversized_text_gets_a_message_and_saves_nothing(app_db, text, message):
    at = run_audit(page("audit").run(), text)
    assert not at.exception
    assert any(message in e.value for e in at.error), [e.value for e in at.error]
    assert open_store(app_db).count() == 0


def test_risky_gig_shows_stop_flags_questions_and_reply(app_db):
    at = run_audit(page("audit").run(), RISKY)
    assert not at.exception
    assert at.error[0].value.startswith("**Stop")
    titles = [e.label for e in at.expander]
    assert any("pay to start" in t for t in titles)
    assert any("passwords, codes or remote access" in t for t in titles)
    assert any("off the platform" in t for t in titles)
    text = all_markdown(at)
    assert "Why it matters" in text and "What to do" in text
    assert "registration fee" in text and ":red-background[**:red[" in text
    reply = at.code[0].value
    assert reply.startswith("Hi,") and "1. Is there any cost to me" in reply


def test_pasted_script_is_shown_as_text_not_html(app_db):
    at = run_audit(page("audit").run(), RISKY)
    shown = all_markdown(at)
    assert "&lt;script&gt;alert" in shown  # rendered by markdown as the literal text <script>
    assert "<script" not in shown
    assert not any(m.proto.allow_html for m in at.markdown)


def test_history_keeps_the_text_only_with_consent(app_db):
    at = run_audit(page("audit").run(), RISKY)
    run_audit(at, RISKY + " Second run.", audit_keep_text=True)
    history = open_store(app_db).history("local", tool="audit")
    assert len(history) == 2
    newest, oldest = history.iloc[0], history.iloc[1]
    assert oldest["inputs"]["text"] is None and oldest["inputs"]["text_length"] == len(RISKY)
    assert newest["inputs"]["text"] == RISKY + " Second run."
    assert newest["result"]["level"] == "stop"


def test_walk_away_rate_from_the_rate_calculator_flags_lowball(app_db):
    store = open_store(app_db)
    store.set_setting("walk_away_rate", 40.0)
    store.close()
    at = page("audit").run()
    assert at.number_input(key="audit_rate").value == 40.0
    at = run_audit(at, "You will write 2 articles by Friday, paid via PayPal.",
                   audit_budget=300.0, audit_hours=10.0)  # fmt: skip
    assert any("walk-away rate" in e.label for e in at.expander)
    assert any("300 for 10 hours works out to 30.00 per hour" in c.value for c in at.caption)


def test_clean_gig_is_low(app_db):
    clean = (
        "We need a designer to create 3 logo concepts. Deadline: March 15. Budget $400, "
        "paid through Upwork escrow by milestone. Two rounds of revisions included."
    )
    at = run_audit(page("audit").run(), clean)
    assert at.success[0].value.startswith("**Low risk")
    assert not any(e.label.endswith(("(stop sign)", "(caution)")) for e in at.expander)
    assert "No red flags in the text." in all_markdown(at)


def test_learned_signal_is_labelled(app_db, monkeypatch):
    signal = SimpleNamespace(probability=0.42, top_words=[("cash", 0.9)])
    fake = SimpleNamespace(predict=lambda text: signal)
    monkeypatch.setattr(audit_module, "scam_model", fake)
    at = run_audit(page("audit").run(), "Get easy cash today.")
    assert any("Learned text signal" in e.label for e in at.expander)
    assert any("42%" in m.value for m in at.markdown)


@pytest.mark.parametrize(
    ("key", "message"),
    [
        ("audit_budget", "budget must be above zero"),
        ("audit_hours", "hours must be above zero"),
        ("audit_reviews", "reviews must be at least zero"),
        ("audit_age", "account age must be at least zero"),
    ],
)
def test_a_negative_budget_or_hours_is_explained_beside_the_button(app_db, key, message):
    at = page("audit").run()
    assert at.number_input(key=key).min is None  # a browser would refuse it silently
    at = run_audit(at, "Logo for a bakery by Friday, $200 through escrow.", **{key: -50})
    assert not at.exception
    assert [e.value for e in at.error if message in e.value]
    assert "audit_result" not in at.session_state  # no report from refused input
