"""``wirefacts backfill``: a range of daily partitions, submitted or run in-process.

By default the backfill is submitted to the Dagster instance under ``DAGSTER_HOME`` so the
UI shows it (Overview → Backfills) and the daemon runs it, through the ``duckdb_writer``
pool. ``--in-process`` runs the partitions here, without a daemon, on the same instance
when ``DAGSTER_HOME`` is set (else on one kept beside the warehouse), so it too is
remembered; with ``--workers N`` the days run in N worker processes that share that
instance, which is how a long backfill uses more than one core without a daemon. Either
way it is idempotent and resumable: a partition whose warehouse load succeeded with the
current code version is skipped unless ``--force``; failed, missing and stale ones (code
or model changed) run again. Feeds cannot reach the past, so an archived past day is
rebuilt from the raw archive (see ``PageSourceResource.sources_for_day``); WARC and
sitemap sources re-read their dates.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import dagster as dg

from assets.execution import PARTITION_KEYS_WITH_RAW, local_instance, run_partitions
from assets.partitions import DAILY
from assets.pipeline_assets import warehouse_partition
from assets.workers import WorkerSpec
from pipelines.settings import data_root_for

DONE_MARKER = warehouse_partition.key
CODE_VERSION_TAG = "dagster/code_version"


def days_between(start: date, end: date) -> list[date]:
    """Every day from start to end inclusive."""
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def done_partitions(instance: dg.DagsterInstance, keys: Sequence[str] | None = None) -> set[str]:
    """Partitions whose latest warehouse load ran the current code version.

    A partition loaded by older code (a pipeline or model upgrade) is not done: the
    backfill reprocesses it from the raw archive, which is how stale partitions the UI
    shows get rebuilt.
    """
    current = warehouse_partition.code_versions_by_key[DONE_MARKER]
    loaded = instance.get_materialized_partitions(DONE_MARKER)
    wanted = [k for k in (keys if keys is not None else sorted(loaded)) if k in loaded]
    if not wanted:
        return set()
    latest: dict[str, str | None] = {}
    records = instance.fetch_materializations(
        dg.AssetRecordsFilter(asset_key=DONE_MARKER, asset_partitions=wanted),
        limit=max(100, 20 * len(wanted)),
        ascending=False,
    ).records
    for record in records:
        mat = record.asset_materialization
        if mat is not None and mat.partition is not None and mat.partition not in latest:
            latest[mat.partition] = mat.tags.get(CODE_VERSION_TAG) if mat.tags else None
    return {k for k, v in latest.items() if v is None or v == current}


def _validate(days: list[date]) -> None:
    valid = set(DAILY.get_partition_keys())
    outside = [d.isoformat() for d in days if d.isoformat() not in valid]
    if outside:
        raise ValueError(
            f"not daily partitions (before partition_start or in the future): {outside[:3]}"
        )


def backfill(
    *,
    start: date,
    end: date,
    source: str | None,
    force: bool,
    in_process: bool,
    db: str,
    data_root: str | None = None,
    workers: int = 0,
) -> int:
    """Entry point for the CLI; returns the process exit code."""
    try:
        days = days_between(start, end)
        _validate(days)
        if workers and not in_process:
            raise ValueError("--workers needs --in-process (the daemon runs submitted ones)")
    except ValueError as exc:
        print(f"wirefacts backfill: {exc}", file=sys.stderr)
        return 2
    root = data_root if data_root is not None else data_root_for(Path(db))
    if in_process:
        return run_in_process(
            days, source=source, force=force, db=db, data_root=root, workers=workers
        )
    return submit(days, source=source, force=force, db=db, data_root=root)


def _local_home(db: str) -> Path:
    """Without ``DAGSTER_HOME`` an in-process backfill still has to remember what it did
    (that is what makes it resumable), in an instance kept beside the warehouse."""
    return Path(db).with_name(Path(db).stem + "_dagster")


def _instance_for(db: str) -> dg.DagsterInstance:
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return local_instance(_local_home(db))


def run_in_process(
    days: list[date],
    *,
    source: str | None,
    force: bool,
    db: str,
    data_root: str,
    instance: dg.DagsterInstance | None = None,
    mode: str | None = None,
    workers: int = 0,
) -> int:
    """Run the range here with a progress bar: one partition after the other, or with
    ``workers`` in that many processes recording into the same persistent instance
    (``DAGSTER_HOME`` or the one beside the warehouse; not a passed-in ``instance``)."""
    from rich.progress import Progress

    if workers and instance is not None:
        raise ValueError("worker processes record into the persistent instance, not a given one")
    instance = instance or _instance_for(db)
    skip = set() if force else done_partitions(instance, [d.isoformat() for d in days])
    todo = [d for d in days if d.isoformat() not in skip]
    print(f"backfill: {len(todo)} partitions to run, {len(days) - len(todo)} already done")
    # One description of the run's resources, for this process and for the workers alike.
    spec = WorkerSpec(
        db_path=db,
        data_root=data_root,
        mode=mode,
        page_source_update={"only_sources": [source]} if source else {},
        include_raw=True,
        # The workers must record into the instance this process reads done_partitions
        # from, or a rerun would redo every day: with DAGSTER_HOME set they resolve it
        # themselves exactly as this process did (~ and all), else they get the folder
        # beside the warehouse.
        instance_home=None if os.environ.get("DAGSTER_HOME") else str(_local_home(db)),
    )
    resources = spec.resources()
    failed: list[date] = []
    # Redrawn when a day ends, not on a timer: the timer's redraws take CPU from the
    # workers' cores (as in `wirefacts ingest`).
    with Progress(auto_refresh=False) as progress:
        task = progress.add_task("backfill", total=len(todo))

        def done(day: date, ok: bool) -> None:
            if not ok:
                failed.append(day)
            progress.advance(task)
            progress.refresh()

        def run(days_to_run: list[date]) -> None:
            if workers:
                _run_in_workers(days_to_run, workers, spec, done)
            else:
                run_partitions(
                    days_to_run, resources, instance=instance, on_done=done, finalize=False
                )

        run(todo)
        if failed:
            retry = list(failed)
            failed.clear()
            progress.console.print(f"retrying {len(retry)} failed partitions")
            run(retry)
    if todo:
        run_partitions([], resources, instance=instance, finalize=True)
    if failed:
        print("failed: " + ", ".join(d.isoformat() for d in failed), file=sys.stderr)
        return 1
    print(f"backfill: done ({len(todo)} run, {len(days) - len(todo)} skipped)")
    return 0


def _run_in_workers(
    days: list[date],
    workers: int,
    spec: WorkerSpec,
    on_done: Callable[[date, bool], None],
) -> None:
    """The days in ``workers`` processes, replaced every ``partitions_per_worker`` days
    as for ``wirefacts ingest`` so a year-long backfill's memory stays bounded. Each call
    starts its own pool (~8 CPU-s of start-up per worker), which a retry of the failed
    days pays again."""
    from assets.workers import run_partitions_in_workers
    from pipelines.settings import get_settings

    run_partitions_in_workers(
        days,
        spec,
        workers,
        partitions_per_worker=get_settings().partitions_per_worker,
        on_done=on_done,
    )


def _run_config(source: str | None, db: str, data_root: str) -> dict[str, Any] | None:
    """Config for the backfill's runs: the chosen source, and the warehouse the CLI was
    pointed at when it differs from the code location's default."""
    from pipelines.settings import get_settings

    resources: dict[str, Any] = {}
    if source:
        resources["page_source"] = {"config": {"only_sources": [source]}}
    settings = get_settings()
    if Path(db) != Path(settings.db) or data_root != settings.data:
        resources["storage"] = {"config": {"db_path": db, "data_root": data_root}}
    return {"resources": resources} if resources else None


