"""``wirefacts backfill``: a range of daily partitions, submitted or run in-process.

By default the backfill is submitted to the Dagster instance under ``DAGSTER_HOME`` so the
UI shows it and the daemon runs it (through the ``duckdb_writer`` pool). ``--in-process``
runs the partitions here, without a daemon. Either way it is idempotent and resumable:
partitions already loaded are skipped unless ``--force``; failed ones are retried.
Feeds cannot reach the past, so such days are rebuilt from the raw archive; WARC and
sitemap sources re-read their own dates.
"""

from __future__ import annotations

import os
import sys
import time
from datetime import date, timedelta

import dagster as dg

from assets.execution import resources_for, run_partitions


def days_between(start: date, end: date) -> list[date]:
    """Every day from start to end inclusive."""
    if end < start:
        raise ValueError(f"--end {end} is before --start {start}")
    return [start + timedelta(days=i) for i in range((end - start).days + 1)]


def done_partitions(instance: dg.DagsterInstance) -> set[str]:
    """Partitions whose warehouse load has materialized on this instance."""
    return set(instance.get_materialized_partitions(dg.AssetKey("warehouse_partition")))


def backfill(
    *,
    start: date,
    end: date,
    source: str | None,
    force: bool,
    in_process: bool,
    db: str,
) -> int:
    days = days_between(start, end)
    if in_process:
        return _run_in_process(days, source, force, db)
    return _submit(days, force)


def _run_in_process(days: list[date], source: str | None, force: bool, db: str) -> int:
    from rich.progress import Progress

    from assets.execution import default_instance

    instance = default_instance()
    skip = set() if force else done_partitions(instance)
    todo = [d for d in days if d.isoformat() not in skip]
    print(f"backfill: {len(todo)} partitions to run, {len(days) - len(todo)} already done")
    resources = resources_for(db_path=db)
    if source:
        resources["page_source"] = resources["page_source"].model_copy(  # type: ignore[attr-defined]
            update={"only_sources": [source]}
        )
    failed: list[date] = []
    with Progress() as progress:
        task = progress.add_task("backfill", total=len(todo))

        def done(day: date, ok: bool) -> None:
            if not ok:
                failed.append(day)
            progress.advance(task)

        run_partitions(todo, resources, instance=instance, on_done=done, finalize=bool(todo))
    if failed:
        retry = list(failed)
        failed.clear()
        print(f"retrying {len(retry)} failed partitions", file=sys.stderr)
        run_partitions(
            retry,
            resources,
            instance=instance,
            on_done=lambda d, ok: None if ok else failed.append(d),
        )
    if failed:
        print("failed: " + ", ".join(d.isoformat() for d in failed), file=sys.stderr)
        return 1
    return 0


def _submit(days: list[date], force: bool) -> int:
    """Submit an asset backfill to the persistent instance for the daemon to run."""
    if not os.environ.get("DAGSTER_HOME"):
        print(
            "wirefacts backfill: DAGSTER_HOME is not set; set it to submit to the instance the "
            "UI uses, or pass --in-process",
            file=sys.stderr,
        )
        return 1
    from dagster._core.execution.backfill import PartitionBackfill
    from dagster._core.utils import make_new_backfill_id

    from assets.definitions import defs

    instance = dg.DagsterInstance.get()
    skip = set() if force else done_partitions(instance)
    keys = [d.isoformat() for d in days if d.isoformat() not in skip]
    if not keys:
        print("backfill: every partition in the range is already done (use --force to redo)")
        return 0
    graph = defs.resolve_asset_graph()
    selection = [
        k for k in graph.get_all_asset_keys() if graph.get(k).partitions_def is not None
    ] + [dg.AssetKey("story_clusters"), dg.AssetKey("warehouse_dimensions")]
    backfill_obj = PartitionBackfill.from_asset_partitions(
        backfill_id=make_new_backfill_id(),
        asset_graph=graph,
        partition_names=keys,
        asset_selection=selection,
        backfill_timestamp=time.time(),
        tags={"wirefacts/cli": "backfill"},
        dynamic_partitions_store=instance,
        all_partitions=False,
        title=f"wirefacts {keys[0]}..{keys[-1]}",
        description=None,
        run_config=None,
    )
    instance.add_backfill(backfill_obj)
    print(
        f"submitted backfill {backfill_obj.backfill_id} for {len(keys)} partitions; "
        "watch it in the UI (Overview → Backfills); the daemon runs it"
    )
    return 0
