"""Static checks on the source: no raw HTML from user text, and SQL built from values never.

Read with `ast`, so comments and strings that merely mention these names do not count.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from gigcore.store import SESSION_FIELDS, open_store

ROOT = Path(__file__).resolve().parent.parent
UI_FILES = sorted([ROOT / "app.py", *(ROOT / "pages").glob("*.py"), *(ROOT / "ui").glob("*.py")])
SQL_METHODS = {"execute", "executemany", "sql", "query"}
# names an f-string may put into SQL in store.py, and why each is safe
SQL_NAMES = {
    "table": "loops over a literal tuple of table names",
    "sets": "column names from SESSION_FIELDS; _session_values refuses any other key",
}


def tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(), filename=str(path))


def calls(module: ast.Module):
    return (node for node in ast.walk(module) if isinstance(node, ast.Call))


def name_of(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")


def literal_text(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


@pytest.mark.parametrize("path", UI_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_html_from_anything_but_literal_text(path):
    for call in calls(tree(path)):
        raw = any(
            k.arg == "unsafe_allow_html"
            and not (isinstance(k.value, ast.Constant) and k.value.value is False)
            for k in call.keywords
        )
        if raw or name_of(call) == "html":  # st.html, components.html
            first = call.args[0] if call.args else None
            assert first is not None and literal_text(first), (
                f"{path.name}:{call.lineno} renders HTML that is not a literal string"
            )


def test_store_sql_takes_values_only_as_parameters():
    module = tree(ROOT / "gigcore" / "store.py")
    checked = 0
    for call in calls(module):
        if name_of(call) not in SQL_METHODS or not call.args:
            continue
        checked += 1
        sql = call.args[0]
        assert not isinstance(sql, ast.BinOp), f"line {call.lineno}: SQL built with + or %"
        if isinstance(sql, ast.Call) and name_of(sql) == "format":
            raise AssertionError(f"line {call.lineno}: SQL built with .format()")
        if isinstance(sql, ast.JoinedStr):
            for part in sql.values:
                if isinstance(part, ast.FormattedValue):
                    name = getattr(part.value, "id", None)
                    assert name in SQL_NAMES, f"line {call.lineno}: {ast.unparse(part.value)}"
    assert checked >= 10  # the store's queries were found


def test_table_names_come_from_a_literal_tuple():
    module = tree(ROOT / "gigcore" / "store.py")
    loops = [
        node for node in ast.walk(module)
        if isinstance(node, ast.For) and getattr(node.target, "id", None) == "table"
    ]  # fmt: skip
    assert loops
    for loop in loops:
        assert isinstance(loop.iter, ast.Tuple) and all(map(literal_text, loop.iter.elts))


@pytest.mark.parametrize(
    "field",
    ["lane = 'x', profile", "note, profile", "minutes = 0; DROP TABLE records; --", "id", "LANE"],
)
def test_update_refuses_column_names_outside_the_fixed_list(field):
    assert field not in SESSION_FIELDS
    s = open_store(":memory:")
    try:
        sid = s.add_session("me", lane="micro", day="2026-11-02", minutes=60, earned=5.0,
                            stress=2, joy=3)  # fmt: skip
        with pytest.raises(ValueError, match="unknown work-session fields"):
            s.update_session(sid, "me", **{field: "other"})
        row = s.sessions("me").iloc[0]
        assert (row["lane"], row["minutes"]) == ("micro", 60)
        assert s.history("me").empty and s.sessions("other").empty
    finally:
        s.close()
