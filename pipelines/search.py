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
    """Recreate the BM25 index over dim_article from scratch (fts indexes are static)."""
    load_extension(con)
    con.execute(sql_text("search", "rebuild_index.sql"))
    con.execute(sql_text("search", "index_digests.sql"))


def refresh_index(con: duckdb.DuckDBPyConnection) -> None:
    """Bring the BM25 index up to date with dim_article after loads or a takedown.

    The extension can only build an index from the whole table, which costs ~2 ms per
    article: every finalize of a daily run would re-index the whole history, and every
    takedown too. With an index built here (it records each document's digest), only the
    articles that are new, changed or gone are indexed again, in one transaction; the
    scores equal a rebuild's. Without one (a first build, an index from an older version),
    the index is built from scratch.
    """
    if not _has_digests(con):  # the digests live in the index's schema, so no index either
        rebuild_index(con)
        return
    load_extension(con)
    con.execute("BEGIN TRANSACTION")
    try:
        con.execute(sql_text("search", "refresh_index.sql"))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def has_index(con: duckdb.DuckDBPyConnection) -> bool:
    """Whether the warehouse holds a search index (finalize builds it; tests may skip it)."""
    found = con.execute(
        "SELECT count(*) FROM duckdb_schemas() WHERE schema_name = 'fts_main_dim_article'"
    ).fetchone()
    return bool(found and found[0])


def _has_digests(con: duckdb.DuckDBPyConnection) -> bool:
    found = con.execute(
        "SELECT count(*) FROM duckdb_tables() "
        "WHERE schema_name = 'fts_main_dim_article' AND table_name = 'doc_digest'"
    ).fetchone()
    return bool(found and found[0])


def search(con: duckdb.DuckDBPyConnection, query: str, limit: int = 10) -> list[dict[str, object]]:
    """Articles ranked by BM25 score for ``query``; the query is always a bound parameter."""
    if not has_index(con):
        return []
    cur = con.execute(sql_text("search", "search.sql"), {"query": query, "limit": limit})
    names = [d[0] for d in cur.description]
    return [dict(zip(names, row, strict=True)) for row in cur.fetchall()]
