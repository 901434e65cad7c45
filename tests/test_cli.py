"""The `wirefacts` CLI conventions and the documented queries, on the sample warehouse."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from assets.cli import main
from pipelines.load import open_reader
from pipelines.warehouse_access import documented_queries, query_question, run_read_query
from tests.sample_warehouse import Built

SEED = Path(__file__).resolve().parents[2] / "shared" / "seed" / "000_beb2e35eade3001b.txt"
SAMPLE = Path(__file__).resolve().parents[1] / "pipelines" / "sample"


def run_cli(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines() if line.strip()]


# ------------------------------------------------------------------ query / search


def test_query_csv_is_rfc4180(sample_warehouse: Built, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys,
        "query",
        "SELECT 'a,b' AS x, NULL AS y, 'say \"hi\"' AS z",
        "--format",
        "csv",
        "--db",
        str(sample_warehouse.db),
    )
    assert code == 0
    assert out == 'x,y,z\r\n"a,b",,"say ""hi"""\r\n'
    assert list(csv.reader(io.StringIO(out))) == [["x", "y", "z"], ["a,b", "", 'say "hi"']]


def test_query_json_lines(sample_warehouse: Built, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys,
        "query",
        "SELECT name, entity_type FROM dim_entity WHERE name = $n",
        "--param",
        "n=Vladimir Putin",
        "--format",
        "json",
        "--db",
        str(sample_warehouse.db),
    )
    assert code == 0
    assert jsonl(out) == [{"name": "Vladimir Putin", "entity_type": "PERSON"}]


