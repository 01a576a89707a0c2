"""Offline entity checks (gigcore.audit.entities): each kind's positives and negatives, spans,
values, caps, hostile inputs (a hang guard only; speed is not asserted here) and the data file."""

from __future__ import annotations

import datetime as dt
import re
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.audit.entities import (
    KINDS,
    Entity,
    find_entities,
    load_config,
    lookalike_of,
    wallet_coin,
)
from gigcore.params import load_data, load_params

BTC_LEGACY = "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"  # base58check, version 0
BTC_P2SH = "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"  # base58check, version 5
BTC_BECH32 = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"  # BIP-173 test vector
BTC_TAPROOT = "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0"  # BIP-350
ETH = "0x52908400098527886E0F7030069857D2E4169EE7"
TRON = "TJCnKsPa7y5okkXvQAidZBzqx3QyQ6sxMW"
MB = 1_000_000
HANG_GUARD_S = 60.0  # a hang guard only, never a speed target


def kinds(text: str) -> dict[str, list[str]]:
    """kind -> the exact texts of its spans."""
    out: dict[str, list[str]] = {}
    for e in find_entities(text):
        out.setdefault(e.kind, []).append(text[e.span[0] : e.span[1]])
    return out


def of(text: str, kind: str) -> list[str]:
    return kinds(text).get(kind, [])


# ---------------------------------------------------------------------------------------------
# email and freemail_company


def test_email_any_address_but_freemail_company_only_when_posing():
    text = "Send samples to jane.doe@acme.com or write to hr.department.acme@gmail.com."
    assert of(text, "email") == ["jane.doe@acme.com", "hr.department.acme@gmail.com"]
    assert of(text, "freemail_company") == ["hr.department.acme@gmail.com"]


@pytest.mark.parametrize(
    "address",
    [
        "recruiter.acme@gmail.com",
        "acmehiring@yahoo.com",
        "careers-globex@outlook.com",
        "payroll2026@hotmail.com",
        "support.team@proton.me",
        "acme.llc@aol.com",
        "upw0rk.support@gmail.com",
        "talent.acquisition@icloud.com",
        "jobs@mail.ru",
    ],
)
def test_freemail_addresses_posing_as_a_company(address):
    assert of(f"Contact {address} today", "freemail_company") == [address]


@pytest.mark.parametrize(
    "text",
    [
        "Email me at jane.doe@gmail.com with questions.",
        "My address: bob1987@yahoo.com",
        "Write to careers@acme.com",  # a company's own domain
        "hr@globex.io for the paperwork",
    ],
)
def test_people_and_company_domains_are_not_freemail_company(text):
    assert of(text, "email")
    assert not of(text, "freemail_company")


def test_company_phrase_before_a_freemail_address_counts():
    text = "Please send your ID to our HR department at mike.jones@gmail.com."
    assert of(text, "freemail_company") == ["mike.jones@gmail.com"]
    note = next(e.note for e in find_entities(text) if e.kind == "freemail_company")
    assert "gmail.com" in note and note.endswith(".")
    # a blank line ends the paragraph: the phrase no longer stands near the address
    assert not of("Our HR department will decide.\n\nmike.jones@gmail.com", "freemail_company")


def test_email_value_is_lowercased_and_span_exact():
    text = "Mail: Jane.Doe@ACME.Com."
    (e,) = [e for e in find_entities(text) if e.kind == "email"]
    assert text[e.span[0] : e.span[1]] == "Jane.Doe@ACME.Com"
    assert e.value == "jane.doe@acme.com"


# ---------------------------------------------------------------------------------------------
# messenger_handle


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Add me on Telegram @jane_hr99 now", "Telegram @jane_hr99"),
        ("message @bob_jobs on tg", "@bob_jobs"),
        ("chat: t.me/hiring_mgr", "t.me/hiring_mgr"),
        ("https://wa.me/14155550134?text=hi", "https://wa.me/14155550134?text=hi"),
        ("WhatsApp: +1 415 555 0134", "WhatsApp: +1 415 555 0134"),
        ("WeChat ID: lily_2024", "WeChat ID: lily_2024"),
        ("Signal: +44 7700 900123", "Signal: +44 7700 900123"),
        ("Skype: john.smith88", "Skype: john.smith88"),
        ("Kik: @fastcash", "Kik: @fastcash"),
    ],
)
def test_messenger_handles(text, span):
    assert span in of(text, "messenger_handle")


