"""Build a history file like years of use, fast: one bulk INSERT ... SELECT over range().

Rows cycle through the four tools that save results, with result shapes like the real ones and a
number that varies per row (so the file does not compress better than real history would).
Profile 0 is the app's local profile; the others are `bench-NN`. Rows are one minute and a half
apart, oldest first, profiles interleaved, as if everyone used the app at once.
"""

from __future__ import annotations

import json
from pathlib import Path

import duckdb

from gigcore.store import open_store

LOCAL = "local"
VARY = "@N@"  # stands for a per-row number inside the JSON templates
TEMPLATES = {
    "rates": (
        {
            "freelance": {
                "target_net_income": VARY,
                "annual_expenses": 6000,
                "hours_per_week": 40,
                "weeks_off": 6,
                "non_billable_share": 0.3,
                "income_tax_rate": 0.22,
                "platform_fee": 0.1,
                "us_self_employment_tax": False,
            },
            "micro": {
                "pay_per_task": 0.5,
                "minutes_per_task": 3,
                "unpaid_share": 0.33,
                "rejection_rate": 0.02,
                "platform_fee": 0.0,
            },
            "margin": 0.1,
            "daily_target": 30.0,
        },
        {
            "hourly_rate": VARY,
            "walk_away_rate": 78.68821999256784,
            "billable_hours": 1288.0,
            "gross_revenue": 92136.75213675214,
            "micro_effective_hourly_rate": 6.566,
            "freelance_needed_per_hour_worked": 41.80602006688963,
            "tasks_per_day": 61.224489795918366,
        },
    ),
    "quiz": (
        {"answers": {f"q{n}": "b" for n in range(1, 15)}},
        {
            "path": "hybrid",
            "micro_share": VARY,
            "confidence": "medium",
            "reasons": [
                "You need money this month, and micro-tasks pay within days.",
                "You have a skill clients pay for, so freelancing can grow.",
            ],
        },
    ),
    "audit": (
        {"text_length": 1234, "min_hourly_rate": 40.0, "platform": "Upwork"},
        {
            "score": VARY,
            "level": "caution",
            "flags": ["vague_scope", "urgency_pressure"],
            "missing": ["deadline"],
            "questions": [
                "What exactly should be delivered, in what format?",
                "When is the deadline?",
            ],
        },
    ),
    "readiness": (
        {
            "monthly_revenue": [2400, 2900, 3100],
            "monthly_expenses": VARY,
            "savings": 12000,
            "billable_hours_per_week": 22,
            "repeat_clients": 2,
            "largest_client_share": 0.35,
            "price_increase": "held",
            "productized_offer": True,
        },
        {"verdict": "almost", "green_signals": VARY, "amber_signals": 2, "red_signals": 0},
    ),
}


def profile_name(n: int) -> str:
    """The n-th profile: the app's local profile first, then `bench-01`, `bench-02`, ..."""
    return LOCAL if n == 0 else f"bench-{n:02d}"


def build(path: Path, rows: int, profiles: int = 1) -> Path:
    """Create (or extend) the history file at `path` with `rows` records over `profiles`."""
    open_store(path).close()  # schema and migrations exactly as the app makes them
    con = duckdb.connect(str(path))
    try:
        con.execute("SET enable_progress_bar = false")
        con.execute(
            "CREATE TEMP TABLE templates (k INTEGER, tool VARCHAR, inputs VARCHAR, result VARCHAR)"
        )
        con.executemany(
            "INSERT INTO templates VALUES (?, ?, ?, ?)",
            [
                (k, tool, json.dumps(inputs), json.dumps(result))
                for k, (tool, (inputs, result)) in enumerate(TEMPLATES.items())
            ],
        )
        con.execute(
            f"""
            INSERT INTO records (profile, tool, created_at, inputs, result)
            SELECT CASE WHEN i % $profiles = 0 THEN '{LOCAL}'
                        ELSE 'bench-' || lpad(CAST(i % $profiles AS VARCHAR), 2, '0') END,
                   t.tool,
                   TIMESTAMP '2023-01-01' + to_seconds(i * 90),
                   replace(t.inputs, '"{VARY}"', CAST(round(random() * 100, 2) AS VARCHAR)),
                   replace(t.result, '"{VARY}"', CAST(round(random() * 100, 2) AS VARCHAR))
            FROM range($rows) AS r(i)
            JOIN templates AS t ON t.k = (i // $profiles) % {len(TEMPLATES)}
            ORDER BY i
            """,
            {"profiles": profiles, "rows": rows},
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    return path


def build_pg(url: str, rows: int, profiles: int = 1) -> None:
    """The same history on a PostgreSQL server (in the schema `url` writes to): one bulk
    INSERT ... SELECT over generate_series, then ANALYZE, as a server's history would be."""
    import psycopg

    open_store(url).close()  # schema, migrations and indexes exactly as the app makes them
    with psycopg.connect(url, autocommit=True) as con:
        con.execute(
            "CREATE TEMP TABLE templates (k INTEGER, tool VARCHAR, inputs VARCHAR, result VARCHAR)"
        )
        with con.cursor() as cur:
            cur.executemany(
                "INSERT INTO templates VALUES (%s, %s, %s, %s)",
                [
                    (k, tool, json.dumps(inputs), json.dumps(result))
                    for k, (tool, (inputs, result)) in enumerate(TEMPLATES.items())
                ],
            )
        vary = "CAST(round((random() * 100)::numeric, 2) AS VARCHAR)"
        con.execute(
            f"""
            INSERT INTO records (profile, tool, created_at, inputs, result)
            SELECT CASE WHEN i %% %(profiles)s = 0 THEN '{LOCAL}'
                        ELSE 'bench-' || lpad(CAST(i %% %(profiles)s AS VARCHAR), 2, '0') END,
                   t.tool,
                   TIMESTAMP '2023-01-01' + i * INTERVAL '90 seconds',
                   replace(t.inputs, '"{VARY}"', {vary}),
                   replace(t.result, '"{VARY}"', {vary})
            FROM generate_series(0, %(rows)s - 1) AS r(i)
            JOIN templates AS t ON t.k = (i / %(profiles)s) %% {len(TEMPLATES)}
            ORDER BY i
            """,
            {"profiles": profiles, "rows": rows},
        )
        con.execute("ANALYZE records")