def test_query_refuses_writes(sample_warehouse: Built, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_cli(
        capsys, "query", "DELETE FROM dim_article", "--db", str(sample_warehouse.db)
    )
    assert code == 1
    assert out == ""
    assert "read-only" in err


def test_search_ranks_by_score(sample_warehouse: Built, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(
        capsys, "search", "Belgorod incursion", "--limit", "3", "--db", str(sample_warehouse.db)
    )
    hits = jsonl(out)
    assert code == 0 and 1 <= len(hits) <= 3
    assert all(set(h) == {"article_id", "title", "published_at", "url", "score"} for h in hits)
    assert [h["score"] for h in hits] == sorted((h["score"] for h in hits), reverse=True)
    assert "belgorod" in hits[0]["url"].lower() or "Belgorod" in (hits[0]["title"] or "")


# ------------------------------------------------------------------ documented queries


def _answer(db: Path, name: str, **params: Any) -> list[dict[str, Any]]:
    sql = documented_queries()[name]
    used = {k: v for k, v in params.items() if f"${k}" in sql}
    columns, rows = run_read_query(db, sql, used or None)
    return [dict(zip(columns, row, strict=True)) for row in rows]


def test_every_documented_query_states_its_question() -> None:
    queries = documented_queries()
    assert len(queries) >= 7
    for name, sql in queries.items():
        assert query_question(sql).endswith("?") or "?" in query_question(sql), name


def test_top_entities_per_day(sample_warehouse: Built) -> None:
    rows = _answer(
        sample_warehouse.db,
        "top_entities_per_day",
        day_from="2025-03-28",
        day_to="2025-03-28",
        top=200,
    )
    assert rows and all(str(r["day"]) == "2025-03-28" for r in rows)
    assert [r["rank"] for r in rows] == list(range(1, len(rows) + 1))
    # Story-level: no entity can be in more stories than there are stories that day.
    assert all(r["stories"] <= r["articles"] for r in rows)
    assert {"Belgorod", "Vladimir Putin"} <= {r["name"] for r in rows}
    assert [r["stories"] for r in rows] == sorted((r["stories"] for r in rows), reverse=True)


# The ranking as first written: every candidate joined to its name and ordered in one
# window. The documented query cuts each day on the counts first; the answers must match.
_TOP_PER_DAY_IN_ONE_WINDOW = """
SELECT day, rank, name, entity_type, stories, articles FROM (
    SELECT d.date_day AS day, e.name, e.entity_type, d.story_count AS stories,
        d.article_count AS articles,
        row_number() OVER (
            PARTITION BY d.date_day ORDER BY d.story_count DESC, d.article_count DESC, e.name
        ) AS rank
    FROM fct_entity_day AS d INNER JOIN dim_entity AS e ON d.entity_id = e.entity_id
    WHERE d.date_day BETWEEN $day_from AND $day_to
) WHERE rank <= $top ORDER BY day, rank
"""


def test_top_entities_per_day_keeps_ties_at_the_cut(sample_warehouse: Built) -> None:
    sql = documented_queries()["top_entities_per_day"]
    with open_reader(sample_warehouse.db) as con:
        ties = con.execute(
            "SELECT count(*) FROM (SELECT date_day, story_count, article_count FROM fct_entity_day"
            " GROUP BY ALL HAVING count(*) > 1)"
        ).fetchone()
        assert ties and ties[0] > 0  # the sample has tied counts, so the cut is exercised
        for top in (1, 2, 3, 5, 8, 13, 40, 1000):
            params = {"day_from": "2025-03-01", "day_to": "2025-04-30", "top": top}
            expected = con.execute(_TOP_PER_DAY_IN_ONE_WINDOW, params).fetchall()
            assert con.execute(sql, params).fetchall() == expected, top


def test_entity_timeline_and_co_mentions(sample_warehouse: Built) -> None:
    timeline = _answer(sample_warehouse.db, "entity_timeline", entity="Vladimir Putin")
    assert "2025-03-28" in {str(r["day"]) for r in timeline}
    co = _answer(sample_warehouse.db, "co_mentioned_with", entity="Vladimir Putin", top=20)
    assert {"Ukraine", "Russia"} & {r["name"] for r in co}


# Shared stories summed from the per-day pair table, as the query first read them.
_SHARED_FROM_PAIRS = """
WITH target AS (
    SELECT entity_id FROM dim_entity WHERE lower(name) = lower($entity)
    UNION SELECT entity_id FROM dim_entity_alias WHERE lower(alias) = lower($entity)
), pairs AS (
    SELECT entity_id_b AS other_id, story_count FROM fct_entity_cooccurrence
    WHERE entity_id_a IN (SELECT entity_id FROM target)
    UNION ALL
    SELECT entity_id_a, story_count FROM fct_entity_cooccurrence
    WHERE entity_id_b IN (SELECT entity_id FROM target)
)
SELECT e.name, e.entity_type, sum(p.story_count) AS shared_stories
FROM pairs AS p INNER JOIN dim_entity AS e ON p.other_id = e.entity_id
WHERE p.other_id NOT IN (SELECT entity_id FROM target)
GROUP BY e.name, e.entity_type ORDER BY shared_stories DESC, e.name, e.entity_type LIMIT $top
"""


def test_co_mentioned_with_agrees_with_the_pair_table(sample_warehouse: Built) -> None:
    sql = documented_queries()["co_mentioned_with"]
    with open_reader(sample_warehouse.db) as con:
        names = [
            r[0]
            for r in con.execute(
                "SELECT name FROM dim_entity ORDER BY mention_count DESC, name LIMIT 12"
            ).fetchall()
        ]
        for name in [*names, "Putin", "nobody at all"]:
            params = {"entity": name, "top": 1000}
            expected = con.execute(_SHARED_FROM_PAIRS, params).fetchall()
            assert con.execute(sql, params).fetchall() == expected, name
            assert expected or name == "nobody at all", name


def test_events_on_date(sample_warehouse: Built) -> None:
    rows = _answer(sample_warehouse.db, "events_on_date", day="2025-03-28")
    assert rows
    assert all(str(r["start_date"]) <= "2025-03-28" <= str(r["end_date"]) for r in rows)
    assert "Friday" in {r["surface"] for r in rows}


def test_who_said_what_about(sample_warehouse: Built) -> None:
    rows = _answer(sample_warehouse.db, "who_said_what_about", entity="Belgorod")
    speakers = " ".join(str(r["speaker"]) for r in rows)
    assert "Gladkov" in speakers


def test_who_said_matches_mentions_inside_spans(sample_warehouse: Built) -> None:
    """The stored span-entity pairs are exactly the range join the query used to run, and an
    entity named only inside a quote (never its speaker) finds that quote."""
    with open_reader(sample_warehouse.db) as con:
        stored = set(con.execute("SELECT * FROM fct_attribution_entity").fetchall())
        joined = set(
            con.execute(
                "SELECT q.article_id, q.char_start, q.char_end, m.entity_id "
                "FROM fct_attribution AS q JOIN fct_entity_mention AS m "
                "ON q.article_id = m.article_id AND m.char_start >= q.char_start "
                "AND m.char_end <= q.char_end WHERE m.entity_id IS NOT NULL"
            ).fetchall()
        )
        (name,) = con.execute(
            "SELECT e.name FROM fct_attribution_entity AS b "
            "JOIN dim_entity AS e USING (entity_id) "
            "WHERE b.entity_id NOT IN (SELECT speaker_entity_id FROM fct_attribution "
            "WHERE speaker_entity_id IS NOT NULL) ORDER BY e.name LIMIT 1"
        ).fetchone()
    assert stored == joined and stored
    assert _answer(sample_warehouse.db, "who_said_what_about", entity=name)


def test_articles_by_dateline_and_agencies(sample_warehouse: Built) -> None:
    places = {r["dateline_place"]: r for r in _answer(sample_warehouse.db, "articles_by_dateline")}
    assert "Kyiv" in places
    agencies = {r["wire_agency"]: r for r in _answer(sample_warehouse.db, "stories_per_agency")}
    assert agencies["AP"]["articles"] >= agencies["AP"]["stories"] >= 1


# ------------------------------------------------------------------ documents


def test_timex_single_and_jsonl(capsys: pytest.CaptureFixture[str], monkeypatch) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run_cli(capsys, "timex", "last summer", "--anchor", "2025-03-28")
    assert code == 0
    record = jsonl(out)[0]
    assert record["value"] == "2024-SU" and record["granularity"] == "season"
    lines = [
        {"text": "Friday", "anchor": "2025-03-28"},
        {"text": "for three months", "anchor": "2025-03-28"},
    ]
    monkeypatch.setattr(sys, "stdin", io.StringIO("\n".join(json.dumps(x) for x in lines)))
    code, out, _ = run_cli(capsys, "timex", "--jsonl")
    records = jsonl(out)
    assert code == 0 and [r["value"] for r in records] == ["2025-03-28", None]
    assert records[1]["type"] == "DURATION"


@pytest.mark.skipif(not SEED.exists(), reason="../shared/seed is not beside the repository")
def test_annotate_the_seed(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_cli(capsys, "annotate", str(SEED), "--published", "2025-03-28")
    assert code == 0
    (record,) = jsonl(out)
    assert record["source"] == str(SEED)
    by_name = {e["name"]: e for e in record["entities"]}
    assert by_name["Vladimir Putin"]["type"] == "PERSON"
    assert by_name["Belgorod"]["country_code"] == "RU"
    text = SEED.read_text(encoding="utf-8")
    assert all(text[e["start"] : e["end"]] == e["text"] for e in record["entities"])
    values = {d["text"]: d["value"] for d in record["dates"]}
    assert values["last summer"] == "2024-SU"
    assert any(
        q["cue"] == "say" and "Gladkov" in (q["speaker_text"] or "") for q in record["quotes"]
    )


def test_extract_keeps_input_order_and_reports_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    page = next(SAMPLE.glob("pages/harborledger/*.html"))
    missing = tmp_path / "missing.html"
    code, out, _ = run_cli(capsys, "extract", str(page), str(missing))
    records = jsonl(out)
    assert code == 0
    assert [r["source"] for r in records] == [str(page), str(missing)]
    assert records[0]["title"] and records[0]["text"]
    assert "error" in records[1]


def test_console_script_is_installed() -> None:
    exe = Path(sys.executable).with_name("wirefacts")
    proc = subprocess.run([str(exe), "--help"], capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0 and "query" in proc.stdout
