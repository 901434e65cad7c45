"""``wirefacts backfill`` both ways: submitted to the instance (the UI's) and in-process,
idempotent (done partitions skipped), forced, and stale after a code-version change."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import dagster as dg
import pytest

from assets import backfill as bf
from assets.pipeline_assets import warehouse_partition
from pipelines.load import open_reader

START, END = date(2025, 3, 24), date(2025, 3, 25)


def test_days_between_is_inclusive_and_ordered() -> None:
    assert bf.days_between(START, END) == [START, END]
    assert bf.days_between(START, START) == [START]
    with pytest.raises(ValueError):
        bf.days_between(END, START)


def test_range_outside_the_partitions_is_refused(tmp_path: Path) -> None:
    code = bf.backfill(
        start=date(1999, 1, 1),
        end=date(1999, 1, 2),
        source=None,
        force=False,
        in_process=True,
        db=str(tmp_path / "w.duckdb"),
        data_root=str(tmp_path / "lake"),
    )
    assert code == 2


def test_submit_records_a_backfill_on_the_instance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    home = tmp_path / "dagster_home"
    home.mkdir()
    monkeypatch.setenv("DAGSTER_HOME", str(home))
    with dg.instance_for_test(temp_dir=str(home)) as instance:
        instance.report_runless_asset_event(
            dg.AssetMaterialization(
                "warehouse_partition",
                partition="2025-03-24",
                tags={
                    "dagster/code_version": warehouse_partition.code_versions_by_key[
                        warehouse_partition.key
                    ]
                },
            )
        )
        code = bf.backfill(
            start=START,
            end=date(2025, 3, 26),
            source="sample-rss",
            force=False,
            in_process=False,
            db=str(tmp_path / "w.duckdb"),
            data_root=str(tmp_path / "lake"),
        )
        assert code == 0
        backfills = instance.get_backfills()
        assert len(backfills) == 1
        submitted = backfills[0]
        assert submitted.tags["wirefacts/cli"] == "backfill"
        data = submitted.asset_backfill_data
        assert data is not None
        targeted = data.target_subset.get_partitions_subset(warehouse_partition.key)
        assert sorted(targeted.get_partition_keys()) == ["2025-03-25", "2025-03-26"]
        assert {k.to_user_string() for k in data.target_subset.asset_keys} >= {
            "raw_pages",
            "warehouse_partition",
            "warehouse_dimensions",
        }
        config = submitted.run_config or {}
        assert config["resources"]["page_source"]["config"]["only_sources"] == ["sample-rss"]
        assert config["resources"]["storage"]["config"]["db_path"] == str(tmp_path / "w.duckdb")
    assert "submitted backfill" in capsys.readouterr().out


def test_submit_without_dagster_home_says_how(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("DAGSTER_HOME", raising=False)
    code = bf.backfill(
        start=START, end=END, source=None, force=False, in_process=False, db=str(tmp_path / "w")
    )
    assert code == 1


def test_stale_code_version_is_not_done() -> None:
    with dg.instance_for_test() as instance:
        for day, version in (("2025-03-24", "0.0.1-old"), ("2025-03-25", None)):
            tags = {"dagster/code_version": version} if version else {}
            instance.report_runless_asset_event(
                dg.AssetMaterialization("warehouse_partition", partition=day, tags=tags)
            )
        assert bf.done_partitions(instance, ["2025-03-24", "2025-03-25", "2025-03-26"]) == {
            "2025-03-25"
        }


def _articles(db: Path) -> int:
    with open_reader(db) as con:
        row = con.execute("SELECT count(*) FROM dim_article").fetchone()
    return int(row[0]) if row else 0


def test_in_process_backfill_is_idempotent_and_forceable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two sample days in-process; again → both skipped; --force → both rerun (feeds are
    then skipped for the archived past days, the sitemap re-read) with the same rows."""
    monkeypatch.setenv("DAGSTER_HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()
    db = tmp_path / "w.duckdb"
    kwargs = dict(start=START, end=END, source=None, in_process=True, db=str(db))
    kwargs["data_root"] = str(tmp_path / "lake")
    assert bf.backfill(force=False, **kwargs) == 0  # type: ignore[arg-type]
    assert "2 partitions to run, 0 already done" in capsys.readouterr().out
    first = _articles(db)
    assert first > 0
    with dg.DagsterInstance.get() as instance:
        assert bf.done_partitions(instance) == {"2025-03-24", "2025-03-25"}
    assert bf.backfill(force=False, **kwargs) == 0  # type: ignore[arg-type]
    assert "0 partitions to run, 2 already done" in capsys.readouterr().out
    assert bf.backfill(force=True, **kwargs) == 0  # type: ignore[arg-type]
    assert "2 partitions to run, 0 already done" in capsys.readouterr().out
    assert _articles(db) == first


@pytest.mark.slow
def test_in_process_backfill_in_worker_processes_matches_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two days in two worker processes sharing one SQLite instance: both recorded as done
    (so a rerun skips them), and the warehouse equals a one-process backfill's."""
    from tests.test_ingest_cli_workers import _differences

    here: list[list[date]] = []  # the days each run_partitions call in this process got
    real = bf.run_partitions

    def spy(days: list[date], *args: object, **kwargs: object) -> dict[date, bool]:
        here.append(list(days))
        return real(days, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(bf, "run_partitions", spy)
    dbs = {}
    for workers in (0, 2):
        here.clear()
        home = tmp_path / f"home{workers}"
        home.mkdir()
        monkeypatch.setenv("DAGSTER_HOME", str(home))
        db = tmp_path / f"w{workers}.duckdb"
        kwargs = dict(start=START, end=END, source=None, in_process=True, db=str(db))
        kwargs["data_root"] = str(tmp_path / f"lake{workers}")
        assert bf.backfill(force=False, workers=workers, **kwargs) == 0  # type: ignore[arg-type]
        assert "2 partitions to run, 0 already done" in capsys.readouterr().out
        # With workers this process only finalizes; the days ran in the worker processes.
        assert here == ([[]] if workers else [[START, END], []])
        with dg.DagsterInstance.get() as instance:
            assert bf.done_partitions(instance) == {"2025-03-24", "2025-03-25"}
        assert bf.backfill(force=False, workers=workers, **kwargs) == 0  # type: ignore[arg-type]
        assert "0 partitions to run, 2 already done" in capsys.readouterr().out
        dbs[workers] = db
    # Each backfill fetches the pages itself, so their fetch times (and the fingerprint of
    # the raw pages, which includes them) differ between the two; nothing else may.
    diffs = _differences(dbs[0], dbs[2], frozenset({"fetched_at", "input_fingerprint"}))
    assert diffs["dim_article"][0] > 0 and diffs["fct_entity_mention"][0] > 0
    assert {t: d for t, d in diffs.items() if d[0] != d[1] or d[2]} == {}


def test_workers_need_in_process(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = bf.backfill(
        start=START,
        end=END,
        source=None,
        force=False,
        in_process=False,
        db=str(tmp_path / "w.duckdb"),
        workers=2,
    )
    assert code == 2
    assert "--workers needs --in-process" in capsys.readouterr().err
    from assets.cli import build_parser, main

    argv = ["backfill", "--start", "2025-03-24", "--end", "2025-03-25"]
    assert build_parser().parse_args([*argv, "--in-process"]).workers == 0
    # The CLI hands --workers on: without --in-process it is refused.
    assert main([*argv, "--workers", "2", "--db", str(tmp_path / "w.duckdb")]) == 2
    assert "--workers needs --in-process" in capsys.readouterr().err
