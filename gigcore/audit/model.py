"""Learned scam signal: calibrated logistic regression over TF-IDF words, scored in pure Python.

The weights live in `data/scam_model.json`, written by `scripts/train_scam_model.py` (the only
place scikit-learn is used). Scoring here is the scikit-learn pipeline written out by hand:

1. Tokens: one compiled regex `findall` over the lowered text. Emails, URLs, phone numbers,
   amounts of money and other numbers become placeholder tokens, so no such personal data can
   enter the weights (and the vocabulary only keeps tokens seen in at least `min_df` ads).
   The first `HEAD_TOKENS` tokens also count a second time as opening tokens, marked with
   `HEAD_MARK` ("^about", "^we"): how an ad opens (a company profile or straight to the pay)
   is a signal of its own, worth about 0.01-0.02 ROC-AUC under grouped cross-validation.
2. TF-IDF: for each distinct known token, value = (1 + ln count) x idf (sublinear tf); the
   vector is scaled to unit length over the known tokens (L2).
3. Raw logit = intercept + sum of value x coefficient; Platt scaling fitted on grouped
   out-of-fold predictions turns it into the calibrated log-odds `logit = a x raw + b`, and
   `probability = logistic(logit)`. A token's contribution is its share of `logit` (a word's
   share as an opening token is added to its own, so the explanation names words only).

Bounded reading: a text longer than `READ_ALL_CHARS` is read as its first `HEAD_CHARS`
characters plus `SAMPLE_WINDOWS` evenly spaced windows of `WINDOW_CHARS` from the rest, each cut
at whitespace, so a megabyte costs the same as a long ad and the result is deterministic (the
rule engine still reads everything). Such a text is far longer than any training ad, so its
signal is marked not calibrated.

The probability is learned from one small data set of job ads (about 4% fraudulent), never a
verdict: most fraudulent ads there read like ordinary vacancies. `calibrated` says whether the
number may be shown: False for short texts, very long texts and texts whose words the model
mostly does not know (chat, other languages). `band` words it: "low", "unsure", "elevated",
"high" from thresholds on the calibrated probability chosen on the out-of-fold calibration
curve (see the weights' meta); "unsure" whenever the signal is not calibrated.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from heapq import nsmallest
from itertools import filterfalse
from operator import mul, neg
from pathlib import Path

from gigcore.audit.rules import keep_out_of_collector

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "scam_model.json"
FORMAT = "tfidf-logreg-platt/3"

# One regex; `findall` returns its single group, the token. Each match first skips up to eight
# separator characters (so the search rarely restarts between tokens), then tries in order: URL,
# word, email, phone, money, number. Every repeat is bounded or possessive and an email may only
# start where a run of email characters starts (the look-behind), so the scan is linear in the
# text: no catastrophic backtracking. Words are Latin letters (the model knows English ads); the
# word branch steps aside when its letters run on into an email address.
TOKEN_PATTERN = (
    r"[^a-z0-9$£€(+ß-öø-ÿ]{0,8}+("  # separators, then the token
    r"https?://[^\s<>\"']{1,200}|www\.[^\s<>\"']{1,200}"  # URL
    r"|[a-zß-öø-ÿ]{2,30}+(?![a-z0-9_.+-]{0,64}@)"  # word: two to thirty letters
    r"|[a-z0-9_.+-](?<![a-z0-9_.+-].)[a-z0-9_.+-]{0,63}+@[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){1,8}"
    r"|\([0-9]{3}\) ?[0-9]{3}[ .-][0-9]{4}|[0-9]{3}[.-][0-9]{3}[.-][0-9]{4}"  # phone
    r"|\+[0-9][0-9 .-]{7,16}[0-9]"  # international phone
    r"|[$£€] ?[0-9]{1,12}(?:[.,][0-9]{1,12}){0,4}"  # amount of money
    r"|[0-9]{1,12}(?:[.,][0-9]{1,12}){0,4}"  # other number
    r")"
)
TOKEN_RE = re.compile(TOKEN_PATTERN)
EMAIL, URL, PHONE, MONEY, NUMBER = "[email]", "[url]", "[phone]", "[money]", "[number]"
PLACEHOLDERS = (EMAIL, URL, PHONE, MONEY, NUMBER)
PHONE_DIGITS = 9  # a number with this many digits or more is a phone (or account) number

# Bounded reading (see the module docstring); part of the feature spec recorded in the weights.
READ_ALL_CHARS = 50_000  # texts up to this length are read whole (training ads: < 8,000)
HEAD_CHARS = 40_000
SAMPLE_WINDOWS = 10
WINDOW_CHARS = 1_000
HEAD_TOKENS = 50  # the opening tokens, counted again as "^token" (see the module docstring)
HEAD_MARK = "^"

BANDS = ("low", "unsure", "elevated", "high")


def _placeholder(token: str) -> str:
    """The placeholder for a token that is not a word (the regex makes words purely letters)."""
    if "@" in token:
        return EMAIL
    if token.startswith(("http", "www.")):
        return URL
    if token[0] in "$£€":
        return MONEY
    if sum(ch.isdigit() for ch in token) >= PHONE_DIGITS:
        return PHONE
    return NUMBER


def read_text(text: str) -> str:
    """The part of a text the model reads: all of it up to READ_ALL_CHARS, else the head and
    SAMPLE_WINDOWS evenly spaced windows of the rest, each trimmed to whole words."""
    if len(text) <= READ_ALL_CHARS:
        return text
    head = text[:HEAD_CHARS]
    parts = [head if text[HEAD_CHARS].isspace() else head.rsplit(None, 1)[0]]
    step = (len(text) - HEAD_CHARS - WINDOW_CHARS) // (SAMPLE_WINDOWS - 1)  # last one at the end
    for k in range(SAMPLE_WINDOWS):
        start = HEAD_CHARS + k * step
        pieces = text[start : start + WINDOW_CHARS].split()
        parts.append(" ".join(pieces[1:-1]))  # whole words only: drop both cut ends
    return "\n".join(parts)


def token_counts(text: str) -> Counter:
    """How often each normalised token (lowered word or placeholder) occurs in the read text."""
    counts = Counter(TOKEN_RE.findall(read_text(text).lower()))
    for tok in list(filterfalse(str.isalpha, counts)):
        n = counts.pop(tok)
        counts[_placeholder(tok)] += n
    return counts


def tokens(text: str) -> list[str]:
    """The normalised tokens of the read text in order."""
    return [
        t if t.isalpha() else _placeholder(t) for t in TOKEN_RE.findall(read_text(text).lower())
    ]


def feature_tokens(text: str) -> list[str]:
    """The tokens then the opening tokens marked with HEAD_MARK (the analyzer scikit-learn
    trains on)."""
    toks = tokens(text)
    return toks + [HEAD_MARK + t for t in toks[:HEAD_TOKENS]]


def _counts(text: str) -> tuple[Counter, Counter]:
    """`token_counts(text)`, and the counts of its first HEAD_TOKENS tokens (without the mark)."""
    found = TOKEN_RE.findall(read_text(text).lower())
    counts, head = Counter(found), Counter(found[:HEAD_TOKENS])
    for bag in (counts, head):
        for tok in list(filterfalse(str.isalpha, bag)):
            n = bag.pop(tok)
            bag[_placeholder(tok)] += n
    return counts, head


def features(text: str) -> set[str]:
    """The distinct normalised tokens of a text: lowered words and placeholders."""
    return set(token_counts(text))


@dataclass(frozen=True)
class ModelSignal:
    """The learned signal for one text."""

    probability: float  # 0..1, calibrated on the training ads (about 4% fraudulent)
    top_words: list[tuple[str, float]]  # tokens that moved `logit` most (+ = scammier)
    logit: float = 0.0  # calibrated log-odds: logistic(logit) == probability
    band: str = "unsure"  # "low" | "unsure" | "elevated" | "high" (see BANDS and the meta)
    calibrated: bool = False  # False: the text is unlike the training ads; do not show a number
    reason: str = ""  # why not calibrated ("" when calibrated)


@dataclass(frozen=True)
class ScamModel:
    """Plain weights: TF-IDF vocabulary (coefficient, idf), intercept, Platt scaling, bands."""

    intercept: float
    weights: dict[str, float]  # token -> logistic-regression coefficient (on TF-IDF values)
    idf: dict[str, float]
    meta: dict
    top_scam_words: list[tuple[str, float]]  # the model's most scam-leaning tokens overall
    platt: tuple[float, float] = (1.0, 0.0)  # calibrated logit = a x raw logit + b
    bands: dict[str, float] = field(default_factory=dict)  # lower probability bound per band
    ood: dict = field(default_factory=dict)  # min_chars, max_chars, min_known_share, min_known
    _vocab: frozenset[str] = field(init=False, repr=False)  # tokens (no opening tokens)
    _wi: dict[str, float] = field(init=False, repr=False)  # coefficient x idf
    _q: dict[str, float] = field(init=False, repr=False)  # idf squared
    _head: frozenset[str] = field(init=False, repr=False)  # opening tokens, without the mark
    _hwi: dict[str, float] = field(init=False, repr=False)  # theirs, keyed without the mark
    _hq: dict[str, float] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        wi = {t: w * self.idf[t] for t, w in self.weights.items()}
        q = {t: i * i for t, i in self.idf.items()}
        head = [t for t in self.weights if t.startswith(HEAD_MARK)]
        cut = len(HEAD_MARK)
        object.__setattr__(self, "_vocab", frozenset(self.weights).difference(head))
        object.__setattr__(self, "_wi", wi)
        object.__setattr__(self, "_q", q)
        object.__setattr__(self, "_head", frozenset(t[cut:] for t in head))
        object.__setattr__(self, "_hwi", {t[cut:]: wi[t] for t in head})
        object.__setattr__(self, "_hq", {t[cut:]: q[t] for t in head})

    def known_features(self, text: str) -> frozenset[str]:
        """`features(text)` restricted to the vocabulary."""
        return frozenset(self._vocab.intersection(token_counts(text)))

    def raw_logit(self, text: str) -> float:
        """The uncalibrated decision value (what scikit-learn's decision_function gives)."""
        counts, head = _counts(text)
        known = _known(counts, self._vocab)
        return self._score(counts, known, head, _known(head, self._head))[0]

    def _score(
        self, counts: Counter, known: list[str], head: Counter, head_known: list[str]
    ) -> tuple[float, list[float], list[float]]:
        """Raw logit and each known token's and known opening token's share of it. `known` and
        `head_known` come in the text's order (`_known`), so the sums are the same in every
        process."""
        if not known and not head_known:
            return self.intercept, [], []
        cs = list(map(counts.__getitem__, known))
        tf = list(map(_TF.__getitem__, cs)) if max(cs, default=0) < len(_TF) else list(map(_tf, cs))
        htf = list(map(_TF.__getitem__, map(head.__getitem__, head_known)))  # counts <= 50
        norm = math.sqrt(
            sum(map(mul, map(mul, tf, tf), map(self._q.__getitem__, known)))
            + sum(map(mul, map(mul, htf, htf), map(self._hq.__getitem__, head_known)))
        )
        parts = [x / norm for x in map(mul, tf, map(self._wi.__getitem__, known))]
        head_parts = [x / norm for x in map(mul, htf, map(self._hwi.__getitem__, head_known))]
        return self.intercept + sum(parts) + sum(head_parts), parts, head_parts

    def band_of(self, probability: float) -> str:
        """The band of a calibrated probability (thresholds from the weights' meta)."""
        band = "low"
        for name in BANDS:
            if probability >= self.bands.get(name, math.inf):
                band = name
        return band

    def _why_not_calibrated(self, text: str, counts: Counter, known: list[str]) -> str:
        ood = self.ood
        chars = len(text.strip())
        if chars < ood.get("min_chars", 0):
            return f"too short ({chars} characters; the model learned from full job ads)"
        if chars > ood.get("max_chars", math.inf):
            return "far longer than any job ad the model learned from"
        total = sum(counts.values())
        n_known = sum(map(counts.__getitem__, known))
        if n_known < ood.get("min_known", 0) or n_known < ood.get("min_known_share", 0.0) * total:
            return "most of its words are unknown to the model (not an English job ad?)"
        return ""

    def predict(self, text: str, top: int = 8) -> ModelSignal:
        """Calibrated probability that the text is a scam ad, its band, and the tokens that
        moved it most."""
        if not isinstance(text, str):
            raise ValueError(f"text to score must be a string, not {type(text).__name__}")
        if top < 0:
            raise ValueError(f"number of top words must be 0 or more, not {top}")
        counts, head = _counts(text)
        known = _known(counts, self._vocab)
        head_known = _known(head, self._head)
        raw, parts, head_parts = self._score(counts, known, head, head_known)
        a, b = self.platt
        logit = a * raw + b
        share = dict(zip(known, parts, strict=True))
        for t, c in zip(head_known, head_parts, strict=True):  # a word's share as an opener
            share[t] = share.get(t, 0.0) + c  # is added to its own (the explanation names words)
        # largest |contribution| first, ties by word
        words, shares = list(share), list(share.values())
        ranked = nsmallest(top, zip(map(neg, map(abs, shares)), words, shares, strict=True))
        why = self._why_not_calibrated(text, counts, known)
        probability = _logistic(logit)
        return ModelSignal(
            probability=probability,
            top_words=[(t, a * c) for _, t, c in ranked],
            logit=logit,
            band=self.band_of(probability) if not why else "unsure",
            calibrated=not why,
            reason=why,
        )


def _known(counts: Counter, vocab: frozenset[str]) -> list[str]:
    """The tokens of `counts` in the vocabulary, in the text's order (a fixed order for sums)."""
    return list(filter(vocab.__contains__, counts))


def _tf(count: int) -> float:
    return 1.0 + math.log(count) if count > 1 else 1.0


_TF = [0.0] + [_tf(c) for c in range(1, 4096)]  # sublinear tf of small counts, looked up


def _logistic(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return odds / (1.0 + odds)


def feature_spec() -> dict:
    """The tokenizer and feature settings the code implements (the weights must match)."""
    return {
        "pattern": TOKEN_PATTERN,
        "lowercase": True,
        "placeholders": list(PLACEHOLDERS),
        "phone_digits": PHONE_DIGITS,
        "tf": "sublinear (1 + ln count)",
        "norm": "l2 over known tokens",
        "read_all_chars": READ_ALL_CHARS,
        "head_chars": HEAD_CHARS,
        "sample_windows": SAMPLE_WINDOWS,
        "window_chars": WINDOW_CHARS,
        "head_tokens": HEAD_TOKENS,
        "head_mark": HEAD_MARK,
    }


def model_from_dict(doc: dict) -> ScamModel:
    """Check a weights document and build the model; raises ValueError when it does not fit."""
    if doc.get("format") != FORMAT:
        raise ValueError(f"scam model weights are not format {FORMAT}; retrain them")
    spec = doc.get("tokenizer", {})
    if spec.get("pattern") != TOKEN_PATTERN or spec.get("lowercase") is not True:
        raise ValueError("scam model weights were trained with another tokenizer; retrain them")
    if spec != feature_spec():
        raise ValueError("scam model weights use other placeholders or features; retrain them")
    vocab = doc["vocabulary"]  # token -> [coefficient, idf]
    cal = doc["calibration"]
    return ScamModel(
        intercept=float(doc["intercept"]),
        weights={str(t): float(v[0]) for t, v in vocab.items()},
        idf={str(t): float(v[1]) for t, v in vocab.items()},
        meta=doc["meta"],
        top_scam_words=[(str(w), float(v)) for w, v in doc["top_scam_words"]],
        platt=(float(cal["a"]), float(cal["b"])),
        bands={str(k): float(v) for k, v in cal["bands"].items()},
        ood={str(k): v for k, v in cal["out_of_distribution"].items()},
    )


@cache
def load_model(path: Path = MODEL_PATH) -> ScamModel:
    """Load the shipped weights once, and keep them out of the cyclic collector's passes."""
    with path.open(encoding="utf-8") as fh:
        model = model_from_dict(json.load(fh))
    keep_out_of_collector()  # the rules' freeze may have run before these weights existed
    return model


def predict(text: str, top: int = 8) -> ModelSignal:
    """Score one text with the shipped model (see `ScamModel.predict`)."""
    return load_model().predict(text, top=top)
