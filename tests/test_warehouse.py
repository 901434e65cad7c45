"""Warehouse mechanics on a throwaway DuckDB per test: migrations, loads, snapshots, access."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl
import pytest

from pipelines.load import (
    PartitionFrames,
    Warehouse,
    WarehouseError,
    latest_schema_version,
    migrate,
    open_reader,
    table_count,
)
from pipelines.warehouse_access import ReadOnlyViolation, run_read_query

DAY = date(2025, 3, 28)


def _frames(title: str = "Putin and Belgorod", n_mentions: int = 2) -> PartitionFrames:
    articles = pl.DataFrame(
        {
            "article_id": ["a1"],
            "url": ["https://news.example/a1"],
            "title": [title],
            "text": ["Vladimir Putin spoke. Belgorod was shelled. Putin said more."],
            "raw_sha256": ["sha-1"],
            "fetched_at": [datetime(2025, 3, 28, 12, tzinfo=UTC)],
            "published_date": [DAY],
            "source_domain": ["news.example"],
            "pipeline_version": ["test"],
        }
    )
    mentions = pl.DataFrame(
        {
            "article_id": ["a1"] * n_mentions,
            "doc_entity_id": ["e-putin"] * n_mentions,
            "entity_id": ["e-putin"] * n_mentions,
            "sentence_index": list(range(n_mentions)),
            "char_start": [i * 40 for i in range(n_mentions)],
            "char_end": [i * 40 + 5 for i in range(n_mentions)],
            "surface": ["Putin"] * n_mentions,
            "entity_type": ["PERSON"] * n_mentions,
            "pipeline_version": ["test"] * n_mentions,
        }
    )
    entities = pl.DataFrame(
        {"entity_id": ["e-putin"], "name": ["Vladimir Putin"], "entity_type": ["PERSON"]}
    )
    return PartitionFrames(articles=articles, entity_mentions=mentions, entities=entities)


def _counts(db: Path) -> dict[str, int]:
    with open_reader(db) as con:
        return {
            t: table_count(con, t)
            for t in ("dim_article", "fct_entity_mention", "dim_entity", "article_version")
        }


def test_partition_load_is_idempotent(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.load_partition(DAY, _frames())
    wh.finalize()
    first = _counts(wh.db_path)
    wh.load_partition(DAY, _frames())
    wh.finalize()
    assert (
        _counts(wh.db_path)
        == first
        == {
            "dim_article": 1,
            "fct_entity_mention": 2,
            "dim_entity": 1,
            "article_version": 1,
        }
    )


def test_reload_replaces_the_partition(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.load_partition(DAY, _frames(n_mentions=3))
    wh.load_partition(DAY, _frames(n_mentions=1))
    wh.finalize()
    assert _counts(wh.db_path)["fct_entity_mention"] == 1


def test_latest_version_wins_across_partitions(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    newer = _frames(title="updated")
    newer.articles = newer.articles.with_columns(
        pl.lit("sha-2").alias("raw_sha256"),
        pl.lit(datetime(2025, 3, 29, 9, tzinfo=UTC)).alias("fetched_at"),
    )
    # Load the newer day first: the order partitions run in must not matter.
    wh.load_partition(date(2025, 3, 29), newer)
    wh.load_partition(DAY, _frames())
    wh.finalize()
    with open_reader(wh.db_path) as con:
        rows = con.execute(
            "SELECT title, version_count, partition_date FROM dim_article"
        ).fetchall()
        mentions = con.execute("SELECT DISTINCT partition_date FROM fct_entity_mention").fetchall()
    assert rows == [("updated", 2, date(2025, 3, 29))]
    assert mentions == [(date(2025, 3, 29),)]


def test_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    con = duckdb.connect(str(path))
    migrate(con)
    con.execute("INSERT INTO schema_version (version, name) VALUES (999, 'future')")
    con.close()
    with pytest.raises(WarehouseError, match="newer than this wirefacts"):
        Warehouse(path).load_partition(DAY, _frames())


def test_older_file_is_migrated_in_place(tmp_path: Path) -> None:
    path = tmp_path / "old.duckdb"
    duckdb.connect(str(path)).close()  # an empty file: schema version 0
    Warehouse(path).load_partition(DAY, _frames())
    con = duckdb.connect(str(path), read_only=True)
    assert con.execute("SELECT max(version) FROM schema_version").fetchone() == (
        latest_schema_version(),
    )
    con.close()


def test_readers_use_the_snapshot_while_the_writer_is_open(tmp_path: Path) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.load_partition(DAY, _frames())
    wh.finalize()
    with wh.writer() as con:
        con.execute("DELETE FROM dim_article")
        # The writer holds the file; a reader still opens the published snapshot.
        columns, rows = run_read_query(wh.db_path, "SELECT count(*) AS n FROM dim_article")
        assert (columns, rows) == (["n"], [(1,)])


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM dim_article",
        "INSERT INTO dim_entity VALUES ('x')",
        "CREATE TABLE t (a INT)",
        "COPY dim_article TO 'out.csv'",
        "ATTACH 'other.duckdb'",
        "SELECT 1; DROP TABLE dim_article",
    ],
)
def test_query_refuses_writes(tmp_path: Path, sql: str) -> None:
    wh = Warehouse(tmp_path / "w.duckdb")
    wh.load_partition(DAY, _frames())
    wh.finalize()
    with pytest.raises(ReadOnlyViolation, match="read-only"):
        run_read_query(wh.db_path, sql)


@pytest.mark.parametrize("zone", ["UTC", "Europe/Berlin", "America/New_York"])
def test_columnar_fetch_matches_fetchall(zone: str) -> None:
    """Rows fetched through polars equal, and print like, DuckDB's own fetchall()."""
    from pipelines.warehouse_access import fetch_rows

    con = duckdb.connect()
    con.execute("SET TimeZone = ?", [zone])
    sql = (
        "SELECT i, i % 3 = 0 AS b, (i % 100)::TINYINT AS t, i::UBIGINT AS u, i / 7 AS d, i::FLOAT AS f, "
        "CASE WHEN i % 5 > 0 THEN 'x' || i END AS s, ['a', NULL, 'c'] AS l, "
        "DATE '2025-03-01' + i::INTEGER AS day, TIMESTAMP '2025-03-01 00:00:01.5' + i * "
        "INTERVAL 7 HOUR AS naive, CASE WHEN i % 4 > 0 THEN TIMESTAMPTZ '2025-03-29 "
        "23:30:00.123456+00' + i * INTERVAL 1 HOUR END AS ts FROM range(200) AS r(i)"
    )
    expected = con.execute(sql).fetchall()
    rows = fetch_rows(con.execute(sql))
    assert rows == expected
    assert [[str(v) for v in row] for row in rows] == [[str(v) for v in row] for row in expected]
    assert [row[-1].isoformat() for row in rows if row[-1]] == [
        row[-1].isoformat() for row in expected if row[-1]
    ]
    # Types polars would render differently stay on fetchall().
    exact = "SELECT 1.50::DECIMAL(4, 2) AS x, TIMESTAMPTZ '2025-03-29 10:00:00+00' AS ts"
    assert fetch_rows(con.execute(exact)) == con.execute(exact).fetchall()
    assert fetch_rows(con.execute("SELECT 'infinity'::TIMESTAMPTZ AS ts")) is None


