"""Hostile input never crashes or hangs the audit: empty, 1 MB, binary junk, HTML, emoji, RTL."""

from __future__ import annotations

import json
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from support import SHARED_DATA

from gigcore.audit import LEVELS, audit_text
from gigcore.audit.report import escape_markdown, highlight_segments, render_report
from gigcore.audit.rules import load_rules

MB = 1_000_000
# No time is asserted here: how long these take is measured in bench/audit_speed.py
# (audit_hostile_worst_s), where a busy machine cannot fail the suite.


def fill(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


HOSTILE = {
    "a": fill("a"),
    "bang": fill("!"),
    "spaces": fill(" "),
    "newlines": fill("\n"),
    "digits": fill("1"),
    "dollars": fill("$1"),
    "binary": os.urandom(MB).decode("latin-1"),
    "nul": fill("\x00"),
    "near_miss_fee": fill("pay a fee to "),
    "negated_fee": fill("no fee "),
    "near_miss_earn": fill("earn $500 "),
    "near_miss_hours": fill("1 hours "),
    "near_miss_contact": fill("contact me on telegra "),
    "html": fill("<script>alert('x')</script><img src=x onerror=alert(1)>"),
    "emoji": fill("💸🚀 earn 🤑 "),
    "rtl": fill("\u202eمرحبا بالعالم שלום עולם "),
    "dotted_i": fill("İ PAY A REGISTRATION FEE "),
    "scam": fill("Urgent! Earn $500/day. Pay a $50 registration fee. Contact me on Telegram. "),
}


def rules_audit(text: str):
    return audit_text(text, min_hourly_rate=25, use_model=False)


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_one_megabyte_of_hostile_text_never_hangs(name):
    text = HOSTILE[name]
    if not text.strip():
        with pytest.raises(ValueError, match="nothing to audit"):
            audit_text(text)
        return
    report = rules_audit(text)
    assert report.level in LEVELS and 0 <= report.score <= 100
    for flag in report.flags:
        assert all(0 <= s < e <= len(text) for s, e in flag.evidence)
        assert len(flag.evidence) <= load_rules().max_evidence


def test_repeated_scam_text_still_raises_its_flags():
    report = rules_audit(HOSTILE["scam"])
    assert {"pay_to_work", "too_good_pay", "off_platform_contact"} <= set(report.flag_ids())
    report = rules_audit(HOSTILE["dotted_i"])
    flag = next(f for f in report.flags if f.id == "pay_to_work")
    start, end = flag.evidence[0]
    assert HOSTILE["dotted_i"][start:end] == "PAY A REGISTRATION FEE"


def test_real_ads_joined_to_one_megabyte():
    path = SHARED_DATA / "difraud_job_scams" / "validation.jsonl"
    if not path.exists():
        pytest.skip("shared data set absent")
    rows = [json.loads(line)["text"] for line in path.open(encoding="utf-8")]
    report = rules_audit(fill(" ".join(rows)))
    assert report.level in LEVELS


def test_with_the_learned_signal_too():
    report = audit_text(HOSTILE["scam"])
    assert report.level == "stop" and 60 <= report.score <= 100


@pytest.mark.parametrize("text", ["", " ", "\n\t  \n"])
def test_empty_or_blank_text_is_refused_with_a_message(text):
    with pytest.raises(ValueError, match="paste a gig description first"):
        audit_text(text, use_model=False)


def test_a_text_with_nothing_stated_misses_all_three_essentials():
    report = audit_text("Hello!", use_model=False)
    assert report.flags == [] and report.missing == {"deliverable", "deadline", "payment"}
    assert report.level == "caution"  # three missing essentials
    assert render_report(report, "Hello!")


def test_html_in_the_text_stays_text_in_the_report():
    text = "<script>alert(1)</script> Pay a <b>registration fee</b>"
    report = audit_text(text, use_model=False)
    md = render_report(report, text)
    assert "<script" not in md and "<b>" not in md
    highlighted = "".join(escape_markdown(p) for p, _ in highlight_segments(text, report))
    assert "<" not in highlighted and "&lt;script&gt;" in highlighted


@settings(max_examples=80, deadline=None)
@given(st.text(max_size=400))
def test_any_text_gives_a_valid_report(text):
    if not text.strip():
        return
    report = audit_text(text, min_hourly_rate=20, use_model=False)
    assert report.level in LEVELS and 0 <= report.score <= 100
    assert report.missing <= {"deliverable", "deadline", "payment"}
    assert "".join(p for p, _ in highlight_segments(text, report)) == text
    json.dumps(report.to_dict())


# ---- concepts across long runs of spaces and words ------------------------------------------


def test_concepts_are_found_across_long_whitespace_runs():
    text = "Pay the registration" + " " * 500 + "fee. Chat " + "x" * 90 + " outside the platform."
    report = audit_text(text, use_model=False)
    spans = {f.id: [text[s:e] for s, e in f.evidence] for f in report.flags}
    assert spans["pay_to_work"] == ["Pay the registration" + " " * 500 + "fee"]  # touching words
    assert spans["off_platform_contact"] == ["outside the platform"]
