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
