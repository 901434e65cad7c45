"""Takedowns and exports: `wirefacts forget` reaches every layer, `export` every table."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest

from assets.cli import main
from pipelines.load import ALL_TABLES, open_reader
from pipelines.raw import RawArchive
from tests.sample_warehouse import Built, build

SEED_PATH = "/world/2025/03/28/ukraine-belgorod-incursion-russia-peace-talks/"


@pytest.fixture(scope="module")
def own_warehouse(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """A private copy: forgetting must not disturb the shared sample warehouse."""
    return build(tmp_path_factory.mktemp("lifecycle"))


def test_export_writes_every_table(
    own_warehouse: Built, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out_dir = tmp_path / "export"
    code = main(["export", "--format", "parquet", str(out_dir), "--db", str(own_warehouse.db)])
    records = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0
    assert {r["table"] for r in records} == set(ALL_TABLES)
    articles = pl.read_parquet(out_dir / "dim_article.parquet")
    assert articles.height == next(r["rows"] for r in records if r["table"] == "dim_article") > 0


def test_forget_removes_an_article_from_every_layer(
    own_warehouse: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    with open_reader(own_warehouse.db) as con:
        row = con.execute(
            "SELECT url, article_id FROM dim_article WHERE url LIKE ?", [f"%{SEED_PATH}"]
        ).fetchone()
    assert row, "the seed page is in the sample warehouse"
    url, article_id = row
    with open_reader(own_warehouse.db) as con:
        named = con.execute(
            "SELECT count(*) FROM fct_attribution_entity WHERE article_id = ?", [article_id]
        ).fetchone()
    assert named and named[0] > 0, "the seed's quotes name entities"
    code = main(["forget", url, "--db", str(own_warehouse.db), "--data", own_warehouse.data_root])
    (record,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert code == 0 and record["article_id"] == article_id
    assert record["warehouse_rows"] > 0 and record["raw_rows"] > 0
    with open_reader(own_warehouse.db) as con:
        for table in (
            "dim_article",
            "fct_entity_mention",
            "fct_date_mention",
            "fct_attribution",
            "fct_attribution_entity",
        ):
            left = con.execute(
                "SELECT count(*) FROM " + table + " WHERE article_id = ?",  # noqa: S608 - fixed names
                [article_id],
            ).fetchone()
            assert left == (0,), table
        logged = con.execute("SELECT url FROM forget_log").fetchall()
        # The per-day entity totals no longer count the article: one per (article, entity).
        totals = con.execute("SELECT sum(article_count) FROM fct_entity_day").fetchone()
        pairs = con.execute(
            "SELECT count(*) FROM (SELECT DISTINCT f.article_id, f.entity_id "
            "FROM fct_article_entity AS f INNER JOIN dim_article AS a USING (article_id))"
        ).fetchone()
        assert totals == pairs and pairs and pairs[0] > 0
    assert logged == [(url,)]
    raw = RawArchive(f"{own_warehouse.data_root}/raw")
    assert all(url not in raw.read(day)["url"].to_list() for day in raw.partitions())


def test_forget_removes_entities_only_that_article_named(
    own_warehouse: Built, capsys: pytest.CaptureFixture[str]
) -> None:
    """A takedown must not leave a name behind: an entity no other article mentions goes
    from the dimensions, the staged entities (warehouse and lake) and the co-occurrences;
    entities other articles still mention stay."""
    lonely_sql = (
        "SELECT m.entity_id, e.name, any_value(a.url) AS url, any_value(m.article_id) "
        "FROM fct_entity_mention AS m JOIN dim_entity AS e USING (entity_id) "
        "JOIN dim_article AS a USING (article_id) "
        "GROUP BY m.entity_id, e.name HAVING count(DISTINCT m.article_id) = 1 "
        "ORDER BY count(*) DESC, e.name LIMIT 1"
    )
    with open_reader(own_warehouse.db) as con:
        found = con.execute(lonely_sql).fetchone()
        assert found, "the sample names some entity in one article only"
        entity_id, name, url, article_id = found
        shared = con.execute(
            "SELECT DISTINCT m.entity_id FROM fct_entity_mention AS m "
            "WHERE m.article_id = ? AND m.entity_id IN (SELECT entity_id FROM "
            "fct_entity_mention WHERE article_id <> ?)",
            [article_id, article_id],
        ).fetchall()
        doc_ids = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT doc_entity_id FROM fct_entity_mention "
                "WHERE article_id = ? AND entity_id = ?",
                [article_id, entity_id],
            ).fetchall()
        ]
    assert shared, "the article also names entities other articles name"
    code = main(["forget", url, "--db", str(own_warehouse.db), "--data", own_warehouse.data_root])
    capsys.readouterr()
    assert code == 0
    with open_reader(own_warehouse.db) as con:

        def count(sql: str, params: list[object]) -> int:
            row = con.execute(sql, params).fetchone()
            return int(row[0]) if row else -1

        assert count("SELECT count(*) FROM dim_entity WHERE entity_id = ?", [entity_id]) == 0
        assert count("SELECT count(*) FROM dim_entity WHERE name = ?", [name]) == 0
        assert count("SELECT count(*) FROM dim_entity_alias WHERE entity_id = ?", [entity_id]) == 0
        assert count("SELECT count(*) FROM stg_entity WHERE entity_id IN ?", [doc_ids]) == 0
        assert count("SELECT count(*) FROM stg_entity_alias WHERE entity_id IN ?", [doc_ids]) == 0
        assert (
            count(
                "SELECT count(*) FROM fct_entity_cooccurrence WHERE ? IN (entity_id_a, entity_id_b)",
                [entity_id],
            )
            == 0
        )
        kept = [r[0] for r in shared]
        assert count("SELECT count(*) FROM dim_entity WHERE entity_id IN ?", [kept]) == len(kept)
    lake_root = Path(own_warehouse.data_root)
    for table in ("stg_entities", "stg_entity_aliases"):
        files = list(lake_root.glob(f"silver/{table}/*/*.parquet"))
        assert files, table
        ids = pl.concat([pl.read_parquet(f).select("entity_id") for f in files])
        assert not ids.filter(pl.col("entity_id").is_in(doc_ids)).height, table
