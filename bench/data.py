"""Inputs the figures share: the repository, the shared job-ads data set, 1 MB of ad text."""

from __future__ import annotations

import json
from pathlib import Path

from bench.report import Skipped

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
ADS = SHARED / "data" / "difraud_job_scams" / "validation.jsonl"
ONE_MB = 1_000_000


def load_ads(path: Path = ADS) -> tuple[list[str], list[int]]:
    """Texts and labels (1 = fraudulent) of the shared job ads; Skipped when the file is absent."""
    if not path.exists():
        raise Skipped(f"shared data set not found at {path}")
    texts, labels = [], []
    with path.open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                labels.append(int(row["label"]))
    return texts, labels


def repeat_to(texts: list[str], size: int = ONE_MB) -> str:
    """Whole texts, separated by blank lines, repeated until `size` characters (cut to fit)."""
    if not texts:
        raise ValueError("no texts to repeat")
    parts, length, i = [], 0, 0
    while length < size:
        part = texts[i % len(texts)] + "\n\n"
        parts.append(part)
        length += len(part)
        i += 1
    return "".join(parts)[:size]
