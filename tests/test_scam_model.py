"""Tests of the learned scam signal: weights file, tokenizer, scoring formula, calibration and
bands, bounded reading, hostile input, and (when ../shared is there) equality with scikit-learn."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gigcore.audit.model import (
    BANDS,
    FORMAT,
    HEAD_CHARS,
    HEAD_MARK,
    HEAD_TOKENS,
    MODEL_PATH,
    PLACEHOLDERS,
    READ_ALL_CHARS,
    SAMPLE_WINDOWS,
    TOKEN_PATTERN,
    WINDOW_CHARS,
    ModelSignal,
    ScamModel,
    feature_spec,
    feature_tokens,
    features,
    load_model,
    model_from_dict,
    predict,
    read_text,
    token_counts,
)

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT.parent / "shared" / "data" / "difraud_job_scams"
HAS_DATA = (DATA / "validation.jsonl").exists()

AD = (
    "We are looking for a Junior Data Analyst to join our growing team in Austin. You will "
    "build weekly dashboards, clean sales data in SQL and Python, and present findings to the "
    "marketing and finance teams. Requirements: a degree in statistics, economics or a related "
    "field, one year of experience with SQL, good written communication. We offer a competitive "
    "salary, health insurance, 401k matching and a hybrid schedule. Apply through our careers "
    "page with your resume and a short cover letter."
)


def logistic(x: float) -> float:
    return 1.0 / (1.0 + math.exp(-x))


@pytest.fixture(scope="module")
def model() -> ScamModel:
    return load_model()


@pytest.fixture(scope="module")
def toy() -> ScamModel:
    """A hand-made model whose scores can be checked by hand."""
    return ScamModel(
        intercept=-3.0,
        weights={"earn": 2.0, "[money]": 1.0, "hiring": -1.5, "day": 0.5},
        idf={"earn": 2.0, "[money]": 1.0, "hiring": 1.0, "day": 1.0},
        meta={},
        top_scam_words=[("earn", 2.0)],
        platt=(2.0, 1.0),
        bands={"low": 0.0, "unsure": 0.02, "elevated": 0.08, "high": 0.3},
        ood={"min_chars": 10, "max_chars": 1000, "min_known": 1, "min_known_share": 0.1},
    )


# --- weights file ---------------------------------------------------------------------------


def test_weights_file_has_metadata_and_both_models_cv_figures(model):
    meta = model.meta
    assert meta["title"].strip()
    assert meta["description"].endswith(".")
    assert "DIFrauD" in meta["source"] and "MIT" in meta["source"]
    dt.date.fromisoformat(meta["as_of"])
    assert meta["training"]["ads"] == 1429 and meta["training"]["fraudulent"] == 60
    for scheme in ("stratified", "grouped"):
        for name in ("model", "baseline_tfidf_logreg"):
            cv = meta["cross_validation"][scheme][name]
            assert 0.5 < cv["roc_auc_mean"] <= 1.0 and cv["roc_auc_sd"] >= 0
            assert 0.0 < cv["pr_auc_mean"] <= 1.0 and cv["pr_auc_sd"] >= 0
    assert meta["speed"]["pure_python_texts_per_s"] > 0
    assert "optimistic" in meta["in_sample"]["note"]


def test_weights_file_records_calibration_and_bands_from_out_of_fold_predictions(model):
    cal = model.meta["calibration"]
    assert "out-of-fold" in cal["method"]
    assert set(cal["bands_out_of_fold"]) == set(BANDS)
    assert sum(b["ads"] for b in cal["bands_out_of_fold"].values()) == 1429
    assert sum(b["scams"] for b in cal["bands_out_of_fold"].values()) == 60
    floors = [model.bands[b] for b in BANDS]
    assert floors == sorted(floors) and floors[0] == 0.0
    observed = [cal["bands_out_of_fold"][b]["observed_share"] for b in BANDS]
    assert observed == sorted(observed)  # each band riskier than the one below, held out
    assert model.platt[0] > 0  # calibration keeps the ranking


def test_weights_file_matches_the_code_feature_spec():
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    assert doc["format"] == FORMAT
    assert doc["tokenizer"] == feature_spec()
    assert doc["tokenizer"]["pattern"] == TOKEN_PATTERN
    assert 1000 <= len(doc["vocabulary"]) <= 20_000
    assert all(len(v) == 2 and v[1] >= 1.0 for v in doc["vocabulary"].values())  # coef, idf
    tops = [w for _, w in doc["top_scam_words"]]
    assert len(tops) >= 10 and tops == sorted(tops, reverse=True) and tops[-1] > 0
    assert all(doc["vocabulary"][t][0] == w for t, w in doc["top_scam_words"])


def test_vocabulary_holds_no_personal_data_only_words_and_placeholders(model):
    # No email, URL, phone number or other digits can be a key: only letters or a placeholder,
    # either of them possibly marked as an opening token.
    opening = [t for t in model.weights if t.startswith(HEAD_MARK)]
    assert opening and all(t.removeprefix(HEAD_MARK) in model.weights for t in opening)
    for feature in model.weights:
        token = feature.removeprefix(HEAD_MARK)
        assert token.isalpha() or token in PLACEHOLDERS, feature
        assert not any(mark in token for mark in ("@", "://", "www.", "/", "+", "."))
        assert not any(ch.isdigit() for ch in token)


def test_weights_are_found_next_to_the_code_not_the_working_directory(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    load_model.cache_clear()
    try:
        assert load_model().weights
    finally:
        load_model.cache_clear()


@pytest.mark.parametrize(
    ("key", "value", "match"),
    [
        ("pattern", r"\w+", "tokenizer"),
        ("placeholders", ["[x]"], "placeholders or features"),
        ("head_chars", 10, "placeholders or features"),
    ],
)
def test_weights_trained_with_another_tokenizer_are_refused(key, value, match):
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    doc["tokenizer"][key] = value
    with pytest.raises(ValueError, match=match):
        model_from_dict(doc)


def test_weights_of_the_old_format_are_refused():
    doc = json.loads(MODEL_PATH.read_text(encoding="utf-8"))
    del doc["format"]
    with pytest.raises(ValueError, match="format"):
        model_from_dict(doc)


# --- tokenizer and bounded reading ----------------------------------------------------------


def test_personal_data_becomes_placeholders():
    text = (
        "Mail Jane.Doe@Example.com, see https://example.com/jobs?id=7 or www.example.org; "
        "call (555) 123-4567 or +44 20 7946 0958. Earn $350 in 30 minutes. Ref 123456789."
    )
    assert features(text) == {
        "mail", "[email]", "see", "[url]", "or", "call", "[phone]",
        "earn", "[money]", "in", "[number]", "minutes", "ref",
    }  # fmt: skip
    # 123456789 has nine digits: treated as a phone or account number, not kept as a token.
    assert token_counts(text)["or"] == 2 and token_counts(text)["[phone]"] == 3


def test_words_are_lowered_letters_of_two_or_more():
    assert features("I AM a Data-Entry clerk!") == {"am", "data", "entry", "clerk"}
    assert features("") == set()


def test_texts_up_to_the_limit_are_read_whole():
    text = "word " * (READ_ALL_CHARS // 5)
    assert read_text(text) is text


def test_a_long_text_is_read_as_its_head_and_evenly_spaced_whole_word_windows():
    text = " ".join(f"w{i:07d}" for i in range(200_000))  # 1.6 MB of distinct words
    read = read_text(text)
    assert read == read_text(text)  # deterministic
    parts = read.split("\n")
    assert len(parts) == 1 + SAMPLE_WINDOWS
    assert text.startswith(parts[0]) and len(parts[0]) <= HEAD_CHARS
    for window in parts[1:]:
        assert window in text and len(window) <= WINDOW_CHARS
        assert all(len(w) == 8 for w in window.split())  # no word cut in half
    assert parts[-1].split()[-1] > "w0190000"  # the sample reaches the end of the text


# --- scoring formula ------------------------------------------------------------------------


def test_toy_model_score_is_the_sublinear_tfidf_formula_by_hand(toy):
    # counts: earn 2, [money] 1, now (unknown), day 1
    # values: earn (1 + ln 2) x 2, [money] 1 x 1, day 1 x 1; L2 norm over the three
    text = "Earn $500 now, earn every day"
    v = {"earn": (1 + math.log(2)) * 2.0, "[money]": 1.0, "day": 1.0}
    norm = math.sqrt(sum(x * x for x in v.values()))
    raw = -3.0 + (v["earn"] * 2.0 + v["[money]"] * 1.0 + v["day"] * 0.5) / norm
    sig = toy.predict(text)
    assert toy.raw_logit(text) == pytest.approx(raw, rel=1e-12)
    assert sig.logit == pytest.approx(2.0 * raw + 1.0, rel=1e-12)
    assert sig.probability == pytest.approx(logistic(2.0 * raw + 1.0), rel=1e-12)
    assert [t for t, _ in sig.top_words] == ["earn", "[money]", "day"]
    assert dict(sig.top_words)["earn"] == pytest.approx(2.0 * v["earn"] * 2.0 / norm)


def test_opening_tokens_are_scored_as_features_of_their_own_and_explained_as_words():
    # "earn" is known as a word (coefficient 1, idf 1) and as an opening word (coefficient 2,
    # idf 2); "day" only as a word. Text "Earn daily, earn every day": counts earn 2, day 1;
    # both "earn"s are among the first HEAD_TOKENS tokens, so ^earn counts 2 as well.
    toy = ScamModel(
        intercept=-1.0,
        weights={"earn": 1.0, f"{HEAD_MARK}earn": 2.0, "day": 0.5},
        idf={"earn": 1.0, f"{HEAD_MARK}earn": 2.0, "day": 1.0},
        meta={},
        top_scam_words=[],
        ood={"min_chars": 0, "min_known": 0},
    )
    tf2 = 1 + math.log(2)
    v = {"earn": tf2 * 1.0, "^earn": tf2 * 2.0, "day": 1.0}
    norm = math.sqrt(sum(x * x for x in v.values()))
    raw = -1.0 + (v["earn"] * 1.0 + v["^earn"] * 2.0 + v["day"] * 0.5) / norm
    text = "Earn daily, earn every day"
    assert toy.raw_logit(text) == pytest.approx(raw, rel=1e-12)
    sig = toy.predict(text)
    assert sig.logit == pytest.approx(raw, rel=1e-12)  # platt (1, 0)
    # the word's share as an opener is added to its own: the explanation names words only
    assert dict(sig.top_words) == pytest.approx(
        {"earn": (v["earn"] * 1.0 + v["^earn"] * 2.0) / norm, "day": v["day"] * 0.5 / norm}
    )
    # far from the opening, "earn" is a word only
    late = " ".join(["day"] * HEAD_TOKENS) + " earn"
    v_late = {"earn": 1.0, "day": 1 + math.log(HEAD_TOKENS)}
    norm_late = math.sqrt(sum(x * x for x in v_late.values()))
    expected = -1.0 + (v_late["earn"] * 1.0 + v_late["day"] * 0.5) / norm_late
    assert toy.raw_logit(late) == pytest.approx(expected, rel=1e-12)


def test_feature_tokens_are_the_tokens_then_the_marked_opening_tokens():
    words = [f"w{chr(97 + i % 26)}{chr(97 + i // 26)}" for i in range(HEAD_TOKENS + 10)]
    text = "Call (555) 123-4567 " + " ".join(words)
    toks = ["call", "[phone]", *words]
    assert feature_tokens(text) == toks + [HEAD_MARK + t for t in toks[:HEAD_TOKENS]]
    assert feature_tokens("") == []


def test_contributions_add_up_to_the_calibrated_logit(model):
    sig = model.predict(AD, top=10_000)
    a, b = model.platt
    assert sig.logit == pytest.approx(a * model.intercept + b + sum(c for _, c in sig.top_words))
    assert sig.probability == pytest.approx(logistic(sig.logit), rel=1e-12)
    sizes = [abs(c) for _, c in sig.top_words]
    assert sizes == sorted(sizes, reverse=True)
    assert len(model.predict(AD).top_words) == 8
    assert model.predict(AD, top=2).top_words == sig.top_words[:2]


def test_empty_text_scores_the_calibrated_intercept_and_is_not_calibrated(model):
    sig = predict("")
    a, b = model.platt
    assert sig.probability == pytest.approx(logistic(a * model.intercept + b))
    assert sig.top_words == [] and not sig.calibrated and sig.band == "unsure"


@pytest.mark.parametrize("bad", [None, b"earn money", 42, ["earn"]])
def test_non_text_raises_value_error(bad):
    with pytest.raises(ValueError, match="string"):
        predict(bad)


def test_negative_top_raises_value_error():
    with pytest.raises(ValueError, match="top words"):
        predict("earn money", top=-1)


def test_text_stuffed_with_top_scam_words_scores_higher_than_a_plain_ad(model):
    words = [w for w, _ in model.top_scam_words if w not in PLACEHOLDERS]
    stuffed = " ".join(words * 3) + " " + AD
    high, low = predict(stuffed), predict(AD)
    assert high.probability > 0.5 > low.probability
    assert high.band == "high"


# --- calibration, bands and out-of-distribution texts ---------------------------------------


def test_a_full_job_ad_is_calibrated_and_gets_a_band(model):
    sig = predict(AD)
    assert sig.calibrated and sig.reason == ""
    assert sig.band == model.band_of(sig.probability)


def test_bands_follow_the_thresholds(toy):
    assert [toy.band_of(p) for p in (0.0, 0.019, 0.02, 0.079, 0.08, 0.3, 1.0)] == [
        "low", "low", "unsure", "unsure", "elevated", "high", "high",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("Earn $500 a day from home, no experience needed. DM me on Telegram.", "too short"),
        ("Bonjour, nous recherchons un développeur pour notre équipe à Paris. " * 5, "unknown"),
        ("zxq vbn qwp lkj mnb " * 40, "unknown"),
        (AD + " " + "word " * 5000, "longer"),
    ],
)
def test_texts_unlike_the_training_ads_are_not_calibrated(text, reason):
    sig = predict(text)
    assert not sig.calibrated and reason in sig.reason
    assert sig.band == "unsure"  # never "low": a number there could read as "safe"
    assert 0.0 <= sig.probability <= 1.0


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=600))
def test_any_text_gives_a_finite_probability_and_its_own_top_words(model, text):
    sig = predict(text)
    assert math.isfinite(sig.probability) and 0.0 <= sig.probability <= 1.0
    assert math.isfinite(sig.logit)
    assert sig.band in BANDS and isinstance(sig.calibrated, bool)
    assert sig.calibrated or sig.band == "unsure"
    assert len(sig.top_words) <= 8
    own = features(text)
    assert all(word in own and math.isfinite(c) for word, c in sig.top_words)
    assert model.known_features(text) == own & set(model.weights)


def test_signal_is_a_frozen_record_with_the_fields_the_page_reads():
    sig = predict(AD)
    assert isinstance(sig, ModelSignal)
    assert {"probability", "top_words", "logit", "band", "calibrated", "reason"} <= set(
        sig.__dataclass_fields__
    )
    with pytest.raises(AttributeError):
        sig.probability = 0.5


# --- hostile input (a generous hang guard, not a speed test: see meta.speed and --bench) ------

HOSTILE = {
    "ab@ repeated": "ab@" * 333_333,
    "a. repeated": "a." * 500_000,
    "one long word": "a" * 1_000_000,
    "emoji": "😀" * 250_000,
    "right-to-left": "مرحبا بالعالم " * 40_000,
    "html and script": "<script>alert('x')</script><b>Earn $500</b> " * 25_000,
    "binary junk": bytes(range(256)).decode("latin-1") * 4_000,
    "digits and dots": "1." * 500_000,
}


@pytest.mark.parametrize("name", HOSTILE)
def test_a_megabyte_of_hostile_text_gives_a_signal_without_hanging(name):
    text = HOSTILE[name]
    assert len(text.encode()) >= 900_000
    sig = predict(text)  # its speed is measured in bench/, not asserted here
    assert 0.0 <= sig.probability <= 1.0 and not sig.calibrated
    assert sig == predict(text)  # deterministic


# --- the data set (skipped when ../shared or scikit-learn is absent) -----------------------------

needs_data = pytest.mark.skipif(not HAS_DATA, reason="../shared data absent")


def _training():
    pytest.importorskip("sklearn")
    sys.path.insert(0, str(ROOT / "scripts"))
    import train_scam_model

    return train_scam_model


@pytest.fixture(scope="module")
def fitted():
    train = _training()
    texts, y = train.load_rows(DATA / "validation.jsonl")
    return texts, y, train.fit_final(texts, y)


@needs_data
def test_pure_python_scoring_equals_the_sklearn_pipeline(model, fitted):
    texts, _, pipeline = fitted
    samples = [
        *texts[::50],
        AD,
        "",
        "Earn $500 a day, no experience needed, text +1 555 123 4567",
        HOSTILE["html and script"],
    ]
    a, b = model.platt
    raw = pipeline.decision_function(samples)
    uncalibrated = pipeline.predict_proba(samples)[:, 1]
    for text, r, p in zip(samples, raw, uncalibrated, strict=True):
        assert model.raw_logit(text) == pytest.approx(r, abs=1e-6)
        assert logistic(model.raw_logit(text)) == pytest.approx(p, abs=1e-6)
        assert predict(text).probability == pytest.approx(logistic(a * r + b), abs=1e-6)


def roc_auc(scores: list[float], labels: list[int]) -> float:
    """Share of (fraudulent, genuine) pairs ranked the right way round; ties count half."""
    pairs = [(s, y) for s, y in zip(scores, labels, strict=True)]
    pos = [s for s, y in pairs if y == 1]
    neg = [s for s, y in pairs if y == 0]
    wins = sum((p > n) + 0.5 * (p == n) for p in pos for n in neg)
    return wins / (len(pos) * len(neg))


def test_roc_auc_helper_on_a_case_worked_by_hand():
    # positives 0.9 and 0.4; negatives 0.1 and 0.4: pairs (0.9>0.1) (0.9>0.4) (0.4>0.1) (0.4=0.4)
    assert roc_auc([0.9, 0.4, 0.1, 0.4], [1, 1, 0, 0]) == pytest.approx(0.875)


@needs_data
def test_shipped_weights_rank_the_training_ads(model):
    # IN-SAMPLE: these are the ads the weights were fitted on, so this only shows the shipped
    # file is the trained model (a broken export would rank near 0.5); the honest
    # out-of-sample figures are the grouped cross-validation ones in the metadata.
    rows = [json.loads(line) for line in (DATA / "validation.jsonl").open(encoding="utf-8")]
    scores = [predict(row["text"]).probability for row in rows]
    auc = roc_auc(scores, [row["label"] for row in rows])
    assert auc >= 0.95
    assert auc == pytest.approx(model.meta["in_sample"]["roc_auc"], abs=0.002)


@needs_data
@pytest.mark.slow
def test_training_script_reproduces_the_shipped_file():
    _training()
    script = ROOT / "scripts" / "train_scam_model.py"
    done = subprocess.run(
        [sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=1800
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "reproduced" in done.stdout
