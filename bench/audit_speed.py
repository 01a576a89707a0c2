"""`audit_ads_per_s`, `audit_vs_tfidf`, `audit_1mb_s`: the audit against a plain classifier.

The classifier is what "explaining costs no more than a plain classifier" compares with: a
scikit-learn TF-IDF + logistic-regression pipeline fitted on the same ads, asked one text at a
time as the app would ask it (and, as an extra figure, for all texts in one batch).
"""

from __future__ import annotations

import importlib
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from bench.data import ONE_MB, load_ads, repeat_to
from bench.report import Skipped

# One megabyte of one unit repeated: the inputs that cost the audit most per character.
HOSTILE_UNITS = {
    "numbers": "5 ",
    "amounts": "$1 ",
    "one_word": "fee ",
    "stop_word": "a.",
    "phrase": "within 3 days ",
    "scam": "Urgent! Earn $500/day. Pay a $50 registration fee. Contact me on Telegram. ",
}


def _audit_text() -> Callable:
    try:
        return importlib.import_module("gigcore.audit").audit_text
    except ModuleNotFoundError as exc:
        raise Skipped(f"gigcore.audit has not landed yet ({exc})") from None


def paired_rates(
    first: Callable[[str], object], second: Callable[[str], object], texts: list[str], passes: int
) -> tuple[float, float]:
    """Texts per second of each function, one call per text, median over `passes` passes.

    The two are timed text by text in turn, so a busy machine slows both alike and their ratio
    stays fair.
    """
    rates: tuple[list[float], list[float]] = ([], [])
    for _ in range(passes):
        spent = [0.0, 0.0]
        for text in texts:
            for i, fn in enumerate((first, second)):
                start = time.perf_counter()
                fn(text)
                spent[i] += time.perf_counter() - start
        for i in range(2):
            rates[i].append(len(texts) / spent[i])
    return statistics.median(rates[0]), statistics.median(rates[1])


def tfidf_pipeline(texts: list[str], labels: list[int]):
    """A TF-IDF + logistic-regression pipeline fitted on the texts."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline

    return make_pipeline(TfidfVectorizer(), LogisticRegression(max_iter=1000)).fit(texts, labels)


def measure(quick: bool, workdir: Path) -> dict:
    """Audit rate over the shared ads, its ratio to TF-IDF+LR, and seconds for 1 MB of text."""
    texts, labels = load_ads()
    audit_text = _audit_text()
    passes = 1 if quick else 3
    for text in texts[:20]:  # load rules and weights, compile patterns
        audit_text(text)
    model = tfidf_pipeline(texts, labels)
    for text in texts[:20]:
        model.predict([text])
    audit_rate, tfidf_rate = paired_rates(
        audit_text, lambda text: model.predict([text]), texts, passes
    )
    start = time.perf_counter()
    model.predict(texts)
    batch_rate = len(texts) / (time.perf_counter() - start)

    big = repeat_to(texts, ONE_MB)
    one_mb_s = statistics.median(_seconds(audit_text, big) for _ in range(3))
    hostile = {name: _seconds(audit_text, (unit * (ONE_MB // len(unit) + 1))[:ONE_MB])
               for name, unit in HOSTILE_UNITS.items()}  # fmt: skip
    worst = max(hostile, key=hostile.get)
    return {
        "audit_ads_per_s": round(audit_rate, 1),
        "audit_vs_tfidf": round(audit_rate / tfidf_rate, 3),
        "audit_1mb_s": round(one_mb_s, 3),
        "audit_ads": len(texts),
        "tfidf_predict_one_per_s": round(tfidf_rate, 1),
        "tfidf_predict_batch_per_s": round(batch_rate, 1),
        "audit_vs_tfidf_batch": round(audit_rate / batch_rate, 3),
        "audit_1mb_chars": len(big),
        "audit_hostile_worst_s": round(hostile[worst], 3),
        "audit_hostile_worst": worst,
    }


def _seconds(fn: Callable[[str], object], text: str) -> float:
    start = time.perf_counter()
    fn(text)
    return time.perf_counter() - start
