"""The audit's tokens and concept engine: stems, spans, amounts, windows, negation, vetoes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.audit import audit_text
from gigcore.audit.engine import Clause, Concept, Lexicon, find_hits, match_clause
from gigcore.audit.tokens import KEEP_APART, Tokens, _stemmer, phrase_items


def flags(text: str, **kw) -> set[str]:
    return set(audit_text(text, use_model=False, **kw).flag_ids())


def test_words_are_stemmed_and_spans_point_at_the_original_text():
    text = "PAYING the Fees… don’t wait"
    t = Tokens(text)
    assert [t.stem_at(i) for i in range(len(t))] == ["pay", "the", "fee", "don't", "wait"]
    assert [text[slice(*t.span(i))] for i in range(len(t))] == ["PAYING", "the", "Fees", "don’t",
                                                                "wait"]  # fmt: skip
    assert t.index_at(0) == 0 and t.index_at(7) == 1 and t.index_at(len(text)) == len(t)


def test_words_kept_apart_get_their_own_stem_and_each_entry_is_needed():
    t = Tokens("your account, our accountant, accounting, documentation, documents")
    stems = [t.stem_at(i) for i in range(len(t))]
    assert stems[1] == "account" and "account" not in stems[2:5]
    assert stems[5] != stems[6] == "document"
    for word, stem in KEEP_APART.items():  # an entry the stemmer already gets right is dead data
        assert _stemmer().stemWord(word) != stem, word


def test_an_accountant_in_the_text_does_not_veto_a_fee_for_the_workers_account():
    text = ("For the activation of your worker account there is an activation cost of 35 USD, "
            "refundable after your first salary. Our accountant will confirm it.")  # fmt: skip
    assert "pay_to_work" in flags(text)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("fee $75 now", 75.0),
        ("fee 75 USD now", 75.0),
        ("fee USD 1,200.50 now", 1200.5),
        ("fee €40 now", 40.0),
        ("fee 1,200$ now", 1200.0),
        ("fee 3k dollars now", 3000.0),
        ("fee seventy dollars now", 70.0),
        ("fee Rs. 2,500 now", 2500.0),
        ("fee ₦250,000 now", 250000.0),
        ("fee ₱1,800 now", 1800.0),
        ("fee CAD 40 now", 40.0),
        ("fee R650 now", 650.0),  # the currency name against the number
        ("fee Rs50 now", 50.0),
        ("fee USD1,200.50 now", 1200.5),
        ("fee R1,200 now", 1200.0),
        ("fee PHP 500 now", 500.0),
        ("fee PHP 1,200 now", 1200.0),
        ("fee 1.500 € now", 1500.0),  # a dot for thousands
        ("fee €1.200,50 now", 1200.5),
        ("fee 1.200.000 CLP now", 1200000.0),
        ("fee ₹2,50,000 now", 250000.0),  # lakh
    ],
)
def test_amounts_of_money_in_many_forms(text, amount):
    t = Tokens(text)
    assert [t.amount(i) for i in range(len(t)) if t.is_money(i)] == [amount]


@pytest.mark.parametrize(
    "text",
    [
        "Deliver 3 logos by 12/15 in 2026, 40 hours",
        "Must have done an R12 upgrade",  # a software release, not twelve rand
        "Tuning for the RS3 and the K9 unit",
        "Fix the plugin after the PHP 8.2 update, then PHP 8 support",  # the language
    ],
)
def test_plain_numbers_are_not_money(text):
    t = Tokens(text)
    assert not any(t.is_money(i) for i in range(len(t)))


def test_a_negated_list_item_covers_every_hit_that_starts_it():
    lex = _lexicon(rent=["rent", "sell", "share"], give=["share your"])
    text = "Teach why you never rent, sell or share your login."
    hits = find_hits(Tokens(text), lex, {}, 100)
    assert all(h.negated for h in hits["rent"]) and all(h.negated for h in hits["give"])


def test_phrase_items_expand_alternatives_and_hyphens():
    assert phrase_items("pay|send (a|the|_) top-up #money") == [
        ["pay", "send"], ["a", "the", "_"], ["top"], ["up"], ["#money"]]  # fmt: skip


def test_placeholders_joined_to_words_are_read_as_the_text_is():
    # "30-day", "20%" and "50/50" are a number and a word (or two numbers) in a text
    assert phrase_items("#num-day trial") == [["#num"], ["day"], ["trial"]]
    assert phrase_items("#num% of earnings") == [["#num"], ["of"], ["earn"]]
    assert phrase_items("#num/#num split") == [["#num"], ["#num"], ["split"]]
    with pytest.raises(ValueError, match="no #num, #money or #name"):
        phrase_items("account #")  # a "#" that stands for nothing would match "account" alone
    lex = _lexicon(split=["#num% of every invoice"])
    assert find_hits(Tokens("you receive 20% of every invoice"), lex, {}, 10)["split"]


def _lexicon(**concepts) -> Lexicon:
    built = {
        cid: Concept(cid, tuple(tuple(tuple(a) for a in phrase_items(t)) for t in terms))
        for cid, terms in concepts.items()
    }
    return Lexicon(built, frozenset({"no", "never"}), negation_reach=3, short_words=0)


def test_clause_needs_every_concept_within_reach_and_in_one_sentence():
    lex = _lexicon(fee=["fee"], entry=["registration"])
    clause = Clause(("fee", "entry"), near=4, sentence=True)
    for text, expected in [
        ("A registration fee applies.", True),
        ("A fee for the registration.", True),
        ("A registration. Then a fee.", False),  # two sentences
        ("A registration is one of many many things with a fee.", False),  # too far apart
        ("There is no registration fee.", False),  # negated
    ]:
        t = Tokens(text)
        hits = find_hits(t, lex, {}, 10)
        assert bool(match_clause(t, clause, hits, 5, short=False)) is expected, text


def test_unless_concept_cancels_a_place_only_near_it():
    lex = _lexicon(pay=["paid in"], coin=["bitcoin"], subject=["newsletter"])
    clause = Clause(("pay", "coin"), unless=("subject",), near=6, unless_near=2,
                    unless_of="coin")  # fmt: skip
    for text, expected in [
        ("You are paid in bitcoin.", True),
        ("You are paid in bitcoin newsletter credits.", False),
        ("Newsletter writers here are paid in bitcoin.", True),
    ]:
        t = Tokens(text)
        assert bool(match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)) is expected


def test_a_term_named_as_the_subject_of_the_work_stays_the_subject():
    lex = _lexicon(pay=["buy"], coin=["gift card"], subject=["store app"])
    clause = Clause(("pay", "coin"), unless=("subject",), near=6, unless_near=2,
                    unless_of="coin")  # fmt: skip
    t = Tokens("Design our gift card store app. Screens: buy a gift card, redeem it.")
    assert not match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)
    t = Tokens("Design our store app. Then buy a gift card and send me the code.")
    assert match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)


def test_unless_sentence_concept_cancels_a_place_anywhere_in_its_sentence_only():
    lex = _lexicon(give=["share"], secret=["bank login"], promise=["be asked"])
    clause = Clause(("give", "secret"), near=6, unless_sentence=("promise",))
    for text, expected in [
        ("Please share your bank login.", True),
        ("You will not be asked to buy a kit, pay for training or share your bank login.", False),
        ("You will not be asked to buy a kit. Now share your bank login.", True),
    ]:
        t = Tokens(text)
        assert bool(match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)) is expected


def test_someone_else_acting_cancels_a_place_unless_its_sentences_name_the_worker():
    lex = _lexicon(fee=["fee"], entry=["sign up"], others=["members pay"], worker=["you", "must"])
    clause = Clause(("fee", "entry"), near=8, unless_others=("others",), worker=("worker",))
    for text, expected in [
        ("Sign up and pay the fee.", True),  # nobody else acts
        ("In the app members pay the fee and sign up.", False),  # the client's members act
        ("Members pay the fee when you sign up.", True),  # the sentence names the worker
        ("Members pay nothing. Sign up, then pay the fee.", True),  # not the clause's sentences
    ]:
        t = Tokens(text)
        assert bool(match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)) is expected


def test_a_worker_word_inside_the_third_partys_act_names_no_worker():
    lex = _lexicon(give=["upload"], doc=["id scan"], others=["users must upload"], worker=["must"])
    clause = Clause(("give", "doc"), near=6, unless_others=("others",), worker=("worker",))
    t = Tokens("New users must upload an ID scan in the flow we design.")
    assert not match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)
    t = Tokens("You must upload an ID scan before the interview.")
    assert match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        ("Build our yoga app: it lets a new member sign up and pay the starter kit fee.", False),
        ("Kindly send scan copy of Aadhaar card and PAN card before we consider you.", True),
        ("Customers should be able to pay with Bitcoin in the checkout you build.", False),
        ("All new agents pay a one-time $99 activation fee before the first task.", True),
    ],
)
def test_who_acts_decides_the_stop_flags(text, raised):
    assert bool(flags(text) & {"pay_to_work", "personal_info", "off_platform_payment"}) is raised


def test_words_in_quotation_marks_are_quoted_copy_unless_someone_said_them():
    lex = _lexicon(urgency=["spots left"])
    clause = Clause(("urgency",), unless_quoted=True)
    for text, expected in [
        ("Only 3 spots left, apply now.", True),
        ('Write the banner "Only 3 spots left" for our checkout.', False),  # copy to write
        ('He texted: "only 3 spots left, decide now"', True),  # what was said to the worker
        ('They told me it was "only 3 spots left" and hung up.', True),  # a term they used
        ('"Only 3 spots left, decide now."', True),  # a pasted message, all of it quoted
        ('Our last post said "only 3 spots left"; sorry, there is no rush.', False),  # a text
        ("Q: Are there only 3 spots left?\nA: No, apply any time.", False),  # a question answered
        ("Q: Are there only 3 spots left?", True),  # a question alone is all there is
    ]:
        t = Tokens(text)
        assert bool(match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)) is expected


def test_a_close_veto_counts_only_in_its_own_sentence():
    lex = _lexicon(vague=["tbd"], timing=["timeline tbd"])
    clause = Clause(("vague",), unless_close=("timing",))
    for text, expected in [
        ("Deliverables: TBD. Timeline: TBD.", True),  # the scope is open, not just the dates
        ("Deliverables are set. Timeline TBD.", False),  # only the dates are open
    ]:
        t = Tokens(text)
        assert bool(match_clause(t, clause, find_hits(t, lex, {}, 10), 5, short=False)) is expected


def test_the_speaker_labels_of_a_conversation_are_no_words_and_the_workers_lines_are_quoted():
    chat = "Freelancer: Is there a fee to start?\nClient: Only 3 spots left, decide now."
    t = Tokens(chat)
    assert "freelancer" not in t.words and "client" not in t.words
    assert t.in_quotes(t.words.index("fee"), t.words.index("fee") + 1)  # the worker asks
    assert not t.in_quotes(t.words.index("spots"), t.words.index("spots") + 1)
    one = Tokens("Client: we pay weekly by PayPal.")  # one label alone is a heading
    assert "client" in one.words


def test_a_name_placeholder_matches_a_capitalised_word_inside_a_sentence():
    lex = _lexicon(named=["editor #name", "review * #name"])
    for text, expected in [
        ("Drafts go to our editor Priya on Fridays.", True),
        ("Drafts go to our editor. Priya reads them.", False),  # a sentence starts there
        ("Drafts go to our editor USD 40 a page.", False),  # all capitals: no name
        ("Once they have reviewed it, I'll let you know.", False),  # "I'll" is no name
        ("Drafts go to our editor for a check.", False),
    ]:
        assert bool(find_hits(Tokens(text), lex, {}, 10).get("named")) is expected, text


def test_a_phrase_may_start_with_a_name_and_a_word():
    lex = _lexicon(named=["#name our|my editor|partner"])
    for text, words in [
        ("Drafts go to Aoife Byrne, our managing partner.", None),  # "managing" is no term
        ("Drafts go to Aoife Byrne, our partner, on Fridays.", "Byrne our partner"),
        ("Drafts go to our partner on Fridays.", None),  # no name before
        ("Drafts go to Byrne. Our partner reads them.", None),  # a sentence ends between
        ("Drafts go to USD, our partner.", None),  # all capitals: no name
    ]:
        t = Tokens(text)
        hits = find_hits(t, lex, {}, 10).get("named", [])
        assert [" ".join(t.words[h.i : h.j]) for h in hits] == ([words.lower()] if words else [])
    with pytest.raises(ValueError, match="must start with a word, or with a name and a word"):
        _lexicon(named=["#name * editor"])


def test_short_message_is_one_window():
    lex = _lexicon(fee=["fee"], entry=["kit"])
    clause = Clause(("fee", "entry"), near=2, sentence=True)
    t = Tokens("Get the kit today. Many people love it. Fee is small.")
    hits = find_hits(t, lex, {}, 10)
    assert not match_clause(t, clause, hits, 5, short=False)
    assert match_clause(t, clause, hits, 5, short=True)


# ---- meaning, not phrasing: who pays, platforms as the subject, texts about scams ----------


@pytest.mark.parametrize(
    "text",
    [
        "Training kit is $75, refundable after your first payout.",
        "Before u start u gotta cop the onboarding pack, its like 60 bucks.",
        "Our certification course costs $89 and must be completed before your first assignment.",
    ],
)
def test_the_worker_paying_to_start_is_pay_to_work(text):
    assert "pay_to_work" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "We pay for your training, and you earn $18 an hour from day one.",
        "No registration fee, ever. All tools are provided free of charge.",
        "Build the registration form for our 5K: runners pay a $30 entry fee by Stripe.",
    ],
)
def test_the_client_or_customers_paying_is_not_pay_to_work(text):
    assert "pay_to_work" not in flags(text)


@pytest.mark.parametrize(
    ("text", "flag", "raised"),
    [
        ("Our top reps earn six figures once their pipeline gets going.", "too_good_pay", False),
        ("Earn six figures from home! No experience, 1 hour a day.", "too_good_pay", True),
        (
            "Are you unable to use your social media talent? Join our agency.",
            "personal_info",
            False,
        ),
        ("need ur social + ID pic to start", "personal_info", True),
        ("Have lots of examples of digital design in your portfolio.", "unpaid_work", False),
        ("Could you make us a logo for free so we can see your style?", "unpaid_work", True),
        (
            "If you're exceptional, your profile will be accessible to 100 startups.",
            "account_rental",
            False,
        ),
        (
            "I provide the skills, you provide the account. Profits shared monthly.",
            "account_rental",
            True,
        ),
        # flexible is not easy: high pay for skilled work from home is no bait
        (
            "Senior Python developer, remote from home, $120/h, 6 month contract.",
            "too_good_pay",
            False,
        ),
        ("Work from home, $60 an hour, flexible hours, start today!", "too_good_pay", True),
        ("Designer, EUR 45/hour. No starter kit, no certification fee.", "too_good_pay", False),
        # a veto word inside the term ("store" in "Apple store cards") is no subject of the work
        (
            "Logo wanted. I settle only in Steam and Apple store cards, $200 worth.",
            "off_platform_payment",
            True,
        ),
        (
            "Our online store sells gift cards; write 30 product pages, paid via the platform.",
            "off_platform_payment",
            False,
        ),
        # a product named once beside its kind ("airtime top-up") stays the product
        (
            "Our app lets shops sell airtime top-up, and our agents earn commission for every "
            "top-up. Translate the app screens to Swahili.",
            "task_scam",
            False,
        ),
        (
            "Open the top-up page. Our agents earn commission for every top-up: top up your "
            "balance to unlock the next task set.",
            "task_scam",
            True,
        ),
    ],
)
def test_look_alike_words_raise_only_their_own_meaning(text, flag, raised):
    assert (flag in flags(text)) is raised


@pytest.mark.parametrize(
    ("text", "raised"),
    [
        # $2,800 / (20 min x 30 days = 10 h) = $280 an hour, above the $45 an hour of easy work
        (
            "No background needed. You'd only need around 20 minutes a day. For that we pay "
            "$2,800 a month.",
            True,
        ),
        # $850 / (20 min x 7 days = 2 h 20) = $364 an hour; "fifteen to twenty" read as 20
        (
            "Review three short forms each day, which takes fifteen to twenty minutes. No "
            "experience required. The position pays $850 per week.",
            True,
        ),
        # $120,000 / 365 days = $329 a day over 10 h / 7 = 86 minutes a day: $230 an hour
        ("Data entry. USD 120,000 per year. Work only 10 hours per week. No experience.", True),
        # $1,000 / (4 h x 7 days = 28 h) = $36 an hour, and under the $1,200 a week: not too good
        ("No experience needed, about 4 hours a day. We pay $1,000 a week.", False),
        # Rs 45,000 x 0.047 (PPP) = $2,115 a week, over the $1,200 a week of easy work
        ("Earn Rs. 45,000 per week! Simple copy paste work, freshers welcome.", True),
        # N25,000 x 0.007 = $175 a week over 30 min x 7 days = 3.5 h: $50 an hour, above $45
        ("Earn ₦25,000 weekly, 30 minutes per day, no experience.", True),
        # N15,000 x 0.007 = $105 a week over 3.5 h: $30 an hour; the weekly pay is not pay for
        # the 30 minutes beside it ($105 for 30 minutes would be $210 an hour)
        ("Earn ₦15,000 weekly, 30 minutes per day, no experience.", False),
        # "Weekly pay of" names the period before the amount: $3,500 over the 10 hours the
        # sentence states = $350 an hour
        (
            "Weekly pay of $3,500 for roughly 10 hours of simple copy-paste work, no experience.",
            True,
        ),
        # a number in words: six hundred pounds x 1.45 = $870 a day, over the $250 a day
        ("Pay: six hundred pounds a day. No prior experience is needed.", True),
        # $150 for a survey the next sentence says takes 5 minutes: $1,800 an hour
        ("Teens & students: make $150 per survey! Each survey takes about 5 minutes.", True),
    ],
)
def test_pay_per_period_is_weighed_against_the_minutes_a_day_it_takes(text, raised):
    assert ("too_good_pay" in flags(text)) is raised


def test_a_check_to_deposit_and_money_sent_on_is_check_overpayment_across_sentences():
    text = ("We'll send you a check to buy your home-office equipment. Deposit it, then pay "
            "the vendor the same day.")  # fmt: skip
    assert "check_overpayment" in flags(text)


@pytest.mark.parametrize(
    "text",
    [
        "Python developer to build a Telegram bot for our bike shop, $600 fixed on Upwork.",
        "Writer for a weekly newsletter about Bitcoin prices, $150 per issue via Upwork escrow.",
        "Write a 1,200-word blog article warning readers about fake check scams: a stranger "
        "mails a check and asks you to deposit it and send back the difference. $200, invoice.",
    ],
)
def test_platforms_as_the_subject_and_texts_about_scams_are_not_flags(text):
    assert (
        flags(text) & {"off_platform_contact", "off_platform_payment", "check_overpayment"} == set()
    )


def test_a_request_to_move_to_telegram_is_off_platform_contact():
    assert "off_platform_contact" in flags("Interested? Message me on Telegram to continue.")


def test_a_paid_trial_is_not_unpaid_work():
    assert "unpaid_work" not in flags("The trial task is paid at $40 through this contract.")
    assert "unpaid_work" in flags("Send a free sample article first; if we like it we hire you.")


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Logo in SVG and PNG, due next Friday, $300 via Upwork escrow.", True),
        ("Three articles within 2 business days, $90 each by PayPal.", True),
        ("Site goes live on 1/15/2027. Fixed price $900, paid by bank transfer.", True),
        ("Landing page in two weeks, $400 by invoice.", True),
        ("We need a landing page.", False),
    ],
)
def test_deadlines_in_many_forms(text, found):
    assert ("deadline" not in audit_text(text, use_model=False).missing) is found


def test_the_workers_own_fee_is_not_the_gigs_pay():
    report = audit_text("Training kit is $75. Chat with us to begin.", use_model=False)
    assert "payment_amount" not in report.found


def test_empty_and_blank_text_is_refused():
    for text in ("", "   \n\t"):
        with pytest.raises(ValueError, match="paste a gig description"):
            audit_text(text)


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_spans_inside_it(text):
    if not text.strip():
        return
    report = audit_text(text, use_model=False)
    for flag in report.flags:
        for start, end in flag.evidence:
            assert 0 <= start < end <= len(text)


def test_budget_and_hours_in_words_give_the_implied_rate():
    text = "I can offer seventy dollars for the whole job. It's around twelve hours of work."
    report = audit_text(text, use_model=False, min_hourly_rate=15)
    assert report.rate.hourly_rate == pytest.approx(70 / 12)  # $5.83 an hour, below 15
    assert "lowball_rate" in report.flag_ids()


def test_a_post_that_says_it_is_freelance_is_a_gig_however_much_it_reads_like_a_job_ad():
    ad = ("The successful candidate will help out with various tasks. Qualifications: a "
          "bachelor's degree. We offer health insurance.")  # fmt: skip
    job, gig = audit_text(ad, use_model=False), audit_text("Freelance: " + ad, use_model=False)
    assert (job.kind, gig.kind) == ("job", "gig")
    assert "vague_scope" in gig.flag_ids() and "vague_scope" not in job.flag_ids()


@pytest.mark.parametrize(
    ("text", "flag", "raised"),
    [
        # the negation before the first item carries to every item of the list
        ("We don't use WhatsApp, Telegram or personal email for project talk.",
         "off_platform_contact", False),
        ("We pay only through the platform, never via gift cards, crypto or wire.",
         "off_platform_payment", False),
        # ... but not past the item after the list's last "or"
        ("No upfront or milestone, I pay the whole thing when I'm fully satisfied.",
         "files_before_payment", True),
        # without a negation the same list raises the flag
        ("Let's use WhatsApp, Telegram or personal email for project talk.",
         "off_platform_contact", True),
    ],
)  # fmt: skip
def test_a_negation_carries_along_a_list_up_to_its_last_item(text, flag, raised):
    assert (flag in flags(text)) is raised


def test_a_phrase_never_runs_past_a_sentence_end_but_a_price_with_cents_is_one_number():
    # "deposit. Check" is two sentences: no check to deposit
    assert "check_overpayment" not in flags(
        "Paid biweekly by direct deposit. Check in patients and answer phones."
    )
    # nor past a semicolon: "$2,000; deposit it" is no deposit milestone
    report = audit_text("We mail you a check of $2,000; deposit it and send $1,500 on by Zelle.")
    assert not report.green
    tokens = Tokens("Pay $29.99 now.")
    assert tokens.same_sentence(0, 3)  # "29.99" does not end a sentence
    assert tokens.amount(1) == pytest.approx(29.99)


@pytest.mark.parametrize(
    ("words", "value"),
    [("six hundred pounds", 600), ("seven hundred and fifty dollars", 750),
     ("a thousand quid", 1000), ("seven thousand five hundred naira", 7500)],
)  # fmt: skip
def test_amounts_written_in_words_are_read_whole(words, value):
    tokens = Tokens(words)
    assert tokens.amount(len(tokens) - 2) == value


def test_the_name_before_an_emails_at_is_no_word_of_the_post():
    # "research" in the address is not the research the post is about, which would make the
    # personal email the subject of the work
    text = (
        "Logo for our bakery, $300 via the platform, due Friday. Please skip the job site and "
        "email me at maria.research@gmail.com instead."
    )
    assert "off_platform_contact" in flags(text)
