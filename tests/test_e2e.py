"""End to end on the bundled corpus: every sample partition through the Dagster assets."""

from __future__ import annotations

from pathlib import Path

import dagster as dg

from assets.execution import resources_for, run_partitions
from pipelines.load import open_reader
from tests.sample_warehouse import Built, build, table_counts

SEED_URL_PART = "belgorod"


def _seed_article(con) -> str:  # type: ignore[no-untyped-def]
    row = con.execute(
        "SELECT article_id FROM dim_article WHERE text LIKE '%Vyacheslav Gladkov, the governor%' "
        "ORDER BY published_at LIMIT 1"
    ).fetchone()
    assert row, "the seed article did not reach dim_article"
    return str(row[0])


def test_sample_covers_several_days(sample_warehouse: Built) -> None:
    assert len(sample_warehouse.days) >= 5
    counts = table_counts(sample_warehouse.db)
    assert counts["dim_article"] >= 40
    assert counts["fct_entity_mention"] > 500
    assert counts["fct_date_mention"] > 50
    assert counts["dim_story"] >= 1


def test_seed_facts(sample_warehouse: Built) -> None:
    with open_reader(sample_warehouse.db) as con:
        article = _seed_article(con)
        dateline = con.execute(
            "SELECT dateline_place, wire_agency, published_date FROM dim_article "
            "WHERE article_id = ?",
            [article],
        ).fetchone()
        entities = dict(
            con.execute(
                "SELECT e.name, e.entity_type FROM fct_article_entity AS f "
                "JOIN dim_entity AS e USING (entity_id) WHERE f.article_id = ?",
                [article],
            ).fetchall()
        )
        putin_mentions = con.execute(
            "SELECT count(*) FROM fct_entity_mention AS m JOIN dim_entity AS e USING (entity_id) "
            "WHERE m.article_id = ? AND e.name = 'Vladimir Putin'",
            [article],
        ).fetchone()
        belgorod = con.execute(
            "SELECT country_code, lat, lon FROM dim_entity WHERE name = 'Belgorod'"
        ).fetchone()
        friday = con.execute(
            "SELECT value FROM fct_date_mention WHERE article_id = ? AND surface = 'Friday'",
            [article],
        ).fetchall()
    assert dateline is not None and dateline[0] == "Kyiv"
    assert str(dateline[2]) == "2025-03-28"
    assert entities.get("Vladimir Putin") == "PERSON"
    assert entities.get("Belgorod") in {"GPE", "LOC"}
    assert putin_mentions is not None and putin_mentions[0] >= 2
    assert belgorod is not None and belgorod[0] == "RU"
    assert {v for (v,) in friday} == {"2025-03-28"}


def test_rematerializing_changes_no_row_count(tmp_path: Path) -> None:
    built = build(tmp_path)
    first = table_counts(built.db)
    outcome = run_partitions(
        built.days,
        resources_for(db_path=str(built.db), data_root=built.data_root, mode="bundled"),
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert all(outcome.values())
    assert table_counts(built.db) == first
