"""CSV cells a spreadsheet will not run: formula injection neutralised, and undone on import.

A spreadsheet treats a cell that starts with `=`, `+`, `-` or `@` as a formula, and a leading tab
or carriage return can hide one (OWASP "CSV injection"). Every text cell the app writes to a CSV
goes through `cell`: when it starts with one of those characters, or with apostrophes followed by
one, one more apostrophe is put in front, which spreadsheets show as plain text. `uncell` takes
exactly that apostrophe off again, so `uncell(cell(x)) == x` for every text and importing a file
the app exported gives back what was exported. Numbers written by the app are not text and are
left as they are.
"""

from __future__ import annotations

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NEEDS_QUOTE = re.compile(r"'*[=+\-@\t\r]")
_QUOTED = re.compile(r"'+[=+\-@\t\r]")


def cell(value: object) -> object:
    """A value safe to write as one CSV cell: text that a spreadsheet would run is quoted."""
    if isinstance(value, str) and _NEEDS_QUOTE.match(value):
        return "'" + value
    return value


def uncell(text: str) -> str:
    """The text `cell` was given back from the cell it wrote (other text is unchanged)."""
    if _QUOTED.match(text):
        return text[1:]
    return text


def row(values) -> list:
    """`cell` for every value of one CSV row."""
    return [cell(v) for v in values]