@pytest.mark.parametrize(
    "text",
    [
        "Signal: this is important",
        "WhatsApp: available on request",
        "Follow @janedoe on Twitter for samples",
        "Build a Telegram bot for our shop",
        "Line: 3 days",
        "email me @ noon",
    ],
)
def test_not_messenger_handles(text):
    assert not of(text, "messenger_handle")


# ---------------------------------------------------------------------------------------------
# phone


@pytest.mark.parametrize(
    ("text", "digits"),
    [
        ("Call (415) 555-0134 today", "4155550134"),
        ("text 415-555-0134", "4155550134"),
        ("or 415.555.0134.", "4155550134"),
        ("toll free 1-800-555-0199", "18005550199"),
        ("+1 415 555 0134", "14155550134"),
        ("+44 20 7946 0958", "442079460958"),
        ("+91 98765 43210", "919876543210"),
        ("+33 6 12 34 56 78", "33612345678"),
        ("+7 (912) 345-67-89", "79123456789"),
        ("Phone: 020 7946 0958", "02079460958"),
        ("call 4155550134", "4155550134"),
    ],
)
def test_phones(text, digits):
    phones = [e for e in find_entities(text) if e.kind == "phone"]
    assert [e.value for e in phones] == [digits]
    (e,) = phones
    assert re.sub(r"\D", "", text[e.span[0] : e.span[1]]) == digits


@pytest.mark.parametrize(
    "text",
    [
        "$1,250.00",
        "Budget: $1250000",
        "due 2026-12-02",
        "on 12/02/2026",
        "ZIP 94107",
        "Order #123456789",
        "order 4155550134",
        "invoice no. 4155550134",
        "card 4111 1111 1111 1111",
        "in 2026, 2027 and 2028",
        "10:30-11:45",
        "1000-2000 words",
        "v2.10.3",
        "4155550134",  # ten bare digits with no phone word
        "ID 212-555-0134",
        "1 2 3 4 5 6 7 8",
    ],
)
def test_not_phones(text):
    assert not of(text, "phone")


# ---------------------------------------------------------------------------------------------
# url, url_shortener, platform_link, lookalike_domain


def test_platform_link_is_neutral_not_lookalike():
    text = "Apply on upwork.com or https://www.upwork.com/jobs/~01ab?x=1."
    found = kinds(text)
    assert found["platform_link"] == ["upwork.com", "https://www.upwork.com/jobs/~01ab?x=1"]
    assert found["url"] == found["platform_link"]
    assert "lookalike_domain" not in found
    note = next(e.note for e in find_entities(text) if e.kind == "platform_link")
    assert "not a warning" in note


@pytest.mark.parametrize(
    "host",
    [
        "upw0rk-pay.com",
        "upw0rk.com",
        "upvvork.com",
        "fiverr-support.net",
        "paypa1.com",
        "linkedln.com",
        "indeed-jobs.co",
        "amaz0n.com",
        "upwork.com.secure-login.ru",
        "payoneer-verify.xyz",
        "freelancer-support.net",
        "fr33lancer.com",
        "upwrok.com",
        "secureupw0rklogin.com",
    ],
)
def test_lookalike_domains(host):
    text = f"Log in at https://{host}/verify now"
    assert of(text, "lookalike_domain") == [host]
    assert not of(text, "platform_link")
    assert lookalike_of(host) is not None


@pytest.mark.parametrize(
    "host",
    [
        "upwork.com",
        "support.upwork.com",
        "fiverr.com",
        "www.linkedin.com",
        "amazon.co.uk",
        "hiring.amazon.com",
        "paypal.me",
        "gazelle.com",
        "finance.yahoo.com",
        "freelancerblog.com",
        "guru99.com",
        "venom.com",
        "otherwise.com",
        "acme.com",
        "github.com",
    ],
)
def test_not_lookalike_domains(host):
    assert not of(f"See https://{host}/page", "lookalike_domain")
    assert lookalike_of(host) is None


def test_lookalike_in_an_email_domain_spans_the_domain():
    text = "Write to billing@upw0rk-pay.com"
    assert of(text, "lookalike_domain") == ["upw0rk-pay.com"]
    assert of(text, "email") == ["billing@upw0rk-pay.com"]


