"""Gig audit rules: each flag id with positive and negative examples, essentials, score, level."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

import gigcore.audit.core as audit_module
from gigcore.audit import ClientChecks, audit_text
from gigcore.audit.report import (
    draft_reply,
    escape_markdown,
    essential_status,
    highlight_segments,
    highlighted_markdown,
    render_report,
)
from gigcore.audit.rules import FLAG_IDS, load_rules
from gigcore.params import load_params

P = {k: v.value for k, v in load_params("audit_rules").items()}

# Fully specified and fair: deliverable, deadline, payment amount and method, green signs.
CLEAN = (
    "We need a designer to create 3 logo concepts for our bakery. Deadline: March 15. "
    "Budget $400 fixed price, paid through Upwork escrow by milestone. "
    "Two rounds of revisions included."
)
ESSENTIALS_ONLY = "You will write 4 articles of 1,000 words by Friday. $200 each, paid via PayPal."

# flag id -> (texts that must raise it, close texts that must not)
CASES: dict[str, tuple[list[str], list[str]]] = {
    "pay_to_work": (
        [
            "Pay a $50 registration fee before you start.",
            "A starter kit costs $99.",
            "Send a small refundable deposit to unlock your first tasks.",
            "There is a one-time Training Fees payment.",
        ],
        [
            "No registration fee, ever.",
            "We never charge a training fee.",
            "You will be processing payments for our customers.",
            CLEAN,
        ],
    ),
    "off_platform_payment": (
        [
            "We pay in Bitcoin every Friday.",
            "Payment by Amazon gift cards.",
            "I will pay you outside the platform to skip the Upwork fees.",
            "Salary is sent through Zelle.",
            "Send the rest to our supplier by Zelle.",
            "Transfer the balance to me in Bitcoin.",
        ],
        [
            "I'll invoice you monthly under our signed contract; payment by bank transfer within "
            "14 days.",
            "We build crypto wallets for banks.",
            "Send the report with the weekly summary.",
            CLEAN,
        ],
    ),
    "check_overpayment": (
        [
            "We will mail you a check; deposit the check and send the rest to our supplier.",
            "Buy the equipment from our approved vendor with the funds.",
            "Wire back the difference after it clears.",
        ],
        [
            "Check the deliverables against the brief.",
            "Receive the samples and check them in upon arrival.",  # "check in", not a check
            "The project hand-off comes from one of our vendors; you receive the specs.",
            CLEAN,
        ],
    ),
    "reshipping": (
        [
            "Receive and reship packages from your home.",
            "Forward the parcels to our customers.",
            "Work as a package inspector from your home.",
        ],
        [
            "We ship worldwide from our warehouse.",
            "Mailroom clerk: USPS, packages and shipments, receiving and delivery.",
            "Merchandise Manager reporting to the Category Director.",
            CLEAN,
        ],
    ),
    "task_scam": (
        [
            "Rate products in the app and earn a commission per task.",
            "Complete 40 tasks per set, then recharge your account to unlock the next level.",
            "Simple app optimization work from your phone.",
            "You may get a combination order.",
        ],
        ["Optimize our database queries for speed.", "Review the product copy.", CLEAN],
    ),
    "too_good_pay": (
        [
            "Earn easily $400 to $500 extra per day.",
            "Earn $500/day.",
            "Spend 30 minutes a day and take home $300 a day",
            "Guaranteed income from home!",
            "Get biggest cash now.",
            "Each survey takes about 5 minutes and pays $75.",  # $900 an hour of work
        ],
        [
            "The day rate is $450 for senior consultants with ten years of experience.",
            "Commission sales with unlimited earnings potential.",
            "Budget $2,000 for the site, starting with a 30-minute call, work from home.",
            CLEAN,
        ],
    ),
    "unpaid_work": (
        [
            "Please complete a free test article first.",
            "The trial task is unpaid.",
            "Great opportunity to work for exposure.",
            "The sample chapter is not compensated.",
        ],
        ["We offer a drug free work place.", "Customers start on a free trial.", CLEAN],
    ),
    "files_before_payment": (
        [
            "I'll pay you when I'm satisfied with the result.",
            "Paid once the site goes live.",
            "Send me the source files first, then I will pay.",
        ],
        ["Final files are delivered when the milestone is paid.", CLEAN],
    ),
    "vague_scope": (
        [
            "Just do whatever looks good.",
            "Help with various tasks around the business.",
            "Up to you what the design looks like.",
        ],
        ["Design three logo variations in SVG.", CLEAN],
    ),
    "unlimited_revisions": (
        [
            "Unlimited revisions are expected.",
            "Revisions until I'm 100% happy.",
            "We keep going until we are completely satisfied.",
        ],
        ["Two rounds of revisions included.", "No unlimited revisions.", CLEAN],
    ),
    "scope_creep": (
        [
            "We might add more pages later.",
            "Fixed price $300, plus other tasks as needed.",
            "We will figure the rest out as we go along.",
        ],
        ["The scope is fixed: five pages.", CLEAN],
    ),
    "off_platform_contact": (
        [
            "Contact me on Telegram for details.",
            "WhatsApp: +1 555 0100",
            "Email me directly at boss.hiring@gmail.com",
            "Let's talk outside Upwork.",
            "Text me on Signal.",
        ],
        [
            "We build chat apps like WhatsApp and Telegram for banks.",
            "Experience with signal processing.",
            CLEAN,
        ],
    ),
    "urgency_pressure": (
        [
            "URGENT! Need this today.",
            "Only 3 spots left.",
            "Reply within 10 minutes or lose it.",
            "Urgently hiring remote assistants.",
        ],
        [
            "Apply now to join our team.",
            "Escalate urgent issues to the manager.",
            "This is not urgent.",
            CLEAN,
        ],
    ),
    "invisible_decision_maker": (
        [
            "My boss will review it and decide later.",
            "Final approval from our investor.",
            "Payment is subject to my client's approval.",
        ],
        ["I approve the work myself, against the brief.", CLEAN],
    ),
    "no_contract": (
        [
            "No contract needed, just trust me.",
            "We don't use milestones here.",
            "Paperwork is unnecessary.",
        ],
        ["We sign a written contract before we start.", CLEAN],
    ),
    "sensitive_access": (
        [
            "Send me the 2FA code you receive.",
            "Install AnyDesk so I can check your setup.",
            "Share your bank login with us.",
            "Give me your Upwork password.",
        ],
        ["We will never ask for your password.", "Support users with password resets.", CLEAN],
    ),
    "personal_info": (
        [
            "Send a scan of your passport to apply.",
            "We need your SSN before the interview.",
            "Provide your bank account details to get started.",
        ],
        [
            "Tax forms are collected by HR after you sign the offer.",
            "You must have a valid driver's license to apply.",  # a licence to hold, not send
            CLEAN,
        ],
    ),
    "account_rental": (
        [
            "We want to rent your Upwork account.",
            "Log in to your account and let me bid.",
            "Looking for account sharing partners.",
        ],
        ["Create your own account on the platform.", CLEAN],
    ),
    "unverified_client": (
        ["Client: payment method not verified, 0 reviews.", "Member since today."],
        ["Payment method verified, 40 reviews.", CLEAN],
    ),
}
COMPUTED = {"lowball_rate"}  # raised by numbers; tested below


def audit(text: str, **kw):
    """Rules only: these tests check the rules, not the learned signal."""
    return audit_text(text, use_model=False, **kw)


def check_spans(report, text: str) -> None:
    for flag in report.flags:
        for start, end in flag.evidence:
            assert 0 <= start < end <= len(text), (flag.id, start, end)


def test_every_design_flag_id_has_cases_and_a_rule():
    assert set(CASES) | COMPUTED == set(FLAG_IDS)
    assert {rule.id for rule in load_rules().flags} == set(FLAG_IDS)


@pytest.mark.parametrize(
    ("flag_id", "text"), [(k, t) for k, (pos, _) in CASES.items() for t in pos]
)
def test_flag_raised_with_evidence(flag_id, text):
    report = audit(text)
    assert flag_id in report.flag_ids(), report.flag_ids()
    flag = next(f for f in report.flags if f.id == flag_id)
    assert flag.evidence and flag.why and flag.advice
    check_spans(report, text)


@pytest.mark.parametrize(
    ("flag_id", "text"), [(k, t) for k, (_, neg) in CASES.items() for t in neg]
)
def test_flag_not_raised_on_near_miss(flag_id, text):
    assert flag_id not in audit(text).flag_ids()


def test_clean_gig_is_low_with_no_flags():
    report = audit(CLEAN, min_hourly_rate=20)
    assert report.flags == []
    assert report.missing == set()
    assert report.level == "low"
    assert {g.id for g in report.green} >= {"escrow", "milestones", "revision_limit"}
    # no flags, none missing, 3 green signs: risk = (-3 x 6 - 20) / 60 = -0.633, logistic
    # 0.347; reports below stop score in [0, 59]: 59 x 0.347 = 20.46 -> 20
    assert len(report.green) == 3 and report.score == 20


def test_evidence_spans_point_into_the_original_text():
    text = "İstanbul team. PAY A $50 REGISTRATION FEE to start."
    report = audit(text)
    evidence = next(f for f in report.flags if f.id == "pay_to_work").evidence
    # the words of each concept (who pays, the amount, the fee to start), joined where they touch
    assert [text[s:e] for s, e in evidence] == ["PAY A $50 REGISTRATION FEE"]


# ---- essentials ---------------------------------------------------------------------------


def test_essentials_found_in_a_complete_brief():
    report = audit(ESSENTIALS_ONLY)
    assert report.missing == set()
    assert set(report.found) == {
        "deliverable", "deadline", "payment", "payment_amount", "payment_method"}  # fmt: skip


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        ("Hello there.", {"deliverable", "deadline", "payment"}),
        ("You will write 4 articles. $200 each, paid via PayPal.", {"deadline"}),
        ("Deadline Friday. $200 each, paid via PayPal.", {"deliverable"}),
        ("You will write 4 articles by Friday.", {"payment"}),
        ("You will write 4 articles by Friday for $200.", {"payment"}),  # amount, no method
        ("You will write 4 articles by Friday, paid via PayPal.", {"payment"}),  # method, no amount
    ],
)
def test_missing_essentials(text, missing):
    assert audit(text).missing == missing


@pytest.mark.parametrize(
    ("text", "method"),
    [
        ("Logo by Friday. R$ 900 by PicPay when done.", "by PicPay"),
        ("Excel dashboard by Friday. Payment Tk 8,000 through uPay.", "through uPay"),
        (
            "Bookmark design, file by 10 May. I'll pay $60 through Etsy's custom order.",
            "through Etsy's",
        ),
    ],
)
def test_a_payment_app_the_lexicon_does_not_list_is_read_from_its_sentence(text, method):
    report = audit(text)
    assert report.missing == set()
    assert method in [text[a:b] for a, b in report.found["payment_method"]]


@pytest.mark.parametrize(
    "text",
    [
        "You will write 4 articles for $200 by Friday.",  # a weekday is no channel
        "You will write 4 articles for $200 by Friday; reply by WhatsApp.",  # a messenger
        "You will write 4 articles by Friday for $200. Send the files by WeTransfer.",
    ],
)
def test_a_capitalised_word_after_by_is_no_method_outside_a_pay_sentence(text):
    assert "payment" in audit(text).missing


@pytest.mark.parametrize(
    "text",
    [
        "Need 2 people to help load a moving truck Saturday 9am. $30/hr each, cash at the end.",
        "Babysitter for two kids, Tuesdays 3-7pm from 4 February. $35/hour, weekly by transfer.",
        "Two IKEA wardrobes need putting together. Saturday 14 June. £60, bank transfer.",
    ],
)
def test_work_done_by_hand_is_a_deliverable(text):
    assert "deliverable" not in audit(text).missing


def test_the_evidence_of_a_conversation_is_the_clients_words():
    chat = (
        "Freelancer: Do you need anything from me before the interview?\n"
        "Client: Yes, please send your SIN and a copy of your passport first."
    )
    report = audit(chat)
    assert report.flag_ids() == ["personal_info"]
    worker_line_end = chat.index("\n")
    assert report.flags[0].evidence
    assert all(start > worker_line_end for start, _ in report.flags[0].evidence)


@pytest.mark.parametrize(
    ("text", "status"),
    [
        (
            "You will write 4 articles by Friday for $200.",
            "amount stated, but not how you are paid",
        ),
        (
            "You will write 4 articles by Friday, paid via PayPal.",
            "how you are paid is stated, but not the amount",
        ),
        ("You will write 4 articles by Friday.", "not clear"),
        (ESSENTIALS_ONLY, "stated"),
    ],
)
def test_payment_status_in_words(text, status):
    assert essential_status(audit(text), "payment") == status


def test_a_flag_question_that_asks_for_an_essential_replaces_its_question():
    report = audit("Do whatever looks good. $200 via PayPal by Friday.")
    assert "vague_scope" in report.flag_ids() and "deliverable" in report.missing
    assert not any("What exactly should I deliver" in q for q in report.questions)
    assert any("What exactly are the deliverables" in q for q in report.questions)


def test_platform_counts_as_payment_method_and_questions_follow_the_gap():
    text = "You will write 4 articles by Friday for $200."
    report = audit(text)
    assert any("How and when will you pay" in q for q in report.questions)
    assert not any("total amount" in q for q in report.questions)  # the amount is there
    assert audit(text, platform="Upwork").missing == set()
    assert audit(text, platform="Social media or a messaging app").missing == {"payment"}


# ---- score and level ----------------------------------------------------------------------


def test_stop_flag_means_stop_and_the_stop_band():
    report = audit(ESSENTIALS_ONLY + " Send me your 2FA code.")
    assert report.level == "stop"
    # 1 stop flag = 45 points: risk (45 - 20) / 60 = 0.417, logistic 0.603; stop band
    # [60, 100]: 60 + 40 x 0.603 = 84.1 -> 84
    assert report.score == 84


def test_two_missing_essentials_mean_caution():
    report = audit("You will write 4 articles.")
    assert report.flags == [] and report.missing == {"deadline", "payment"}
    assert report.level == "caution"
    # 2 missing x 8 = 16 points: risk (16 - 20) / 60 = -0.067, logistic 0.483;
    # 59 x 0.483 = 28.5 -> 29
    assert report.score == 29


def test_one_missing_essential_alone_is_low_and_green_signs_lower_the_score():
    text = "You will write 4 articles. $200 each, paid via PayPal."
    # 8 points: logistic((8 - 20) / 60) = 0.450; 59 x 0.450 = 26.6 -> 27
    assert (audit(text).level, audit(text).score) == ("low", 27)
    greener = audit(text + " We sign a written contract.")
    # 8 - 6 = 2 points: logistic((2 - 20) / 60) = 0.426; 59 x 0.426 = 25.1 -> 25
    assert (greener.level, greener.score) == ("low", 25)


def test_one_caution_flag_means_caution():
    report = audit(ESSENTIALS_ONLY + " Unlimited revisions.")
    assert report.level == "caution"
    # 15 points: logistic((15 - 20) / 60) = 0.479; 59 x 0.479 = 28.3 -> 28
    assert report.score == 28


def test_off_platform_contact_escalates_only_with_a_money_flag():
    alone = audit(ESSENTIALS_ONLY + " Contact me on Telegram.")
    assert alone.level == "caution"
    assert next(f for f in alone.flags if f.id == "off_platform_contact").severity == "caution"
    with_money = audit(ESSENTIALS_ONLY + " Contact me on Telegram. Pay a $30 registration fee.")
    flag = next(f for f in with_money.flags if f.id == "off_platform_contact")
    assert flag.severity == "stop" and "pay to start" in flag.detail
    assert with_money.level == "stop"
    # two stop flags: 90 points, logistic((90 - 20) / 60) = 0.7625; 60 + 40 x 0.7625 = 90.50 -> 91
    assert with_money.score == 91


def test_stop_flags_listed_first_and_questions_deduplicated():
    report = audit("Urgent! Pay a registration fee. Send your 2FA code.")
    severities = [f.severity for f in report.flags]
    assert severities == sorted(severities, key=lambda s: s != "stop")
    assert len(report.questions) == len(set(report.questions))


# ---- lowball rate -------------------------------------------------------------------------


def test_lowball_from_budget_and_hours_in_the_text():
    text = ESSENTIALS_ONLY + " Budget $200 for about 20 hours of work."
    report = audit(text, min_hourly_rate=25)
    flag = next(f for f in report.flags if f.id == "lowball_rate")
    assert report.rate.hourly_rate == pytest.approx(10.0)  # 200 / 20 = 10 < 25
    assert [text[s:e] for s, e in flag.evidence] == ["$200", "20 hours"]
    assert "10.00/h" in flag.detail
    assert "lowball_rate" not in audit(text, min_hourly_rate=10).flag_ids()  # 10 is not below 10
    assert "lowball_rate" not in audit(text).flag_ids()  # no walk-away rate, no judgement


def test_lowball_from_the_persons_budget_and_hours():
    report = audit(ESSENTIALS_ONLY, min_hourly_rate=30, budget=300, hours=12)
    flag = next(f for f in report.flags if f.id == "lowball_rate")
    assert flag.evidence == []  # the numbers came from the person, not the text
    assert report.rate.hourly_rate == pytest.approx(25.0)  # 300 / 12 = 25 < 30
    assert (
        "lowball_rate"
        not in audit(ESSENTIALS_ONLY, min_hourly_rate=30, budget=600, hours=12).flag_ids()
    )


@pytest.mark.parametrize(
    ("text", "rate"),
    [
        ("Data entry, $3/hr.", 3.0),
        ("Pay: $4 per hour.", 4.0),
        ("Budget $300-500 for roughly 50 hours.", 10.0),  # upper end 500 / 50
        ("Fixed price $1,500 and 100 hours.", 15.0),
        ("Budget $2k, 40 hours.", 50.0),
    ],
)
def test_rate_read_from_text(text, rate):
    assert audit(text).rate.hourly_rate == pytest.approx(rate)


def test_no_rate_when_hours_are_per_week():
    assert audit("Salary $50,000 per year, 40 hours per week.").rate is None


# ---- client checklist ---------------------------------------------------------------------


def test_client_checklist_raises_unverified_client():
    report = audit(
        ESSENTIALS_ONLY,
        client=ClientChecks(payment_verified=False, reviews=0, hire_rate=0.1, account_age_days=3),
    )
    flag = next(f for f in report.flags if f.id == "unverified_client")
    assert "not verified" in flag.detail and "no reviews" in flag.detail
    assert "hire rate 10%" in flag.detail and "3 days old" in flag.detail
    fine = ClientChecks(payment_verified=True, reviews=12, hire_rate=0.6, account_age_days=400)
    assert audit(ESSENTIALS_ONLY, client=fine).flags == []


def test_a_checklist_that_passes_outweighs_no_reviews_words_in_the_text():
    text = "Write copy for our new skincare line, which has no reviews yet. " + ESSENTIALS_ONLY
    assert "unverified_client" in audit(text).flag_ids()  # the words alone still count
    fine = ClientChecks(payment_verified=True, reviews=37, hire_rate=0.82, account_age_days=1460)
    assert "unverified_client" not in audit(text, client=fine).flag_ids()
    unsure = ClientChecks(payment_verified=None, reviews=37)  # not checked: the words count
    assert "unverified_client" in audit(text, client=unsure).flag_ids()


@pytest.mark.parametrize(
    "kwargs",
    [
        {"min_hourly_rate": -1},
        {"min_hourly_rate": float("nan")},
        {"budget": 0},
        {"hours": True},
        {"budget": 4.0, "hours": 2.2e-308},  # would make the implied rate infinite
        {"budget": 2e9},  # above the documented maximum of 1,000,000,000
        {"client": ClientChecks(hire_rate=1.5)},
        {"client": ClientChecks(reviews=-2)},
    ],
)
def test_invalid_inputs_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        audit(CLEAN, **kwargs)


@pytest.mark.parametrize("bad", [None, 42, b"bytes", ["list"]])
def test_non_text_raises_value_error(bad):
    with pytest.raises(ValueError, match="must be text"):
        audit_text(bad)


def test_text_over_the_cap_raises_and_at_the_cap_does_not():
    cap = load_rules().max_chars
    assert audit("x" * cap).text_length == cap
    with pytest.raises(ValueError, match="at most"):
        audit("x" * (cap + 1))


# ---- learned signal -----------------------------------------------------------------------


def test_learned_signal_moves_the_score_within_the_level(monkeypatch):
    fake = SimpleNamespace(predict=lambda text: SimpleNamespace(
        probability=0.5, top_words=[("cash", 1.2), ("team", -0.4)]))  # fmt: skip
    monkeypatch.setattr(audit_module, "scam_model", fake)
    text = ESSENTIALS_ONLY + " Unlimited revisions."
    report = audit_text(text)
    assert report.level == "caution"
    # risk = (logit(0.5) - (-3.2)) + (15 - 20) / 60 = 3.117; logistic 0.9576; 59 x 0.9576 = 56.5
    assert report.score == 56
    assert report.to_dict()["model"] == {
        "probability": 0.5,
        "calibrated": True,
        "band": None,
        "top_words": [["cash", 1.2], ["team", -0.4]],
    }
    clean = audit_text(CLEAN)
    assert clean.level == "low"  # the signal never decides the level alone
    assert audit_text(text, use_model=False).model is None


def test_an_uncalibrated_signal_still_ranks_but_its_probability_is_not_reported(monkeypatch):
    signal = SimpleNamespace(probability=0.5, top_words=[("cash", 1.2)], calibrated=False,
                             band="unsure")  # fmt: skip
    monkeypatch.setattr(audit_module, "scam_model", SimpleNamespace(predict=lambda text: signal))
    text = ESSENTIALS_ONLY + " Unlimited revisions."
    report = audit_text(text)
    assert report.score == 56  # the logit still orders the post within its level
    model = report.to_dict()["model"]
    assert model["probability"] is None and model["calibrated"] is False
    assert model["band"] == "unsure" and model["top_words"] == [["cash", 1.2]]


def test_real_learned_signal_when_shipped():
    if not audit_module.model_available():
        pytest.skip("gigcore.audit.model or its weights are not there yet")
    report = audit_text("Earn $500 a day from home, no experience needed.")
    assert 0.0 <= report.model.probability <= 1.0


# ---- presentation helpers -----------------------------------------------------------------


def test_report_round_trips_through_json():
    text = "Urgent! Pay a registration fee. Contact me on WhatsApp. " + CLEAN
    doc = json.loads(json.dumps(audit(text, min_hourly_rate=50).to_dict()))
    assert doc["level"] == "stop"
    assert {f["id"] for f in doc["flags"]} >= {"pay_to_work", "off_platform_contact"}
    assert all(len(span) == 2 for f in doc["flags"] for span in f["evidence"])


def test_escape_markdown_shows_html_and_markup_as_text():
    escaped = escape_markdown("<script>alert('x')</script> **bold** $5 :red[x] [a](b)")
    assert "<script" not in escaped and "&lt;script&gt;" in escaped
    assert "**" not in escaped and "\\$5" in escaped and "\\:red\\[x\\]" in escaped


def test_highlight_segments_cover_the_text_and_prefer_stop():
    text = "Hi. Send your 2FA code urgently! Thanks. Funded by escrow."
    report = audit(text)
    segments = highlight_segments(text, report)
    assert "".join(piece for piece, _ in segments) == text
    kinds = {piece.strip(): kind for piece, kind in segments if kind}
    assert kinds.get("Send") == kinds.get("2FA code") == "stop"  # the words of each concept
    assert kinds.get("escrow") == "green"
    assert "".join(p for p, _ in highlight_segments(text, report, limit=10)) == text[:10]


def test_highlighted_markdown_wraps_only_flagged_words_and_keeps_lines():
    segments = [("a <b>\n", None), ("fee", "stop"), ("\n  c", None)]
    out = highlighted_markdown(segments, {"stop": ":red-background[{}]"})
    assert out == "a &lt;b&gt;  \n:red-background[fee]  \n&nbsp;&nbsp;c"


def test_reply_and_markdown_report():
    text = "Pay a registration fee. Contact me on Telegram."
    report = audit(text)
    reply = draft_reply(report, platform="Upwork")
    assert all(q in reply for q in report.questions)
    assert "on Upwork" in reply
    md = render_report(report, text)
    assert md.startswith("# Gig audit: STOP")
    assert "“Pay a registration fee”" in md and "```" in md  # the words of both concepts
    assert "Social media" not in draft_reply(report, platform="Social media or a messaging app")
    plain = render_report(report, text, markdown=False)
    assert "#" not in plain.splitlines()[0]


def test_a_salaried_job_posting_gets_no_freelance_contract_flags():
    job = (
        "About the role: Senior Analyst, full-time, reports to the Director. Responsibilities: "
        "other duties as needed. Requirements: a bachelor's degree and 3 years of experience. "
        "Benefits: health insurance, 401k and paid time off. Final approval of hires rests with "
        "the board."
    )
    gig = "Logo for my cafe, $150 by Friday via PayPal. Final approval rests with the board."
    assert audit(job).kind == "job"
    assert not {"invisible_decision_maker", "scope_creep"} & set(audit(job).flag_ids())
    assert "invisible_decision_maker" in audit(gig).flag_ids()
