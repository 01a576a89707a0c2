"""Learned scam signal: logistic regression over word presence, scored in pure Python.

The weights live in `data/scam_model.json`, written by `scripts/train_scam_model.py` (the only
place scikit-learn is used). Scoring here is one compiled regex `findall` over the lowered text,
a set of distinct tokens and dict lookups: logit = intercept + sum of the weights of the distinct
known tokens in the text; probability = logistic(logit). Emails, URLs, phone numbers, amounts of
money and other numbers become placeholder tokens, so no such personal data enters the weights.

The probability is a signal learned from one small data set of job ads (about 4% fraudulent),
never a verdict: most fraudulent ads there read like ordinary vacancies.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import filterfalse
from pathlib import Path

MODEL_PATH = Path(__file__).resolve().parents[2] / "data" / "scam_model.json"

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


def features(text: str) -> set[str]:
    """The distinct normalised tokens of a text: lowered words and placeholders."""
    found = set(TOKEN_RE.findall(text.lower()))
    return {tok if tok.isalpha() else _placeholder(tok) for tok in found}


@dataclass(frozen=True)
class ModelSignal:
    """The learned signal for one text."""

    probability: float  # 0..1, on the scale of the training ads (about 4% fraudulent)
    top_words: list[tuple[str, float]]  # its tokens that moved it most (+ = scammier)


@dataclass(frozen=True)
class ScamModel:
    """Plain weights of a logistic regression over token presence."""

    intercept: float
    weights: dict[str, float]
    meta: dict
    top_scam_words: list[tuple[str, float]]  # the model's most scam-leaning tokens overall
    _vocab: frozenset[str] = field(init=False, repr=False)
    _rank: dict[str, int] = field(init=False, repr=False)  # 0 = largest |weight|

    def __post_init__(self) -> None:
        order = sorted(self.weights, key=lambda tok: (-abs(self.weights[tok]), tok))
        object.__setattr__(self, "_vocab", frozenset(self.weights))
        object.__setattr__(self, "_rank", {tok: i for i, tok in enumerate(order)})

    def known_features(self, text: str) -> frozenset[str]:
        """`features(text)` restricted to the vocabulary, computed without a Python-level loop
        over the words: set intersection, and placeholders only for the few non-word tokens."""
        found = TOKEN_RE.findall(text.lower())
        known = self._vocab.intersection(found)
        others = {_placeholder(tok) for tok in filterfalse(str.isalpha, found)}
        return known.union(others.intersection(self._vocab))

    def predict(self, text: str, top: int = 8) -> ModelSignal:
        """Probability that the text is a scam ad, and its tokens that moved the score most."""
        if not isinstance(text, str):
            raise ValueError(f"text to score must be a string, not {type(text).__name__}")
        if top < 0:
            raise ValueError(f"number of top words must be 0 or more, not {top}")
        weights = self.weights
        ranked = sorted(self.known_features(text), key=self._rank.__getitem__)
        logit = self.intercept + sum(map(weights.__getitem__, ranked))  # fixed order: reproducible
        return ModelSignal(_logistic(logit), [(tok, weights[tok]) for tok in ranked[:top]])


def _logistic(logit: float) -> float:
    if logit >= 0:
        return 1.0 / (1.0 + math.exp(-logit))
    odds = math.exp(logit)
    return odds / (1.0 + odds)


def model_from_dict(doc: dict) -> ScamModel:
    """Check a weights document and build the model; raises ValueError when it does not fit."""
    tokenizer = doc.get("tokenizer", {})
    if tokenizer.get("pattern") != TOKEN_PATTERN or tokenizer.get("lowercase") is not True:
        raise ValueError("scam model weights were trained with another tokenizer; retrain them")
    if tokenizer.get("placeholders") != list(PLACEHOLDERS):
        raise ValueError("scam model weights use other placeholder tokens; retrain them")
    weights = {str(k): float(v) for k, v in doc["weights"].items()}
    return ScamModel(
        intercept=float(doc["intercept"]),
        weights=weights,
        meta=doc["meta"],
        top_scam_words=[(str(w), float(v)) for w, v in doc["top_scam_words"]],
    )


@cache
def load_model(path: Path = MODEL_PATH) -> ScamModel:
    """Load the shipped weights once."""
    with path.open(encoding="utf-8") as fh:
        return model_from_dict(json.load(fh))


def predict(text: str, top: int = 8) -> ModelSignal:
    """Score one text with the shipped model (see `ScamModel.predict`)."""
    return load_model().predict(text, top=top)
