"""Measure the gig audit on the DIFrauD job-scam validation split (1,429 ads, 60 fraudulent).

Prints the rules-only ROC-AUC of the score, precision and recall at level != low and at
level == stop, the false-positive rates on legitimate ads, and how often each flag fires on
legitimate and fraudulent ads. With `--model` the learned signal is included too (it was trained
on this same split, so that figure is in-sample and optimistic); `--oof FILE` rescores every ad
with out-of-fold probabilities written by scripts/train_scam_model.py, the held-out figure.
Skips when the data is absent.

    python scripts/eval_audit.py [--model] [--data PATH]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from types import SimpleNamespace

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gigcore.audit import audit_text
from gigcore.audit.core import score_and_level

SHARED = Path(__file__).resolve().parents[2] / "shared"
DEFAULT_DATA = SHARED / "data" / "difraud_job_scams" / "validation.jsonl"


def roc_auc(scores: list[float], labels: list[int]) -> float:
    """Probability that a random fraudulent ad scores above a random legitimate one (ties half)."""
    pos = [s for s, y in zip(scores, labels, strict=True) if y == 1]
    neg = [s for s, y in zip(scores, labels, strict=True) if y == 0]
    if not pos or not neg:
        raise ValueError("ROC-AUC needs both classes")
    ranked = sorted(scores)
    # average rank of each distinct score (1-based), for the Mann-Whitney U statistic
    first: dict[float, int] = {}
    count = Counter(ranked)
    for i, s in enumerate(ranked):
        first.setdefault(s, i + 1)
    avg_rank = {s: first[s] + (count[s] - 1) / 2 for s in count}
    rank_sum = sum(avg_rank[s] for s in pos)
    return (rank_sum - len(pos) * (len(pos) + 1) / 2) / (len(pos) * len(neg))


def precision_recall(predicted: list[bool], labels: list[int]) -> tuple[float, float, float]:
    """Precision, recall and false-positive rate of a yes/no prediction."""
    tp = sum(p and y == 1 for p, y in zip(predicted, labels, strict=True))
    fp = sum(p and y == 0 for p, y in zip(predicted, labels, strict=True))
    positives, negatives = labels.count(1), labels.count(0)
    precision = tp / (tp + fp) if tp + fp else float("nan")
    return precision, tp / positives, fp / negatives


def held_out(reports: list, oof: Path) -> list:
    """The reports rescored with out-of-fold probabilities of the learned signal (each ad scored
    by a model that never saw it), so the fused score's ROC-AUC is a held-out figure."""
    probability = {row["index"]: row["probability"] for row in json.loads(oof.read_text())}
    out = []
    for i, rep in enumerate(reports):
        signal = SimpleNamespace(probability=probability[i])
        rep.score, rep.level = score_and_level(rep.flags, rep.missing, rep.green, signal)
        out.append(rep)
    return out


def evaluate(path: Path, use_model: bool, oof: Path | None = None) -> dict:
    """Audit every ad and compute the figures."""
    rows = [json.loads(line) for line in path.open(encoding="utf-8") if line.strip()]
    labels = [int(r["label"]) for r in rows]
    reports = [audit_text(r["text"], use_model=use_model and oof is None) for r in rows]
    if oof is not None:
        reports = held_out(reports, oof)
    flags = {0: Counter(), 1: Counter()}
    for rep, y in zip(reports, labels, strict=True):
        flags[y].update(rep.flag_ids())
    figures = {
        "ads": len(rows),
        "fraudulent": labels.count(1),
        "roc_auc": roc_auc([r.score for r in reports], labels),
        "not_low": precision_recall([r.level != "low" for r in reports], labels),
        "stop": precision_recall([r.level == "stop" for r in reports], labels),
        "any_flag": precision_recall([bool(r.flags) for r in reports], labels),
        "levels": {
            y: Counter(r.level for r, lab in zip(reports, labels, strict=True) if lab == y)
            for y in (0, 1)
        },
        "flags": flags,
    }
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--model", action="store_true", help="include the learned signal")
    parser.add_argument("--oof", type=Path, help="out-of-fold probabilities (held-out figure)")
    args = parser.parse_args(argv)
    if not args.data.exists():
        print(f"skipped: {args.data} not found")
        return 0
    f = evaluate(args.data, args.model, args.oof)
    signal = "held out (out-of-fold)" if args.oof else "on" if args.model else "off"
    print(f"{f['ads']} ads, {f['fraudulent']} fraudulent; learned signal {signal}")
    print(f"ROC-AUC of the score: {f['roc_auc']:.3f}")
    cuts = (("not_low", "level != low"), ("stop", "level == stop"), ("any_flag", "any flag"))
    for key, name in cuts:
        p, r, fpr = f[key]
        print(f"{name:>14}: precision {p:.3f}  recall {r:.3f}  false-positive rate {fpr:.3f}")
    for y, name in ((0, "legitimate"), (1, "fraudulent")):
        levels = ", ".join(f"{k} {v}" for k, v in sorted(f["levels"][y].items()))
        print(f"levels of {name} ads: {levels}")
    print("flag: legitimate ads / fraudulent ads raising it")
    for flag_id in sorted(set(f["flags"][0]) | set(f["flags"][1])):
        print(f"  {flag_id:26} {f['flags'][0][flag_id]:4d} / {f['flags'][1][flag_id]:3d}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
