"""`wirefacts ingest --workers`: days in separate processes give the same warehouse."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from assets.cli import build_parser, main
from pipelines.settings import get_settings
from tests.test_ingest_cli import _articles, _count, _write_warc

# Wall-clock stamps of when a row was written, not facts about the articles.
VOLATILE = {"applied_at", "recorded_at", "forgotten_at", "loaded_at"}


def _table_columns(
    con: duckdb.DuckDBPyConnection, ignore: frozenset[str] = frozenset()
) -> dict[str, list[str]]:
    rows = con.execute(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_catalog = 'a' AND table_schema = 'main' ORDER BY table_name, ordinal_position"
    ).fetchall()
    out: dict[str, list[str]] = {}
    for table, column in rows:
        if column not in VOLATILE | ignore:
            out.setdefault(table, []).append(f'"{column}"')
    return out


def _differences(
    first: Path, second: Path, ignore: frozenset[str] = frozenset()
) -> dict[str, tuple[int, int, int]]:
    """Per table: rows in the first warehouse, rows in the second, rows not in both
    (comparing every column but the volatile ones and ``ignore``)."""
    con = duckdb.connect()
    for alias, path in (("a", first), ("b", second)):
        quoted = str(path).replace("'", "''")
        con.execute(f"ATTACH '{quoted}' AS {alias} (READ_ONLY)")  # ATTACH takes no parameters
    out = {}
    for table, columns in _table_columns(con, ignore).items():
        cols = ", ".join(columns)
        a = f"SELECT {cols} FROM a.{table}"  # noqa: S608 - names from the catalog
        b = f"SELECT {cols} FROM b.{table}"  # noqa: S608
        both = f"SELECT (SELECT count(*) FROM a.{table}), (SELECT count(*) FROM b.{table})"  # noqa: S608
        counts = con.execute(both).fetchone()
        diff = con.execute(
            f"SELECT (SELECT count(*) FROM ({a} EXCEPT ALL {b})) + (SELECT count(*) FROM ({b} EXCEPT ALL {a}))"  # noqa: S608
        ).fetchone()
        assert counts is not None and diff is not None
        out[table] = (int(counts[0]), int(counts[1]), int(diff[0]))
    con.close()
    return out


@pytest.mark.slow
def test_two_workers_load_the_same_rows_as_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # One partition per worker process: with 3+ days the workers are replaced mid-run,
    # which once hung the pool (max_tasks_per_child on CPython 3.11).
    monkeypatch.setenv("WIREFACTS_PARTITIONS_PER_WORKER", "1")
    get_settings.cache_clear()
    try:
        _compare_worker_counts(tmp_path)
    finally:
        monkeypatch.delenv("WIREFACTS_PARTITIONS_PER_WORKER")
        get_settings.cache_clear()


def _compare_worker_counts(tmp_path: Path) -> None:
    entries = _articles(100)
    days = {e["published"][:10] for e in entries}
    assert len(days) >= 3, "the sample must cover several days for the workers to split"
    warc = tmp_path / "sample.warc.gz"
    _write_warc(warc, entries)
    dbs = {}
    home = tmp_path / "dagster_home"
    home.mkdir()
    for workers in (0, 2):
        db = tmp_path / f"w{workers}" / "w.duckdb"
        db.parent.mkdir()
        argv = ["ingest", str(warc), "--db", str(db), "--data", str(db.parent / "lake")]
        with pytest.MonkeyPatch.context() as env:
            if workers:
                # The workers share one persistent (SQLite) instance, as under `dagster dev`.
                env.setenv("DAGSTER_HOME", str(home))
            assert main([*argv, "--workers", str(workers)]) == 0
        dbs[workers] = db
    _assert_every_day_recorded(home, days)
    diffs = _differences(dbs[0], dbs[2])
    assert diffs["dim_article"][0] == len(entries)
    assert diffs["fct_entity_mention"][0] > 0 and diffs["fct_date_mention"][0] > 0
    assert {t: d for t, d in diffs.items() if d[0] != d[1] or d[2]} == {}


def _assert_every_day_recorded(home: Path, days: set[str]) -> None:
    """Every day's run, written concurrently by two worker processes into one SQLite
    instance, is there and succeeded, and so is the finalize run after them."""
    import dagster as dg

    from assets.pipeline_assets import warehouse_dimensions, warehouse_partition

    with dg.DagsterInstance.from_config(str(home)) as instance:
        runs = instance.get_runs()
        assert runs and {r.status for r in runs} == {dg.DagsterRunStatus.SUCCESS}
        assert instance.get_materialized_partitions(warehouse_partition.key) == days
        assert instance.get_latest_materialization_event(warehouse_dimensions.key) is not None


# Runs `wirefacts ingest` as a user does, then says whether the CLI process imported Dagster.
_INGEST_THEN_REPORT = """
import sys
from assets.cli import main
code = main(sys.argv[1:])
print("dagster imported:", "dagster" in sys.modules)
sys.exit(code)
"""


@pytest.mark.slow
def test_with_workers_the_cli_process_never_imports_dagster(tmp_path: Path) -> None:
    # The workers import Dagster while the CLI collects, and a warm worker finalizes, so
    # the CLI's ~5 CPU-s of Dagster imports are neither paid nor on the critical path.
    entries = _articles(3)
    warc = tmp_path / "sample.warc.gz"
    _write_warc(warc, entries)
    db = tmp_path / "w.duckdb"
    argv = ["ingest", str(warc), "--db", str(db), "--data", str(tmp_path / "lake")]
    run = subprocess.run(
        [sys.executable, "-c", _INGEST_THEN_REPORT, *argv, "--workers", "1"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "dagster imported: False" in run.stdout
    assert _count(db, "SELECT count(*) FROM dim_article") == len(entries)
    # Finalize ran (in the worker): the dimensions and story map are built.
    assert _count(db, "SELECT count(*) FROM dim_entity") > 0
    assert _count(db, "SELECT count(*) FROM map_article_story") == len(entries)


def test_workers_must_be_a_count() -> None:
    parser = build_parser()
    assert parser.parse_args(["ingest", "x.warc", "--workers", "3"]).workers == 3
    assert parser.parse_args(["ingest", "x.warc"]).workers is None
    with pytest.raises(SystemExit):
        parser.parse_args(["ingest", "x.warc", "--workers", "-1"])