def test_search_ranks_matching_articles(tmp_path: Path) -> None:
    from pipelines.search import search

    wh = Warehouse(tmp_path / "w.duckdb")
    wh.load_partition(DAY, _frames())
    wh.finalize()
    with open_reader(wh.db_path) as con:
        hits = search(con, "Belgorod shelled")
        misses = search(con, "volcano")
    assert [h["article_id"] for h in hits] == ["a1"]
    assert set(hits[0]) == {"article_id", "title", "published_at", "url", "score"}
    assert misses == []


def _index_state(con: duckdb.DuckDBPyConnection) -> dict[str, list[tuple[object, ...]]]:
    """What BM25 reads from the index, by article and term rather than internal ids."""
    queries = {
        "docs": "SELECT name, len FROM fts_main_dim_article.docs",
        "terms": """SELECT d.name, f.field, t.term, count(*)
            FROM fts_main_dim_article.terms AS x
            JOIN fts_main_dim_article.docs AS d USING (docid)
            JOIN fts_main_dim_article.fields AS f USING (fieldid)
            JOIN fts_main_dim_article.dict AS t USING (termid) GROUP BY ALL""",
        "dict": "SELECT term, df FROM fts_main_dim_article.dict",
        "stats": "SELECT num_docs, avgdl FROM fts_main_dim_article.stats",
    }
    return {k: sorted(con.execute(q).fetchall()) for k, q in queries.items()}