def test_shorteners():
    text = "See bit.ly/3xYzAbC and https://tinyurl.com/jobform, https://cutt.ly/q1 (or rb.gy/x)"
    assert of(text, "url_shortener") == [
        "bit.ly/3xYzAbC",
        "https://tinyurl.com/jobform",
        "https://cutt.ly/q1",
        "rb.gy/x",
    ]
    e = next(e for e in find_entities(text) if e.kind == "url_shortener")
    assert e.value == "bit.ly/3xYzAbC"  # the path keeps its case: short codes are case-sensitive


@pytest.mark.parametrize(
    "text",
    [
        "Send logo.ai, logo.eps and report.pdf",
        "Python: main.py and README.md",
        "e.g. this, i.e. that, U.S.A., 3.5 stars, Mr.Smith",
        "version 1.2.3",
        "end of sentence.Next one",
    ],
)
def test_not_links(text):
    assert not of(text, "url")


def test_url_value_and_trailing_punctuation():
    text = "Read (https://Example.COM/Path?q=A)."
    (e,) = [e for e in find_entities(text) if e.kind == "url"]
    assert text[e.span[0] : e.span[1]] == "https://Example.COM/Path?q=A"
    assert e.value == "https://example.com/Path?q=A"


# ---------------------------------------------------------------------------------------------
# crypto_wallet


@pytest.mark.parametrize(
    ("address", "coin"),
    [
        (BTC_LEGACY, "Bitcoin"),
        (BTC_P2SH, "Bitcoin"),
        (BTC_BECH32, "Bitcoin"),
        (BTC_BECH32.upper(), "Bitcoin"),
        (BTC_TAPROOT, "Bitcoin"),
        (ETH, "Ethereum"),
        (TRON, "Tron"),
    ],
)
def test_wallets(address, coin):
    text = f"Send the fee to {address}."
    assert of(text, "crypto_wallet") == [address]
    assert wallet_coin(address) == coin


@pytest.mark.parametrize(
    "token",
    [
        BTC_LEGACY[:-1] + "3",  # base58check checksum broken
        BTC_BECH32[:-1] + "x",  # bech32 checksum broken
        BTC_BECH32[:10] + BTC_BECH32[10:].upper(),  # mixed case
        "0x" + "g" * 40,
        "0x" + "a" * 39,
        TRON[:-1] + "N",
        "1" * 34,
        "ABCDEFGHJKLMNPQRSTUVWXYZabcdefgh",
    ],
)
def test_not_wallets(token):
    assert not of(f"wallet {token} here", "crypto_wallet")


def test_wallet_inside_a_longer_run_is_not_read():
    assert not of(ETH + "abcd", "crypto_wallet")


# ---------------------------------------------------------------------------------------------
# Whole-report properties


def test_entities_sorted_frozen_and_kinds_known():
    text = (
        f"Hi, HR here: hr.acme@gmail.com, Telegram @acme_hr, +1 415 555 0134, bit.ly/x1, "
        f"upw0rk-pay.com, upwork.com, {BTC_LEGACY}"
    )
    found = find_entities(text)
    assert {e.kind for e in found} == set(KINDS)
    assert [e.span[0] for e in found] == sorted(e.span[0] for e in found)
    with pytest.raises(AttributeError):
        found[0].kind = "x"  # type: ignore[misc]
    assert all(isinstance(e, Entity) and e.note.endswith(".") for e in found)


def test_cap_per_kind():
    cap = load_config().max_per_kind
    found = find_entities(" ".join(f"x{n}@acme.com" for n in range(cap * 3)))
    assert sum(e.kind == "email" for e in found) == cap
    assert found[-1].value == f"x{cap - 1}@acme.com"  # the first ones in the text


def test_non_text_is_refused():
    with pytest.raises(ValueError):
        find_entities(b"bytes")  # type: ignore[arg-type]


