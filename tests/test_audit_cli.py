"""`python -m gigcore audit`: text and JSON reports, standard input, CSV and JSONL batches."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from gigcore.audit.rules import load_rules

ROOT = Path(__file__).resolve().parent.parent
SCAM = "Urgent! Pay a $50 registration fee to unlock tasks. Contact me on Telegram."
CLEAN = (
    "We need a designer to create 3 logo concepts. Deadline: March 15. "
    "Budget $400, paid through Upwork escrow by milestone. Two rounds of revisions included."
)


def gigcore(*args: str, stdin: str | bytes | None = None) -> subprocess.CompletedProcess:
    data = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run(
        [sys.executable, "-m", "gigcore", *args], input=data, capture_output=True,
        cwd=ROOT, timeout=60, check=False,
    )  # fmt: skip


def test_text_report_from_standard_input():
    done = gigcore("audit", "-", "--no-model", stdin=SCAM)
    assert done.returncode == 0, done.stderr
    out = done.stdout.decode()
    assert out.startswith("Gig audit: STOP")
    assert "registration fee" in out and "Questions to ask" in out and "Reply to send" in out


def test_json_report_from_a_file(tmp_path):
    path = tmp_path / "gig.txt"
    path.write_text(CLEAN + " About 20 hours of work.", encoding="utf-8")
    done = gigcore("audit", str(path), "--json", "--no-model", "--min-rate", "25")
    report = json.loads(done.stdout)
    assert report["level"] == "caution"
    assert [f["id"] for f in report["flags"]] == ["lowball_rate"]  # 400 / 20 = 20 < 25
    assert report["missing"] == []


def test_single_text_options_budget_hours_platform():
    done = gigcore("audit", "-", "--json", "--no-model", "--min-rate", "50", "--budget", "100",
                   "--hours", "10", "--platform", "Upwork",
                   stdin="You will write 2 articles by Friday.")  # fmt: skip
    report = json.loads(done.stdout)
    assert report["rate"]["hourly_rate"] == 10.0  # 100 / 10
    assert "lowball_rate" in [f["id"] for f in report["flags"]]
    assert report["missing"] == []  # the budget is the amount, Upwork the method


def test_csv_batch_writes_one_row_per_posting(tmp_path):
    path = tmp_path / "gigs.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(["id", "text"])
        writer.writerows([["a", SCAM], ["b", CLEAN], ["c", "line one\nline two, with a comma"]])
    done = gigcore("audit", str(path), "--no-model")
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert [r["id"] for r in rows] == ["a", "b", "c"]
    assert [r["level"] for r in rows] == ["stop", "low", "caution"]
    assert "pay_to_work" in rows[0]["flags"].split(";")
    assert rows[1]["flags"] == "" and rows[1]["missing"] == ""


def test_csv_batch_gives_the_probability_only_where_it_is_calibrated(tmp_path):
    path = tmp_path / "gigs.csv"
    ad = (
        "We are looking for a Junior Data Analyst to join our growing team in Austin. You will "
        "build weekly dashboards, clean sales data in SQL and Python, and present findings to "
        "the marketing and finance teams. Requirements: a degree in statistics or economics, one "
        "year of experience with SQL, good written communication. We offer a competitive salary, "
        "health insurance and a hybrid schedule. Apply through our careers page."
    )
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([["id", "text"], ["short", SCAM], ["ad", ad]])
    done = gigcore("audit", str(path))
    assert done.returncode == 0, done.stderr
    rows = list(csv.DictReader(io.StringIO(done.stdout.decode())))
    assert rows[0]["model_probability"] == ""  # too short for a calibrated number
    assert 0.0 < float(rows[1]["model_probability"]) < 1.0


def test_jsonl_batch_reports_bad_rows_and_goes_on(tmp_path):
    path = tmp_path / "gigs.jsonl"
    lines = [json.dumps({"id": 7, "text": SCAM}), "not json", json.dumps({"body": "x"}),
             json.dumps({"text": 5}), json.dumps({"text": CLEAN})]  # fmt: skip
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    done = gigcore("audit", str(path), "--no-model")
    out = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert [o["row"] for o in out] == [1, 2, 3, 4, 5]
    assert out[0]["id"] == 7 and out[0]["level"] == "stop"
    assert "not JSON" in out[1]["error"] and "no 'text' key" in out[2]["error"]
    assert "must be text" in out[3]["error"]
    assert out[4]["level"] == "low"


def test_csv_from_standard_input_with_another_column_and_json_out():
    data = "title,body\nA,Send me your 2FA code\n"
    done = gigcore("audit", "-", "--format", "csv", "--column", "body", "--json", "--no-model",
                   stdin=data)  # fmt: skip
    (row,) = [json.loads(line) for line in done.stdout.decode().splitlines()]
    assert row["level"] == "stop" and row["flags"][0]["id"] == "sensitive_access"


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (("audit", "/no/such/file.txt"), None, "No such file"),
        (("audit", "-", "--format", "csv"), "a,b\n1,2\n", "no 'text' column"),
        (("audit", "-", "--min-rate", "-5"), "hello", "walk-away rate"),
        (("audit", "-", "--format", "jsonl", "--budget", "5"), "{}", "single text"),
    ],
)
def test_errors_exit_2_with_a_message(args, stdin, message):
    done = gigcore(*args, stdin=stdin)
    assert done.returncode == 2
    assert message in done.stderr.decode()


def test_text_over_the_cap_is_refused_and_binary_junk_is_read():
    too_long = "x" * (load_rules().max_chars + 1)
    done = gigcore("audit", "-", "--no-model", stdin=too_long)
    assert done.returncode == 2 and "at most" in done.stderr.decode()
    junk = bytes(range(256)) * 100
    done = gigcore("audit", "-", "--json", "--no-model", stdin=junk)
    assert done.returncode == 0 and json.loads(done.stdout)["level"] in {"low", "caution", "stop"}


def test_the_cli_is_a_dispatcher():
    done = gigcore("--help")
    assert done.returncode == 0 and "audit" in done.stdout.decode()
    assert gigcore("nonsense").returncode == 2
