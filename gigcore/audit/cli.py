"""`python -m gigcore audit FILE|-`: audit one gig text, or a CSV / JSONL file of many postings.

One text prints the report (plain text, or JSON with `--json`). A `.csv` or `.jsonl` file (or
`--format csv|jsonl` for standard input) is a batch: one posting per row, the text in the column
named by `--column` (default `text`), and one output row per posting, in the same format as the
input (JSONL with `--json`). A row that cannot be audited gets its error in the output instead of
stopping the batch.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

from gigcore.audit.core import AuditReport, audit_text, shown_probability
from gigcore.audit.report import render_report
from gigcore.audit.rules import load_rules

BATCH_SUFFIXES = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}
CSV_COLUMNS = ("row", "id", "score", "level", "flags", "missing", "model_probability", "error")


def register(commands) -> None:
    """Add the `audit` command to the top-level parser's subcommands."""
    p = commands.add_parser("audit", help="red-flag audit of gig postings", description=__doc__)
    p.add_argument(
        "file", help="a text file, a .csv or .jsonl of postings, or - for standard input"
    )
    p.add_argument("--json", action="store_true", help="JSON out (JSONL for batches)")
    p.add_argument(
        "--format",
        choices=("auto", "text", "csv", "jsonl"),
        default="auto",
        help="input format; auto guesses from the file name (default)",
    )
    p.add_argument("--column", default="text", help="column or key holding the posting text")
    p.add_argument("--min-rate", type=float, help="your walk-away hourly rate")
    p.add_argument("--budget", type=float, help="the gig's total budget (single text only)")
    p.add_argument("--hours", type=float, help="hours the work will take (single text only)")
    p.add_argument("--platform", help="where the gig was posted, e.g. Upwork")
    p.add_argument("--no-model", action="store_true", help="rules only, no learned text signal")
    p.set_defaults(run=run)


def _read(name: str) -> str:
    raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
    return raw.decode("utf-8-sig", errors="replace")  # binary junk becomes visible U+FFFD


def _input_format(args: argparse.Namespace) -> str:
    if args.format != "auto":
        return args.format
    return BATCH_SUFFIXES.get(Path(args.file).suffix.lower(), "text")


def _rows(data: str, fmt: str, column: str) -> Iterator[tuple[object, object]]:
    """(id, text or error) per posting; the id is the row's `id` field when it has one."""
    if fmt == "csv":
        csv.field_size_limit(load_rules().max_chars + 1)
        reader = csv.DictReader(io.StringIO(data, newline=""))
        if reader.fieldnames is None or column not in reader.fieldnames:
            raise ValueError(f"the CSV has no '{column}' column (use --column to name it)")
        for i, row in enumerate(reader, 1):
            yield row.get("id") or i, row.get(column) or ""
        return
    for i, line in enumerate(data.splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            yield i, ValueError(f"line {i} is not JSON: {exc.msg}")
            continue
        if not isinstance(item, dict) or column not in item:
            yield i, ValueError(f"line {i} has no '{column}' key")
            continue
        yield item.get("id", i), item[column]


def _audit(text: object, args: argparse.Namespace, **extra) -> AuditReport:
    return audit_text(text, args.min_rate, platform=args.platform,
                      use_model=not args.no_model, **extra)  # fmt: skip


def _probability_cell(report: AuditReport) -> str:
    """The learned signal's probability for the CSV: blank without the signal or where it is
    not calibrated (see core.shown_probability)."""
    shown = None if report.model is None else shown_probability(report.model)
    return "" if shown is None else f"{shown:.4f}"


def _batch(data: str, fmt: str, args: argparse.Namespace, out) -> None:
    as_jsonl = args.json or fmt == "jsonl"
    writer = None if as_jsonl else csv.DictWriter(out, CSV_COLUMNS, lineterminator="\n")
    if writer:
        writer.writeheader()
    for n, (row_id, text) in enumerate(_rows(data, fmt, args.column), 1):
        try:
            if isinstance(text, Exception):
                raise text
            report, error = _audit(text, args), ""
        except ValueError as exc:
            report, error = None, str(exc)
        if as_jsonl:
            body = report.to_dict() if report else {"error": error}
            out.write(json.dumps({"row": n, "id": row_id} | body, ensure_ascii=False) + "\n")
            continue
        writer.writerow({
            "row": n, "id": row_id, "error": error,
            **({} if report is None else {
                "score": report.score, "level": report.level,
                "flags": ";".join(report.flag_ids()), "missing": ";".join(sorted(report.missing)),
                "model_probability": _probability_cell(report),
            }),
        })  # fmt: skip


def run(args: argparse.Namespace) -> int:
    """Carry out `audit`; exit code 0 on success, 2 when the input cannot be read or audited."""
    out = sys.stdout
    try:
        data = _read(args.file)
        fmt = _input_format(args)
        if fmt == "text":
            report = _audit(data, args, budget=args.budget, hours=args.hours)
            if args.json:
                out.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n")
            else:
                out.write(render_report(report, data, markdown=False, platform=args.platform))
        else:
            if args.budget is not None or args.hours is not None:
                raise ValueError("--budget and --hours apply to a single text, not a batch")
            _batch(data, fmt, args, out)
    except (OSError, ValueError, csv.Error) as exc:
        print(f"gigcore audit: {exc}", file=sys.stderr)
        return 2
    return 0