def test_unicode_around_entities_keeps_offsets():
    text = "Ünïcödé 🙂 İİ upw0rk-pay.com — İletişim: jane@gmail.com"
    for e in find_entities(text):
        assert text[e.span[0] : e.span[1]].lower().endswith(e.value[-5:])
    assert of(text, "lookalike_domain") == ["upw0rk-pay.com"]
    assert of(text, "email") == ["jane@gmail.com"]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=12),
            st.sampled_from(
                [
                    " ",
                    "@",
                    ".",
                    "://",
                    "http://",
                    "www.",
                    "gmail.com",
                    "hr",
                    "+1 415 555 0134",
                    "(415) 555-0134",
                    "upw0rk",
                    "upwork.com",
                    "bit.ly/",
                    "t.me/",
                    "Telegram ",
                    "WhatsApp: ",
                    BTC_LEGACY,
                    ETH,
                    "0x",
                    "bc1",
                    "İ",
                    "\n\n",
                ]
            ),
        ),
        max_size=25,
    ).map("".join)
)
def test_any_text_gives_spans_in_bounds_matching_values(text):
    found = find_entities(text)
    assert [e.span[0] for e in found] == sorted(e.span[0] for e in found)
    for e in found:
        start, end = e.span
        assert e.kind in KINDS
        assert 0 <= start < end <= len(text)
        raw = text[start:end]
        if e.kind == "phone":
            assert e.value == re.sub(r"[^0-9]", "", raw)
        elif e.kind == "messenger_handle":
            assert e.value == " ".join(raw.lower().split())
        elif e.kind == "crypto_wallet":
            assert e.value in (raw, raw.lower())
        else:
            assert e.value.lower() == raw.lower()


# ---------------------------------------------------------------------------------------------
# Hostile input: a hang guard only (speed figures come from a measurement, not from tests).


def fill(unit: str, size: int = MB) -> str:
    return (unit * (size // len(unit) + 1))[:size]


HOSTILE = {
    "at": fill("@"),
    "a_dot": fill("a."),
    "digits": fill("1"),
    "http": fill("http://"),
    "hex": "0x" + fill("0123456789abcdef", MB - 2),
    "a_at": fill("a@"),
    "emails": fill("a@b.cd "),
    "plus_one": fill("+1"),
    "tg": fill("tg @abcde "),
    "ads": fill(f"Pay {BTC_LEGACY} or write hr@gmail.com, WhatsApp: +1 415 555 0134 bit.ly/x "),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_hostile_megabyte_finishes(name):
    result: list = []
    worker = threading.Thread(target=lambda: result.append(find_entities(HOSTILE[name])))
    worker.start()
    worker.join(HANG_GUARD_S)
    assert not worker.is_alive(), f"find_entities hung on {name}"
    cap = load_config().max_per_kind
    counts: dict[str, int] = {}
    for e in result[0]:
        counts[e.kind] = counts.get(e.kind, 0) + 1
    assert all(n <= cap for n in counts.values())


# ---------------------------------------------------------------------------------------------
# The data file


def test_data_file_fields_are_complete():
    doc = load_data("audit_entities")
    assert {"title", "description", "source", "as_of"} <= set(doc["meta"])
    params = load_params("audit_entities")
    assert {"max_per_kind", "max_candidates", "context_chars"} <= set(params)
    lists = doc["lists"]
    assert {
        "freemail_domains",
        "shortener_domains",
        "platforms",
        "messenger_labels",
        "messenger_links",
        "role_words",
        "company_context",
        "lure_words",
        "bare_tlds",
    } <= set(lists)
    for name, table in lists.items():
        for key in ("title", "description", "unit", "value", "source", "as_of"):
            assert key in table, f"{name} lacks {key}"
        assert table["description"].rstrip().endswith("."), name
        assert table["source"].startswith("https://"), name
        assert isinstance(table["as_of"], dt.date), name
        assert isinstance(table["value"], list) and table["value"], name
        plain = [v for v in table["value"] if isinstance(v, str)]
        assert len(plain) == len(set(plain)), f"duplicates in {name}"
        assert all(v == v.lower().strip() for v in plain), name


def test_platform_and_domain_lists_are_well_formed():
    doc = load_data("audit_entities")["lists"]
    host = re.compile(r"[a-z0-9-]+(\.[a-z0-9-]+)+")
    for name in ("freemail_domains", "shortener_domains", "messenger_links"):
        assert all(host.fullmatch(d) for d in doc[name]["value"]), name
    ids = [p["id"] for p in doc["platforms"]["value"]]
    assert len(ids) == len(set(ids))
    for p in doc["platforms"]["value"]:
        assert p["name"] and p["domains"] and all(host.fullmatch(d) for d in p["domains"])
        assert p["id"].isalpha() and p["id"] == p["id"].lower()
        for d in p["domains"]:  # a platform's own domains are never look-alikes
            assert lookalike_of(d) is None
    for m in doc["messenger_labels"]["value"]:
        assert m["id"] and m["name"] and m["names"]
