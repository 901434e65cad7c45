"""The README's data dictionary, generated from the DDL so the two never drift apart.

Run ``python -m pipelines.datadict --write`` after changing a migration; a test fails when
the README's copy is stale.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import duckdb

from pipelines.load import migrate
from pipelines.load_sql import SQL_ROOT

START = "<!-- data-dictionary:start -->"
END = "<!-- data-dictionary:end -->"
README = SQL_ROOT.parent / "README.md"
_GRAIN = re.compile(
    r"--\s*Grain:\s*(?P<grain>.+?)\n(?P<more>(?:--.*\n)*)CREATE (?:TABLE IF NOT EXISTS|OR REPLACE VIEW) (?P<t>\w+)",
    re.IGNORECASE,
)
# Uniqueness that asset checks enforce instead of declared constraints (bulk-load speed).
CHECKED_UNIQUE = {
    "dim_article": "article_id (asset check)",
    "fct_entity_mention": "(article_id, char_start, char_end, entity_id) (asset check)",
    "fct_article_entity": "(article_id, doc_entity_id) (asset check)",
    "fct_date_mention": "(article_id, char_start, char_end) (asset check)",
    "fct_entity_cooccurrence": "(date_day, entity_id_a, entity_id_b) (asset check)",
}


def grains() -> dict[str, str]:
    text = "\n".join(p.read_text() for p in sorted((SQL_ROOT / "migrations").glob("*.sql")))
    out: dict[str, str] = {}
    for m in _GRAIN.finditer(text):
        more = [line.lstrip("-").strip() for line in m.group("more").splitlines()]
        grain = " ".join([m.group("grain").strip(), *more]).strip()
        out[m.group("t")] = grain
    return out


def render() -> str:
    con = duckdb.connect()
    migrate(con)
    rows = con.execute(
        "SELECT c.table_name, c.column_name, c.data_type, c.is_nullable "
        "FROM information_schema.columns AS c "
        "WHERE c.table_schema = 'main' ORDER BY c.table_name, c.ordinal_position"
    ).fetchall()
    pks = {
        (t, col)
        for t, cols in con.execute(
            "SELECT table_name, constraint_column_names FROM duckdb_constraints() "
            "WHERE constraint_type = 'PRIMARY KEY'"
        ).fetchall()
        for col in cols
    }
    views = {
        name
        for (name,) in con.execute(
            "SELECT view_name FROM duckdb_views() WHERE NOT internal AND schema_name = 'main'"
        ).fetchall()
    }
    con.close()
    grain = grains()
    lines = [START, ""]
    current = None
    for table, column, dtype, nullable in rows:
        if table != current:
            current = table
            lines += ["", f"#### `{table}`", "", f"Grain: {grain.get(table, '—')}"]
            if table in views:
                lines.append("A view: computed when read, it stores nothing.")
            if table in CHECKED_UNIQUE:
                lines.append(f"Unique: {CHECKED_UNIQUE[table]}")
            lines += ["", "| column | type | null | key |", "|---|---|---|---|"]
        key = "PK" if (table, column) in pks else ""
        lines.append(f"| {column} | {dtype} | {'yes' if nullable == 'YES' else 'no'} | {key} |")
    lines += ["", END]
    return "\n".join(lines)


def update_readme(path: Path = README) -> bool:
    """Replace the dictionary block in the README; True when it changed."""
    text = path.read_text(encoding="utf-8")
    if START not in text or END not in text:
        raise ValueError(f"{path} has no data dictionary markers")
    head, rest = text.split(START, 1)
    _, tail = rest.split(END, 1)
    new = head + render() + tail
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False


def is_current(path: Path = README) -> bool:
    text = path.read_text(encoding="utf-8")
    return render() in text


if __name__ == "__main__":
    if "--write" in sys.argv:
        print("updated" if update_readme() else "unchanged")
    else:
        print(render())