def submit(
    days: list[date],
    *,
    source: str | None,
    force: bool,
    db: str,
    data_root: str,
    instance: dg.DagsterInstance | None = None,
) -> int:
    """Submit an asset backfill to the persistent instance for the daemon to run."""
    if instance is None:
        if not os.environ.get("DAGSTER_HOME"):
            print(
                "wirefacts backfill: DAGSTER_HOME is not set; set it to submit to the instance "
                "the UI uses, or pass --in-process",
                file=sys.stderr,
            )
            return 1
        instance = dg.DagsterInstance.get()
    from dagster._core.execution.backfill import PartitionBackfill
    from dagster._core.utils import make_new_backfill_id

    from assets.definitions import defs

    skip = set() if force else done_partitions(instance, [d.isoformat() for d in days])
    keys = [d.isoformat() for d in days if d.isoformat() not in skip]
    if not keys:
        print("backfill: every partition in the range is already done (use --force to redo)")
        return 0
    graph = defs.resolve_asset_graph()
    selection = [dg.AssetKey(k) for k in PARTITION_KEYS_WITH_RAW] + [
        dg.AssetKey("story_clusters"),
        dg.AssetKey("warehouse_dimensions"),
    ]
    backfill_obj = PartitionBackfill.from_asset_partitions(
        backfill_id=make_new_backfill_id(),
        asset_graph=graph,
        partition_names=keys,
        asset_selection=selection,
        backfill_timestamp=time.time(),
        tags={"wirefacts/cli": "backfill", **({"wirefacts/source": source} if source else {})},
        dynamic_partitions_store=instance,
        all_partitions=False,
        title=f"wirefacts {keys[0]}..{keys[-1]}",
        description=f"{len(keys)} daily partitions, {len(days) - len(keys)} already done"
        + (f", source {source}" if source else ""),
        run_config=_run_config(source, db, data_root),
    )
    instance.add_backfill(backfill_obj)
    print(
        f"submitted backfill {backfill_obj.backfill_id} for {len(keys)} partitions "
        f"({len(days) - len(keys)} already done); watch it in the UI (Overview → Backfills); "
        "the daemon runs it"
    )
    return 0
