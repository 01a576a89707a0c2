"""Turn stored results into rows a person can scan: one headline number per result."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import shutil
import zipfile
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from gigcore import csvsafe

if TYPE_CHECKING:
    import pandas as pd

RECENT = 200  # results the home page reads: its table and trend charts; the CSV has them all

# tool -> (result key of its headline number, what the number is, format)
HEADLINES = {
    "rates": ("hourly_rate", "Break-even rate ($/h)", "${:,.2f}/h"),
    "quiz": ("micro_share", "Time suggested for micro-tasks", "{:.0%}"),
    "audit": ("score", "Gig risk score (0-100)", "{:.0f}/100"),
    "readiness": ("green_signals", "Readiness signals in the green", "{:.0f} of 7 signals green"),
    "offer": ("price", "Package price ($)", "${:,.0f}"),
    "buffer": ("buffer_target", "Income buffer to hold ($)", "${:,.0f}"),
    "sprint": ("conversion", "Outreach conversion (won / messages)", "{:.1%}"),
}
TOOL_NAMES = {
    "rates": "Rate calculator",
    "quiz": "Which path fits me",
    "audit": "Red-flag audit",
    "readiness": "Switch readiness",
    "offer": "Package pricing",
    "buffer": "Income buffer",
    "sprint": "Outreach sprint",
    "casestudy": "Case study",
}


def headline(tool: str, result: dict) -> tuple[str, float | None, str]:
    """(what, number, text) for one stored result; number None when the tool has none."""
    key, what, fmt = HEADLINES.get(tool, ("", "Result", "{}"))
    value = result.get(key) if key else None
    if isinstance(value, bool) or not isinstance(value, int | float):
        return what, None, str(result.get("summary") or result.get("verdict") or "saved")
    text = fmt.format(value)
    for extra in ("path", "level", "verdict"):
        if isinstance(result.get(extra), str):
            text += f" ({result[extra].replace('_', ' ')})"
    return what, float(value), text


def overview(history: pd.DataFrame, sessions: pd.DataFrame | None = None) -> pd.DataFrame:
    """Saved results and logged work sessions as one table, newest first:
    when, tool, what, value, summary."""
    import pandas as pd

    rows = []
    for row in history.itertuples():
        what, value, text = headline(row.tool, row.result)
        rows.append((row.created_at, TOOL_NAMES.get(row.tool, row.tool), what, value, text))
    for row in (sessions if sessions is not None else pd.DataFrame()).itertuples():
        text = f"{row.lane} session: {row.minutes:,.0f} min, ${row.earned:,.2f}"
        rows.append((pd.Timestamp(row.day), "Experiment log", "Work session", None, text))
    table = pd.DataFrame(rows, columns=["when", "tool", "what", "value", "summary"])
    return table.sort_values("when", ascending=False, kind="stable", ignore_index=True)


HISTORY_COLUMNS = ("id", "tool", "created_at", "inputs", "result")
ZIP_ABOVE = 8 * 2**20  # a full-history CSV larger than this is offered zipped (about a tenth)


def _history_row(rid: int, tool: str, created: dt.datetime, inputs: str, result: str) -> list:
    # inputs and result are the stored JSON text, written as they are (never parsed here, so one
    # damaged value is exported as it was kept rather than stopping the export)
    return csvsafe.row([rid, tool, created.isoformat(sep=" "), inputs, result])


def write_history_csv(
    chunks: Iterable[Sequence[tuple]],
    out: TextIO,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write a history CSV from chunks of stored rows (`Store.iter_history`); return the rows.

    Memory stays that of one chunk; `progress` is told the rows written after each chunk.
    """
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a CR in a cell is quoted
    writer.writerow(HISTORY_COLUMNS)
    written = 0
    for rows in chunks:
        writer.writerows(_history_row(*r) for r in rows)
        written += len(rows)
        if progress is not None:
            progress(written)
    return written


def export_file(
    chunks: Iterable[Sequence[tuple]],
    folder: Path,
    progress: Callable[[int], None] | None = None,
    zip_above: int = ZIP_ABOVE,
) -> tuple[Path, int]:
    """The whole history written into `folder` in chunks: (the file, rows written).

    A CSV up to `zip_above` bytes is returned as it is; a larger one is packed (streamed, in
    pieces) into a .zip holding that CSV, so what is handed to the browser stays small.
    """
    target = folder / "gig-path-history.csv"
    with target.open("w", encoding="utf-8", newline="") as out:
        rows = write_history_csv(chunks, out, progress)
    if target.stat().st_size <= zip_above:
        return target, rows
    packed = folder / "gig-path-history.zip"
    with (
        zipfile.ZipFile(packed, "w", compression=zipfile.ZIP_DEFLATED) as archive,
        archive.open(target.name, "w", force_zip64=True) as inside,
        target.open("rb") as source,
    ):
        shutil.copyfileobj(source, inside, 1 << 20)
    target.unlink()
    return packed, rows


def export_csv(history: pd.DataFrame) -> str:
    """A history table (`Store.history`) as CSV text, inputs and results as JSON columns."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180: a CR in a cell is quoted
    writer.writerow(HISTORY_COLUMNS)
    for row in history.itertuples(index=False):
        created = (
            row.created_at.to_pydatetime()
            if hasattr(row.created_at, "to_pydatetime")
            else row.created_at
        )
        writer.writerow(
            _history_row(
                row.id,
                row.tool,
                created,
                json.dumps(row.inputs, ensure_ascii=False),
                json.dumps(row.result, ensure_ascii=False),
            )
        )
    return out.getvalue()


def read_history_csv(text: str) -> list[dict]:
    """A history CSV written by this module, read back: id, tool, created_at, inputs, result."""
    rows = []
    for cells in csv.DictReader(io.StringIO(text, newline="")):
        cells = {k: csvsafe.uncell(v) for k, v in cells.items()}
        rows.append(
            {
                "id": int(cells["id"]),
                "tool": cells["tool"],
                "created_at": dt.datetime.fromisoformat(cells["created_at"]),
                "inputs": json.loads(cells["inputs"]),
                "result": json.loads(cells["result"]),
            }
        )
    return rows