def test_search_index_refresh_equals_a_rebuild(tmp_path: Path) -> None:
    # finalize and forget refresh the index (only new, changed and gone articles are
    # indexed again); the result must be the index a full rebuild makes.
    from pipelines import search

    con = duckdb.connect(str(tmp_path / "s.duckdb"))
    migrate(con)

    def put(article_id: str, title: str | None, text: str | None) -> None:
        con.execute(
            "INSERT INTO dim_article (article_id, partition_date, url, title, text, "
            "pipeline_version) VALUES (?, ?, ?, ?, ?, 'test')",
            [article_id, DAY, f"https://x.test/{article_id}", title, text],
        )

    put("a1", "Putin visits Belgorod", "Shelling hit Belgorod on Friday, officials said.")
    put("a2", "Café owners protest", "Über 300 café owners in Kursk protested the new tax.")
    put("a3", None, "The the and of.")  # stop words only: a document of length 0
    put("a4", "Kyiv talks", None)
    put("a5", "Grain deal", "Grain exports resumed from Odesa as talks in Kyiv went on.")
    search.rebuild_index(con)
    queries = ["Belgorod shelling", "cafe Kursk", "Kyiv talks grain", "protest tax"]
    con.execute("DELETE FROM dim_article WHERE article_id = 'a1'")
    con.execute("UPDATE dim_article SET text = 'Odesa port reopened.' WHERE article_id = 'a5'")
    con.execute("UPDATE dim_article SET text = NULL WHERE article_id = 'a2'")
    put("a6", "Belgorod again", "Belgorod's governor wrote on Telegram that drones hit Kursk.")
    put("a7", "", "")
    search.refresh_index(con)
    refreshed = _index_state(con)
    hits = {q: search.search(con, q) for q in queries}
    search.rebuild_index(con)
    assert refreshed == _index_state(con)
    assert hits == {q: search.search(con, q) for q in queries}
    assert [h["article_id"] for h in hits["Belgorod shelling"]] == ["a6"]
    # An index built without the digests (an older warehouse) is rebuilt, not patched.
    con.execute("DROP TABLE fts_main_dim_article.doc_digest")
    con.execute("DELETE FROM dim_article WHERE article_id = 'a6'")
    search.refresh_index(con)
    assert [h["article_id"] for h in search.search(con, "Belgorod")] == []


def test_readme_data_dictionary_is_current() -> None:
    from pipelines.datadict import is_current

    assert is_current(), "run: python -m pipelines.datadict --write"


def test_kept_version_is_ranked_once_for_finalize_and_rerun_state(tmp_path: Path) -> None:
    """Finalize and the re-run state read one ranking; ties fall to partition, then digest."""
    con = duckdb.connect(str(tmp_path / "v.duckdb"))
    migrate(con)
    late = datetime(2025, 3, 29, 8, tzinfo=UTC)
    con.executemany(
        "INSERT INTO article_version VALUES (?, ?, ?, ?)",
        [
            (date(2025, 3, 28), "a1", "sha-old", datetime(2025, 3, 28, 8, tzinfo=UTC)),
            (date(2025, 3, 29), "a1", "sha-new", late),
            (date(2025, 3, 29), "a2", "sha-b", None),
            (date(2025, 3, 30), "a2", "sha-a", None),
            (date(2025, 3, 30), "a3", "sha-a", late),
            (date(2025, 3, 30), "a3", "sha-z", late),
        ],
    )
    kept = con.execute(
        "SELECT article_id, raw_sha256 FROM article_version_ranked "
        "WHERE version_rank = 1 ORDER BY article_id"
    ).fetchall()
    assert kept == [("a1", "sha-new"), ("a2", "sha-a"), ("a3", "sha-z")]
    con.close()
