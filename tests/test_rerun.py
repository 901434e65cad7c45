"""Incremental re-runs (issue 11 f): an unchanged partition is skipped, step by step,
and anything its outputs depend on makes it recompute.

One sample day is ingested, staged, annotated and loaded once per module; each test
works on a copy of that state, so the scenarios do not see each other's changes.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dagster as dg
import duckdb
import polars as pl
import pytest

from assets.checks import ALL_CHECKS, FRESHNESS_CHECKS
from assets.execution import PARTITION_KEYS_WITH_RAW, resources_for
from assets.pipeline_assets import ALL_ASSETS
from pipelines import runner
from pipelines.corpus import CorpusFetcher, sample_sources
from pipelines.dedup import StoryIndex
from pipelines.lake import Lake
from pipelines.load import ALL_TABLES, Warehouse, table_statement
from pipelines.raw import RawArchive
from pipelines.settings import Settings, get_settings
from pipelines.sources import collect
from pipelines.warehouse_access import forget

# Stamped when a row is written, so they differ between a load and a re-load.
WRITE_TIMES = {"recorded_at", "applied_at", "loaded_at"}


@dataclass
class State:
    root: Path
    day: date

    @property
    def archive(self) -> RawArchive:
        return RawArchive(str(self.root / "lake" / "raw"))

    @property
    def lake(self) -> Lake:
        return Lake(str(self.root / "lake" / "silver"))

    @property
    def warehouse(self) -> Warehouse:
        return Warehouse(self.root / "wirefacts.duckdb")

    def run(self, settings: Settings | None = None) -> dict[str, runner.Reuse]:
        """Stage, annotate and load the day; what each step did."""
        settings = settings or get_settings()
        staged = runner.stage_day(self.day, self.archive, self.lake, settings)
        _, annotated = runner.annotate_step(self.day, self.lake, settings)
        _, loaded = runner.load_step(self.day, self.lake, self.archive, self.warehouse, settings)
        assert staged.reuse is not None
        return {"stage": staged.reuse, "annotate": annotated, "load": loaded}


def _skipped(steps: dict[str, runner.Reuse]) -> dict[str, bool]:
    return {name: reuse.skipped for name, reuse in steps.items()}


def _busiest_day() -> date:
    pages = collect(sample_sources(), CorpusFetcher()).pages
    counts = pages.group_by("partition_date").len().sort(["len", "partition_date"])
    return counts["partition_date"][-1]  # type: ignore[no-any-return]


def dump(db: Path, *, drop_write_times: bool = False) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table (sorted), straight from the warehouse file."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        out = {}
        for table in (*ALL_TABLES, "partition_load"):
            frame = con.execute(f"SELECT * FROM {table}").pl()  # noqa: S608 - fixed names
            if drop_write_times:
                frame = frame.drop([c for c in frame.columns if c in WRITE_TIMES])
            out[table] = sorted(frame.rows(), key=repr)
        return out
    finally:
        con.close()


@pytest.fixture(scope="module")
def baseline(tmp_path_factory: pytest.TempPathFactory) -> State:
    state = State(tmp_path_factory.mktemp("rerun-base"), _busiest_day())
    runner.ingest_day(state.day, sample_sources(), CorpusFetcher(), state.archive)
    steps = state.run()
    assert not any(_skipped(steps).values()), steps
    return state


@pytest.fixture
def state(baseline: State, tmp_path: Path) -> Iterator[State]:
    shutil.copytree(baseline.root, tmp_path / "copy")
    yield State(tmp_path / "copy", baseline.day)
    get_settings.cache_clear()


def test_unchanged_rerun_skips_every_step_and_changes_no_row(state: State) -> None:
    before = dump(state.warehouse.db_path)
    steps = state.run()
    assert _skipped(steps) == {"stage": True, "annotate": True, "load": True}
    assert {r.reason for r in steps.values()} == {"unchanged"}
    assert dump(state.warehouse.db_path) == before


def test_a_changed_raw_page_recomputes_every_step(state: State) -> None:
    pages = state.archive.read(state.day)
    page = pages.filter(pl.col("text").str.len_chars() > 2000).head(1)
    body = page["body"][0].replace(b"</p>", b" An added closing line.</p>", 1)
    changed = page.with_columns(
        body=pl.lit(body),
        sha256=pl.lit("0" * 64),
        fetched_at=pl.col("fetched_at") + timedelta(hours=1),
    )
    assert state.archive.write(changed) == {state.day: 1}
    steps = state.run()
    assert _skipped(steps) == {"stage": False, "annotate": False, "load": False}
    assert "inputs" in steps["stage"].reason


def test_a_new_pipeline_version_recomputes_every_step(
    state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(runner, "PIPELINE_VERSION", "999.0.0")
    assert _skipped(state.run()) == {"stage": False, "annotate": False, "load": False}
    # ... and the new version's outputs are then reused in turn.
    assert _skipped(state.run()) == {"stage": True, "annotate": True, "load": True}


def test_a_new_model_version_recomputes_from_extraction_on(
    state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Staged articles carry the model version, so extraction is redone too. The model
    # itself is the same here, so both steps write the very same bytes again, and the
    # load, whose inputs are those bytes, is rightly skipped.
    digests = {t: state.lake.digest(t, state.day) for t in ("stg_articles", "stg_date_mentions")}
    real = runner.model_identity
    monkeypatch.setattr(runner, "model_identity", lambda model: real(model) + "-next")
    assert _skipped(state.run()) == {"stage": False, "annotate": False, "load": True}
    assert {t: state.lake.digest(t, state.day) for t in digests} == digests


def test_an_nlp_setting_recomputes_annotate_and_load_but_not_stage(state: State) -> None:
    settings = get_settings().model_copy(update={"quotes_enabled": False})
    steps = state.run(settings)
    assert _skipped(steps) == {"stage": True, "annotate": False, "load": False}
    con = duckdb.connect(str(state.warehouse.db_path), read_only=True)
    try:
        quotes = con.execute("SELECT count(*) FROM fct_attribution").fetchone()
    finally:
        con.close()
    assert quotes == (0,)


def test_an_extraction_setting_recomputes_stage(state: State) -> None:
    base = get_settings()
    quality = base.quality.model_copy(update={"min_text_chars": base.quality.min_text_chars + 1})
    steps = state.run(base.model_copy(update={"quality": quality}))
    assert steps["stage"].skipped is False
    assert steps["stage"].reason == "inputs, versions or settings changed"


def test_operational_settings_do_not_invalidate(state: State) -> None:
    settings = get_settings().model_copy(update={"cli_log_level": "DEBUG", "partition_workers": 2})
    assert _skipped(state.run(settings)) == {"stage": True, "annotate": True, "load": True}


def test_a_deleted_warehouse_is_loaded_again_from_the_stored_outputs(state: State) -> None:
    before = dump(state.warehouse.db_path, drop_write_times=True)
    state.warehouse.db_path.unlink()
    steps = state.run()
    assert _skipped(steps) == {"stage": True, "annotate": True, "load": False}
    assert steps["load"].reason == "no load record in this warehouse"
    assert dump(state.warehouse.db_path, drop_write_times=True) == before


def test_another_warehouse_file_is_loaded(state: State) -> None:
    other = Warehouse(state.root / "other.duckdb")
    _, reuse = runner.load_step(state.day, state.lake, state.archive, other)
    assert not reuse.skipped
    assert dump(other.db_path, drop_write_times=True) == dump(
        state.warehouse.db_path, drop_write_times=True
    )


def test_rows_removed_behind_the_loaders_back_are_loaded_again(state: State) -> None:
    con = duckdb.connect(str(state.warehouse.db_path))
    try:
        con.execute(
            table_statement(
                "DELETE FROM {table} WHERE article_id = (SELECT min(article_id) "
                "FROM fct_date_mention)",
                "fct_date_mention",
            )
        )
    finally:
        con.close()
    steps = state.run()
    assert _skipped(steps) == {"stage": True, "annotate": True, "load": False}
    assert steps["load"].reason == "warehouse rows changed since the last load"


def test_a_forgotten_article_stays_forgotten(state: State) -> None:
    con = duckdb.connect(str(state.warehouse.db_path), read_only=True)
    try:
        url, article_id = con.execute(
            "SELECT url, article_id FROM dim_article ORDER BY article_id LIMIT 1"
        ).fetchone()  # type: ignore[misc]
    finally:
        con.close()
    index = StoryIndex(str(state.root / "lake" / "story_index"), get_settings())
    list(forget([url], state.warehouse, state.archive, state.lake, index))
    steps = state.run()
    assert not steps["stage"].skipped and not steps["load"].skipped
    con = duckdb.connect(str(state.warehouse.db_path), read_only=True)
    try:
        for table in ("dim_article", "fct_entity_mention", "article_version"):
            left = con.execute(
                table_statement("SELECT count(*) FROM {table} WHERE article_id = ?", table),
                [article_id],
            ).fetchone()
            assert left == (0,), table
    finally:
        con.close()
    assert _skipped(state.run()) == {"stage": True, "annotate": True, "load": True}


def test_a_missing_lake_output_is_recomputed(state: State) -> None:
    state.lake.delete("stg_date_mentions", state.day)
    before = dump(state.warehouse.db_path)
    steps = state.run()
    # Annotate writes the same bytes again, so the load (whose inputs they are) is skipped.
    assert _skipped(steps) == {"stage": True, "annotate": False, "load": True}
    assert steps["annotate"].reason == "output stg_date_mentions is missing"
    assert state.lake.read("stg_date_mentions", state.day) is not None
    assert dump(state.warehouse.db_path) == before


def test_an_edited_lake_output_is_recomputed(state: State) -> None:
    articles = state.lake.read("stg_articles", state.day)
    assert articles is not None
    state.lake.write("stg_articles", state.day, articles.head(1))
    steps = state.run()
    assert not steps["stage"].skipped
    assert steps["stage"].reason == "output stg_articles changed since it was written"


def test_force_recompute_from_the_environment(
    state: State, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WIREFACTS_FORCE_RECOMPUTE", "true")
    get_settings.cache_clear()
    steps = state.run()
    assert _skipped(steps) == {"stage": False, "annotate": False, "load": False}
    assert {r.reason for r in steps.values()} == {"forced (force_recompute)"}


def _materialize(day: date, db: Path, data_root: str, instance: dg.DagsterInstance) -> Any:
    return dg.materialize(
        [*ALL_ASSETS, *ALL_CHECKS],
        # As in a real run: freshness is judged by the schedule, not inside the run.
        selection=dg.AssetSelection.keys(*PARTITION_KEYS_WITH_RAW[1:])
        - dg.AssetSelection.checks(*FRESHNESS_CHECKS),
        partition_key=day.isoformat(),
        resources=resources_for(db_path=str(db), data_root=data_root, mode="bundled"),
        instance=instance,
    )


def test_assets_still_materialize_and_report_the_skip(state: State) -> None:
    """Through Dagster: a second run materializes every asset, passes the blocking
    checks and says in its metadata that nothing was recomputed."""
    instance = dg.DagsterInstance.ephemeral()
    db = state.root / "dagster.duckdb"
    data_root = str(state.root / "lake")
    first = _materialize(state.day, db, data_root, instance)
    before = dump(db)
    second = _materialize(state.day, db, data_root, instance)
    assert first.success and second.success
    evaluations = second.get_asset_check_evaluations()
    assert {e.check_name for e in evaluations} >= {"extraction_coverage", "date_resolution_rate"}
    assert all(e.passed for e in evaluations)
    meta = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in second.get_asset_materialization_events()
    }
    assert set(meta) == set(PARTITION_KEYS_WITH_RAW[1:])
    assert {k: m["skipped"].value for k, m in meta.items()} == dict.fromkeys(meta, "unchanged")
    assert meta["stg_articles"]["articles"].value > 0
    assert meta["stg_entity_mentions"]["mentions"].value > 0
    assert meta["warehouse_partition"]["rows_dim_article"].value > 0
    first_meta = {
        e.asset_key.to_user_string(): e.materialization.metadata
        for e in first.get_asset_materialization_events()
    }
    # The first run on this warehouse: stage and annotate reuse the copied lake, the load
    # does not (the warehouse file is new); the stored counts are the same.
    assert first_meta["warehouse_partition"]["skipped"].value == "no"
    assert first_meta["stg_articles"]["articles"] == meta["stg_articles"]["articles"]
    assert dump(db) == before
