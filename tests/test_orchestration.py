"""The Dagster layer's moving parts, each exercised for real on a test instance: the WARC
drop sensor end to end, schedules, declarative automation, blocking and warehouse checks,
freshness, retries and the failure alert webhook."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import dagster as dg
import duckdb
import pytest
from dagster._core.events import DagsterEventType
from pytest_httpserver import HTTPServer

from assets import automation, checks
from assets.definitions import defs
from assets.execution import PARTITION_KEYS_WITH_RAW, resources_for
from assets.pipeline_assets import ALL_ASSETS, FETCH_RETRY, raw_pages
from assets.resources import StorageResource
from pipelines.corpus import iter_corpus
from pipelines.load import snapshot_path
from pipelines.raw import RawArchive
from pipelines.settings import get_settings
from tests.sample_warehouse import Built
from tests.test_warc import Rec, write_warc

WARC_DAY = "2025-03-26"


@pytest.fixture
def settings_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[Path]:
    """Point the code location's default resources at tmp storage (as a deployment's
    WIREFACTS_DB / WIREFACTS_DATA would), and forget cached settings afterwards."""
    monkeypatch.setenv("WIREFACTS_DB", str(tmp_path / "wirefacts.duckdb"))
    monkeypatch.setenv("WIREFACTS_DATA", str(tmp_path / "lake"))
    get_settings.cache_clear()
    yield tmp_path
    get_settings.cache_clear()


def _drop_warc(folder: Path, day: str, n: int = 3) -> tuple[Path, list[str]]:
    pages = [p for p in iter_corpus() if p.entry.get("published") == day][:n]
    assert pages, f"no corpus pages published on {day}"
    records = [Rec(p.url, p.body, p.content_type, when=f"{day}T12:00:00Z") for p in pages]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"crawl-{day}.warc.gz"
    write_warc(path, records)
    return path, [p.url for p in pages]


def test_sensor_run_ingests_the_dropped_warc(
    settings_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The run the sensor requests reads that WARC (and only it) through the run config
    of ``page_source`` and loads its articles into the warehouse."""
    warc, urls = _drop_warc(settings_env / "drop", WARC_DAY)
    monkeypatch.setenv("WIREFACTS_WARC_DROP", str(settings_env / "drop"))
    get_settings.cache_clear()
    job = defs.resolve_job_def("daily_partition_job")
    with dg.instance_for_test() as instance:
        result = automation.warc_drop_sensor(dg.build_sensor_context(instance=instance))
        assert [r.partition_key for r in result.run_requests] == [WARC_DAY]
        request = result.run_requests[0]
        assert request.run_key == f"{warc}:{WARC_DAY}"
        run = job.execute_in_process(
            run_config=request.run_config,
            partition_key=request.partition_key,
            instance=instance,
            tags=request.tags,
        )
        assert run.success
        again = automation.warc_drop_sensor(
            dg.build_sensor_context(instance=instance, cursor=result.cursor)
        )
        assert not again.run_requests
        assert json.loads(result.cursor or "[]") == [str(warc)]
    pages = RawArchive(str(settings_env / "lake" / "raw")).read(date.fromisoformat(WARC_DAY))
    assert set(pages["source_kind"]) == {"warc"}
    assert {u.rstrip("/") for u in pages["url"]} == {u.rstrip("/") for u in urls}
    con = duckdb.connect(str(settings_env / "wirefacts.duckdb"), read_only=True)
    try:
        row = con.execute("SELECT count(*) FROM dim_article").fetchone()
    finally:
        con.close()
    assert row is not None and row[0] == len(urls)


