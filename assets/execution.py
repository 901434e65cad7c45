"""Running partitions in-process through Dagster, for the CLI, tests and the demo.

Every path runs the same asset code (and the same inline and warehouse checks) a
scheduled materialization runs; only the instance differs (the one under
``DAGSTER_HOME`` when set, else an ephemeral one or one the caller passes). Worker
processes (:mod:`assets.workers`) call :func:`run_partitions` too.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from datetime import date
from pathlib import Path

import dagster as dg

from assets.checks import ALL_CHECKS, FRESHNESS_CHECKS
from assets.pipeline_assets import ALL_ASSETS
from assets.resources import PageSourceResource, StorageResource
from pipelines.settings import get_settings

PARTITION_KEYS_WITH_RAW = (
    "raw_pages",
    "stg_articles",
    "stg_entity_mentions",
    "stg_date_mentions",
    "stg_attributions",
    "warehouse_partition",
)
GLOBAL_KEYS = ("story_clusters", "warehouse_dimensions")
_NOT_IN_RUNS = dg.AssetSelection.checks(*FRESHNESS_CHECKS)


def default_instance() -> dg.DagsterInstance:
    """The persistent instance when ``DAGSTER_HOME`` is configured, else an ephemeral one."""
    if os.environ.get("DAGSTER_HOME"):
        return dg.DagsterInstance.get()
    return dg.DagsterInstance.ephemeral()


def local_instance(home: Path) -> dg.DagsterInstance:
    """A persistent instance kept in ``home`` (SQLite), for runs without ``DAGSTER_HOME``
    that still need to remember what was done (resumable backfills)."""
    home.mkdir(parents=True, exist_ok=True)
    return dg.DagsterInstance.from_config(str(home))


def resources_for(
    db_path: str = "", data_root: str = "", mode: str | None = None, sources_file: str | None = None
) -> dict[str, object]:
    return {
        "page_source": PageSourceResource(mode=mode, sources_file=sources_file),  # type: ignore[arg-type]
        "storage": StorageResource(db_path=db_path, data_root=data_root),
    }


def run_partitions(
    days: Iterable[date],
    resources: dict[str, object],
    *,
    include_raw: bool = True,
    instance: dg.DagsterInstance | None = None,
    on_done: Callable[[date, bool], None] | None = None,
    finalize: bool = True,
) -> dict[date, bool]:
    """Materialize each day's partitioned assets, then the cross-partition ones once."""
    instance = instance or default_instance()
    # The instance's event log keeps everything; the console shows only what needs a person.
    quiet = {"loggers": {"console": {"config": {"log_level": get_settings().cli_log_level}}}}
    keys = list(PARTITION_KEYS_WITH_RAW if include_raw else PARTITION_KEYS_WITH_RAW[1:])
    selection = dg.AssetSelection.keys(*keys) - _NOT_IN_RUNS
    outcome: dict[date, bool] = {}
    for day in days:
        result = dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            selection=selection,
            partition_key=day.isoformat(),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config=quiet,
            tags={"wirefacts/runner": "in-process"},
        )
        outcome[day] = result.success
        if on_done:
            on_done(day, result.success)
    if finalize:
        result = dg.materialize(
            [*ALL_ASSETS, *ALL_CHECKS],
            selection=dg.AssetSelection.keys(*GLOBAL_KEYS),
            resources=resources,
            instance=instance,
            raise_on_error=False,
            run_config=quiet,
            tags={"wirefacts/runner": "in-process"},
        )
        if not result.success:
            raise RuntimeError("finalizing the warehouse failed; see the Dagster run logs")
    return outcome
