"""Full-text search over article titles and bodies (DuckDB's BM25 ``fts`` extension).

DuckDB cannot ``INSTALL`` extensions without network access, so the extension binary
comes from the ``duckdb-extension-fts`` PyPI package and is loaded by path.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.load_sql import sql_text


def extension_path() -> Path:
    """The fts extension file shipped for the installed DuckDB version."""
    import duckdb_extension_fts

    version = duckdb.__version__
    base = Path(duckdb_extension_fts.__file__).parent / "extensions"
    path = base / f"v{version}" / "fts.duckdb_extension"
    if not path.exists():
        raise RuntimeError(
            f"duckdb-extension-fts has no build for duckdb {version} (looked in {base}); "
            "pin duckdb and duckdb-extension-fts to the same version"
        )
    return path


def load_extension(con: duckdb.DuckDBPyConnection) -> None:
    """Load fts into a connection; the file path is ours, not article data."""
    con.execute("LOAD '" + str(extension_path()).replace("'", "''") + "'")


def rebuild_index(con: duckdb.DuckDBPyConnection) -> None:
    """Recreate the BM25 index over dim_article after a load (fts indexes are static)."""
    load_extension(con)
    con.execute(sql_text("search", "rebuild_index.sql"))


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds a search index (finalize builds it; tests may skip it)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_dim_article'"
    ).fetchone()
    return bool(found and found[0])


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 10) -> list[dict[str, object]]:
    """Articles ranked by BM25 score for ``query``; the query is always a bound parameter."""
    if not has_index(con):
        return []
    cur = con.execute(sql_text("search", "search.sql"), {"query": query, "limit": limit})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
