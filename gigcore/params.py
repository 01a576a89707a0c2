"""Parameters as data: load `data/*.toml` files and check their metadata.

Every data file has a `[meta]` table (title, description, source, as_of). Files of tunable
numbers keep them under `[params.<name>]`, each with title, description, unit, value, source,
as_of and, for thresholds, `min`/`max` bounds the value must respect.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PARAM_KEYS = ("title", "description", "unit", "value", "source", "as_of")
META_KEYS = ("title", "description", "source", "as_of")


@dataclass(frozen=True)
class Param:
    """One sourced, dated number."""

    name: str
    title: str
    description: str
    unit: str
    value: float
    source: str
    as_of: dt.date
    min: float | None = None
    max: float | None = None


class DataFileError(ValueError):
    """A data file breaks the metadata rules."""


def _check_text(where: str, key: str, text: object) -> None:
    if not isinstance(text, str) or not text.strip():
        raise DataFileError(f"{where}: '{key}' must be non-empty text")
    if key == "description" and not text.rstrip().endswith("."):
        raise DataFileError(f"{where}: description must end with a full stop")


def _check_date(where: str, value: object) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    raise DataFileError(f"{where}: 'as_of' must be a TOML date such as 2026-01-01")


@cache
def load_data(name: str) -> dict:
    """Read `data/<name>.toml`, check its `[meta]` table and return the whole document."""
    path = DATA_DIR / f"{name}.toml"
    with path.open("rb") as fh:
        doc = tomllib.load(fh)
    meta = doc.get("meta")
    if not isinstance(meta, dict):
        raise DataFileError(f"{path.name}: missing [meta] table")
    for key in META_KEYS:
        if key not in meta:
            raise DataFileError(f"{path.name}: [meta] lacks '{key}'")
    for key in ("title", "description", "source"):
        _check_text(f"{path.name} [meta]", key, meta[key])
    _check_date(f"{path.name} [meta]", meta["as_of"])
    return doc


def _param(file: str, name: str, raw: dict) -> Param:
    where = f"{file}.toml [params.{name}]"
    for key in PARAM_KEYS:
        if key not in raw:
            raise DataFileError(f"{where}: lacks '{key}'")
    for key in ("title", "description", "unit", "source"):
        _check_text(where, key, raw[key])
    value = raw["value"]
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise DataFileError(f"{where}: 'value' must be a number")
    lo, hi = raw.get("min"), raw.get("max")
    if (lo is not None and value < lo) or (hi is not None and value > hi):
        raise DataFileError(f"{where}: value {value} outside its valid range [{lo}, {hi}]")
    return Param(
        name=name,
        title=raw["title"],
        description=raw["description"],
        unit=raw["unit"],
        value=float(value),
        source=raw["source"],
        as_of=_check_date(where, raw["as_of"]),
        min=lo,
        max=hi,
    )


@cache
def load_params(name: str) -> dict[str, Param]:
    """Return the checked `[params.*]` tables of `data/<name>.toml`, keyed by name."""
    doc = load_data(name)
    table = doc.get("params")
    if not isinstance(table, dict) or not table:
        raise DataFileError(f"{name}.toml: no [params.*] tables")
    return {key: _param(name, key, raw) for key, raw in table.items()}


def value(file: str, name: str) -> float:
    """The value of one parameter."""
    return load_params(file)[name].value


def data_files() -> list[str]:
    """Names of every data file shipped with the app."""
    return sorted(p.stem for p in DATA_DIR.glob("*.toml"))