def test_sensor_skips_without_a_drop_location(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("WIREFACTS_WARC_DROP", raising=False)
    get_settings.cache_clear()
    result = automation.warc_drop_sensor(dg.build_sensor_context())
    assert not result.run_requests and result.skip_reason


def test_schedules_for_a_given_time() -> None:
    hour = get_settings().schedule_hour
    assert automation.daily_schedule.cron_schedule == f"0 {hour} * * *"
    at = datetime(2025, 3, 1, hour, 0, tzinfo=UTC)  # month boundary: previous day is Feb 28
    request = automation.daily_schedule(dg.build_schedule_context(scheduled_execution_time=at))
    assert isinstance(request, dg.RunRequest)
    assert request.partition_key == "2025-02-28"
    assert request.run_key == "daily-2025-02-28"
    poll = automation.feed_poll_schedule(
        dg.build_schedule_context(scheduled_execution_time=datetime(2025, 3, 1, 9, 30, tzinfo=UTC))
    )
    assert isinstance(poll, dg.RunRequest) and poll.partition_key == "2025-03-01"
    fresh = automation.freshness_schedule(dg.build_schedule_context(scheduled_execution_time=at))
    assert isinstance(fresh, dg.RunRequest)
    assert automation.freshness_schedule.job_name == "freshness_check_job"


def test_cross_partition_assets_follow_a_daily_load() -> None:
    """Stories and dimensions are requested once any day lands, although almost every
    day since the partition start is missing (plain ``eager`` would wait forever)."""
    globals_ = dg.AssetSelection.keys("story_clusters", "warehouse_dimensions")
    with dg.instance_for_test() as instance:
        first = dg.evaluate_automation_conditions(
            defs=defs, instance=instance, asset_selection=globals_
        )
        assert first.total_requested == 0
        for key in PARTITION_KEYS_WITH_RAW:
            instance.report_runless_asset_event(dg.AssetMaterialization(key, partition=WARC_DAY))
        second = dg.evaluate_automation_conditions(
            defs=defs, instance=instance, asset_selection=globals_, cursor=first.cursor
        )
        requested = {r.key.to_user_string() for r in second.results if r.true_subset.size}
        assert requested == {"story_clusters", "warehouse_dimensions"}
        third = dg.evaluate_automation_conditions(
            defs=defs, instance=instance, asset_selection=globals_, cursor=second.cursor
        )
        assert third.total_requested == 0  # handled: no second request for the same load
    sensor = automation.automation_sensor
    assert sensor.default_status == dg.DefaultSensorStatus.RUNNING


def test_blocking_coverage_check_stops_the_day(
    settings_env: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An impossible coverage floor fails the blocking check; nothing downstream runs."""
    monkeypatch.setenv("WIREFACTS_QUALITY__EXTRACTION_COVERAGE_FLOOR", "1.01")
    get_settings.cache_clear()
    result = dg.materialize(
        ALL_ASSETS,
        selection=dg.AssetSelection.keys(*PARTITION_KEYS_WITH_RAW),
        partition_key="2025-03-24",
        resources=resources_for(mode="bundled"),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    assert not result.success
    evaluations = result.get_asset_check_evaluations()
    assert [(e.check_name, e.passed) for e in evaluations] == [("extraction_coverage", False)]
    done = {e.asset_key.to_user_string() for e in result.get_asset_materialization_events()}
    assert "warehouse_partition" not in done and "stg_entity_mentions" not in done
    assert not (settings_env / "wirefacts.duckdb").exists()


def _storage(db: Path, root: str) -> StorageResource:
    return StorageResource(db_path=str(db), data_root=root)


def test_warehouse_checks_pass_on_the_sample(sample_warehouse: Built) -> None:
    storage = _storage(sample_warehouse.db, sample_warehouse.data_root)
    keys = checks.warehouse_keys_unique_not_null(storage=storage)
    refs = checks.warehouse_references_resolve(storage=storage)
    assert keys.passed, keys.metadata
    assert refs.passed, refs.metadata


def test_warehouse_checks_catch_duplicates_and_orphans(
    sample_warehouse: Built, tmp_path: Path
) -> None:
    db = tmp_path / "bad.duckdb"
    shutil.copy(snapshot_path(sample_warehouse.db), snapshot_path(db))
    con = duckdb.connect(str(snapshot_path(db)))
    try:
        con.execute("INSERT INTO dim_article SELECT * FROM dim_article LIMIT 1")
        con.execute(
            "INSERT INTO fct_entity_mention SELECT * REPLACE ('no-such-entity' AS entity_id) "
            "FROM fct_entity_mention LIMIT 1"
        )
        con.execute("CHECKPOINT")
    finally:
        con.close()
    storage = _storage(db, str(tmp_path / "lake"))
    keys = checks.warehouse_keys_unique_not_null(storage=storage)
    refs = checks.warehouse_references_resolve(storage=storage)
    assert not keys.passed and "dim_article" in str(keys.metadata)
    assert not refs.passed
    assert "fct_entity_mention.entity_id" in str(refs.metadata)


def test_freshness_of_the_daily_partition() -> None:
    hour = get_settings().schedule_hour
    grace = checks.FRESHNESS_GRACE
    before = datetime(2025, 3, 29, hour, 0, tzinfo=UTC)
    after = before + grace + timedelta(minutes=1)
    assert checks.expected_partition(before, hour, grace) == date(2025, 3, 27)
    assert checks.expected_partition(after, hour, grace) == date(2025, 3, 28)
    with dg.instance_for_test() as instance:
        stale = checks.partition_freshness(instance, now=after)
        assert not stale.passed and stale.metadata["expected_partition"].value == "2025-03-28"
        instance.report_runless_asset_event(
            dg.AssetMaterialization("warehouse_partition", partition="2025-03-28")
        )
        assert checks.partition_freshness(instance, now=after).passed


def test_only_fetching_retries_and_only_on_transient_errors(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert raw_pages.op.retry_policy == FETCH_RETRY
    job = defs.resolve_job_def("daily_partition_job")
    assert all(
        node.definition.retry_policy is None
        for node in job.graph.node_dict.values()
        if node.name != "raw_pages"
    )

    def broken(*_args: object, **_kwargs: object) -> None:
        raise ValueError("a bug, not the network")

    monkeypatch.setattr("pipelines.runner.ingest_day", broken)
    result = dg.materialize(
        [raw_pages],
        partition_key="2025-03-24",
        resources=resources_for(mode="bundled"),
        instance=dg.DagsterInstance.ephemeral(),
        raise_on_error=False,
    )
    assert not result.success
    kinds = [e.event_type_value for e in result.all_events]
    assert "STEP_UP_FOR_RETRY" not in kinds and "STEP_FAILURE" in kinds


def test_failure_sensor_logs_and_posts_the_webhook(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_oneshot_request("/hook", method="POST").respond_with_data("ok")
    monkeypatch.setenv("WIREFACTS_WEBHOOK_URL", httpserver.url_for("/hook"))
    get_settings.cache_clear()

    @dg.op
    def explode() -> None:
        raise RuntimeError("boom")

    @dg.job
    def failing() -> None:
        explode()

    try:
        with dg.instance_for_test() as instance:
            result = failing.execute_in_process(
                instance=instance, raise_on_error=False, tags={"dagster/partition": "2025-03-24"}
            )
            records = instance.all_logs(result.run_id, of_type=DagsterEventType.RUN_FAILURE)
            failure = records[0].dagster_event
            assert failure is not None
            context = dg.build_run_status_sensor_context(
                sensor_name="failure_alert_sensor",
                dagster_event=failure,
                dagster_instance=instance,
                dagster_run=result.dagster_run,
            ).for_run_failure()
            automation.failure_alert_sensor(context)
    finally:
        get_settings.cache_clear()
    assert len(httpserver.log) == 1
    request, _ = httpserver.log[0]
    payload = request.get_json()
    assert payload["event"] == "wirefacts.run_failed"
    assert payload["job"] == "failing" and payload["partition"] == "2025-03-24"
    assert payload["run_id"] == result.run_id


def test_facts_carry_pipeline_and_model_versions(sample_warehouse: Built) -> None:
    """Lineage for reprocessing: every fact row names the code and model that made it."""
    from pipelines.load import open_reader
    from pipelines.settings import PIPELINE_VERSION

    with open_reader(sample_warehouse.db) as con:
        mention = con.execute(
            "SELECT DISTINCT pipeline_version, model_version FROM fct_entity_mention"
        ).fetchall()
        article = con.execute("SELECT DISTINCT pipeline_version FROM dim_article").fetchall()
        dates = con.execute("SELECT DISTINCT pipeline_version FROM fct_date_mention").fetchall()
    assert len(mention) == 1 and mention[0][0] == PIPELINE_VERSION
    assert mention[0][1] and mention[0][1].startswith(get_settings().model)
    assert article == [(PIPELINE_VERSION,)] and dates == [(PIPELINE_VERSION,)]
