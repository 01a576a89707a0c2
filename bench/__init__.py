"""Benchmarks for where people feel speed: reruns, the audit, cold start, history (issue 7).

Run from the repository root: `python -m bench [--quick] [--json]`. Figures are printed, never
asserted; generated DuckDB files live in a temporary directory.
"""
